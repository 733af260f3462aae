"""Days, quarters and years: plain ``date`` arithmetic without the ORM, so the money module
(``subsidies.calculations``) can import it and stay free of the database."""

from __future__ import annotations

from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
QUARTERS = (1, 2, 3, 4)


def days_inclusive(start: date, end: date) -> int:
    """Calendar days from ``start`` to ``end``, both included (a one-day placement counts 1)."""
    if end < start:
        raise ValueError(f"end date {end.isoformat()} is before start date {start.isoformat()}")
    return (end - start).days + 1


def days_in_year(year: int) -> int:
    """365 or 366: the divisor of a day's fee in that calendar year."""
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def year_bounds(year: int) -> tuple[date, date]:
    """First and last day of a calendar year."""
    return date(year, 1, 1), date(year, 12, 31)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of quarter 1-4 of ``year``."""
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1, 2, 3 or 4, got {quarter}")
    first = date(year, 3 * quarter - 2, 1)
    next_first = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, next_first - ONE_DAY


def quarter_of(day: date) -> int:
    """The quarter (1-4) a day falls in."""
    return (day.month - 1) // 3 + 1


def is_active_on(start: date, end: date | None, day: date) -> bool:
    """A period from ``start`` to ``end`` (both included; no end: still running) holds ``day``."""
    return start <= day and (end is None or end >= day)


def overlaps(start: date, end: date | None, first: date, last: date) -> bool:
    """The period shares at least one day with ``first`` to ``last``."""
    return start <= last and (end is None or end >= first)
