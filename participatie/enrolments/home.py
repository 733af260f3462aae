"""The enrolment part of a municipality's home page ("wat wacht op mij"): counts and companies
to assess for the municipality, companies with places for the matching unit, the own company
for a learning-work company user."""

from __future__ import annotations

from dataclasses import dataclass, field

from participatie.choices import Role
from participatie.enrolments.selectors import (
    enrolment_counts,
    enrolments_to_assess,
    enrolments_with_capacity,
)
from participatie.models import Enrolment
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import MUNICIPAL_ROLES, Perm


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


def home_sections(access: Access) -> HomeSections:
    """A fixed number of queries, however many memberships the user has."""
    municipality = access.municipality
    if municipality is None:
        return HomeSections()
    sections = HomeSections(
        # No permission belongs to exactly the municipal staff and the platform administrator
        # (the matching unit also sees every company), so this section goes by their roles;
        # of those, only who may open every company's page (not the privacy officer).
        municipal=(bool(access.roles & MUNICIPAL_ROLES) or Role.PLATFORM_ADMIN in access.roles)
        and access.has(Perm.ENROLMENTS_VIEW_ALL),
        matching_unit=access.has(Perm.MATCHING_WORK),
        lwb=bool(access.company_ids),
    )
    if sections.municipal:
        sections.counts = enrolment_counts(municipality=municipality)
        sections.to_assess = list(enrolments_to_assess(municipality=municipality))
    if sections.matching_unit:
        sections.with_capacity = list(enrolments_with_capacity(municipality=municipality))
    if sections.lwb:
        sections.own_enrolments = list(
            Enrolment.objects.filter(
                municipality=municipality, organisation_id__in=access.company_ids
            )
            .select_related("organisation")
            .order_by("organisation__name")
        )
    return sections
