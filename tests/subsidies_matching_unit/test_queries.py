"""The overview page and the API lists keep a constant number of queries, for one row or many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from subsidies.choices import DecisionStatus, MatchingUnitApplicationStatus, PaymentKind
from tests.conftest import in_tenant, login
from tests.factories_matching_unit import (
    MatchingUnitApplicationFactory,
    MatchingUnitCostFactory,
    MatchingUnitDecisionFactory,
    MatchingUnitPaymentFactory,
)

pytestmark = pytest.mark.django_db

PATHS = [
    "/dordrecht/subsidies/matchingsunit/?jaar=2022",
    "/api/v1/dordrecht/matching-unit/applications",
    "/api/v1/dordrecht/matching-unit/decisions",
    "/api/v1/dordrecht/matching-unit/costs",
]


def add_rows(side, first: int, last: int) -> None:
    """Decided applications with an approved decision and its payments, and quarter costs."""
    with in_tenant(side.municipality):
        for n in range(first, last):
            decision = MatchingUnitDecisionFactory(
                municipality=side.municipality,
                application=MatchingUnitApplicationFactory(
                    municipality=side.municipality,
                    matching_unit=side.matching_unit,
                    status=MatchingUnitApplicationStatus.DECIDED,
                    submitted_by=side.consultant,
                ),
                status=DecisionStatus.APPROVED,
                advance_model="quarterly_80_20",
                drafted_by=side.account_holder,
                approved_by=side.second_account_holder,
                approved_at=timezone.now(),
            )
            for quarter in (1, 2):
                MatchingUnitPaymentFactory(
                    municipality=side.municipality,
                    decision=decision,
                    kind=PaymentKind.QUARTER,
                    quarter=quarter,
                )
            if n < 4:
                MatchingUnitCostFactory(
                    municipality=side.municipality,
                    matching_unit=side.matching_unit,
                    quarter=n + 1,
                    recorded_by=side.consultant,
                )


def counts(client, user) -> list[int]:
    login(client, user)
    client.get(PATHS[0])  # the first request after logging in saves the session
    found = []
    for path in PATHS:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        found.append(len(captured))
    return found


@pytest.mark.parametrize("who", ["account_holder", "consultant"])
def test_overview_and_api_lists_do_not_grow_with_rows(client, dordrecht, who):
    user = getattr(dordrecht, who)
    add_rows(dordrecht, 0, 1)
    one = counts(client, user)
    add_rows(dordrecht, 1, 6)
    many = counts(client, user)
    assert many == one
    page = client.get(PATHS[0]).content.decode()
    assert page.count("Kwartaal 4") == 1  # the rows are really on the page
    assert len(client.get(PATHS[2]).json()["results"]) == 6
