"""Quarter statements in the browser: the account holder's queue, the statements of a quarter,
and one statement with its lines and the attendance behind them, with the buttons the user's
role allows (confirm for the company's administrator; approve and correct for an account
holder). LWB users see only their own company's statements; another municipality's is 404."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.attendance.choices import AttendanceStatus
from participatie.kernel.calendar import previous_quarter
from participatie.kernel.paging import CountedPaginator
from participatie.models import Attendance
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from subsidies import calculations
from subsidies.choices import StatementStatus
from subsidies.forms_settlement import SettleForm
from subsidies.models import PaymentInstruction, QuarterStatement, StatementLine
from subsidies.selectors import company_ids_with, statements_visible_to
from subsidies.selectors_settlement import (
    RECENT_RUNS,
    settlement_runs_progress,
    settlement_runs_visible_to,
)
from subsidies.services import statements as services

STATEMENTS_PER_PAGE = 100
# What a row of the list shows: plain values, no model instance per statement.
STATEMENT_ROW_FIELDS = (
    "pk",
    "year",
    "quarter",
    "status",
    "total",
    "confirmed_late",
    "corrects_id",
    "enrolment__organisation__name",
)

ABSENT = [AttendanceStatus.SICK, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED]


def _int(value: str | None, default: int | None, low: int, high: int) -> int | None:
    try:
        number = int(value) if value not in (None, "") else default
    except ValueError:
        return default
    if number is None or not low <= number <= high:
        return default
    return number


@permission_required(Perm.SUBSIDIES_VIEW_ALL)
def queue(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """Statements waiting for the account holder (confirmed) and for the companies (draft)."""
    statements = statements_visible_to(request.access).order_by(
        "year", "quarter", "enrolment__organisation__name"
    )
    to_approve = list(statements.filter(status=StatementStatus.CONFIRMED)[:100])
    waiting = statements.filter(status=StatementStatus.DRAFT).aggregate(n=Count("id"))["n"]
    return render(
        request,
        "subsidies/statements/queue.html",
        {
            "to_approve": to_approve,
            "waiting_for_companies": waiting,
            "can_approve": request.access.has(Perm.STATEMENTS_APPROVE),
        },
    )


@permission_required(Perm.SUBSIDIES_VIEW)
def statement_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    return statement_list_page(request)


def statement_list_page(
    request: TenantRequest, *, settle_form: SettleForm | None = None, status: int = 200
) -> HttpResponse:
    """The statements of a year (or quarter); for account holders also the "Kwartaal
    afrekenen" form (by default the last quarter that has ended) and, for the municipality's
    officers, the latest settlement runs. ``settle_form`` is a form with errors to show again."""
    access = request.access
    today = timezone.localdate()
    year = _int(request.GET.get("jaar"), today.year, 2000, 2100)
    quarter = _int(request.GET.get("kwartaal"), None, 1, 4)
    in_period = statements_visible_to(access).filter(year=year)
    if quarter:
        in_period = in_period.filter(quarter=quarter)
    companies = list(
        in_period.values_list("enrolment__organisation_id", "enrolment__organisation__name")
        .distinct()
        .order_by("enrolment__organisation__name", "enrolment__organisation_id")
    )
    company = _int(request.GET.get("bedrijf"), None, 1, 2**63 - 1)
    attention = request.GET.get("aandacht") == "1"
    statements = in_period
    if company:
        statements = statements.filter(enrolment__organisation_id=company)
    if attention:  # waiting for someone: the company's confirmation or the approval
        statements = statements.exclude(status=StatementStatus.APPROVED)
    # The totals over the whole filtered set, not over the page.
    totals = statements.aggregate(total=Sum("total"), n=Count("id"))
    rows = statements.order_by("-quarter", "enrolment__organisation__name", "id").values(
        *STATEMENT_ROW_FIELDS
    )
    page = CountedPaginator(rows, STATEMENTS_PER_PAGE, count=totals["n"]).get_page(
        request.GET.get("pagina")
    )
    labels = dict(StatementStatus.choices)
    for row in page.object_list:
        row["status_label"] = labels.get(row["status"], row["status"])
    filters = {"jaar": str(year), "kwartaal": str(quarter or ""), "bedrijf": str(company or "")}
    filters["aandacht"] = "1" if attention else ""
    if settle_form is None and access.has(Perm.STATEMENTS_SETTLE):
        last_year, last_quarter = previous_quarter(today)
        settle_form = SettleForm(initial={"year": last_year, "quarter": last_quarter})
    runs = list(settlement_runs_visible_to(access)[:RECENT_RUNS])
    progress = settlement_runs_progress(runs)
    return render(
        request,
        "subsidies/statements/list.html",
        {
            "page": page,
            "year": year,
            "quarter": quarter,
            "companies": companies,
            "company": company,
            "attention": attention,
            "page_query": urlencode({key: value for key, value in filters.items() if value}),
            "quarters": [1, 2, 3, 4],
            "totals": totals,
            "settle_form": settle_form,
            "runs": [{"run": run, "progress": progress[run.pk]} for run in runs],
            "sees_runs": access.has(Perm.SUBSIDIES_VIEW_ALL),
        },
        status=status,
    )


def _attendance_by_placement(statement: QuarterStatement, placement_ids: set[int]) -> dict:
    """Per placement: present, absent and closed days in the quarter (one SQL aggregate)."""
    first, last = calculations.quarter_bounds(statement.year, statement.quarter)
    rows = (
        Attendance.objects.filter(
            municipality_id=statement.municipality_id,
            placement_id__in=placement_ids,
            day__range=(first, last),
        )
        .values("placement_id")
        .annotate(
            present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
            absent=Count("id", filter=Q(status__in=ABSENT)),
            closed=Count("id", filter=Q(status=AttendanceStatus.CLOSED)),
        )
        .order_by()
    )
    return {row["placement_id"]: row for row in rows}


@permission_required(Perm.SUBSIDIES_VIEW)
def statement_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    statement = get_object_or_404(
        statements_visible_to(request.access).select_related(
            "prepared_by", "confirmed_by", "approved_by"
        ),
        pk=pk,
    )
    lines = list(
        StatementLine.objects.filter(municipality_id=statement.municipality_id, statement=statement)
        .select_related("step", "placement__participant")
        .order_by("placement_id", "date_from")
    )
    attendance = _attendance_by_placement(statement, {line.placement_id for line in lines})
    rows = [{"line": line, "attendance": attendance.get(line.placement_id)} for line in lines]
    access = request.access
    confirms = statement.enrolment.organisation_id in company_ids_with(
        access, Perm.STATEMENTS_CONFIRM
    )
    approves = access.has(Perm.STATEMENTS_APPROVE)
    # Four eyes: the one who prepared the statement is not offered the approval.
    own_preparation = statement.prepared_by_id is not None and statement.prepared_by_id == (
        request.user.pk
    )
    corrections = list(
        QuarterStatement.objects.filter(
            municipality_id=statement.municipality_id, corrects=statement
        ).order_by("computed_at")
    )
    return render(
        request,
        "subsidies/statements/detail.html",
        {
            "statement": statement,
            "rows": rows,
            "corrections": corrections,
            "payment": PaymentInstruction.objects.filter(
                municipality_id=statement.municipality_id, statement=statement
            ).first(),
            "due": services.confirmation_due(statement),
            "can_confirm": confirms and statement.status == StatementStatus.DRAFT,
            "can_approve": approves
            and statement.status == StatementStatus.CONFIRMED
            and not own_preparation,
            "approval_note": _approval_note(statement, approves, own_preparation),
            "can_correct": approves
            and statement.status == StatementStatus.APPROVED
            and statement.corrects_id is None,
        },
    )


def _approval_note(statement: QuarterStatement, approves: bool, own_preparation: bool) -> str:
    """Why an account holder sees no approve button (empty when there is one, or when approving
    is not theirs to do at all)."""
    if not approves or statement.status == StatementStatus.APPROVED:
        return ""
    if own_preparation:
        return _(
            "U heeft deze declaratie opgesteld. Een andere accounthouder moet de declaratie "
            "goedkeuren (vier ogen)."
        )
    if statement.status == StatementStatus.DRAFT:
        return _(
            "Het leerwerkbedrijf heeft deze declaratie nog niet bevestigd. Daarna kan een "
            "accounthouder de declaratie goedkeuren."
        )
    return ""


def _action(request: TenantRequest, pk: int, perform: Any, success: str) -> HttpResponse:
    # Look the object up first: another municipality's (or company's) statement is 404 for
    # every method, never 405.
    statement = get_object_or_404(statements_visible_to(request.access), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    slug = request.municipality.slug
    try:
        result = perform(statement)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("subsidies:statement-detail", slug, statement.pk)
    messages.success(request, success)
    return redirect("subsidies:statement-detail", slug, result.pk)


@permission_required(Perm.STATEMENTS_CONFIRM)
def statement_confirm(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda s: services.statement_confirm(statement=s, actor=request.user),
        _("De declaratie is bevestigd."),
    )


@permission_required(Perm.STATEMENTS_APPROVE)
def statement_approve(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda s: services.statement_approve(statement=s, actor=request.user),
        _("De declaratie is goedgekeurd."),
    )


@permission_required(Perm.STATEMENTS_APPROVE)
def statement_correct(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda s: services.statement_correct(statement=s, actor=request.user),
        _("De correctie is berekend en staat klaar voor bevestiging door het leerwerkbedrijf."),
    )
