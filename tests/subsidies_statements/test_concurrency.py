"""Two account holders approve the same statement at the same moment (PostgreSQL, real
transactions): one succeeds, the other is told it is already approved; one payment."""

from __future__ import annotations

import datetime

import pytest

from subsidies.choices import StatementStatus
from subsidies.models import PaymentInstruction, QuarterStatement
from subsidies.services.statements import statement_approve, statement_confirm
from tests.conftest import at_the_same_moment, in_tenant
from tests.subsidies_statements.conftest import reload, settle

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_approvals_at_once_pay_once(dordrecht):
    statement = settle(dordrecht)
    with in_tenant(dordrecht.municipality):
        statement_confirm(
            statement=statement, actor=dordrecht.lwb_a_admin, today=datetime.date(2022, 4, 6)
        )
    outcomes = at_the_same_moment(
        dordrecht.municipality,
        lambda user: statement_approve(
            statement=QuarterStatement(pk=statement.pk, municipality_id=statement.municipality_id),
            actor=user,
        ),
        [dordrecht.account_holder, dordrecht.second_account_holder],
    )

    assert outcomes == ["Deze declaratie is al goedgekeurd.", "done"]
    assert reload(dordrecht, statement).status == StatementStatus.APPROVED
    with in_tenant(dordrecht.municipality):
        assert PaymentInstruction.objects.filter(statement_id=statement.pk).count() == 1
