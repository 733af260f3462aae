"""The single place where money is computed: pro rata fees, statements, advances, budget keys.

Pure functions over plain values (``Decimal``, ``datetime.date``, frozen dataclasses) so that the
rules in DOMAIN.md ("Money") can be tested exhaustively without a database, and so that the
services, the ``settle_quarter`` command and the forecasts cannot drift apart.

Rules implemented here:

* day counts are calendar days, start and end inclusive;
* a day's fee is the annual tariff of the step in force that day / days in that calendar year;
  a year's tariffs may have versions (a change after the first approved statement takes effect
  from a date), and each day is paid at the version in force that day;
* each statement line (one placement, one step, one calendar year, one tariff amount) is rounded
  once to cents, half up; totals are sums of rounded lines;
* the base fee is annual base fee / 4 for every quarter with at least one active placement;
* budget keys are split with the largest-remainder method so the shares add up exactly.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import pairwise

# The calendar is the kernel's, one definition for the core and the money. The names stay
# importable from here (``calculations.quarter_bounds``): services and tests call them so.
from participatie.kernel.calendar import (  # noqa: F401 (re-exported)
    ONE_DAY,
    days_in_year,
    days_inclusive,
    quarter_bounds,
    quarter_of,
)

CENT = Decimal("0.01")
EURO = Decimal("1")
ZERO = Decimal("0.00")

# The 80 % part of a quarter under the SDD practice (seed 000, 4.1.1); the 20 % follows from the
# total so the two parts can never drift apart by a rounding cent.
ADVANCE_SHARE_NOW = Decimal("0.8")


class AdvanceModel(enum.StrEnum):
    """How a municipality pays its learning-work companies during the year (DOMAIN.md, Money)."""

    FULL_ADVANCE = "full_advance"
    QUARTERLY_80_20 = "quarterly_80_20"


# --------------------------------------------------------------------------------------------
# Values and rounding
# --------------------------------------------------------------------------------------------


def _as_decimal(value: Decimal | int, what: str) -> Decimal:
    # Floats would bring binary rounding into money; strings would hide typos until a sum fails.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be a Decimal or int, got {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{what} is not a finite number: {value}")
    return result


def _non_negative(value: Decimal | int, what: str) -> Decimal:
    result = _as_decimal(value, what)
    if result < 0:
        raise ValueError(f"{what} is negative: {result}")
    return result


def round_cents(value: Decimal | Fraction) -> Decimal:
    """Round to whole cents, half up (away from zero at exactly half a cent).

    Fractions are rounded exactly: a Decimal division would first round to the context's 28
    digits, which could in principle push a value onto the half-cent boundary.
    """
    if isinstance(value, Decimal):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    cents = abs(value) * 100
    whole, rest = divmod(cents.numerator, cents.denominator)
    if 2 * rest >= cents.denominator:
        whole += 1
    signed = -whole if value < 0 else whole
    return (Decimal(signed) / 100).quantize(CENT)


# --------------------------------------------------------------------------------------------
# Calendar (day counts and quarters are the kernel's, imported above)
# --------------------------------------------------------------------------------------------


def _check_period(start: date, end: date, what: str = "period") -> None:
    if end < start:
        raise ValueError(
            f"{what} ends on {end.isoformat()}, before it starts on {start.isoformat()}"
        )


# --------------------------------------------------------------------------------------------
# Placements and step segments
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """A placement as the calculations need it: dates and its step history.

    ``steps`` holds ``(from_date, step_code)`` pairs; a step change on day D means the previous
    step ends on D - 1. ``end`` is inclusive; ``None`` means still active.
    """

    id: str
    start: date
    end: date | None
    steps: tuple[tuple[date, str], ...]

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"placement {self.id}: end date {self.end.isoformat()} is before start date "
                f"{self.start.isoformat()}"
            )
        # Accept any sequence from callers but keep the frozen value hashable and immutable.
        steps = tuple(sorted((day, step) for day, step in self.steps))
        object.__setattr__(self, "steps", steps)
        if not steps:
            raise ValueError(f"placement {self.id} has no step")
        if steps[0][0] > self.start:
            raise ValueError(
                f"placement {self.id} starts on {self.start.isoformat()} but its first step "
                f"only applies from {steps[0][0].isoformat()}"
            )
        for (day, _), (next_day, _) in pairwise(steps):
            if day == next_day:
                raise ValueError(
                    f"placement {self.id} has two steps from the same day {day.isoformat()}"
                )


@dataclass(frozen=True)
class Segment:
    """Consecutive days of one placement at one step within one calendar year."""

    step: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return days_inclusive(self.start, self.end)

    @property
    def year(self) -> int:
        return self.start.year


def _split_per_year(step: str, start: date, end: date) -> list[Segment]:
    # Days-in-year and the tariff table both change on 1 January, so no segment may cross it.
    segments = []
    while start.year < end.year:
        year_end = date(start.year, 12, 31)
        segments.append(Segment(step, start, year_end))
        start = year_end + ONE_DAY
    segments.append(Segment(step, start, end))
    return segments


def step_segments(placement: Placement, period_start: date, period_end: date) -> list[Segment]:
    """Split the overlap of a placement and a period into segments per step and calendar year.

    Consecutive history entries with the same step form one segment, so a confirmed step is not
    rounded twice. Returns ``[]`` when the placement is not active in the period.
    """
    _check_period(period_start, period_end)
    overlap_start = max(placement.start, period_start)
    overlap_end = period_end if placement.end is None else min(placement.end, period_end)
    if overlap_start > overlap_end:
        return []

    runs: list[tuple[str, date, date]] = []
    history = placement.steps
    for index, (from_date, step) in enumerate(history):
        run_end = history[index + 1][0] - ONE_DAY if index + 1 < len(history) else overlap_end
        start, end = max(from_date, overlap_start), min(run_end, overlap_end)
        if start > end:
            continue
        if runs and runs[-1][0] == step and runs[-1][2] + ONE_DAY == start:
            runs[-1] = (step, runs[-1][1], end)
        else:
            runs.append((step, start, end))

    return [segment for run in runs for segment in _split_per_year(*run)]


# --------------------------------------------------------------------------------------------
# Lines and statements
# --------------------------------------------------------------------------------------------


def prorata_amount(annual: Decimal | int, start: date, end: date) -> Decimal:
    """The fee for ``start``..``end`` (inclusive) of an annual amount, rounded once to cents.

    A span that crosses 1 January is computed per calendar year (365 vs 366 days) and rounded
    once over the sum; statement lines never cross a year because the tariff may change there.
    """
    annual = _non_negative(annual, "annual amount")
    days_inclusive(start, end)  # raises on a reversed span instead of silently returning 0.00
    exact = Fraction(0)
    for segment in _split_per_year("", start, end):
        exact += Fraction(annual) * segment.days / days_in_year(segment.year)
    return round_cents(exact)


@dataclass(frozen=True)
class StatementLine:
    """One placement at one step (one tariff) for consecutive days within one calendar year."""

    placement: str
    step: str
    start: date
    end: date
    days: int
    annual_tariff: Decimal
    amount: Decimal


@dataclass(frozen=True)
class TariffVersion:
    """The annual amount per step of a year's tariffs from ``effective_from`` until the day
    before the next version (or 31 December)."""

    effective_from: date
    amounts: Mapping[str, Decimal]


# A year's tariffs: one table for the whole year, or its versions.
Tariffs = Mapping[str, Decimal] | Sequence[TariffVersion]


def tariff_versions(tariffs: Tariffs, year: int) -> tuple[TariffVersion, ...]:
    """``tariffs`` as checked versions in date order: a plain table is one version from
    1 January. Versions lie inside ``year``, the first from 1 January, no two on one day, and
    no amount is negative."""
    if isinstance(tariffs, Mapping):
        given: Sequence[TariffVersion] = (TariffVersion(date(year, 1, 1), tariffs),)
    else:
        given = sorted(tariffs, key=lambda version: version.effective_from)
    if not given or given[0].effective_from != date(year, 1, 1):
        raise ValueError(f"the tariffs of {year} must have a version from 1 January")
    checked: list[TariffVersion] = []
    for version in given:
        day = version.effective_from
        if day.year != year:
            raise ValueError(f"tariff version from {day.isoformat()} is not in {year}")
        if checked and checked[-1].effective_from == day:
            raise ValueError(f"two tariff versions from {day.isoformat()}")
        when = f"in {year}" if day == date(year, 1, 1) else f"from {day.isoformat()}"
        amounts = {
            step: _non_negative(amount, f"tariff for step {step!r} {when}")
            for step, amount in version.amounts.items()
        }
        checked.append(TariffVersion(day, amounts))
    return tuple(checked)


def placement_lines(
    placement: Placement,
    *,
    period_start: date,
    period_end: date,
    tariffs_by_year: Mapping[int, Tariffs],
) -> list[StatementLine]:
    """The statement lines of one placement in a period; tariffs are looked up per year."""
    return _placement_lines(placement, period_start, period_end, _validated_tables(tariffs_by_year))


def _validated_tables(
    tariffs_by_year: Mapping[int, Tariffs],
) -> dict[int, tuple[TariffVersion, ...]]:
    return {year: tariff_versions(table, year) for year, table in tariffs_by_year.items()}


def _line_amount(annual: Decimal, days: int, year: int) -> Decimal:
    """``annual x days / days in year``, rounded once half up to cents, exactly.

    Whole-cent tariffs (all real ones) take an integer path: a settlement computes a hundred
    thousand of these, and Fraction arithmetic is the slow part. Same result either way.
    """
    cents = annual * 100
    if cents == cents.to_integral_value():
        whole, rest = divmod(int(cents) * days, days_in_year(year))
        if 2 * rest >= days_in_year(year):
            whole += 1
        return Decimal(whole).scaleb(-2)
    return round_cents(Fraction(annual) * days / days_in_year(year))


def _annual(version: TariffVersion, placement: Placement, step: str, year: int) -> Decimal:
    amounts = version.amounts
    if step not in amounts:
        raise ValueError(
            f"placement {placement.id}: step {step!r} is not in the {year} tariff table "
            f"from {version.effective_from.isoformat()} "
            f"(known: {', '.join(sorted(amounts)) or 'none'})"
        )
    return amounts[step]


def _priced(
    placement: Placement, segment: Segment, versions: tuple[TariffVersion, ...]
) -> list[tuple[date, date, Decimal]]:
    """A segment cut where the step's amount changes between versions; a version that leaves
    the amount unchanged does not cut it, so the line is still rounded once."""
    pieces: list[tuple[date, date, Decimal]] = []
    for index, version in enumerate(versions):
        until = (
            versions[index + 1].effective_from - ONE_DAY
            if index + 1 < len(versions)
            else date(segment.year, 12, 31)
        )
        start, end = max(version.effective_from, segment.start), min(until, segment.end)
        if start > end:
            continue
        annual = _annual(version, placement, segment.step, segment.year)
        if pieces and pieces[-1][2] == annual:
            pieces[-1] = (pieces[-1][0], end, annual)
        else:
            pieces.append((start, end, annual))
    return pieces


def _placement_lines(
    placement: Placement,
    period_start: date,
    period_end: date,
    tariffs_by_year: Mapping[int, tuple[TariffVersion, ...]],
) -> list[StatementLine]:
    lines = []
    for segment in step_segments(placement, period_start, period_end):
        if segment.year not in tariffs_by_year:
            raise ValueError(f"no tariff schedule for {segment.year}")
        versions = tariffs_by_year[segment.year]
        if len(versions) == 1:  # the common case: one table for the whole year
            pieces = [
                (
                    segment.start,
                    segment.end,
                    _annual(versions[0], placement, segment.step, segment.year),
                )
            ]
        else:
            pieces = _priced(placement, segment, versions)
        for start, end, annual in pieces:
            days = days_inclusive(start, end)
            lines.append(
                StatementLine(
                    placement=placement.id,
                    step=segment.step,
                    start=start,
                    end=end,
                    days=days,
                    annual_tariff=annual,
                    amount=_line_amount(annual, days, segment.year),
                )
            )
    return lines


def statement_lines(
    placements: Sequence[Placement],
    *,
    period_start: date,
    period_end: date,
    tariffs_by_year: Mapping[int, Tariffs],
) -> list[StatementLine]:
    """Lines of all placements in a period, in placement order and then by date."""
    _check_period(period_start, period_end)
    tables = _validated_tables(tariffs_by_year)
    return [
        line
        for placement in placements
        for line in _placement_lines(placement, period_start, period_end, tables)
    ]


def quarter_base_fee(annual_base_fee: Decimal | int) -> Decimal:
    """A quarter's share of the annual base fee, half up to cents."""
    return round_cents(_non_negative(annual_base_fee, "annual base fee") / 4)


