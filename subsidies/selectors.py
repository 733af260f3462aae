"""Reads for subsidies, and the one place that decides whose money rows a user sees.

Web pages and API views ask the ``*_visible_to(access)`` selectors; they never filter by role
themselves. ``company_scope`` is the rule underneath: the whole municipality for users whose
roles give ``Perm.SUBSIDIES_SCOPE_ALL`` (municipal roles, platform administrators), otherwise
the learning-work companies the user works for. A matching-unit role alone opens no money.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from participatie.models import Enrolment, Municipality
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm, roles_with
from subsidies.choices import DecisionStatus
from subsidies.models import (
    ApplicationLine,
    CustomBudgetExpense,
    DecisionLine,
    Determination,
    QuarterStatement,
    StatementLine,
    StepTariff,
    SubsidyApplication,
    SubsidyDecision,
    Tariff,
)

# Companies see their decisions once the municipality has approved them.
DECISIONS_VISIBLE_TO_COMPANIES = (DecisionStatus.APPROVED, DecisionStatus.SENT)


def company_scope(access: Access) -> frozenset[int] | None:
    """Whose subsidy rows the user reads: ``None`` (all of the municipality's) or the ids of
    the user's own learning-work companies (possibly none)."""
    if access.has(Perm.SUBSIDIES_SCOPE_ALL):
        return None
    return access.company_ids


def company_ids_with(access: Access, permission: Perm) -> frozenset[int]:
    """The companies for which the user holds a role that gives ``permission`` (e.g. the
    companies whose statements the user may confirm)."""
    return access.organisation_ids(roles_with(permission))


def _own(rows: QuerySet, company_ids: frozenset[int] | None) -> QuerySet:
    if company_ids is None:
        return rows
    return rows.filter(enrolment__organisation_id__in=company_ids)


# -- custom budget -------------------------------------------------------------------------------


def custom_budget_expenses_visible_to(access: Access) -> QuerySet[CustomBudgetExpense]:
    """The municipality's custom-budget expenses for who reads its budget (its officers);
    none for anyone else (companies and matching units have no part in it)."""
    rows = CustomBudgetExpense.objects.filter(municipality=access.municipality)
    return rows if access.has(Perm.BUDGETS_VIEW) else rows.none()


# -- tariffs -------------------------------------------------------------------------------------


def tariffs_of(municipality: Municipality | None) -> QuerySet[Tariff]:
    """The municipality's tariffs per year with their step amounts (open to every money reader)."""
    return (
        Tariff.objects.filter(municipality=municipality)
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=StepTariff.objects.filter(municipality=municipality)
                .select_related("step")
                .order_by("effective_from", "step__position"),
            )
        )
        .order_by("-year")
    )


def second_place_max_days(municipality_id: int, year: int) -> int | None:
    """The year setting "maximum length of a second place" (days), or None without tariffs
    for the year; the placement rules ask through ``register_second_place_limit``."""
    return (
        Tariff.objects.filter(municipality_id=municipality_id, year=year)
        .values_list("dual_placement_max_days", flat=True)
        .first()
    )


def step_amounts_in_force(tariff: Tariff, on: date) -> dict[str, Decimal]:
    """The annual amount per step code of ``tariff``'s version in force on ``on`` (a day
    outside the tariff's year counts as its first or last day): one query."""
    day = min(max(on, date(tariff.year, 1, 1)), date(tariff.year, 12, 31))
    amounts: dict[str, Decimal] = {}
    rows = (
        StepTariff.objects.filter(
            municipality_id=tariff.municipality_id, tariff=tariff, effective_from__lte=day
        )
        .order_by("effective_from")
        .values_list("step__code", "annual_amount")
    )
    for code, amount in rows:  # later versions overwrite earlier ones
        amounts[code] = amount
    return amounts


# -- quarter statements --------------------------------------------------------------------------


def _statement_lines(municipality: Municipality | None) -> Prefetch:
    return Prefetch(
        "lines",
        queryset=StatementLine.objects.filter(municipality=municipality)
        .select_related("step")
        .order_by("placement_id", "date_from"),
    )


def statements_visible_to(
    access: Access, *, with_lines: bool = False
) -> QuerySet[QuarterStatement]:
    """The municipality's quarter statements; for a company's users only their own companies'."""
    rows = QuarterStatement.objects.filter(municipality=access.municipality).select_related(
        "enrolment__organisation", "corrects"
    )
    if with_lines:
        rows = rows.prefetch_related(_statement_lines(access.municipality))
    return _own(rows, company_scope(access))


def quarter_statements(
    *, municipality: Municipality, year: int, quarter: int
) -> QuerySet[QuarterStatement]:
    """All statements of one quarter (for the operator's settlement command, no user)."""
    return (
        QuarterStatement.objects.filter(municipality=municipality, year=year, quarter=quarter)
        .select_related("enrolment__organisation")
        .prefetch_related(_statement_lines(municipality))
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


# -- applications and decisions ------------------------------------------------------------------


def applications_visible_to(access: Access) -> QuerySet[SubsidyApplication]:
    """The municipality's applications; for a company's users only their own companies'."""
    rows = (
        SubsidyApplication.objects.filter(municipality=access.municipality)
        .select_related("enrolment__organisation")
        .prefetch_related(
            Prefetch("lines", queryset=ApplicationLine.objects.select_related("step"))
        )
        .order_by("-year", "enrolment__organisation__name", "-id")
    )
    return _own(rows, company_scope(access))


def enrolments_to_apply_for(access: Access) -> QuerySet[Enrolment]:
    """The enrolments of the companies for which the user may apply for a subsidy."""
    return (
        Enrolment.objects.filter(
            municipality=access.municipality,
            organisation_id__in=company_ids_with(access, Perm.SUBSIDIES_APPLY),
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )


def decisions_visible_to(access: Access) -> QuerySet[SubsidyDecision]:
    """All of the municipality's decisions for its officers; for a company's users only their
    own approved or sent ones."""
    rows = (
        SubsidyDecision.objects.filter(municipality=access.municipality)
        .select_related("enrolment__organisation", "drafted_by", "changed_by", "approved_by")
        .prefetch_related(Prefetch("lines", queryset=DecisionLine.objects.select_related("step")))
        .order_by("-year", "enrolment__organisation__name", "-id")
    )
    company_ids = company_scope(access)
    if company_ids is None:
        return rows
    return rows.filter(
        enrolment__organisation_id__in=company_ids, status__in=DECISIONS_VISIBLE_TO_COMPANIES
    )


# -- determinations ------------------------------------------------------------------------------


def determinations_visible_to(
    access: Access, *, unapproved_for_companies: bool = False
) -> QuerySet[Determination]:
    """The municipality's determinations; for a company's users only their own approved ones.

    ``unapproved_for_companies`` keeps what the API has always answered: a company's own
    determinations before approval too (the pages never showed those).
    """
    rows = (
        Determination.objects.filter(municipality=access.municipality)
        .select_related("enrolment__organisation", "prepared_by", "approved_by")
        .order_by("-year", "enrolment__organisation__name", "id")
    )
    company_ids = company_scope(access)
    if company_ids is None:
        return rows
    rows = rows.filter(enrolment__organisation_id__in=company_ids)
    return rows if unapproved_for_companies else rows.filter(approved_at__isnull=False)
