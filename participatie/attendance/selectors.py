"""Reads about attendance: the weekly grid, the matching unit's month overview (counted in SQL)
and the list the API pages through. Everything goes through the municipality."""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from django.core.paginator import Page
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from participatie.attendance.choices import ATTENDANCE_LETTERS, AttendanceStatus
from participatie.attendance.services import locked_until, week_days
from participatie.enrolments.choices import EnrolmentStatus
from participatie.kernel.paging import CountedPaginator
from participatie.kernel.periods import active_on, overlapping
from participatie.models import (
    Attendance,
    AttendanceCheck,
    AttendanceCorrection,
    Enrolment,
    Municipality,
    Placement,
)
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_LETTER_OF = {status: letter for letter, status in ATTENDANCE_LETTERS.items()}
_LETTER_BY_VALUE: dict[str, str] = {str(status): letter for status, letter in _LETTER_OF.items()}


def parse_week(value: str | None, today: datetime.date) -> datetime.date:
    """The Monday of an ISO week written as ``2022-W10``; this week when missing or invalid."""
    match = _WEEK.match(value or "")
    if match:
        try:
            return datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
    return today - datetime.timedelta(days=today.weekday())


def week_label(monday: datetime.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    """The first day of a month written as ``2022-03``; this month when missing or invalid."""
    match = _MONTH.match(value or "")
    if match and 1 <= int(match[2]) <= 12 and 1900 < int(match[1]) < 3000:
        return datetime.date(int(match[1]), int(match[2]), 1)
    return today.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def shift_month(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def company_filter(access: Access) -> frozenset[int] | None:
    """Whose placements' attendance a user works on: ``None`` (the whole municipality) for those
    who see every placement, otherwise the user's own companies. The same split as
    ``placements.selectors.placements_visible_to``, in the form the queries below take."""
    return None if access.has(Perm.PLACEMENTS_VIEW_ALL) else access.company_ids


# -- the weekly grid ----------------------------------------------------------------------------


GRID_PAGE_SIZE = 100


@dataclass
class Cell:
    placement_id: int
    day: datetime.date
    status: str = ""
    hours: Decimal | None = None
    editable: bool = False
    locked: bool = False
    checked: bool = False
    error: str = ""
    label: str = ""  # the select's accessible name: participant and day
    url: str = ""  # where a changed select posts (htmx)
    show_checked: bool = False  # say "gecontroleerd": only to who could otherwise change it

    @property
    def name(self) -> str:
        return f"c-{self.placement_id}-{self.day.isoformat()}"

    @property
    def html(self) -> SafeString:
        """The whole ``<td>``, built here instead of in the template: a page holds 700 cells,
        and the template language spends about ten times as long on each (issue 18)."""
        if self.editable:
            day = self.day.isoformat()
            content = format_html(
                '<select class="utrecht-select utrecht-select--html-select grid-select" '
                'name="{name}" id="{name}" aria-label="{label}"{invalid} data-day="{day}" '
                'hx-post="{url}" hx-trigger="change" hx-target="#s-{name}" hx-swap="innerHTML" '
                'hx-params="{name},day" hx-vals=\'{{"day": "{day}"}}\'>{options}</select>',
                name=self.name,
                label=self.label,
                invalid=format_html(' aria-invalid="true" aria-describedby="s-{}"', self.name)
                if self.error
                else "",
                day=day,
                url=self.url,
                options=self.options,
            )
        else:
            value = (
                format_html('<abbr title="{}">{}</abbr>', self.status_label, self.letter)
                if self.status
                else mark_safe('<span aria-hidden="true">·</span>')
            )
            note = (
                _("vergrendeld")
                if self.locked
                else _("gecontroleerd")
                if self.checked and self.show_checked
                else ""
            )
            content = format_html(
                '<span class="grid-value">{}{}</span>',
                value,
                format_html(' <span class="grid-note">{}</span>', note) if note else "",
            )
        state = (
            format_html(
                '<span class="cell-state cell-state--error">{} {}</span>',
                _("Niet opgeslagen:"),
                self.error,
            )
            if self.error
            else ""
        )
        return format_html(
            '<td class="utrecht-table__cell grid-cell{}">{}\n'
            '<span id="s-{}" class="cell-state-slot" role="status">{}</span></td>',
            " grid-cell--error" if self.error else "",
            content,
            self.name,
            state,
        )

    @property
    def letter(self) -> str:
        return _LETTER_BY_VALUE.get(self.status, "").upper()

    @property
    def status_label(self) -> str:
        return str(AttendanceStatus(self.status).label) if self.status else ""

    @property
    def options(self) -> str:
        """The select's options with this cell's status chosen, rendered once per status."""
        return _options_html()[self.status if self.status in _LETTER_BY_VALUE else ""]


@functools.cache
def _options_cache(language: str) -> dict[str, SafeString]:
    variants = {}
    for chosen in ["", *_LETTER_BY_VALUE]:
        variants[chosen] = format_html(
            '<option value=""{}>—</option>{}',
            mark_safe(" selected") if not chosen else "",
            format_html_join(
                "",
                '<option value="{}"{}>{} {}</option>',
                (
                    (
                        status,
                        mark_safe(" selected") if status == chosen else "",
                        letter.upper(),
                        AttendanceStatus(status).label,
                    )
                    for letter, status in ATTENDANCE_LETTERS.items()
                ),
            ),
        )
    return variants


def _options_html() -> dict[str, SafeString]:
    return _options_cache(translation.get_language() or "")


@dataclass
class GridRow:
    """One placement's week, with what the page shows of it already worked out: the grid is
    rendered without a lookup, an include or a model per cell."""

    placement_id: int
    participant: str
    company: str
    cell_url: str = ""
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Grid:
    week_start: datetime.date
    days: list[datetime.date]
    rows: list[GridRow]
    locked_until: datetime.date | None
    any_editable: bool
    page: Page | None = None
    # Over the whole filtered set, not the page: participants, days per status, and how many of
    # them need attention.
    total: int = 0
    status_totals: dict[str, int] = field(default_factory=dict)
    needing_attention: int = 0
    companies: list[tuple[int, str]] = field(default_factory=list)


def grid_placements(
    *,
    municipality: Municipality,
    organisation_ids: Iterable[int] | None,
    start: datetime.date,
    end: datetime.date,
) -> QuerySet[Placement]:
    """Placements active at some day of [start, end]; only the given organisations' ones when
    ``organisation_ids`` is not ``None`` (a learning-work company's own)."""
    queryset = Placement.objects.filter(municipality=municipality).overlapping(start, end)
    if organisation_ids is not None:
        queryset = queryset.filter(enrolment__organisation_id__in=list(organisation_ids))
    return queryset.select_related("participant", "enrolment__organisation").order_by(
        "enrolment__organisation__name", "participant__last_name", "participant__first_name", "pk"
    )


def needs_attention(days: Iterable[datetime.date], today: datetime.date) -> Q:
    """Placements with a working day of ``days`` up to ``today``, inside the placement, and
    nothing filled in for it: what the company still has to do (and the consultant follows)."""
    condition = Q(pk__in=[])
    for day in days:
        if day.weekday() >= 5 or day > today:
            continue
        condition |= Q(
            active_on(day),
            ~Exists(
                Attendance.objects.filter(
                    municipality_id=OuterRef("municipality_id"),
                    placement_id=OuterRef("pk"),
                    day=day,
                )
            ),
        )
    return condition


_ROW_FIELDS = (
    "pk",
    "start_date",
    "end_date",
    "enrolment_id",
    "participant__first_name",
    "participant__last_name",
    "enrolment__organisation__name",
)


def week_grid(
    *,
    placements: QuerySet[Placement],
    municipality: Municipality,
    week_start: datetime.date,
    today: datetime.date,
    can_edit: bool,
    organisation_id: int | None = None,
    attention_only: bool = False,
    page_number: str | None = None,
    cell_url: Callable[[int], str] | None = None,
    page_size: int = GRID_PAGE_SIZE,
    list_companies: bool = True,
) -> Grid:
    """One page (at most ``page_size`` rows) of the visible placements x Monday-Sunday, with
    what is stored; filtered by company and by "needs attention"; the totals over the whole
    filtered set. A constant number of queries whatever the size."""
    days = week_days(week_start)
    in_week = placements.filter(overlapping(days[0], days[-1]), municipality=municipality)
    companies = (
        [
            (pk, name)
            for pk, name in in_week.values_list(
                "enrolment__organisation_id", "enrolment__organisation__name"
            )
            .distinct()
            .order_by("enrolment__organisation__name", "enrolment__organisation_id")
        ]
        if list_companies
        else []
    )
    filtered = in_week
    if organisation_id is not None:
        filtered = filtered.filter(enrolment__organisation_id=organisation_id)
    attention = needs_attention(days, today)
    # Every total in one aggregate (the week's attendance joined through a filtered relation, so
    # only those seven days); the paginator is given the count instead of asking again.
    week_rows = FilteredRelation(
        "attendance", condition=Q(attendance__day__gte=days[0], attendance__day__lte=days[-1])
    )
    counted = filtered.alias(week_rows=week_rows).aggregate(
        total=Count("pk", distinct=True),
        needing=Count("pk", distinct=True, filter=attention),
        **{
            f"n_{status}": Count("week_rows", filter=Q(week_rows__status=status))
            for status in AttendanceStatus.values
        },
    )
    if attention_only:
        filtered = filtered.filter(attention)
    ordered = filtered.order_by(
        "enrolment__organisation__name", "participant__last_name", "participant__first_name", "pk"
    ).values(*_ROW_FIELDS)
    total = counted["needing"] if attention_only else counted["total"]
    page = CountedPaginator(ordered, page_size, count=total).get_page(page_number)
    placed = list(page.object_list)
    status_totals = {status: counted[f"n_{status}"] for status in AttendanceStatus.values}
    stored = {
        (pid, day): (status, hours)
        for pid, day, status, hours in Attendance.objects.filter(
            municipality=municipality,
            placement_id__in=[p["pk"] for p in placed],
            day__gte=days[0],
            day__lte=days[-1],
        ).values_list("placement_id", "day", "status", "hours")
    }
    lock = locked_until(municipality.pk)
    checked = set(
        AttendanceCheck.objects.filter(
            municipality=municipality,
            enrolment_id__in={p["enrolment_id"] for p in placed},
            month__gte=days[0].replace(day=1),
            month__lte=days[-1],
        ).values_list("enrolment_id", "month")
    )
    day_names = [date_format(day, "l j F") for day in days]
    rows = []
    any_editable = False
    for placement in placed:
        pk, start, end = placement["pk"], placement["start_date"], placement["end_date"]
        name = f"{placement['participant__first_name']} {placement['participant__last_name']}"
        row = GridRow(
            pk,
            name.strip(),
            placement["enrolment__organisation__name"],
            cell_url(pk) if cell_url else "",
        )
        for day, day_name in zip(days, day_names, strict=True):
            status, hours = stored.get((pk, day), ("", None))
            in_period = start <= day and (end is None or day <= end)
            cell = Cell(
                pk,
                day,
                status,
                hours,
                label=f"{row.participant}, {day_name}",
                url=row.cell_url,
                show_checked=can_edit,
            )
            if in_period:
                cell.locked = lock is not None and day <= lock
                cell.checked = (placement["enrolment_id"], day.replace(day=1)) in checked
                # A checked month needs a reason for a change: that goes through the API or
                # the matching unit, not the one-keystroke grid.
                cell.editable = can_edit and day <= today and not cell.locked and not cell.checked
                any_editable = any_editable or cell.editable
            row.cells.append(cell)
        rows.append(row)
    return Grid(
        week_start,
        days,
        rows,
        lock,
        any_editable,
        page=page,
        total=total,
        status_totals=status_totals,
        needing_attention=counted["needing"],
        companies=companies,
    )


def visible_placement(
    *, municipality: Municipality, organisation_ids: Iterable[int] | None, pk: int
) -> Placement:
    queryset = Placement.objects.filter(municipality=municipality, pk=pk)
    if organisation_ids is not None:
        queryset = queryset.filter(enrolment__organisation_id__in=list(organisation_ids))
    placement = queryset.select_related("participant").first()
    if placement is None:
        raise Http404(_("Deze plaatsing bestaat niet of u heeft er geen toegang toe."))
    return placement


def stored_value(placement: Placement, day: datetime.date) -> tuple[str, Decimal | None] | None:
    found = (
        Attendance.objects.filter(
            municipality_id=placement.municipality_id, placement=placement, day=day
        )
        .values_list("status", "hours")
        .first()
    )
    return found


# -- the matching unit's month overview ---------------------------------------------------------


def _status_counts(prefix: str, first: datetime.date, last: datetime.date) -> dict[str, Count]:
    in_month = Q(**{f"{prefix}day__gte": first, f"{prefix}day__lte": last})
    return {
        f"n_{status}": Count(f"{prefix}id", filter=in_month & Q(**{f"{prefix}status": status}))
        for status in AttendanceStatus.values
    } | {"n_total": Count(f"{prefix}id", filter=in_month)}


def month_overview(*, municipality: Municipality, month: datetime.date) -> QuerySet[Enrolment]:
    """Every company of the municipality with its attendance counts per status in ``month``
    and whether the month was checked: one grouped query."""
    first, last = month, month_end(month)
    return (
        Enrolment.objects.filter(municipality=municipality)
        .filter(
            Q(status=EnrolmentStatus.ACTIVE)
            | Exists(Placement.objects.filter(enrolment=OuterRef("pk")).overlapping(first, last))
        )
        .select_related("organisation")
        .annotate(
            **_status_counts("placements__attendance__", first, last),
            checked=Exists(
                AttendanceCheck.objects.filter(
                    municipality=municipality, enrolment=OuterRef("pk"), month=first
                )
            ),
        )
        .order_by("organisation__name", "pk")
    )


def enrolment_get(*, municipality: Municipality, pk: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.filter(municipality=municipality, pk=pk)
        .select_related("organisation")
        .first()
    )
    if enrolment is None:
        raise Http404(_("Dit leerwerkbedrijf bestaat niet in deze gemeente."))
    return enrolment


class CompanyMonth(TypedDict):
    placements: list[Placement]
    days: list[datetime.date]
    check: AttendanceCheck | None
    corrections: list[AttendanceCorrection]


def company_month(
    *, municipality: Municipality, enrolment: Enrolment, month: datetime.date
) -> CompanyMonth:
    """One company's month: per placement the counts per status and each day's letter."""
    first, last = month, month_end(month)
    placements = list(
        Placement.objects.filter(municipality=municipality, enrolment=enrolment)
        .overlapping(first, last)
        .select_related("participant")
        .annotate(**_status_counts("attendance__", first, last))
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    stored = {
        (pid, day): status
        for pid, day, status in Attendance.objects.filter(
            municipality=municipality,
            placement_id__in=[p.pk for p in placements],
            day__gte=first,
            day__lte=last,
        ).values_list("placement_id", "day", "status")
    }
    for placement in placements:
        placement.month_cells = [
            _LETTER_OF.get(stored.get((placement.pk, day), ""), "") for day in days
        ]
    check = (
        AttendanceCheck.objects.filter(municipality=municipality, enrolment=enrolment, month=first)
        .select_related("checked_by")
        .first()
    )
    corrections = list(
        AttendanceCorrection.objects.filter(
            municipality=municipality,
            attendance__placement__enrolment=enrolment,
            attendance__day__gte=first,
            attendance__day__lte=last,
        ).select_related("attendance__placement__participant", "corrected_by")[:100]
    )
    return {
        "placements": placements,
        "days": days,
        "check": check,
        "corrections": corrections,
    }


# -- the API list -------------------------------------------------------------------------------


def attendance_list(
    *,
    municipality: Municipality,
    organisation_ids: Iterable[int] | None,
    placement_id: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Attendance]:
    queryset = Attendance.objects.filter(municipality=municipality)
    if organisation_ids is not None:
        queryset = queryset.filter(placement__enrolment__organisation_id__in=list(organisation_ids))
    if placement_id is not None:
        queryset = queryset.filter(placement_id=placement_id)
    if start is not None:
        queryset = queryset.filter(day__gte=start)
    if end is not None:
        queryset = queryset.filter(day__lte=end)
    return queryset.order_by("placement_id", "day")