def is_active_in(placement: Placement, period_start: date, period_end: date) -> bool:
    """Whether the placement is active on at least one day of the period."""
    _check_period(period_start, period_end)
    return placement.start <= period_end and (
        placement.end is None or placement.end >= period_start
    )


def base_fee_for_quarter(
    placements: Sequence[Placement], *, year: int, quarter: int, annual_base_fee: Decimal | int
) -> Decimal:
    """The base fee for one company in one municipality: due once per quarter, not per placement,
    when at least one of its placements there was active on at least one day of the quarter."""
    fee = quarter_base_fee(annual_base_fee)
    first, last = quarter_bounds(year, quarter)
    if any(is_active_in(placement, first, last) for placement in placements):
        return fee
    return ZERO


@dataclass(frozen=True)
class AdvanceSplit:
    """How a quarter total is paid. The three parts always add up to the total exactly."""

    payable_now: Decimal
    held_until_determination: Decimal
    covered_by_advance: Decimal


def advance_split(total: Decimal | int, advance_model: AdvanceModel | str) -> AdvanceSplit:
    """Split a quarter total by advance model.

    ``full_advance``: the year's grant was paid up front, so nothing is paid per quarter; the
    statement only shows realisation. ``quarterly_80_20``: 80 % now (half up to cents), the rest
    held until the determination.
    """
    model = AdvanceModel(advance_model)
    total = _non_negative(total, "quarter total")
    if model is AdvanceModel.FULL_ADVANCE:
        return AdvanceSplit(ZERO, ZERO, round_cents(total))
    payable_now = round_cents(total * ADVANCE_SHARE_NOW)
    return AdvanceSplit(payable_now, round_cents(total) - payable_now, ZERO)


