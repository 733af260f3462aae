"""Reads about placements, steps and occupancy. Aggregations happen in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from participatie.choices import EnrolmentStatus, StepDecisionStatus
from participatie.models import Enrolment, Placement, StepDecision


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
    """Active enrolments with their capacity, occupied and free places on a day (one query)."""
    on = on or timezone.localdate()
    return (
        Enrolment.objects.filter(
            municipality_id__in=list(municipality_ids), status=EnrolmentStatus.ACTIVE
        )
        .select_related("organisation", "municipality")
        .annotate(occupied=Count("placements", filter=_active_on(on, "placements__")))
        .annotate(free=F("max_places") - F("occupied"))
        .order_by("municipality__name", "organisation__name")
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
