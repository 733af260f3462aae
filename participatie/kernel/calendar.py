"""Days, quarters and years: plain ``date`` arithmetic without the ORM, so the money module
(``subsidies.calculations``) can import it and stay free of the database. Also the Dutch
working days (Monday to Friday, not a general public holiday), for jobs that run "on the
first working day after" a date."""

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


def previous_quarter(day: date) -> tuple[int, int]:
    """(year, quarter) of the last quarter that ended before ``day``."""
    quarter = quarter_of(day)
    return (day.year, quarter - 1) if quarter > 1 else (day.year - 1, 4)


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _kings_day(year: int) -> date:
    """Koningsdag, 27 April (from 2014; Koninginnedag 30 April before), a day earlier when it
    falls on a Sunday."""
    day = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    return day - ONE_DAY if day.weekday() == 6 else day


def dutch_public_holidays(year: int) -> dict[date, str]:
    """The general public holidays of the Netherlands (Algemene termijnenwet) in ``year``.

    Good Friday is not one. Liberation Day (5 May) is a day off for everyone only once every
    five years (2025, 2030, ...), and only then counts here. The names are Dutch and for
    reading, not for pages."""
    easter = easter_sunday(year)
    holidays = {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter: "Eerste Paasdag",
        easter + timedelta(days=1): "Tweede Paasdag",
        _kings_day(year): "Koningsdag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=49): "Eerste Pinksterdag",
        easter + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }
    if year % 5 == 0:
        holidays[date(year, 5, 5)] = "Bevrijdingsdag"
    return holidays


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a general public holiday."""
    return day.weekday() < 5 and day not in dutch_public_holidays(day.year)


def first_working_day_after(day: date) -> date:
    """The first working day strictly after ``day``."""
    candidate = day + ONE_DAY
    while not is_working_day(candidate):
        candidate += ONE_DAY
    return candidate
