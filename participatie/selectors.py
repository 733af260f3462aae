"""Reads for the core pages: who sees which enrolments and what waits on the home page.

The audit history of an enrolment comes from ``participatie.audit.change_log``. Every function
takes the municipality explicitly and queries through it; the active tenant scope is the safety
net, not the mechanism."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from participatie.choices import (
    LWB_ROLES,
    MATCHING_UNIT_ROLES,
    MUNICIPAL_ROLES,
    EnrolmentStatus,
    Role,
)
from participatie.models import Enrolment, Membership, Municipality, Placement, Region, User

# Roles that see every enrolment of the municipality; LWB roles see their own company only.
ENROLMENT_OVERVIEW_ROLES = frozenset(MUNICIPAL_ROLES | MATCHING_UNIT_ROLES | {Role.PLATFORM_ADMIN})
# Roles that register companies and move them along their status.
ENROLMENT_MANAGER_ROLES = frozenset({Role.ACCOUNT_HOLDER, Role.PLATFORM_ADMIN})


def own_lwb_organisation_ids(memberships: Iterable[Membership]) -> set[int]:
    return {m.organisation_id for m in memberships if m.role in LWB_ROLES}


def enrolments_visible(
    *, municipality: Municipality, memberships: Iterable[Membership]
) -> QuerySet[Enrolment]:
    """The enrolments this user may see in the municipality (none when no role grants any)."""
    memberships = list(memberships)
    queryset = Enrolment.objects.filter(municipality=municipality).select_related("organisation")
    if any(m.role in ENROLMENT_OVERVIEW_ROLES for m in memberships):
        return queryset
    own = own_lwb_organisation_ids(memberships)
    return queryset.filter(organisation_id__in=own)


def enrolment_get_visible(
    *, municipality: Municipality, memberships: Iterable[Membership], pk: int
) -> Enrolment:
    """One enrolment, or 404 when it is another municipality's or another company's: not
    found and not allowed look the same, so ids reveal nothing."""
    enrolment = (
        enrolments_visible(municipality=municipality, memberships=memberships).filter(pk=pk).first()
    )
    if enrolment is None:
        raise Http404(_("Dit leerwerkbedrijf bestaat niet of u heeft er geen toegang toe."))
    return enrolment


def enrolments_to_assess(*, municipality: Municipality) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(
            municipality=municipality,
            status__in=[EnrolmentStatus.CANDIDATE, EnrolmentStatus.ASSESSED],
        )
        .select_related("organisation")
        .order_by("status", "organisation__name")
    )


def enrolments_with_capacity(*, municipality: Municipality) -> QuerySet[Enrolment]:
    """Active companies and their maximum number of places (the matching unit's view)."""
    return (
        Enrolment.objects.filter(municipality=municipality, status=EnrolmentStatus.ACTIVE)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def enrolment_counts(*, municipality: Municipality) -> dict[str, int]:
    """Active companies and their places, in one query."""
    active = Q(status=EnrolmentStatus.ACTIVE)
    row = Enrolment.objects.filter(municipality=municipality).aggregate(
        active_companies=Count("id", filter=active),
        active_places=Sum("max_places", filter=active),
        to_assess=Count(
            "id", filter=Q(status__in=[EnrolmentStatus.CANDIDATE, EnrolmentStatus.ASSESSED])
        ),
    )
    return {key: value or 0 for key, value in row.items()}


@dataclass
class HomeSections:
    """What waits for the user on the municipality's home page, per kind of role."""

    municipal: bool = False
    matching_unit: bool = False
    lwb: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    to_assess: list[Enrolment] = field(default_factory=list)
    with_capacity: list[Enrolment] = field(default_factory=list)
    own_enrolments: list[Enrolment] = field(default_factory=list)


def home_sections(*, municipality: Municipality, memberships: Iterable[Membership]) -> HomeSections:
    """A fixed number of queries, however many memberships the user has."""
    memberships = list(memberships)
    roles = {m.role for m in memberships}
    sections = HomeSections(
        municipal=bool(roles & (MUNICIPAL_ROLES | {Role.PLATFORM_ADMIN})),
        matching_unit=bool(roles & MATCHING_UNIT_ROLES),
        lwb=bool(roles & LWB_ROLES),
    )
    if sections.municipal:
        sections.counts = enrolment_counts(municipality=municipality)
        sections.to_assess = list(enrolments_to_assess(municipality=municipality))
    if sections.matching_unit:
        sections.with_capacity = list(enrolments_with_capacity(municipality=municipality))
    if sections.lwb:
        sections.own_enrolments = list(
            Enrolment.objects.filter(
                municipality=municipality,
                organisation_id__in=own_lwb_organisation_ids(memberships),
            )
            .select_related("organisation")
            .order_by("organisation__name")
        )
    return sections


def user_memberships(*, user: User) -> list[Membership]:
    """All of a user's memberships (global rows), for pages without a tenant."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


@dataclass(frozen=True)
class MunicipalityOccupancy:
    name: str
    companies: int
    capacity: int
    occupied: int

    @property
    def rate(self) -> float | None:
        return self.occupied / self.capacity if self.capacity else None


def region_occupancy(*, region: Region, on: date) -> list[MunicipalityOccupancy]:
    """Per municipality of the region: active companies, their places and the placements active
    on ``on``. Runs inside the region's tenant context; two aggregate queries."""
    capacity = {
        row["municipality_id"]: row
        for row in Enrolment.objects.filter(
            municipality__region=region, status=EnrolmentStatus.ACTIVE
        )
        .values("municipality_id")
        .annotate(companies=Count("id"), capacity=Sum("max_places"))
    }
    occupied = dict(
        Placement.objects.filter(municipality__region=region, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values("municipality_id")
        .annotate(count=Count("id"))
        .values_list("municipality_id", "count")
    )
    return [
        MunicipalityOccupancy(
            name=municipality.name,
            companies=capacity.get(municipality.id, {}).get("companies", 0),
            capacity=capacity.get(municipality.id, {}).get("capacity") or 0,
            occupied=occupied.get(municipality.id, 0),
        )
        for municipality in region.municipalities.order_by("name")
    ]


def sum_occupancy(rows: list[MunicipalityOccupancy]) -> MunicipalityOccupancy:
    return MunicipalityOccupancy(
        name="",
        companies=sum(r.companies for r in rows),
        capacity=sum(r.capacity for r in rows),
        occupied=sum(r.occupied for r in rows),
    )
