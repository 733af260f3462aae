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
    Sum,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.enrolments.choices import EnrolmentStatus
from participatie.kernel.periods import active_on
from participatie.models import (
    Enrolment,
    Municipality,
    Objection,
    Placement,
    Region,
    StepDecision,
)
from participatie.placements.choices import ObjectionStatus, StepDecisionStatus
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm


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
                "placements", condition=active_on(on, "placements__")
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
        Placement.objects.filter(municipality__region=region)
        .active_on(on)
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


# -- who sees what: the one rule for pages, API and reports -----------------------------------


def visible_placements_condition(access: Access, to_placement: str = "") -> Q:
    """The rule below as a filter on any row that leads to a placement (``to_placement`` is the
    path, e.g. ``"decision__placement__"``), so related rows need no subquery."""
    if access.has(Perm.PLACEMENTS_VIEW_ALL):
        return Q()
    if access.has(Perm.PLACEMENTS_VIEW):
        return Q(**{f"{to_placement}enrolment__organisation_id__in": access.company_ids})
    return Q(pk__in=[])


def placements_visible_to(access: Access) -> QuerySet[Placement]:
    """The placements this user may see here: the whole municipality's with
    ``placements.view_all`` (municipal staff, matching unit, platform administrator), those at
    their own companies for a learning-work company, none otherwise."""
    return Placement.objects.filter(
        visible_placements_condition(access), municipality=access.municipality
    )


def placement_get_visible(access: Access, pk: int) -> Placement:
    """One placement with its participant and company, or 404 when it is another
    municipality's or another company's (not found and not allowed look the same)."""
    placement = (
        placements_with_step(placements_visible_to(access))
        .select_related("participant__home_municipality", "enrolment__organisation", "created_by")
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404(_("Deze plaatsing bestaat niet of u heeft er geen toegang toe."))
    return placement


def step_decisions_visible_to(access: Access) -> QuerySet[StepDecision]:
    """Step decisions of the placements the user may see."""
    return StepDecision.objects.filter(
        visible_placements_condition(access, "placement__"), municipality=access.municipality
    )


def objections_visible_to(access: Access) -> QuerySet[Objection]:
    """Objections to decisions about the placements the user may see (who may read objections
    at all is the view's permission)."""
    return Objection.objects.filter(
        visible_placements_condition(access, "decision__placement__"),
        municipality=access.municipality,
    )


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
        # For ``reopened_by``: an advice back after an upheld objection says so.
        .prefetch_related(
            Prefetch(
                "objections",
                queryset=Objection.objects.filter(status=ObjectionStatus.UPHELD),
            )
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
