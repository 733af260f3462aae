"""Reads for cross-municipal claims: who sees them, which are final, and their totals.

A claim exists twice, once in each municipality: outgoing in the placement municipality (part of
a company's quarter statement there) and incoming in the home municipality, with the same
``claim_reference``. Each municipality's officers see their own rows, outgoing and incoming
(the page and the list need ``Perm.SUBSIDIES_VIEW_ALL``; the rows are there for whoever reads
the municipality's money as a whole, ``Perm.SUBSIDIES_SCOPE_ALL``, as for the other money rows);
a company or the matching unit sees none. Web pages and the API both ask
:func:`claims_visible_to`. The participant appears only by pseudonym (the reference), never by
name or BSN: the rows hold nothing else.

A claim is *final* once the outgoing statement is approved: until then re-settling the quarter
replaces the draft's claims on both sides (with new references), so the home municipality can
answer only a final claim. Its own rows do not say whether the other municipality approved the
statement; :func:`claims_mark_final` reads that from the outgoing twins. It is the one read
across tenants here: one query, in a tenant context of exactly the own municipality and the
counterparts of the claims at hand, for outgoing rows charged to the own municipality only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, QuerySet, Sum

from participatie.tenancy.context import tenant_context
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from subsidies.choices import ClaimDirection, ClaimResponse, StatementStatus
from subsidies.models import CrossMunicipalClaim

ZERO = Decimal("0.00")


def claims_visible_to(access: Access) -> QuerySet[CrossMunicipalClaim]:
    """The municipality's claims, both directions, for its officers; nothing for a company's
    users or the matching unit."""
    if access.municipality is None or not access.has(Perm.SUBSIDIES_SCOPE_ALL):
        return CrossMunicipalClaim.objects.none()
    return (
        CrossMunicipalClaim.objects.filter(municipality=access.municipality)
        .select_related("counterpart", "responded_by", "statement")
        .order_by("-year", "-quarter", "direction", "counterpart__name", "step_code", "id")
    )


def claims_mark_final(claims: Sequence[CrossMunicipalClaim]) -> None:
    """Set ``claim.is_final`` on each claim (fetched with its ``statement``): the outgoing
    statement is approved. At most one query, for the incoming claims."""
    incoming = [claim for claim in claims if claim.direction == ClaimDirection.INCOMING]
    for claim in claims:
        if claim.direction == ClaimDirection.OUTGOING:
            claim.is_final = (  # type: ignore[attr-defined]
                claim.statement is not None and claim.statement.status == StatementStatus.APPROVED
            )
    if not incoming:
        return
    own = {claim.municipality_id for claim in incoming}
    counterparts = {claim.counterpart_id for claim in incoming}
    with transaction.atomic(), tenant_context([*own, *counterparts]):
        final = set(
            CrossMunicipalClaim.objects.filter(
                municipality_id__in=counterparts,
                counterpart_id__in=own,
                direction=ClaimDirection.OUTGOING,
                year__in={claim.year for claim in incoming},
                statement__status=StatementStatus.APPROVED,
            ).values_list("municipality_id", "claim_reference")
        )
    for claim in incoming:
        claim.is_final = (claim.counterpart_id, claim.claim_reference) in final  # type: ignore[attr-defined]


def claim_can_respond(claim: CrossMunicipalClaim, access: Access) -> bool:
    """Whether ``access`` may answer this claim now (marked with :func:`claims_mark_final`):
    the home municipality's account holder, a final claim, not accepted yet."""
    return (
        access.has(Perm.CLAIMS_RESPOND)
        and claim.direction == ClaimDirection.INCOMING
        and getattr(claim, "is_final", False)
        and claim.response != ClaimResponse.ACCEPTED
    )


def claim_years(access: Access) -> list[int]:
    """The years in which the municipality has claims, newest first."""
    return list(
        claims_visible_to(access).order_by("-year").values_list("year", flat=True).distinct()
    )


@dataclass
class DirectionTotals:
    outgoing: Decimal = ZERO
    incoming: Decimal = ZERO
    outgoing_count: int = 0
    incoming_count: int = 0

    def add(self, direction: str, amount: Decimal, count: int) -> None:
        if direction == ClaimDirection.OUTGOING:
            self.outgoing += amount
            self.outgoing_count += count
        else:
            self.incoming += amount
            self.incoming_count += count


@dataclass
class ClaimTotals:
    """A year's claims summed per quarter and per counterpart municipality, per direction:
    outgoing is what the municipality charges others, incoming what others charge it."""

    quarters: dict[int, DirectionTotals]
    counterparts: dict[str, DirectionTotals] = field(default_factory=dict)
    year: DirectionTotals = field(default_factory=DirectionTotals)


def claim_totals(access: Access, year: int) -> ClaimTotals:
    """One grouped query; every quarter of the year appears, also without claims."""
    rows = (
        claims_visible_to(access)
        .filter(year=year)
        .order_by()
        .values("quarter", "direction", "counterpart__name")
        .annotate(total=Sum("amount"), n=Count("id"))
    )
    totals = ClaimTotals(quarters={quarter: DirectionTotals() for quarter in (1, 2, 3, 4)})
    for row in rows:
        amount = row["total"] or ZERO
        totals.quarters.setdefault(row["quarter"], DirectionTotals()).add(
            row["direction"], amount, row["n"]
        )
        totals.counterparts.setdefault(row["counterpart__name"], DirectionTotals()).add(
            row["direction"], amount, row["n"]
        )
        totals.year.add(row["direction"], amount, row["n"])
    totals.counterparts = dict(sorted(totals.counterparts.items()))
    return totals
