"""Plain helpers the kinds share: periods, rates and how a rate reads. No ORM in here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participatie.kernel import pdf
from participatie.kernel.calendar import quarter_bounds, year_bounds
from participatie.reports.content import SMALL_CELL


@dataclass(frozen=True)
class Period:
    """Calendar days from ``start`` to ``end``, both inclusive; a single day has start == end."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_day(self) -> bool:
        return self.start == self.end

    def label(self) -> str:
        if self.is_day:
            return date_format(self.start, "j F Y")
        return _("%(start)s t/m %(end)s") % {
            "start": date_format(self.start, "j F Y"),
            "end": date_format(self.end, "j F Y"),
        }


def today_of(today: date | None) -> date:
    return today or timezone.localdate()


def quarter_period(year: int, quarter: int, *, today: date) -> Period:
    """The quarter, cut off at ``today`` while it is still running (the rest has no data)."""
    start, end = quarter_bounds(year, quarter)
    return Period(start, min(end, today))


def year_period(year: int, *, today: date) -> Period:
    start, end = year_bounds(year)
    return Period(start, min(end, today))


def rate(part: int, whole: int) -> float | None:
    """A fraction for a PERCENT column; no rate without a whole."""
    return part / whole if whole else None


def shown_rate(part: int, whole: int, *, counts: tuple[int, ...], regional: bool) -> float | None:
    """The rate as a regional output may show it: next to a count that suppression hides
    (1 to 4), the rate would give that count away, so it stays empty too."""
    if regional and any(0 < count < SMALL_CELL for count in counts):
        return None
    return rate(part, whole)


def percent_shown(fraction: float | None) -> str:
    """A fraction as the reports print it (0.80158... -> "80,2 %"), or a dash for none: for
    chart labels and subtitles, which have no column to format them."""
    return "—" if fraction is None else pdf.percent(fraction)
