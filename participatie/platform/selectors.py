"""Reads of the platform administration. Regions, municipalities, organisations and invitations
are global rows; service areas are tenant-owned, so reading them across municipalities opens
every tenant explicitly (``all_tenants``) inside a transaction and returns plain lists."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from participatie.choices import OrganisationKind
from participatie.models import Invitation, Municipality, Organisation, Region, ServiceArea
from participatie.tenancy.context import all_tenants

# The organisation kinds that work for municipalities through a service area.
SERVICE_AREA_KINDS = frozenset(
    {
        OrganisationKind.MATCHING_UNIT,
        OrganisationKind.SOCIAL_SERVICE,
        OrganisationKind.UWV,
        OrganisationKind.DISTRICT_TEAM,
    }
)


@dataclass(frozen=True)
class PlatformCounts:
    regions: int
    municipalities: int
    organisations: int
    open_invitations: int


def platform_counts() -> PlatformCounts:
    return PlatformCounts(
        regions=Region.objects.count(),
        municipalities=Municipality.objects.count(),
        organisations=Organisation.objects.count(),
        open_invitations=open_invitations().count(),
    )


def region_list() -> QuerySet[Region]:
    return Region.objects.annotate(municipality_count=Count("municipalities")).order_by("name")


def municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("region").order_by("name")


def organisation_list(*, kind: str | None = None) -> QuerySet[Organisation]:
    queryset = Organisation.objects.select_related("municipality", "region").order_by("name")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def served_municipalities_by(organisation_ids: list[int]) -> dict[int, list[Municipality]]:
    """Per organisation id, the municipalities it serves (one query, across tenants)."""
    if not organisation_ids:
        return {}
    served: dict[int, list[Municipality]] = defaultdict(list)
    with transaction.atomic(), all_tenants(reason="platform admin: service areas overview"):
        areas = (
            ServiceArea.objects.filter(organisation_id__in=organisation_ids)
            .select_related("municipality")
            .order_by("municipality__name")
        )
        for area in areas:
            served[area.organisation_id].append(area.municipality)
    return dict(served)


def service_areas_of(organisation: Organisation) -> list[ServiceArea]:
    """The organisation's service areas with their municipality, across tenants."""
    with transaction.atomic(), all_tenants(reason="platform admin: service areas of a unit"):
        return list(
            ServiceArea.objects.filter(organisation=organisation)
            .select_related("municipality")
            .order_by("municipality__name")
        )


def open_invitations() -> QuerySet[Invitation]:
    """Every invitation not yet used and not expired (or withdrawn), newest first."""
    return (
        Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("organisation", "created_by")
        .order_by("-created_at")
    )


def matching_units_serving(municipality: Municipality) -> list[ServiceArea]:
    """The service areas of this municipality (inside its tenant), with their organisation: the
    municipality's own read-only view of which matching units work for it."""
    return list(
        ServiceArea.objects.filter(municipality=municipality)
        .select_related("organisation")
        .order_by("organisation__name")
    )
