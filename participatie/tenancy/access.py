"""Who may enter which tenant. Roles come from memberships; organisations are linked to the
municipalities they work for (office: its own; matching unit: ServiceArea; company: Enrolment)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Exists, F, Func, OuterRef, Q, TextField, Value
from django.db.models.functions import Cast

from participatie.choices import Role
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment, Membership, Municipality, Region, ServiceArea, User
from participatie.tenancy.context import RLS_SETTING, all_tenants
from participatie.tenancy.permissions import (
    LWB_ROLES,
    MATCHING_UNIT_ROLES,
    MUNICIPAL_ROLES,
    PARTNER_ROLES,
    REGIONAL_ROLES,
)


def municipality_for_request(slug: str) -> Municipality | None:
    """The municipality of a URL, in one query. On PostgreSQL the same query sets the
    transaction-local RLS setting to its id, so the membership check that follows can read the
    tenant-owned links of exactly this municipality (an unauthorised request is rolled back)."""
    queryset = Municipality.objects.select_related("region").filter(slug=slug)
    if connection.vendor == "postgresql":
        queryset = queryset.annotate(
            _tenant_set=Func(
                Value(RLS_SETTING),
                Cast(F("id"), TextField()),
                Value(True),
                function="set_config",
                output_field=TextField(),
            )
        )
    return queryset.first()


def _grants(membership: Membership, municipality: Municipality) -> bool:
    role = membership.role
    organisation = membership.organisation
    if role == Role.PLATFORM_ADMIN:
        return True
    if role in MUNICIPAL_ROLES:
        return organisation.municipality_id == municipality.id
    if role in MATCHING_UNIT_ROLES or role in PARTNER_ROLES:
        # A client manager (social service, UWV) or a district team's referrer works for the
        # municipalities of its organisation's service areas, like a matching unit.
        return bool(membership.serves)  # type: ignore[attr-defined]
    if role in LWB_ROLES:
        return bool(membership.enrolled)  # type: ignore[attr-defined]
    return False


def memberships_in_municipality(user: User, municipality: Municipality) -> list[Membership]:
    """The user's memberships that give access to this municipality (one query).

    Runs inside the municipality's tenant context: the ServiceArea and Enrolment subqueries see
    only this municipality's rows.
    """
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .annotate(
            serves=Exists(ServiceArea.objects.filter(organisation=OuterRef("organisation_id"))),
            enrolled=Exists(
                Enrolment.objects.filter(organisation=OuterRef("organisation_id")).exclude(
                    status=EnrolmentStatus.ENDED
                )
            ),
        )
    )
    return [m for m in memberships if _grants(m, municipality)]


def accessible_municipalities(user: User) -> list[Municipality]:
    """Every municipality the user may switch to (the municipality switcher and home page).

    A matching unit or company is linked to municipalities through tenant-owned rows, so this
    reads those links across tenants, restricted to the user's own organisations.
    """
    if not user.is_authenticated:
        return []
    own = Membership.objects.filter(user=user)
    # Also called from pages outside a tenant (login, errors): the setting needs a transaction.
    with transaction.atomic(), all_tenants(reason="municipality switcher"):
        return list(
            Municipality.objects.filter(
                Exists(own.filter(role=Role.PLATFORM_ADMIN))
                | Q(
                    Exists(
                        own.filter(
                            role__in=MUNICIPAL_ROLES, organisation__municipality=OuterRef("pk")
                        )
                    )
                )
                | Q(
                    Exists(
                        ServiceArea.objects.filter(
                            municipality=OuterRef("pk"),
                            organisation__memberships__user=user,
                            organisation__memberships__role__in=MATCHING_UNIT_ROLES | PARTNER_ROLES,
                        )
                    )
                )
                | Q(
                    Exists(
                        Enrolment.objects.filter(
                            municipality=OuterRef("pk"),
                            organisation__memberships__user=user,
                            organisation__memberships__role__in=LWB_ROLES,
                        ).exclude(status=EnrolmentStatus.ENDED)
                    )
                )
            ).order_by("name")
        )


def region_for_request(slug: str) -> tuple[Region, list[int]] | None:
    """A region and the ids of its municipalities, in one query."""
    rows = list(
        Municipality.objects.filter(region__slug=slug).select_related("region").order_by("id")
    )
    if not rows:
        return None
    return rows[0].region, [m.id for m in rows]  # type: ignore[return-value]


def memberships_in_region(
    user: User, region: Region, municipality_ids: Iterable[int]
) -> list[Membership]:
    """Regional pages: regional analysts of the region, municipal staff of its municipalities,
    platform administrators. Matching units and companies have no regional view."""
    ids = list(municipality_ids)
    return list(
        Membership.objects.filter(user=user)
        .filter(
            Q(role=Role.PLATFORM_ADMIN)
            | Q(role__in=REGIONAL_ROLES, organisation__region=region)
            | Q(role__in=MUNICIPAL_ROLES, organisation__municipality_id__in=ids)
        )
        .select_related("organisation")
    )


def municipalities_served_by(organisation_ids: Iterable[int]) -> list[Municipality]:
    """Where these matching units work (their ServiceArea rows, across tenants)."""
    ids = list(organisation_ids)
    if not ids:
        return []
    with transaction.atomic(), all_tenants(reason="municipalities a matching unit serves"):
        return list(
            Municipality.objects.filter(
                Exists(
                    ServiceArea.objects.filter(municipality=OuterRef("pk"), organisation_id__in=ids)
                )
            ).order_by("name")
        )
