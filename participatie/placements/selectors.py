"""Reads about placements, steps and occupancy. Aggregations happen in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.choices import (
    LWB_ROLES,
    MATCHING_UNIT_ROLES,
    MUNICIPAL_ROLES,
    EnrolmentStatus,
    ObjectionStatus,
    Role,
    StepDecisionStatus,
)
from participatie.models import (
    Enrolment,
    Membership,
    Municipality,
    Objection,
    Placement,
    StepDecision,
)


def _active_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def step_in_force_subquery(
    on: date, field: str = "step__code", placement_ref: str = "pk"
) -> Subquery:
    """Annotation for placements: ``field`` of the approved step decision in force on ``on``."""
    return Subquery(
        StepDecision.objects.filter(
            placement=OuterRef(placement_ref),
            status=StepDecisionStatus.APPROVED,
            valid_from__lte=on,
        )
        .order_by("-valid_from")
        .values(field)[:1]
    )


def placements_with_step(
    queryset: QuerySet[Placement], on: date | None = None
) -> QuerySet[Placement]:
    on = on or timezone.localdate()
    return queryset.annotate(
        step_code=step_in_force_subquery(on, "step__code"),
        step_label=step_in_force_subquery(on, "step__label"),
    )


def step_history(placement: Placement) -> list[tuple[date, str]]:
    """The approved steps of a placement as (from, step code), in order."""
    return list(
        placement.step_decisions.filter(status=StepDecisionStatus.APPROVED)
        .order_by("valid_from")
        .values_list("valid_from", "step__code")
    )


def occupancy(*, municipality_ids: Iterable[int], on: date | None = None) -> QuerySet[Enrolment]:
    """Active enrolments with their capacity, occupied and free places on a day (one query).

    Only the placements active that day are joined (FilteredRelation) and only the columns an
    occupancy or matching table shows are read, which keeps the grouped rows narrow.
    """
    on = on or timezone.localdate()
    return (
        Enrolment.objects.filter(
            municipality_id__in=list(municipality_ids), status=EnrolmentStatus.ACTIVE
        )
        .select_related("organisation", "municipality")
        .only(*OCCUPANCY_FIELDS)
        .annotate(
            active_placements=FilteredRelation(
                "placements", condition=_active_on(on, "placements__")
            )
        )
        .annotate(occupied=Count("active_placements"))
        .annotate(free=F("max_places") - F("occupied"))
        .order_by("municipality__name", "organisation__name")
    )


OCCUPANCY_FIELDS = (
    "id",
    "municipality_id",
    "organisation_id",
    "status",
    "max_places",
    "work_environment",
    "guidance_kind",
    "organisation__name",
    "organisation__slug",
    "organisation__sector",
    "municipality__name",
    "municipality__slug",
)


@dataclass(frozen=True)
class OccupancyTotals:
    capacity: int
    occupied: int

    @property
    def free(self) -> int:
        return self.capacity - self.occupied

    @property
    def rate(self) -> float | None:
        return self.occupied / self.capacity if self.capacity else None


# -- who sees which placements (web pages) ------------------------------------------------------

# Roles that see every placement of the municipality; LWB roles see their own company's only.
PLACEMENT_OVERVIEW_ROLES = frozenset(MUNICIPAL_ROLES | MATCHING_UNIT_ROLES | {Role.PLATFORM_ADMIN})


def placements_visible(
    *, municipality: Municipality, memberships: Iterable[Membership]
) -> QuerySet[Placement]:
    """The placements this user may see here: all for municipal and matching-unit roles, those
    at their own companies for LWB users, none otherwise."""
    memberships = list(memberships)
    queryset = Placement.objects.filter(municipality=municipality)
    if any(m.role in PLACEMENT_OVERVIEW_ROLES for m in memberships):
        return queryset
    own = {m.organisation_id for m in memberships if m.role in LWB_ROLES}
    return queryset.filter(enrolment__organisation_id__in=own)


def placement_get_visible(
    *, municipality: Municipality, memberships: Iterable[Membership], pk: int
) -> Placement:
    """One placement with its participant and company, or 404 when it is another
    municipality's or another company's (not found and not allowed look the same)."""
    placement = (
        placements_with_step(placements_visible(municipality=municipality, memberships=memberships))
        .select_related("participant__home_municipality", "enrolment__organisation", "created_by")
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404(_("Deze plaatsing bestaat niet of u heeft er geen toegang toe."))
    return placement


def step_decisions_of(placement: Placement) -> QuerySet[StepDecision]:
    """The full step history of a placement, with its objections (a fixed number of queries)."""
    return (
        StepDecision.objects.filter(municipality_id=placement.municipality_id, placement=placement)
        .select_related("step", "advised_by", "decided_by")
        .prefetch_related(
            Prefetch(
                "objections",
                queryset=Objection.objects.select_related("raised_by", "handled_by").order_by(
                    "raised_at"
                ),
            )
        )
        .order_by("valid_from", "advised_at")
    )


def step_decisions_awaiting(*, municipality: Municipality) -> QuerySet[StepDecision]:
    """Step advices waiting for the account holder's decision, oldest first."""
    return (
        StepDecision.objects.filter(municipality=municipality, status=StepDecisionStatus.ADVISED)
        .select_related(
            "step", "advised_by", "placement__participant", "placement__enrolment__organisation"
        )
        .order_by("advised_at")
    )


def objections_open(*, municipality: Municipality) -> QuerySet[Objection]:
    """Objections the account holder has yet to handle, oldest first."""
    return (
        Objection.objects.filter(municipality=municipality, status=ObjectionStatus.OPEN)
        .select_related(
            "raised_by",
            "decision__step",
            "decision__placement__participant",
            "decision__placement__enrolment__organisation",
        )
        .order_by("raised_at")
    )
