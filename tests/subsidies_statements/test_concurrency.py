"""Two account holders approve the same statement at the same moment (PostgreSQL, real
transactions): one succeeds, the other is told it is already approved; one payment."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from subsidies.choices import StatementStatus
from subsidies.models import PaymentInstruction, QuarterStatement
from subsidies.services.statements import statement_approve, statement_confirm
from tests.conftest import in_tenant
from tests.subsidies_statements.conftest import reload, settle

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_approvals_at_once_pay_once(dordrecht):
    statement = settle(dordrecht)
    with in_tenant(dordrecht.municipality):
        statement_confirm(
            statement=statement, actor=dordrecht.lwb_a_admin, today=datetime.date(2022, 4, 6)
        )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(user):
        try:
            barrier.wait(timeout=10)
            with in_tenant(dordrecht.municipality):
                statement_approve(
                    statement=QuarterStatement(
                        pk=statement.pk, municipality_id=statement.municipality_id
                    ),
                    actor=user,
                )
            outcomes.append("approved")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(user,))
        for user in (dordrecht.account_holder, dordrecht.second_account_holder)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["Deze declaratie is al goedgekeurd.", "approved"]
    assert reload(dordrecht, statement).status == StatementStatus.APPROVED
    with in_tenant(dordrecht.municipality):
        assert PaymentInstruction.objects.filter(statement_id=statement.pk).count() == 1