@dataclass(frozen=True)
class QuarterStatement:
    """Realised fees of one company in one municipality for one quarter."""

    year: int
    quarter: int
    advance_model: AdvanceModel
    lines: tuple[StatementLine, ...]
    base_fee: Decimal
    total: Decimal
    payment: AdvanceSplit

    @property
    def payable_now(self) -> Decimal:
        return self.payment.payable_now

    @property
    def held_until_determination(self) -> Decimal:
        return self.payment.held_until_determination


def quarter_statement(
    placements: Sequence[Placement],
    *,
    year: int,
    quarter: int,
    tariffs: Tariffs,
    annual_base_fee: Decimal | int,
    advance_model: AdvanceModel | str,
) -> QuarterStatement:
    """Lines, base fee, total and payment split for one company's placements in one quarter.

    ``placements`` are that company's placements in the municipality; ``tariffs`` is the
    municipality's annual amount per step for ``year`` (a quarter never crosses a year), as one
    table or as the year's versions.
    """
    model = AdvanceModel(advance_model)
    first, last = quarter_bounds(year, quarter)
    # Checked up front so a bad table fails even in a quarter without placements.
    checked = tariff_versions(tariffs, year)
    lines = tuple(
        statement_lines(
            placements, period_start=first, period_end=last, tariffs_by_year={year: checked}
        )
    )
    base_fee = base_fee_for_quarter(
        placements, year=year, quarter=quarter, annual_base_fee=annual_base_fee
    )
    total = sum((line.amount for line in lines), base_fee)
    return QuarterStatement(
        year=year,
        quarter=quarter,
        advance_model=model,
        lines=lines,
        base_fee=base_fee,
        total=total,
        payment=advance_split(total, model),
    )


