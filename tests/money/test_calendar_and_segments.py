"""Day counts, quarter bounds and step segments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from subsidies.calculations import (
    Placement,
    Segment,
    base_fee_for_quarter,
    days_in_year,
    days_inclusive,
    forecast_to_year_end,
    placement_lines,
    prorata_amount,
    quarter_bounds,
    quarter_of,
    round_cents,
    step_segments,
)


def test_day_count_includes_start_and_end() -> None:
    assert days_inclusive(date(2022, 3, 10), date(2022, 3, 10)) == 1
    assert days_inclusive(date(2022, 2, 15), date(2022, 3, 9)) == 23


@pytest.mark.parametrize(
    ("year", "days"), [(2021, 365), (2024, 366), (1900, 365), (2000, 366), (2100, 365)]
)
def test_days_in_year_follows_the_gregorian_leap_rule(year: int, days: int) -> None:
    assert days_in_year(year) == days


@pytest.mark.parametrize(
    ("quarter", "first", "last"),
    [
        (1, date(2024, 1, 1), date(2024, 3, 31)),
        (2, date(2024, 4, 1), date(2024, 6, 30)),
        (3, date(2024, 7, 1), date(2024, 9, 30)),
        (4, date(2024, 10, 1), date(2024, 12, 31)),
    ],
)
def test_quarter_bounds(quarter: int, first: date, last: date) -> None:
    assert quarter_bounds(2024, quarter) == (first, last)
    assert quarter_of(first) == quarter_of(last) == quarter


def test_leap_year_q1_has_91_days() -> None:
    first, last = quarter_bounds(2024, 1)
    assert days_inclusive(first, last) == 91


def test_step_change_on_day_d_ends_the_old_step_on_d_minus_1() -> None:
    placement = Placement(
        "P", date(2022, 1, 1), None, ((date(2022, 1, 1), "basis"), (date(2022, 2, 1), "plus"))
    )
    assert step_segments(placement, date(2022, 1, 1), date(2022, 3, 31)) == [
        Segment("basis", date(2022, 1, 1), date(2022, 1, 31)),
        Segment("plus", date(2022, 2, 1), date(2022, 3, 31)),
    ]


def test_step_history_is_sorted_and_steps_outside_the_period_are_ignored() -> None:
    placement = Placement(
        "P",
        date(2021, 5, 1),
        None,
        [
            (date(2022, 8, 1), "basis"),
            (date(2021, 5, 1), "basis"),
            (date(2021, 11, 1), "plus"),
        ],  # type: ignore[arg-type]  # callers may hand in a list; it is frozen into a tuple
    )
    assert step_segments(placement, date(2022, 4, 1), date(2022, 6, 30)) == [
        Segment("plus", date(2022, 4, 1), date(2022, 6, 30))
    ]


def test_repeated_decision_for_the_same_step_is_one_line() -> None:
    placement = Placement(
        "P", date(2022, 1, 1), None, ((date(2022, 1, 1), "basis"), (date(2022, 2, 1), "basis"))
    )
    lines = placement_lines(
        placement,
        period_start=date(2022, 1, 1),
        period_end=date(2022, 3, 31),
        tariffs_by_year={2022: {"basis": Decimal("2500")}},
    )
    assert [(line.days, line.amount) for line in lines] == [(90, Decimal("616.44"))]


def test_segment_crossing_new_year_is_split_per_calendar_year() -> None:
    placement = Placement("P", date(2023, 12, 1), None, ((date(2023, 12, 1), "basis"),))
    lines = placement_lines(
        placement,
        period_start=date(2023, 12, 1),
        period_end=date(2024, 1, 31),
        tariffs_by_year={2023: {"basis": Decimal("2500")}, 2024: {"basis": Decimal("2600")}},
    )
    assert [(line.start, line.end, line.days, line.amount) for line in lines] == [
        # 2,500 x 31 / 365 = 212.328...; 2,600 x 31 / 366 = 220.218...
        (date(2023, 12, 1), date(2023, 12, 31), 31, Decimal("212.33")),
        (date(2024, 1, 1), date(2024, 1, 31), 31, Decimal("220.22")),
    ]


def test_prorata_across_new_year_uses_each_years_day_count() -> None:
    # 3,660 x (31/365 + 31/366) = 310.849... + 310 = 620.849..., rounded once.
    assert prorata_amount(Decimal("3660"), date(2023, 12, 1), date(2024, 1, 31)) == Decimal(
        "620.85"
    )


def test_placement_ending_on_the_last_day_before_the_quarter_earns_no_base_fee() -> None:
    ended = Placement("P", date(2022, 1, 3), date(2022, 9, 30), ((date(2022, 1, 3), "basis"),))
    assert base_fee_for_quarter(
        [ended], year=2022, quarter=4, annual_base_fee=Decimal("300")
    ) == Decimal("0.00")
    assert base_fee_for_quarter(
        [ended], year=2022, quarter=3, annual_base_fee=Decimal("300")
    ) == Decimal("75.00")


def test_one_active_day_earns_the_whole_quarter_base_fee() -> None:
    starts_late = Placement("P", date(2022, 12, 31), None, ((date(2022, 12, 31), "basis"),))
    assert base_fee_for_quarter(
        [starts_late], year=2022, quarter=4, annual_base_fee=Decimal("301")
    ) == Decimal("75.25")


def test_rounding_is_half_up_not_bankers() -> None:
    assert round_cents(Decimal("0.125")) == Decimal("0.13")
    assert round_cents(Decimal("-0.125")) == Decimal("-0.13")
    assert round_cents(Decimal("0.135")) == Decimal("0.14")


def test_forecast_to_year_end_at_current_step() -> None:
    # 3,500 x 92 / 365 = 882.191...
    assert forecast_to_year_end(Decimal("3500"), date(2022, 10, 1)) == Decimal("882.19")
    # Known end date before year end stops the forecast there: 3,500 x 31 / 365 = 297.26
    assert forecast_to_year_end(
        Decimal("3500"), date(2022, 10, 1), placement_end=date(2022, 10, 31)
    ) == Decimal("297.26")
    assert forecast_to_year_end(
        Decimal("3500"), date(2022, 10, 1), placement_end=date(2022, 9, 30)
    ) == Decimal("0.00")
    # Whole leap year = exactly the annual amount.
    assert forecast_to_year_end(Decimal("674.17"), date(2024, 1, 1)) == Decimal("674.17")
