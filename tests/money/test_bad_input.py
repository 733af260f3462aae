"""Bad input fails loudly with a message that names the problem."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from subsidies.calculations import (
    Placement,
    advance_split,
    allocate,
    days_inclusive,
    determine,
    forecast_to_year_end,
    placement_lines,
    prorata_amount,
    quarter_bounds,
    quarter_statement,
    step_segments,
)

BASIS = ((date(2022, 1, 1), "basis"),)
TARIFFS = {"basis": Decimal("2500")}


def _statement(placements: list[Placement], tariffs: dict[str, Decimal]) -> None:
    quarter_statement(
        placements,
        year=2022,
        quarter=1,
        tariffs=tariffs,
        annual_base_fee=Decimal("300"),
        advance_model="full_advance",
    )


def test_day_count_rejects_end_before_start() -> None:
    with pytest.raises(ValueError, match="end date 2022-01-01 is before start date 2022-02-01"):
        days_inclusive(date(2022, 2, 1), date(2022, 1, 1))


def test_placement_rejects_end_before_start() -> None:
    with pytest.raises(ValueError, match="placement P: end date 2021-12-31 is before start"):
        Placement("P", date(2022, 1, 1), date(2021, 12, 31), BASIS)


def test_period_rejects_end_before_start() -> None:
    placement = Placement("P", date(2022, 1, 1), None, BASIS)
    with pytest.raises(ValueError, match="period ends on 2022-01-01, before it starts"):
        step_segments(placement, date(2022, 3, 1), date(2022, 1, 1))


def test_placement_without_steps_is_rejected() -> None:
    with pytest.raises(ValueError, match="placement P has no step"):
        Placement("P", date(2022, 1, 1), None, ())


def test_placement_whose_first_step_starts_after_it_is_rejected() -> None:
    with pytest.raises(ValueError, match="first step only applies from 2022-01-05"):
        Placement("P", date(2022, 1, 1), None, ((date(2022, 1, 5), "basis"),))


def test_two_steps_on_the_same_day_are_rejected() -> None:
    with pytest.raises(ValueError, match="two steps from the same day 2022-02-01"):
        Placement(
            "P",
            date(2022, 1, 1),
            None,
            (*BASIS, (date(2022, 2, 1), "plus"), (date(2022, 2, 1), "basis")),
        )


def test_unknown_step_code_is_rejected() -> None:
    placement = Placement("P", date(2022, 1, 1), None, ((date(2022, 1, 1), "trede-9"),))
    with pytest.raises(ValueError, match="step 'trede-9' is not in the 2022 tariff table"):
        _statement([placement], TARIFFS)


def test_negative_tariff_is_rejected_even_without_placements() -> None:
    with pytest.raises(ValueError, match="tariff for step 'plus' in 2022 is negative: -1"):
        _statement([], {"basis": Decimal("2500"), "plus": Decimal("-1")})


def test_missing_tariff_year_is_rejected() -> None:
    placement = Placement("P", date(2022, 1, 1), None, BASIS)
    with pytest.raises(ValueError, match="no tariff schedule for 2023"):
        placement_lines(
            placement,
            period_start=date(2022, 12, 1),
            period_end=date(2023, 1, 31),
            tariffs_by_year={2022: TARIFFS},
        )


def test_float_tariff_is_refused() -> None:
    with pytest.raises(TypeError, match="must be a Decimal or int, got float"):
        prorata_amount(2500.0, date(2022, 1, 1), date(2022, 1, 31))  # type: ignore[arg-type]


def test_negative_base_fee_is_rejected() -> None:
    with pytest.raises(ValueError, match="annual base fee is negative"):
        quarter_statement(
            [],
            year=2022,
            quarter=1,
            tariffs=TARIFFS,
            annual_base_fee=Decimal("-300"),
            advance_model="full_advance",
        )


def test_quarter_out_of_range_is_rejected() -> None:
    with pytest.raises(ValueError, match="quarter must be 1, 2, 3 or 4, got 5"):
        quarter_bounds(2022, 5)


def test_unknown_advance_model_is_rejected() -> None:
    with pytest.raises(ValueError, match="'monthly' is not a valid AdvanceModel"):
        advance_split(Decimal("10"), "monthly")


def test_negative_forecast_tariff_is_rejected() -> None:
    with pytest.raises(ValueError, match="annual tariff is negative"):
        forecast_to_year_end(Decimal("-1"), date(2022, 1, 1))


def test_negative_determination_amounts_are_rejected() -> None:
    with pytest.raises(ValueError, match="paid amount is negative"):
        determine(
            advance_model="full_advance",
            realised=Decimal("1"),
            granted=Decimal("1"),
            paid=Decimal("-1"),
        )


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (Decimal("-1"), {"a": 1}, "total to allocate is negative: -1"),
        (Decimal("10"), {"a": 1, "b": -1}, "negative weight for b"),
        (Decimal("10"), {"a": 0, "b": 0}, "weights sum to zero"),
        (Decimal("10"), {}, "no parties to allocate over"),
        (Decimal("10.5"), {"a": 1}, "total 10.5 is not a whole number of units of 1"),
    ],
)
def test_allocation_rejects_bad_input(
    total: Decimal, weights: dict[str, int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        allocate(total, weights)


def test_allocation_rejects_non_positive_unit() -> None:
    with pytest.raises(ValueError, match="unit must be positive"):
        allocate(Decimal("10"), {"a": 1}, unit=Decimal("0"))
