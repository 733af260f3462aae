"""Attendance pages: the weekly grid (learning-work company; consultants read along), its cell
endpoint for htmx, the week actions, the account holder's period lock and the matching unit's
monthly check.

A company user sees and writes only placements at their own company: another company's
placement is a 404, like one of another municipality. The permission check comes before any
lookup; which placements count is ``selectors.company_filter``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from participatie.attendance import selectors, services
from participatie.attendance.choices import ATTENDANCE_LETTERS, AttendanceStatus
from participatie.attendance.forms import CorrectionForm, LockForm
from participatie.kernel.web import add_service_errors
from participatie.models import AttendanceLock
from participatie.placements.selectors import placements_visible_to
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm


def _can_edit(request: TenantRequest) -> bool:
    """Companies fill in the grid; the matching unit reads along (and corrects in its check)."""
    return request.access.has(Perm.ATTENDANCE_RECORD_OWN_COMPANY)


def _grid_url(request: TenantRequest, week_start: datetime.date, **filters: str) -> str:
    base = reverse(
        "participatie:attendance:grid",
        kwargs={"municipality_slug": request.municipality.slug},
    )
    query = {"week": selectors.week_label(week_start)} | {k: v for k, v in filters.items() if v}
    return f"{base}?{urlencode(query)}"


@dataclass(frozen=True)
class GridFilters:
    """What the grid is narrowed to: a company, those who need attention, a page. Read from
    the query string (or the posted week form), kept in every link and form of the page."""

    company: int | None
    attention: bool
    page: str

    @classmethod
    def read(cls, data: QueryDict) -> GridFilters:
        raw = (data.get("bedrijf") or "").strip()
        return cls(
            company=int(raw) if raw.isdigit() else None,
            attention=data.get("aandacht") == "1",
            page=(data.get("pagina") or "").strip(),
        )

    def query(self, *, page: bool = True) -> dict[str, str]:
        found = {"bedrijf": str(self.company or ""), "aandacht": "1" if self.attention else ""}
        if page:
            found["pagina"] = self.page
        return {key: value for key, value in found.items() if value}


def _status_value(raw: str) -> str:
    """A cell's value: a status, or one of its letters (typed without JavaScript)."""
    raw = (raw or "").strip()
    return ATTENDANCE_LETTERS.get(raw.lower(), raw)


ATTENDANCE_STATUS_LABELS = dict(AttendanceStatus.choices)

# -- the weekly grid ----------------------------------------------------------------------------


def _grid(
    request: TenantRequest, week_start: datetime.date, filters: GridFilters
) -> selectors.Grid:
    slug = request.municipality.slug
    own = selectors.company_filter(request.access)  # None: every company of the municipality
    cell_base = reverse(
        "participatie:attendance:cell", kwargs={"municipality_slug": slug, "placement_pk": 0}
    )
    return selectors.week_grid(
        placements=placements_visible_to(request.access),
        municipality=request.municipality,
        week_start=week_start,
        today=timezone.localdate(),
        can_edit=_can_edit(request),
        organisation_id=filters.company,
        attention_only=filters.attention,
        page_number=filters.page,
        # One reverse() per page, not per cell: the id is the only part that changes.
        cell_url=lambda pk: cell_base.replace("/0/", f"/{pk}/"),
        list_companies=own is None or len(own) > 1,
    )


