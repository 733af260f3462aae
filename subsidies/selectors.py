"""Reads for subsidies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from participatie.api.permissions import organisation_ids
from participatie.choices import LWB_ROLES, MUNICIPAL_ROLES, Role
from participatie.models import Municipality
from subsidies.choices import DecisionStatus
from subsidies.models import (
    ApplicationLine,
    DecisionLine,
    QuarterStatement,
    StatementLine,
    SubsidyApplication,
    SubsidyDecision,
)

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request


def company_scope(request: HttpRequest | Request) -> set[int] | None:
    """Whose subsidy rows the user reads, for the web pages and the API alike: ``None`` (all of
    the municipality's) for municipal roles and platform administrators; otherwise the companies
    in which the user holds a learning-work role. A matching-unit role alone opens no money."""
    if request.roles & (MUNICIPAL_ROLES | {Role.PLATFORM_ADMIN}):  # type: ignore[union-attr]
        return None
    return organisation_ids(request, LWB_ROLES)


def quarter_statements(
    *, municipality: Municipality, year: int, quarter: int
) -> QuerySet[QuarterStatement]:
    return (
        QuarterStatement.objects.filter(municipality=municipality, year=year, quarter=quarter)
        .select_related("enrolment__organisation")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=StatementLine.objects.filter(municipality=municipality)
                .select_related("step")
                .order_by("placement_id", "date_from"),
            )
        )
        .order_by("enrolment__organisation__name", "id")
    )


def statement_as_dict(statement: QuarterStatement) -> dict[str, Any]:
    """A statement shaped like ``shared/fixtures/settlement_cases.json`` (amounts as strings)."""
    body: dict[str, Any] = {
        "id": statement.id,
        "company": statement.enrolment.organisation.name,
        "enrolment": statement.enrolment_id,
        "status": statement.status,
        "advance_model": statement.advance_model,
        "lines": [
            {
                "placement": line.placement_id,
                "step": line.step.code,
                "from": line.date_from.isoformat(),
                "to": line.date_to.isoformat(),
                "days": line.days,
                "tariff": str(line.annual_tariff),
                "amount": str(line.amount),
            }
            for line in statement.lines.all()
        ],
        "base_fee": str(statement.base_fee),
        "total": str(statement.total),
    }
    if statement.advance_model == "quarterly_80_20":
        body["payable_now"] = str(statement.payable_now)
        body["held_until_determination"] = str(statement.held)
    return body


# Companies see their decisions once the municipality has approved them.
DECISIONS_VISIBLE_TO_COMPANIES = (DecisionStatus.APPROVED, DecisionStatus.SENT)


def decisions_visible(
    *, municipality: Municipality, company_ids: set[int] | None
) -> QuerySet[SubsidyDecision]:
    """All of the municipality's decisions for its officers (``company_ids=None``); for a
    company's users only their own approved or sent ones."""
    rows = (
        SubsidyDecision.objects.filter(municipality=municipality)
        .select_related("enrolment__organisation", "drafted_by", "approved_by")
        .prefetch_related(Prefetch("lines", queryset=DecisionLine.objects.select_related("step")))
        .order_by("-year", "enrolment__organisation__name", "-id")
    )
    if company_ids is None:
        return rows
    return rows.filter(
        enrolment__organisation_id__in=company_ids, status__in=DECISIONS_VISIBLE_TO_COMPANIES
    )


def applications_visible(
    *, municipality: Municipality, company_ids: set[int] | None
) -> QuerySet[SubsidyApplication]:
    rows = (
        SubsidyApplication.objects.filter(municipality=municipality)
        .select_related("enrolment__organisation")
        .prefetch_related(
            Prefetch("lines", queryset=ApplicationLine.objects.select_related("step"))
        )
        .order_by("-year", "enrolment__organisation__name", "-id")
    )
    if company_ids is None:
        return rows
    return rows.filter(enrolment__organisation_id__in=company_ids)