# --------------------------------------------------------------------------------------------
# Determination
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Determination:
    """Year-end settlement of one company in one municipality.

    ``balance`` > 0: the municipality pays it; < 0: the municipality reclaims its absolute value.
    """

    advance_model: AdvanceModel
    realised: Decimal
    granted: Decimal
    paid: Decimal
    final: Decimal
    balance: Decimal

    @property
    def to_pay(self) -> Decimal:
        return max(self.balance, ZERO)

    @property
    def to_reclaim(self) -> Decimal:
        return max(-self.balance, ZERO)


def determine(
    *,
    advance_model: AdvanceModel | str,
    realised: Decimal | int,
    granted: Decimal | int,
    paid: Decimal | int,
) -> Determination:
    """Fix the final amount for a year and settle it against what was paid.

    ``realised`` is the sum of the year's quarter totals; ``granted`` is the amount of the decision
    in force at year end, so a grant raised by a new decision is passed here as the raised amount;
    ``paid`` is everything paid so far (the advance, or the 80 % parts).

    ``full_advance``: final = min(realised, granted) - subsidy practice never fixes more than was
    granted. ``quarterly_80_20``: final = realised - the seed (000, 4.1.1) pays the remaining 20 %
    of the declared quarters without a cap; ``granted`` is kept for the record only.
    """
    model = AdvanceModel(advance_model)
    realised_ = round_cents(_non_negative(realised, "realised amount"))
    granted_ = round_cents(_non_negative(granted, "granted amount"))
    paid_ = round_cents(_non_negative(paid, "paid amount"))
    final = min(realised_, granted_) if model is AdvanceModel.FULL_ADVANCE else realised_
    return Determination(
        advance_model=model,
        realised=realised_,
        granted=granted_,
        paid=paid_,
        final=final,
        balance=final - paid_,
    )