def _render_grid(
    request: TenantRequest,
    grid: selectors.Grid,
    filters: GridFilters,
    *,
    status: int = 200,
    errors: int = 0,
) -> HttpResponse:
    week = grid.week_start
    kept = filters.query(page=False)
    return render(
        request,
        "attendance/grid.html",
        {
            "grid": grid,
            "filters": filters,
            "filter_query": urlencode(kept),
            "page_query": urlencode({"week": selectors.week_label(week), **kept}),
            "status_totals": [
                (ATTENDANCE_STATUS_LABELS[key], n) for key, n in grid.status_totals.items()
            ],
            "week": selectors.week_label(week),
            "previous_week": selectors.week_label(week - datetime.timedelta(days=7)),
            "next_week": selectors.week_label(week + datetime.timedelta(days=7)),
            "this_week": selectors.week_label(selectors.parse_week(None, timezone.localdate())),
            "week_number": week.isocalendar()[1],
            "can_edit": _can_edit(request),
            "letters": ATTENDANCE_LETTERS,
            "statuses": [(letter, status) for letter, status in ATTENDANCE_LETTERS.items()],
            "error_count": errors,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.ATTENDANCE_RECORD)
def grid(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    week_start = selectors.parse_week(data.get("week"), timezone.localdate())
    filters = GridFilters.read(data)
    current = _grid(request, week_start, filters)
    if request.method == "GET":
        return _render_grid(request, current, filters)
    if not _can_edit(request):
        return HttpResponseBadRequest(_("U kunt de aanwezigheid alleen bekijken."))
    # Without JavaScript the whole week is posted at once: every filled, editable cell, with
    # the hours kept as stored. The service decides what changes (unchanged cells are no-ops).
    rows, cells = [], []
    for row in current.rows:
        for cell in row.cells:
            if not cell.editable:
                continue
            value = _status_value(request.POST.get(cell.name, ""))
            if not value:
                continue
            cell.status = value
            rows.append(
                {
                    "placement": cell.placement_id,
                    "day": cell.day,
                    "status": value,
                    "hours": cell.hours,
                }
            )
            cells.append(cell)
    try:
        result = services.attendance_bulk_upsert(
            municipality=request.municipality,
            rows=rows,
            actor=request.user,
            allowed_organisation_ids=selectors.company_filter(request.access),
        )
    except services.AttendanceRowsInvalid as invalid:
        for error in invalid.row_errors:
            if error["row"] is not None:
                cells[error["row"]].error = error["message"]
        messages.error(request, _("De week is niet opgeslagen: controleer de gemarkeerde dagen."))
        return _render_grid(request, current, filters, status=400, errors=len(invalid.row_errors))
    messages.success(
        request,
        _("De week is opgeslagen (%(new)s nieuw, %(changed)s gewijzigd).")
        % {"new": result.created, "changed": result.updated},
    )
    return redirect(_grid_url(request, week_start, **filters.query()))


def _cell_day(request: TenantRequest) -> datetime.date | None:
    raw = request.POST.get("day") if request.method == "POST" else request.GET.get("day")
    try:
        return datetime.date.fromisoformat(raw or "")
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@permission_required(Perm.ATTENDANCE_RECORD)
def cell(request: TenantRequest, municipality_slug: str, placement_pk: int) -> HttpResponse:
    """One cell of the grid: POST saves it and returns its state (htmx swaps that in); GET
    returns the stored state."""
    placement = selectors.visible_placement(
        municipality=request.municipality,
        organisation_ids=selectors.company_filter(request.access),
        pk=placement_pk,
    )
    day = _cell_day(request)
    if day is None:
        return HttpResponseBadRequest(_("Geef een dag als JJJJ-MM-DD."))
    name = f"c-{placement.pk}-{day.isoformat()}"
    context: dict[str, object] = {"name": name, "day": day, "placement": placement}
    if request.method == "GET":
        stored = selectors.stored_value(placement, day)
        context["saved"] = stored is not None
        context["status"] = stored[0] if stored else ""
        return render(request, "attendance/_cell_state.html", context)
    if not _can_edit(request):
        return HttpResponseBadRequest(_("U kunt de aanwezigheid alleen bekijken."))
    value = _status_value(request.POST.get("status") or request.POST.get(name, ""))
    stored = selectors.stored_value(placement, day)
    hours: Decimal | str | None = request.POST.get("hours")
    if hours is None:
        hours = stored[1] if stored else None
    try:
        services.attendance_record(
            placement=placement,
            day=day,
            status=value,
            hours=hours,
            actor=request.user,
        )
    except ValidationError as error:
        message = " ".join(error.messages)
        if not request.htmx:
            messages.error(request, message)
            return redirect(_grid_url(request, day - datetime.timedelta(days=day.weekday())))
        # htmx swaps only 2xx answers: the state text carries the refusal.
        context.update(saved=False, error=message, status=value)
        return render(request, "attendance/_cell_state.html", context)
    if not request.htmx:
        messages.success(request, _("Opgeslagen."))
        return redirect(_grid_url(request, day - datetime.timedelta(days=day.weekday())))
    context.update(saved=True, status=value, just_saved=True)
    return render(request, "attendance/_cell_state.html", context)


@require_POST
@permission_required(Perm.ATTENDANCE_RECORD_OWN_COMPANY)
def week_action(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """ "Iedereen aanwezig deze week" and "Kopieer vorige week"."""
    week_start = selectors.parse_week(request.POST.get("week"), timezone.localdate())
    days = services.week_days(week_start)
    # A company fills in its own week, also when the user works for the matching unit too.
    own = request.access.company_ids
    placements = list(
        selectors.grid_placements(
            municipality=request.municipality,
            organisation_ids=own,
            start=days[0],
            end=days[-1],
        )
    )
    action = request.POST.get("action")
    actions = {
        "all_present": services.attendance_week_all_present,
        "copy_previous": services.attendance_week_copy_previous,
    }
    if action not in actions:
        return HttpResponseBadRequest(_("Onbekende actie."))
    try:
        result = actions[action](
            municipality=request.municipality,
            placements=placements,
            week_start=week_start,
            actor=request.user,
            allowed_organisation_ids=own,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages[:5]))
        return redirect(_grid_url(request, week_start))
    messages.success(
        request,
        ngettext("%(count)s dag ingevuld.", "%(count)s dagen ingevuld.", result.written)
        % {"count": result.written},
    )
    if result.skipped_locked:
        messages.warning(
            request,
            ngettext(
                "%(count)s vergrendelde dag overgeslagen.",
                "%(count)s vergrendelde dagen overgeslagen.",
                result.skipped_locked,
            )
            % {"count": result.skipped_locked},
        )
    if result.skipped_other:
        messages.warning(
            request,
            ngettext(
                "%(count)s dag in een gecontroleerde maand overgeslagen.",
                "%(count)s dagen in een gecontroleerde maand overgeslagen.",
                result.skipped_other,
            )
            % {"count": result.skipped_other},
        )
    return redirect(_grid_url(request, week_start))


# -- period locks -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(Perm.ATTENDANCE_LOCK)
def lock(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality
    form = LockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_lock(
                municipality=municipality,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De aanwezigheid is vergrendeld t/m %(date)s.")
                % {"date": form.cleaned_data["until"].strftime("%d-%m-%Y")},
            )
            return redirect("participatie:attendance:lock", municipality_slug=municipality.slug)
    locks = AttendanceLock.objects.filter(municipality=municipality).select_related("created_by")[
        :20
    ]
    return render(
        request,
        "attendance/lock.html",
        {"form": form, "locks": locks, "locked_until": services.locked_until(municipality.pk)},
        status=400 if request.method == "POST" else 200,
    )


# -- the matching unit's check ------------------------------------------------------------------


def _month_context(request: TenantRequest) -> tuple[datetime.date, dict[str, str]]:
    month = selectors.parse_month(
        request.POST.get("month") or request.GET.get("month"), timezone.localdate()
    )
    return month, {
        "month_value": month.strftime("%Y-%m"),
        "previous_month": selectors.shift_month(month, -1).strftime("%Y-%m"),
        "next_month": selectors.shift_month(month, 1).strftime("%Y-%m"),
    }


@require_http_methods(["GET"])
@permission_required(Perm.ATTENDANCE_CHECK)
def check_overview(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    month, context = _month_context(request)
    companies = selectors.month_overview(
        municipality=request.municipality,
        month=month,
    )
    return render(
        request,
        "attendance/check_overview.html",
        {**context, "month": month, "companies": companies},
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.ATTENDANCE_CHECK)
def check_company(
    request: TenantRequest, municipality_slug: str, enrolment_pk: int
) -> HttpResponse:
    municipality = request.municipality
    enrolment = selectors.enrolment_get(municipality=municipality, pk=enrolment_pk)
    month, context = _month_context(request)
    here = (
        reverse(
            "participatie:attendance:check-company",
            kwargs={"municipality_slug": municipality.slug, "enrolment_pk": enrolment.pk},
        )
        + f"?month={month:%Y-%m}"
    )
    detail = selectors.company_month(municipality=municipality, enrolment=enrolment, month=month)
    correction = CorrectionForm(
        request.POST if request.POST.get("action") == "correct" else None,
        placements=detail["placements"],
        prefix="correctie",
    )
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "check":
            services.attendance_month_check(
                enrolment=enrolment,
                month=month,
                actor=request.user,
            )
            messages.success(request, _("De maand is gemarkeerd als gecontroleerd."))
            return redirect(here)
        if correction.is_valid():
            data = correction.cleaned_data
            placement = next(p for p in detail["placements"] if p.pk == data["placement"])
            try:
                services.attendance_record(
                    placement=placement,
                    day=data["day"],
                    status=data["status"],
                    hours=data["hours"],
                    actor=request.user,
                    reason=data["reason"],
                )
            except ValidationError as error:
                add_service_errors(correction, error)
            else:
                messages.success(request, _("De correctie is opgeslagen."))
                return redirect(here)
        status = 400
    return render(
        request,
        "attendance/check_company.html",
        {
            **context,
            **detail,
            "month": month,
            "enrolment": enrolment,
            "form": correction,
            "locked_until": services.locked_until(municipality.pk),
        },
        status=status,
    )
