"""A second place (tweede plek) runs at most a year: an end date further away is refused with the
latest allowed date in Dutch, not with "vul een einddatum in" (which stays for a missing one)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participatie.placements.choices import PlacementKind
from participatie.placements.services import second_placement_last_day
from tests.factories import DevelopmentPlanFactory
from tests.placements.conftest import D
from tests.placements.test_placement_rules import ctx, start  # noqa: F401 (fixture)


@pytest.fixture
def with_first(ctx):  # noqa: F811
    side = ctx[0]
    first = start(ctx, start_date=D(2021, 9, 1))
    DevelopmentPlanFactory(
        municipality=side.municipality, placement=first, created_by=side.consultant
    )
    return ctx


def _second(ctx_tuple, end_date):
    return start(
        ctx_tuple,
        enrolment=ctx_tuple[3],
        kind=PlacementKind.SECOND,
        start_date=D(2022, 2, 15),
        end_date=end_date,
    )


def _end_date_errors(ctx_tuple, end_date):
    with pytest.raises(ValidationError) as info:
        _second(ctx_tuple, end_date)
    return info.value.message_dict["end_date"]


def test_one_year_counts_start_and_end_inclusive():
    assert second_placement_last_day(D(2022, 2, 15)) == D(2023, 2, 14)
    assert second_placement_last_day(D(2024, 2, 29)) == D(2025, 2, 27)


def test_an_end_date_beyond_a_year_names_the_latest_date(with_first):
    assert _end_date_errors(with_first, D(2023, 2, 15)) == [
        "Een tweede plek duurt hooguit een jaar: kies een einddatum uiterlijk 14 februari 2023."
    ]


def test_a_missing_end_date_keeps_its_own_message(with_first):
    assert _end_date_errors(with_first, None) == [
        "Een tweede plek duurt hooguit een jaar: vul een einddatum in."
    ]


def test_the_last_allowed_day_is_accepted(with_first):
    assert _second(with_first, D(2023, 2, 14)).end_date == D(2023, 2, 14)


def test_the_year_setting_sets_the_length_of_a_second_place(with_first):
    from tests.conftest import in_tenant
    from tests.factories_subsidies import TariffFactory

    municipality = with_first[0].municipality
    with in_tenant(municipality):
        TariffFactory(municipality=municipality, year=2022, dual_placement_max_days=180)
    assert _end_date_errors(with_first, D(2022, 8, 14)) == [
        "Een tweede plek duurt in uw gemeente hooguit 180 dagen: kies een einddatum uiterlijk "
        "13 augustus 2022."
    ]
    assert _second(with_first, D(2022, 8, 13)).end_date == D(2022, 8, 13)
