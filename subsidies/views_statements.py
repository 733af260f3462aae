"""Quarter statements in the browser: the account holder's queue, the statements of a quarter,
and one statement with its lines and the attendance behind them, with the buttons the user's
role allows (confirm for the company's administrator; approve and correct for an account
holder). LWB users see only their own company's statements; another municipality's is 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.api.permissions import organisation_ids
from participatie.choices import LWB_ROLES, MUNICIPAL_ROLES, AttendanceStatus, Role
from participatie.models import Attendance
from participatie.web import roles_required
from subsidies import calculations
from subsidies.choices import StatementStatus
from subsidies.models import QuarterStatement, StatementLine
from subsidies.selectors import company_scope
from subsidies.services import statements as services

READERS = (*MUNICIPAL_ROLES, *LWB_ROLES)
ABSENT = [AttendanceStatus.SICK, AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED]


def visible_statements(request: HttpRequest) -> QuerySet[QuarterStatement]:
    """This municipality's statements; for company users only their own companies'."""
    statements = QuarterStatement.objects.filter(
        municipality=request.municipality  # type: ignore[attr-defined]
    ).select_related("enrolment__organisation", "corrects")
    company_ids = company_scope(request)
    if company_ids is not None:
        statements = statements.filter(enrolment__organisation_id__in=company_ids)
    return statements


def _int(value: str | None, default: int | None, low: int, high: int) -> int | None:
    try:
        number = int(value) if value not in (None, "") else default
    except ValueError:
        return default
    if number is None or not low <= number <= high:
        return default
    return number


@roles_required(*MUNICIPAL_ROLES)
def queue(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    """Statements waiting for the account holder (confirmed) and for the companies (draft)."""
    statements = visible_statements(request).order_by(
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
            "can_approve": Role.ACCOUNT_HOLDER in request.roles,  # type: ignore[attr-defined]
        },
    )


@roles_required(*READERS)
def statement_list(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    today = timezone.localdate()
    year = _int(request.GET.get("jaar"), today.year, 2000, 2100)
    quarter = _int(request.GET.get("kwartaal"), None, 1, 4)
    statements = visible_statements(request).filter(year=year)
    if quarter:
        statements = statements.filter(quarter=quarter)
    statements = statements.order_by("-quarter", "enrolment__organisation__name", "id")
    totals = statements.aggregate(total=Sum("total"), n=Count("id"))
    return render(
        request,
        "subsidies/statements/list.html",
        {
            "statements": statements,
            "year": year,
            "quarter": quarter,
            "quarters": [1, 2, 3, 4],
            "totals": totals,
        },
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


@roles_required(*READERS)
def statement_detail(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    statement = get_object_or_404(visible_statements(request), pk=pk)
    lines = list(
        StatementLine.objects.filter(municipality_id=statement.municipality_id, statement=statement)
        .select_related("step", "placement__participant")
        .order_by("placement_id", "date_from")
    )
    attendance = _attendance_by_placement(statement, {line.placement_id for line in lines})
    rows = [{"line": line, "attendance": attendance.get(line.placement_id)} for line in lines]
    roles = request.roles  # type: ignore[attr-defined]
    is_own_admin = statement.enrolment.organisation_id in organisation_ids(
        request, {Role.LWB_ADMIN}
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
            "due": services.confirmation_due(statement),
            "can_confirm": is_own_admin and statement.status == StatementStatus.DRAFT,
            "can_approve": Role.ACCOUNT_HOLDER in roles
            and statement.status == StatementStatus.CONFIRMED,
            "can_correct": Role.ACCOUNT_HOLDER in roles
            and statement.status == StatementStatus.APPROVED
            and statement.corrects_id is None,
        },
    )


def _action(request: HttpRequest, pk: int, perform: Any, success: str) -> HttpResponse:
    # Look the object up first: another municipality's (or company's) statement is 404 for
    # every method, never 405.
    statement = get_object_or_404(visible_statements(request), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    slug = request.municipality.slug  # type: ignore[attr-defined]
    try:
        result = perform(statement)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("subsidies:statement-detail", slug, statement.pk)
    messages.success(request, success)
    return redirect("subsidies:statement-detail", slug, result.pk)


@roles_required(Role.LWB_ADMIN)
def statement_confirm(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda s: services.statement_confirm(statement=s, actor=request.user),
        _("De declaratie is bevestigd."),
    )


@roles_required(Role.ACCOUNT_HOLDER)
def statement_approve(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda s: services.statement_approve(statement=s, actor=request.user),
        _("De declaratie is goedgekeurd."),
    )


@roles_required(Role.ACCOUNT_HOLDER)
def statement_correct(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda s: services.statement_correct(statement=s, actor=request.user),
        _("De correctie is berekend en staat klaar voor bevestiging door het leerwerkbedrijf."),
    )
