"""What of the matching unit's subsidy waits for an account holder ("Wat wacht op mij"): its
decisions proposed by another account holder (the drafter cannot approve), and its quarter
costs recorded by someone else. One aggregate query each, however many wait; the link opens
the overview of the earliest year with something waiting."""

from __future__ import annotations

from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from participatie.waiting import WaitingItem
from subsidies.choices import DecisionStatus, MatchingUnitCostStatus
from subsidies.models import MatchingUnitCost, MatchingUnitDecision


def _count(rows: QuerySet) -> tuple[int, int | None]:
    found = rows.order_by().aggregate(n=Count("id"), year=Min("year"))
    return found["n"], found["year"]


def matching_unit_waiting(access: Access) -> list[WaitingItem]:
    if access.user is None or access.municipality is None:
        return []
    municipality, user = access.municipality, access.user
    overview = reverse("subsidies:mu-overview", args=[municipality.slug])
    items = []
    if access.has(Perm.SUBSIDIES_DECIDE):
        count, year = _count(
            MatchingUnitDecision.objects.filter(
                municipality=municipality, status=DecisionStatus.PROPOSED
            ).exclude(drafted_by=user)
        )
        items.append(
            WaitingItem(
                key="subsidies.mu_decisions_to_approve",
                label=_("Beschikkingen matchingsunit om goed te keuren"),
                count=count,
                url=f"{overview}?jaar={year}" if year else overview,
                order=41,
            )
        )
    if access.has(Perm.STATEMENTS_APPROVE):
        count, year = _count(
            MatchingUnitCost.objects.filter(
                municipality=municipality, status=MatchingUnitCostStatus.RECORDED
            ).exclude(recorded_by=user)
        )
        items.append(
            WaitingItem(
                key="subsidies.mu_costs_to_approve",
                label=_("Kosten matchingsunit om goed te keuren"),
                count=count,
                url=f"{overview}?jaar={year}" if year else overview,
                order=42,
            )
        )
    return items
