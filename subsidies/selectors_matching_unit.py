"""Reads for the matching unit's own subsidy, and the one place that decides who sees which of
its rows (web pages, API and the budget figures all ask here).

``unit_scope`` is the rule: users whose roles give ``Perm.SUBSIDIES_SCOPE_ALL`` (municipal roles)
read all of the municipality's rows; everyone else reads the rows of the matching units they
work for here (a company's users: none). A matching unit sees its decisions once they are
approved, as a company does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from participatie.choices import OrganisationKind
from participatie.models import Municipality, Organisation
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from subsidies.choices import DecisionStatus, MatchingUnitCostStatus
from subsidies.models import (
    MatchingUnitApplication,
    MatchingUnitCost,
    MatchingUnitDecision,
    MatchingUnitPayment,
    MunicipalBudget,
)

ZERO = Decimal("0.00")
IN_FORCE = (DecisionStatus.APPROVED, DecisionStatus.SENT)
# A matching unit sees its decisions once the municipality has approved them.
DECISIONS_VISIBLE_TO_UNITS = IN_FORCE


def unit_scope(access: Access) -> frozenset[int] | None:
    """Whose rows the user reads: ``None`` (all of the municipality's) or the ids of the
    matching units the user works for here (possibly none)."""
    if access.has(Perm.SUBSIDIES_SCOPE_ALL):
        return None
    return access.matching_unit_ids


def _own(rows: QuerySet, unit_ids: frozenset[int] | None, field: str) -> QuerySet:
    if unit_ids is None:
        return rows
    return rows.filter(**{f"{field}__in": unit_ids})


# -- which matching units -------------------------------------------------------------------------


def units_of(access: Access) -> list[Organisation]:
    """The matching units the user works for here, by name (from the request's memberships,
    no query; the tenancy middleware let only those that serve this municipality through)."""
    unit_ids = access.matching_unit_ids
    units = {
        m.organisation_id: m.organisation
        for m in access.memberships
        if m.organisation_id in unit_ids and m.organisation.kind == OrganisationKind.MATCHING_UNIT
    }
    return sorted(units.values(), key=lambda unit: unit.name)


def units_serving(municipality: Municipality) -> QuerySet[Organisation]:
    """The matching units that serve the municipality (its ServiceArea rows), by name."""
    return Organisation.objects.filter(
        kind=OrganisationKind.MATCHING_UNIT, service_areas__municipality=municipality
    ).order_by("name")


def units_to_record_for(access: Access) -> list[Organisation]:
    """For whom the user records realised cost: a matching unit's staff for their own unit,
    an account holder for any matching unit that serves the municipality."""
    if unit_scope(access) is None:
        return list(units_serving(access.municipality))  # type: ignore[arg-type]
    return units_of(access)


# -- applications, decisions, costs --------------------------------------------------------------


def applications_visible_to(access: Access) -> QuerySet[MatchingUnitApplication]:
    """The municipality's matching-unit applications (a unit's staff: their own unit's), each
    with the id and status of its decision (``decision_id``, ``decision_status``)."""
    decision = MatchingUnitDecision.objects.filter(
        municipality=access.municipality, application=OuterRef("pk")
    ).order_by("-id")
    rows = (
        MatchingUnitApplication.objects.filter(municipality=access.municipality)
        .select_related("matching_unit")
        .annotate(
            decision_id=Subquery(decision.values("id")[:1]),
            decision_status=Subquery(decision.values("status")[:1]),
        )
        .order_by("-year", "matching_unit__name", "-id")
    )
    return _own(rows, unit_scope(access), "matching_unit_id")


def decisions_visible_to(access: Access) -> QuerySet[MatchingUnitDecision]:
    """All of the municipality's matching-unit decisions for its officers; for a unit's staff
    only their own approved or sent ones. With their payments (one query more)."""
    rows = (
        MatchingUnitDecision.objects.filter(municipality=access.municipality)
        .select_related("application__matching_unit", "drafted_by", "approved_by")
        .prefetch_related(
            Prefetch(
                "payments",
                queryset=MatchingUnitPayment.objects.filter(
                    municipality=access.municipality
                ).order_by("quarter", "id"),
            )
        )
        .order_by("-year", "application__matching_unit__name", "-id")
    )
    unit_ids = unit_scope(access)
    if unit_ids is None:
        return rows
    return rows.filter(
        application__matching_unit_id__in=unit_ids, status__in=DECISIONS_VISIBLE_TO_UNITS
    )


def costs_visible_to(access: Access) -> QuerySet[MatchingUnitCost]:
    """The realised quarter costs of the municipality's matching units (a unit's staff:
    their own unit's)."""
    rows = (
        MatchingUnitCost.objects.filter(municipality=access.municipality)
        .select_related("matching_unit", "recorded_by", "approved_by")
        .order_by("-year", "matching_unit__name", "quarter")
    )
    return _own(rows, unit_scope(access), "matching_unit_id")


# -- figures for the budget ----------------------------------------------------------------------


def granted_per_municipality(municipality_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    """Per municipality: what its matching-unit decisions in force grant for ``year`` (each
    decision grants on its own application, so they add up). One query."""
    return dict(
        MatchingUnitDecision.objects.filter(
            municipality_id__in=list(municipality_ids), year=year, status__in=IN_FORCE
        )
        .values("municipality_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("municipality_id", "total")
    )


def realised_per_municipality(municipality_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    """Per municipality: the approved realised quarter costs of its matching units in
    ``year``. One query."""
    return dict(
        MatchingUnitCost.objects.filter(
            municipality_id__in=list(municipality_ids),
            year=year,
            status=MatchingUnitCostStatus.APPROVED,
        )
        .values("municipality_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("municipality_id", "total")
    )


def planned_cost(municipality: Municipality, year: int) -> Decimal:
    """The matching-unit cost planned on the year's budget (0 without a budget)."""
    planned = (
        MunicipalBudget.objects.filter(municipality=municipality, year=year)
        .values_list("matching_unit_cost", flat=True)
        .first()
    )
    return ZERO if planned is None else planned


def committed_cost(municipality_id: int, year: int, planned: Decimal) -> Decimal:
    """What the budget reserves for the matching units before companies are granted
    anything: their decisions in force, or while there is none, the planned cost."""
    granted = granted_per_municipality([municipality_id], year).get(municipality_id)
    return planned if granted is None else granted


@dataclass(frozen=True)
class UnitYear:
    """One year of the matching units' subsidy in one municipality (for the overview page)."""

    year: int
    requested: Decimal
    granted: Decimal
    realised: Decimal
    recorded: Decimal  # recorded but not yet approved
    paid: Decimal


def unit_year(access: Access, year: int) -> UnitYear:
    """The figures of ``year`` over the rows the user may see (four aggregate queries)."""
    applications = applications_visible_to(access).filter(year=year).order_by()
    decisions = decisions_visible_to(access).filter(year=year).order_by()
    costs = costs_visible_to(access).filter(year=year).order_by()
    in_force = decisions.filter(status__in=IN_FORCE)
    payments = MatchingUnitPayment.objects.filter(
        municipality=access.municipality, decision__in=in_force.values("pk")
    )
    approved = Q(status=MatchingUnitCostStatus.APPROVED)
    cost_sums = costs.aggregate(
        realised=Sum("amount", filter=approved), recorded=Sum("amount", filter=~approved)
    )
    return UnitYear(
        year=year,
        requested=applications.aggregate(total=Sum("amount"))["total"] or ZERO,
        granted=in_force.aggregate(total=Sum("amount"))["total"] or ZERO,
        realised=cost_sums["realised"] or ZERO,
        recorded=cost_sums["recorded"] or ZERO,
        paid=payments.aggregate(total=Sum("amount"))["total"] or ZERO,
    )
