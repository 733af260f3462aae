"""What of the money waits for one user ("Wat wacht op mij", the daily digest):

* decisions proposed for approval, for an account holder other than the one who drew them up
  (or, where the model records it, last changed them): the second pair of eyes;
* quarter statements to confirm, for a company's administrator (drafts of their own companies);
* confirmed statements to approve, for an account holder who did not prepare them;
* determinations to approve, for an account holder who did not compute them.

One aggregate query per kind of row, whatever the number of rows (the home page and the digest
call this for every user). Which rows a user sees at all is ``subsidies.selectors``.
"""

from __future__ import annotations

from django.db.models import Count, Min, Model, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import ngettext

from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from participatie.waiting import WaitingItem
from subsidies.choices import DecisionStatus, StatementStatus
from subsidies.models import Determination, QuarterStatement, SubsidyDecision
from subsidies.selectors import company_ids_with, company_scope

# The user fields that name who prepared a row: the same person may not approve it. A field
# that a model does not (yet) have is skipped.
DECISION_PREPARERS = ("drafted_by", "changed_by")
STATEMENT_PREPARERS = ("prepared_by",)


def _not_prepared_by(model: type[Model], user_id: int, fields: tuple[str, ...]) -> Q:
    """Rows that ``user_id`` did not prepare (a null preparer counts as someone else)."""
    present = {field.name for field in model._meta.get_fields()}
    condition = Q()
    for name in fields:
        if name in present:
            condition &= ~Q(**{f"{name}_id": user_id})
    return condition


def _one_or_list(count: int, first_pk: int | None, detail: str, listing: str, slug: str) -> str:
    """One waiting row opens that row's page; more open the list that shows them."""
    if count == 1 and first_pk is not None:
        return reverse(detail, args=[slug, first_pk])
    return listing


def _decisions(access: Access, slug: str) -> list[WaitingItem]:
    if not access.has(Perm.SUBSIDIES_DECIDE) or access.user is None:
        return []
    counts = SubsidyDecision.objects.filter(
        _not_prepared_by(SubsidyDecision, access.user.pk, DECISION_PREPARERS),
        municipality=access.municipality,
        status=DecisionStatus.PROPOSED,
    ).aggregate(n=Count("id"), first=Min("id"))
    listing = reverse("subsidies:decision-list", args=[slug]) + f"?status={DecisionStatus.PROPOSED}"
    return [
        WaitingItem(
            key="subsidies.decisions_to_approve",
            label=ngettext(
                "Beschikking om goed te keuren", "Beschikkingen om goed te keuren", counts["n"]
            ),
            count=counts["n"],
            url=_one_or_list(
                counts["n"], counts["first"], "subsidies:decision-detail", listing, slug
            ),
            order=40,
        )
    ]


def _statements(access: Access, slug: str) -> list[WaitingItem]:
    confirming = company_ids_with(access, Perm.STATEMENTS_CONFIRM)
    approving = access.has(Perm.STATEMENTS_APPROVE) and company_scope(access) is None
    if not (confirming or approving) or access.user is None:
        return []
    # One query for both kinds; only the kinds the user has count (an empty IN is avoided).
    wanted = Q(pk__isnull=True)
    aggregates: dict[str, Count | Min] = {}
    if confirming:
        to_confirm = Q(status=StatementStatus.DRAFT, enrolment__organisation_id__in=confirming)
        wanted |= to_confirm
        aggregates |= {
            "confirm": Count("id", filter=to_confirm),
            "confirm_first": Min("id", filter=to_confirm),
            "confirm_year": Min("year", filter=to_confirm),
        }
    if approving:
        # Only what the user did not prepare counts as waiting for their approval.
        to_approve = Q(status=StatementStatus.CONFIRMED) & _not_prepared_by(
            QuarterStatement, access.user.pk, STATEMENT_PREPARERS
        )
        wanted |= to_approve
        aggregates |= {
            "approve": Count("id", filter=to_approve),
            "approve_first": Min("id", filter=to_approve),
        }
    counts = (
        QuarterStatement.objects.filter(municipality=access.municipality)
        .filter(wanted)
        .aggregate(**aggregates)
    )
    items = []
    if confirming:
        listing = reverse("subsidies:statement-list", args=[slug])
        if counts["confirm_year"] is not None:
            listing += f"?jaar={counts['confirm_year']}"
        items.append(
            WaitingItem(
                key="subsidies.statements_to_confirm",
                label=ngettext(
                    "Declaratie klaar om te bevestigen",
                    "Declaraties klaar om te bevestigen",
                    counts["confirm"],
                ),
                count=counts["confirm"],
                url=_one_or_list(
                    counts["confirm"],
                    counts["confirm_first"],
                    "subsidies:statement-detail",
                    listing,
                    slug,
                ),
                order=45,
            )
        )
    if approving:
        items.append(
            WaitingItem(
                key="subsidies.statements_to_approve",
                label=ngettext(
                    "Declaratie om goed te keuren",
                    "Declaraties om goed te keuren",
                    counts["approve"],
                ),
                count=counts["approve"],
                url=_one_or_list(
                    counts["approve"],
                    counts["approve_first"],
                    "subsidies:statement-detail",
                    reverse("subsidies:queue", args=[slug]),
                    slug,
                ),
                order=46,
            )
        )
    return items


def _determinations(access: Access, slug: str) -> list[WaitingItem]:
    if not access.has(Perm.SUBSIDIES_DECIDE) or access.user is None:
        return []
    # Who computed a determination is the last change in its history (as the approval checks:
    # ``subsidies.services.determinations.computed_by_id``).
    history = Determination.history.model
    last_by = (
        history.objects.filter(municipality_id=OuterRef("municipality_id"), id=OuterRef("pk"))
        .order_by("-history_date", "-history_id")
        .values("history_user_id")[:1]
    )
    counts = (
        Determination.objects.filter(municipality=access.municipality, approved_at__isnull=True)
        .annotate(last_by=Subquery(last_by))
        .filter(Q(last_by__isnull=True) | ~Q(last_by=access.user.pk))
        .aggregate(n=Count("id"), first=Min("id"))
    )
    return [
        WaitingItem(
            key="subsidies.determinations_to_approve",
            label=ngettext(
                "Vaststelling om goed te keuren", "Vaststellingen om goed te keuren", counts["n"]
            ),
            count=counts["n"],
            url=_one_or_list(
                counts["n"],
                counts["first"],
                "subsidies:determination-detail",
                reverse("subsidies:determination-list", args=[slug]),
                slug,
            ),
            order=47,
        )
    ]


def subsidies_waiting(access: Access) -> list[WaitingItem]:
    if access.municipality is None:
        return []
    slug = access.municipality.slug
    return _decisions(access, slug) + _statements(access, slug) + _determinations(access, slug)