# --------------------------------------------------------------------------------------------
# Budget key and forecast
# --------------------------------------------------------------------------------------------


def allocate(
    total: Decimal | int, weights: Mapping[str, Decimal | int], *, unit: Decimal = EURO
) -> dict[str, Decimal]:
    """Split ``total`` over named parties in proportion to ``weights``, summing exactly to it.

    Largest-remainder method at the precision ``unit`` (whole euros by default, ``CENT`` for
    cents): everybody gets the floor of their exact share, and the units left over go to the
    largest remainders; ties go to the larger weight, then to the name that sorts first, so the
    result never depends on the order of the mapping. Each share is less than one unit away from
    its exact proportional value. The result keeps the order of ``weights``.
    """
    unit = _as_decimal(unit, "unit")
    if unit <= 0:
        raise ValueError(f"unit must be positive, got {unit}")
    total = _as_decimal(total, "total")
    if total < 0:
        raise ValueError(f"total to allocate is negative: {total}")
    units_fraction = Fraction(total) / Fraction(unit)
    if units_fraction.denominator != 1:
        raise ValueError(f"total {total} is not a whole number of units of {unit}")
    units = units_fraction.numerator
    if not weights:
        raise ValueError("no parties to allocate over")
    exact_weights = {
        name: Fraction(_as_decimal(w, f"weight of {name!r}")) for name, w in weights.items()
    }
    negative = [name for name, weight in exact_weights.items() if weight < 0]
    if negative:
        raise ValueError(f"negative weight for {', '.join(negative)}")
    weight_sum = sum(exact_weights.values(), Fraction(0))
    if weight_sum == 0:
        raise ValueError("weights sum to zero")

    floors: dict[str, int] = {}
    remainders: dict[str, Fraction] = {}
    for name, weight in exact_weights.items():
        quota = units * weight / weight_sum
        floors[name] = quota.numerator // quota.denominator
        remainders[name] = quota - floors[name]
    left = units - sum(floors.values())
    by_priority = sorted(exact_weights, key=lambda n: (-remainders[n], -exact_weights[n], n))
    for name in by_priority[:left]:
        floors[name] += 1
    return {name: (floors[name] * unit).quantize(unit) for name in weights}


