""" "Wat wacht op mij": a matching-unit decision proposed by another account holder, and quarter
costs recorded by someone else, wait for an account holder; a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.tenancy.access import memberships_in_municipality
from participatie.tenancy.http import Access
from participatie.waiting import waiting_for
from subsidies.waiting_matching_unit import matching_unit_waiting
from tests.conftest import in_tenant
from tests.subsidies_matching_unit.helpers import YEAR, apply, proposed, record, setup_money

pytestmark = pytest.mark.django_db
KEYS = ("subsidies.mu_decisions_to_approve", "subsidies.mu_costs_to_approve")


def access(side, user) -> Access:
    with in_tenant(side.municipality):
        memberships = memberships_in_municipality(user, side.municipality)
    return Access.from_memberships(user, memberships, municipality=side.municipality)


def items(side, user) -> dict[str, tuple[int, str]]:
    with in_tenant(side.municipality):
        found = waiting_for(access(side, user))
    return {i.key: (i.count, i.url) for i in found if i.key in KEYS}


def test_what_waits_for_the_second_account_holder_not_the_first(dordrecht):
    setup_money(dordrecht)
    proposed(dordrecht)  # drafted by the first account holder
    record(dordrecht, 1)  # by the matching unit
    record(dordrecht, 2, actor=dordrecht.account_holder)
    overview = f"/dordrecht/subsidies/matchingsunit/?jaar={YEAR}"
    assert items(dordrecht, dordrecht.second_account_holder) == {
        "subsidies.mu_decisions_to_approve": (1, overview),
        "subsidies.mu_costs_to_approve": (2, overview),
    }
    assert items(dordrecht, dordrecht.account_holder) == {
        "subsidies.mu_costs_to_approve": (1, overview)
    }
    assert items(dordrecht, dordrecht.consultant) == {}
    assert items(dordrecht, dordrecht.policy_officer) == {}


def test_the_provider_runs_two_queries_however_many_wait(dordrecht):
    setup_money(dordrecht)
    user = dordrecht.second_account_holder

    def queries() -> int:
        found = access(dordrecht, user)
        with in_tenant(dordrecht.municipality), CaptureQueriesContext(connection) as captured:
            matching_unit_waiting(found)
        return len(captured)

    proposed(dordrecht)
    record(dordrecht, 1)
    few = queries()
    for year in (YEAR - 1, YEAR + 1):
        setup_money(dordrecht, year=year)
        proposed(dordrecht, application=apply(dordrecht, year=year))
    for quarter in (2, 3, 4):
        record(dordrecht, quarter)
    assert queries() == few == 2
