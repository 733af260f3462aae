"""A settled quarter to work with: the worked example of DOMAIN.md (Dordrecht, 2022 Q1, one
placement at company A) under either advance model, settled as a draft on 5 April 2022."""

from __future__ import annotations

import datetime

import pytest

from participatie.models import Enrolment
from subsidies.models import QuarterStatement
from subsidies.services.settlement import quarter_settle
from tests.conftest import in_tenant
from tests.subsidies.test_settle_quarter import CASES, place, tariffs

AFTER_Q1 = datetime.date(2022, 4, 5)


def settle(side, *, advance_model="quarterly_80_20", today=AFTER_Q1):
    """Tariffs, the worked example's placement at company A, and the Q1 2022 draft."""
    case = {**CASES[0], "advance_model": advance_model}
    tariffs(side, case)
    with in_tenant(side.municipality):
        enrolment = Enrolment.objects.get(organisation=side.lwb_a)
    placement = place(side, enrolment, case["placements"][0])
    with in_tenant(side.municipality):
        (statement,) = quarter_settle(
            municipality=side.municipality, year=2022, quarter=1, today=today
        )
    statement.placement = placement
    return statement


def reload(side, statement) -> QuarterStatement:
    with in_tenant(side.municipality):
        return QuarterStatement.objects.select_related("enrolment").get(pk=statement.pk)


@pytest.fixture
def draft(dordrecht):
    """The worked example's Q1 2022 draft under quarterly_80_20 (total 443.49)."""
    return settle(dordrecht)
