"""Reads about development plans and talks: when is the next review due, which are overdue.

Next review due = the last development talk (of any plan of the placement), or the placement
start when there has been no talk yet, plus an interval in months. Writing or editing a plan is
no review: only a talk is (so creating a plan leaves an overdue placement overdue). The interval:

* ``review_months_plus`` (default 4) when the step in force today is not the year's default step
  (Dordrecht: "plus"; in the older four-step catalogues every step other than the default counts
  as more intensive guidance) or the current plan marks the participant as developing;
* ``review_months_basis`` (default 12) otherwise, including placements without an approved step.

Everything is annotated in SQL (one query per list, whatever its length); the month thresholds
are computed once in Python so no database-specific date arithmetic is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from participatie.kernel.periods import active_on
from participatie.models import (
    DevelopmentPlan,
    DevelopmentTalk,
    Municipality,
    Placement,
)
from participatie.placements.selectors import placements_visible_to, step_in_force_subquery
from participatie.tenancy.http import Access

DUE_SOON_DAYS = 30


def add_months(day: date, months: int) -> date:
    return day + relativedelta(months=months)


def latest_reference_due_by(deadline: date, months: int) -> date:
    """The first reference date whose review falls on or after ``deadline``: a placement is
    due before ``deadline`` exactly when its reference date is earlier than this one
    (``add_months`` clamps at month ends, so step forward until it agrees)."""
    threshold = deadline - relativedelta(months=months)
    while add_months(threshold, months) < deadline:
        threshold += timedelta(days=1)
    return threshold


def interval_months(municipality: Municipality, *, intensive: bool) -> int:
    return municipality.review_months_plus if intensive else municipality.review_months_basis


def development_plans_visible_to(access: Access) -> QuerySet[DevelopmentPlan]:
    """The plans of the placements the user may see, each with its talks (newest first)."""
    return (
        DevelopmentPlan.objects.filter(
            municipality=access.municipality,
            placement__in=placements_visible_to(access),
        )
        .select_related("placement")
        .prefetch_related(
            Prefetch(
                "talks",
                queryset=DevelopmentTalk.objects.order_by("-held_on", "-pk"),
                to_attr="talk_list",
            )
        )
        .order_by("-created_at", "-pk")
    )


def current_plan(placement: Placement) -> DevelopmentPlan | None:
    return (
        DevelopmentPlan.objects.filter(
            municipality_id=placement.municipality_id, placement=placement
        )
        .select_related("created_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def talks_of(placement: Placement) -> QuerySet[DevelopmentTalk]:
    return (
        DevelopmentTalk.objects.filter(
            municipality_id=placement.municipality_id, plan__placement=placement
        )
        .select_related("recorded_by")
        .order_by("-held_on", "-pk")
    )


def with_review(queryset: QuerySet[Placement], *, on: date) -> QuerySet[Any]:
    """Annotate ``review_reference`` (the date the interval counts from), ``intensive`` and
    ``has_plan``, plus ``step_label`` for display (typed ``Any``: the rows carry the
    annotations)."""
    latest_plan = DevelopmentPlan.objects.filter(
        municipality_id=OuterRef("municipality_id"), placement=OuterRef("pk")
    ).order_by("-created_at", "-pk")
    last_talk = (
        DevelopmentTalk.objects.filter(
            municipality_id=OuterRef("municipality_id"), plan__placement=OuterRef("pk")
        )
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    return queryset.annotate(
        step_is_default=step_in_force_subquery(on, "step__is_default"),
        step_label=step_in_force_subquery(on, "step__label"),
        plan_developing=Subquery(latest_plan.values("is_developing")[:1]),
        plan_created=Subquery(
            latest_plan.annotate(day=TruncDate("created_at")).values("day")[:1],
            output_field=DateField(),
        ),
        last_talk=Subquery(last_talk, output_field=DateField()),
        # Only a talk counts as a review, not the writing of a plan.
        review_reference=Coalesce(F("last_talk"), F("start_date"), output_field=DateField()),
        intensive=Case(
            When(Q(step_is_default=False) | Q(plan_developing=True), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def due_before(municipality: Municipality, deadline: date) -> Q:
    """Placements (annotated by :func:`with_review`) whose next review falls before
    ``deadline``."""
    plus = latest_reference_due_by(deadline, municipality.review_months_plus)
    basis = latest_reference_due_by(deadline, municipality.review_months_basis)
    return Q(intensive=True, review_reference__lt=plus) | Q(
        intensive=False, review_reference__lt=basis
    )


@dataclass(frozen=True)
class ReviewDue:
    placement: Placement
    due_on: date
    overdue: bool
    has_plan: bool


def reviews_due(
    *,
    municipality: Municipality,
    placements: QuerySet[Placement],
    today: date | None = None,
    within_days: int = 0,
) -> list[ReviewDue]:
    """Active placements among ``placements`` whose review is overdue (``within_days=0``) or
    due within ``within_days`` days, most overdue first. One query."""
    today = today or timezone.localdate()
    # "Within 30 days" includes the 30th day; overdue means due before today.
    deadline = today + timedelta(days=within_days + 1) if within_days else today
    rows = (
        with_review(placements.filter(active_on(today)), on=today)
        .filter(due_before(municipality, deadline))
        .select_related("participant", "enrolment__organisation")
        .order_by("review_reference", "pk")
    )
    result = []
    for placement in rows:
        due_on = add_months(
            placement.review_reference,
            interval_months(municipality, intensive=placement.intensive),
        )
        result.append(
            ReviewDue(
                placement=placement,
                due_on=due_on,
                overdue=due_on < today,
                has_plan=placement.plan_created is not None,
            )
        )
    return sorted(result, key=lambda row: (row.due_on, row.placement.pk))


def reviews_overdue_count(
    *, municipality: Municipality, placements: QuerySet[Placement], today: date | None = None
) -> int:
    """How many active placements among ``placements`` have their review overdue (the rows of
    ``reviews_due`` with ``within_days=0``), in one query."""
    today = today or timezone.localdate()
    return (
        with_review(placements.filter(active_on(today)), on=today)
        .filter(due_before(municipality, today))
        .count()
    )


def next_review(
    *, municipality: Municipality, placement: Placement, today: date | None = None
) -> ReviewDue:
    today = today or timezone.localdate()
    annotated = with_review(
        Placement.objects.filter(municipality=municipality, pk=placement.pk), on=today
    ).get()
    due_on = add_months(
        annotated.review_reference, interval_months(municipality, intensive=annotated.intensive)
    )
    return ReviewDue(
        placement=annotated,
        due_on=due_on,
        overdue=due_on < today,
        has_plan=annotated.plan_created is not None,
    )
