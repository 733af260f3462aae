"""Hypothesis properties of the money rules (issue 5, acceptance)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from subsidies.calculations import (
    CENT,
    EURO,
    Placement,
    advance_split,
    allocate,
    quarter_bounds,
    quarter_statement,
    statement_lines,
)

tariffs_st = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)
years_st = st.integers(min_value=1990, max_value=2100)
steps = ("basis", "plus", "extra")


@st.composite
def placements_and_period(draw: st.DrawFn) -> tuple[Placement, date, date, dict[str, Decimal]]:
    """A placement with a random step history and a period within 2022-2024 (one leap year)."""
    lo, hi = date(2022, 1, 1), date(2024, 12, 31)
    span = (hi - lo).days
    start = lo + timedelta(days=draw(st.integers(0, span)))
    end = draw(st.none() | st.integers(0, (hi - start).days).map(lambda d: start + timedelta(d)))
    last = end or hi
    change_days = draw(
        st.lists(st.integers(1, max((last - start).days, 1)), max_size=4, unique=True)
    )
    history = [(start, draw(st.sampled_from(steps)))] + [
        (start + timedelta(days=d), draw(st.sampled_from(steps))) for d in change_days
    ]
    placement = Placement("P", start, end, tuple(history))
    p_start = lo + timedelta(days=draw(st.integers(0, span)))
    p_end = p_start + timedelta(days=draw(st.integers(0, (hi - p_start).days)))
    tariffs = {step: draw(tariffs_st) for step in steps}
    return placement, p_start, p_end, tariffs


@given(annual=tariffs_st, year=years_st)
def test_full_year_at_one_step_sums_over_quarters_to_the_annual_amount(
    annual: Decimal, year: int
) -> None:
    placement = Placement("P", date(year, 1, 1), None, ((date(year, 1, 1), "basis"),))
    totals = [
        quarter_statement(
            [placement],
            year=year,
            quarter=quarter,
            tariffs={"basis": annual},
            annual_base_fee=0,
            advance_model="full_advance",
        ).total
        for quarter in (1, 2, 3, 4)
    ]
    assert abs(sum(totals) - annual) <= 4 * CENT


@given(case=placements_and_period(), data=st.data())
def test_splitting_a_period_changes_the_total_by_at_most_a_cent_per_line(
    case: tuple[Placement, date, date, dict[str, Decimal]], data: st.DataObject
) -> None:
    placement, p_start, p_end, tariffs = case
    by_year = {year: tariffs for year in (2022, 2023, 2024)}
    split = p_start + timedelta(days=data.draw(st.integers(0, (p_end - p_start).days)))

    whole = statement_lines(
        [placement], period_start=p_start, period_end=p_end, tariffs_by_year=by_year
    )
    parts = statement_lines(
        [placement], period_start=p_start, period_end=split, tariffs_by_year=by_year
    )
    if split < p_end:
        parts += statement_lines(
            [placement],
            period_start=split + timedelta(days=1),
            period_end=p_end,
            tariffs_by_year=by_year,
        )

    assert sum(line.days for line in parts) == sum(line.days for line in whole)
    whole_total = sum((line.amount for line in whole), Decimal(0))
    parts_total = sum((line.amount for line in parts), Decimal(0))
    difference = abs(whole_total - parts_total)
    assert difference <= CENT * max(len(parts), 1)


@given(case=placements_and_period())
def test_lines_cover_every_active_day_once_and_each_is_within_half_a_cent(
    case: tuple[Placement, date, date, dict[str, Decimal]],
) -> None:
    placement, p_start, p_end, tariffs = case
    by_year = {year: tariffs for year in (2022, 2023, 2024)}
    lines = statement_lines(
        [placement], period_start=p_start, period_end=p_end, tariffs_by_year=by_year
    )

    active_from = max(placement.start, p_start)
    active_to = min(placement.end or p_end, p_end)
    expected_days = max((active_to - active_from).days + 1, 0)
    assert sum(line.days for line in lines) == expected_days
    for previous, following in pairwise(lines):
        assert following.start == previous.end + timedelta(days=1)
    for line in lines:
        assert line.start.year == line.end.year
        exact = Fraction(line.annual_tariff) * line.days / (366 if line.start.year == 2024 else 365)
        assert abs(Fraction(line.amount) - exact) <= Fraction(1, 200)


@given(
    total=st.integers(0, 10**9),
    weights=st.dictionaries(
        st.text(min_size=1, max_size=6),
        st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
        min_size=1,
        max_size=12,
    ).filter(lambda w: sum(w.values()) > 0),
    in_cents=st.booleans(),
)
def test_key_allocation_sums_exactly_and_no_share_is_off_by_a_full_unit(
    total: int, weights: dict[str, Decimal], in_cents: bool
) -> None:
    unit = CENT if in_cents else EURO
    amount = Decimal(total) * unit
    shares = allocate(amount, weights, unit=unit)

    assert list(shares) == list(weights)
    assert sum(shares.values()) == amount
    weight_sum = sum(Fraction(w) for w in weights.values())
    for name, share in shares.items():
        exact = Fraction(amount) * Fraction(weights[name]) / weight_sum
        assert abs(Fraction(share) - exact) < Fraction(unit)
        assert share >= 0


@given(total=st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False))
def test_80_20_parts_always_add_up_to_the_total(total: Decimal) -> None:
    split = advance_split(total, "quarterly_80_20")
    assert split.payable_now + split.held_until_determination == total
    assert abs(Fraction(split.payable_now) - Fraction(total) * Fraction(4, 5)) <= Fraction(1, 200)
    full = advance_split(total, "full_advance")
    assert full.covered_by_advance == total
    assert full.payable_now == full.held_until_determination == 0


@given(year=years_st, quarter=st.integers(1, 4))
def test_quarters_tile_the_year(year: int, quarter: int) -> None:
    first, last = quarter_bounds(year, quarter)
    if quarter > 1:
        assert quarter_bounds(year, quarter - 1)[1] + timedelta(days=1) == first
    assert first.year == last.year == year