def forecast_to_year_end(
    annual_tariff: Decimal | int, from_date: date, *, placement_end: date | None = None
) -> Decimal:
    """What an active placement will still cost from ``from_date`` to 31 December (or its known
    end, if earlier) at its current step's annual tariff; rounded like a statement line."""
    last = date(from_date.year, 12, 31)
    if placement_end is not None:
        last = min(last, placement_end)
    annual = _non_negative(annual_tariff, "annual tariff")
    if last < from_date:
        return ZERO
    return prorata_amount(annual, from_date, last)


# --------------------------------------------------------------------------------------------
# Decisions (beschikkingen)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantLine:
    """Places at one step for a whole year."""

    step: str
    places: int
    annual_tariff: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Grant:
    """What a decision grants for a year: places x annual step tariff, plus the base fee."""

    lines: tuple[GrantLine, ...]
    base_fee: Decimal
    total: Decimal


def grant_amount(
    places: Mapping[str, int], *, tariffs: Mapping[str, Decimal], annual_base_fee: Decimal | int
) -> Grant:
    """The amount of a decision. The base fee is granted once for the year (it is paid per
    quarter with at least one placement, four quarters at most) when any place is granted."""
    lines = []
    for step, count in places.items():
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError(f"places for step {step!r} must be an int, got {type(count).__name__}")
        if count < 0:
            raise ValueError(f"places for step {step!r} is negative: {count}")
        if step not in tariffs:
            raise KeyError(step)
        annual = _non_negative(tariffs[step], f"tariff for step {step!r}")
        lines.append(GrantLine(step, count, round_cents(annual), round_cents(annual * count)))
    base_fee = quarter_base_fee(annual_base_fee) * 4 if any(line.places for line in lines) else ZERO
    return Grant(tuple(lines), base_fee, sum((line.amount for line in lines), base_fee))


@dataclass(frozen=True)
class Instalment:
    """One payment of a decision's advance schedule. ``moment`` is ``year_start``,
    ``quarter`` (after that quarter's statement; ``quarter`` 1-4) or ``determination``."""

    moment: str
    quarter: int | None
    amount: Decimal


def advance_schedule(
    total: Decimal | int, advance_model: AdvanceModel | str
) -> tuple[Instalment, ...]:
    """When a granted amount is paid. ``full_advance``: all of it at the start of the year.
    ``quarterly_80_20``: per quarter 80 % of a quarter's share after its statement, the held
    20 % of the four quarters at the determination. The instalments add up to ``total``."""
    model = AdvanceModel(advance_model)
    total = round_cents(_non_negative(total, "granted amount"))
    if model is AdvanceModel.FULL_ADVANCE:
        return (Instalment("year_start", None, total),)
    shares = allocate(total, {str(q): 1 for q in (1, 2, 3, 4)}, unit=CENT)
    instalments = []
    held = ZERO
    for quarter in (1, 2, 3, 4):
        split = advance_split(shares[str(quarter)], model)
        instalments.append(Instalment("quarter", quarter, split.payable_now))
        held += split.held_until_determination
    instalments.append(Instalment("determination", None, held))
    return tuple(instalments)


# --------------------------------------------------------------------------------------------
# Lump sum (IBN, seed 003): a price per counted participant, split over members by a key
# --------------------------------------------------------------------------------------------

QUARTERS_PER_YEAR = 4


