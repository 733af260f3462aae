"""Two account holders press "Kwartaal afrekenen" for the same quarter at the same moment
(PostgreSQL, real transactions, the job run on commit): one run, one set of drafts."""

from __future__ import annotations

import pytest

from subsidies.choices import SettlementRunStatus
from subsidies.models import SettlementRun
from subsidies.services.settlement_runs import settlement_run_start
from tests.conftest import at_the_same_moment, in_tenant
from tests.subsidies_settle.conftest import statements_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_presses_at_once_make_one_run(configured):
    outcomes = at_the_same_moment(
        configured.municipality,
        lambda user: settlement_run_start(
            municipality=configured.municipality, year=2022, quarter=1, actor=user
        ),
        [configured.account_holder, configured.second_account_holder],
    )
    assert outcomes == ["done", "done"]
    with in_tenant(configured.municipality):
        (run,) = SettlementRun.objects.all()
    assert run.status == SettlementRunStatus.DONE and run.statement_count == 1
    assert len(statements_of(configured)) == 1