def counted_participants(counts: Sequence[int]) -> Fraction:
    """The participants a period is paid for: the average of its counts (one count on a
    reference date, or the monthly counts of the period), exact. Refuses an empty list: a
    lump sum without a count cannot be settled."""
    if not counts:
        raise ValueError("no participant count for the period")
    for count in counts:
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError(f"a participant count must be an int, got {type(count).__name__}")
        if count < 0:
            raise ValueError(f"a participant count is negative: {count}")
    return Fraction(sum(counts), len(counts))


def lump_sum_total(
    participants: Fraction | int, amount_per_year: Decimal | int, quarters: int
) -> Decimal:
    """``participants`` x the yearly amount per participant x ``quarters`` / 4, rounded once
    to cents (half up). A quarter is ``quarters=1``, the year ``quarters=4``."""
    if quarters not in (1, QUARTERS_PER_YEAR):
        raise ValueError(f"a lump sum is settled per quarter or per year, got {quarters} quarters")
    amount = _non_negative(amount_per_year, "amount per participant")
    exact = Fraction(participants) * Fraction(amount) * quarters / QUARTERS_PER_YEAR
    return round_cents(exact)


def plus_package_amount(annual: Decimal | int, quarter: int | None) -> Decimal:
    """A plus package's part of a quarter (``quarter`` 1-4) or of the year (``None``): the
    annual amount split over the four quarters in whole cents by largest remainder, so the
    quarters add up to the year exactly."""
    annual = round_cents(_non_negative(annual, "plus package amount"))
    if quarter is None:
        return annual
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, got {quarter}")
    return allocate(annual, {str(q): 1 for q in (1, 2, 3, 4)}, unit=CENT)[str(quarter)]


@dataclass(frozen=True)
class LumpSumShare:
    """One member's part: its share of the basic package by the key, and its own plus package."""

    name: str
    weight: Decimal
    basic: Decimal
    plus: Decimal

    @property
    def amount(self) -> Decimal:
        return self.basic + self.plus


@dataclass(frozen=True)
class LumpSumSettlement:
    """A quarter (or the year) of a lump sum: the basic total split over all members by the
    key (whole cents, exact sum), plus each member's own plus package."""

    participants: Fraction
    basic_total: Decimal
    plus_total: Decimal
    shares: tuple[LumpSumShare, ...]

    @property
    def total(self) -> Decimal:
        return self.basic_total + self.plus_total


def lump_sum_settlement(
    *,
    counts: Sequence[int],
    amount_per_year: Decimal | int,
    weights: Mapping[str, Decimal | int],
    plus: Mapping[str, Decimal | int] | None = None,
    quarter: int | None,
) -> LumpSumSettlement:
    """Settle a quarter (``quarter`` 1-4; ``counts`` are that quarter's counts) or the year
    (``None``; the year's counts). The basic total is counted participants x amount / 4 (x 4
    for the year), split over ``weights`` by :func:`allocate` in cents: it does not depend on
    where participants were placed. ``plus`` names the members that take the plus package
    with its annual price. The shares keep the order of ``weights``."""
    participants = counted_participants(counts)
    quarters = 1 if quarter else QUARTERS_PER_YEAR
    basic_total = lump_sum_total(participants, amount_per_year, quarters)
    basic = allocate(basic_total, weights, unit=CENT)
    plus = dict(plus or {})
    unknown = sorted(set(plus) - set(weights))
    if unknown:
        raise ValueError(f"plus package for parties without a key share: {', '.join(unknown)}")
    shares = tuple(
        LumpSumShare(
            name=name,
            weight=_as_decimal(weight, f"weight of {name!r}"),
            basic=basic[name],
            plus=plus_package_amount(plus[name], quarter) if name in plus else ZERO,
        )
        for name, weight in weights.items()
    )
    return LumpSumSettlement(
        participants=participants,
        basic_total=basic_total,
        plus_total=sum((share.plus for share in shares), ZERO),
        shares=shares,
    )
