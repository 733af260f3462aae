"""The learning-work company's section on the municipality's home page: development reviews
due (overdue and in the next 30 days), open absence signals and the company's current
participants, and how to count this week's attendance still to fill (shown in "Wat wacht op
mij"). A fixed number of queries, whatever the company's size.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from participatie.absence.selectors import signals_open_for_companies
from participatie.development.selectors import DUE_SOON_DAYS, reviews_due
from participatie.home import HomeSection
from participatie.kernel.periods import active_on
from participatie.models import Attendance, Municipality, Placement
from participatie.placements.selectors import placements_with_step
from participatie.tenancy.http import TenantRequest


def days_to_fill(today: date) -> list[date]:
    """The weekdays of this week up to today: attendance of future days cannot be entered."""
    monday = today - timedelta(days=today.weekday())
    return [monday + timedelta(days=n) for n in range(5) if monday + timedelta(days=n) <= today]


def attendance_to_fill(
    *, municipality: Municipality, organisation_ids: Iterable[int], days: list[date]
) -> int:
    """Placement-days of this week (active placements x weekdays so far) without a row. Two
    aggregate queries."""
    if not days:
        return 0
    own = Placement.objects.filter(
        municipality=municipality, enrolment__organisation_id__in=organisation_ids
    )
    expected = own.aggregate(
        **{f"d{n}": Count("id", filter=active_on(day)) for n, day in enumerate(days)}
    )
    period = Q()
    for day in days:
        period |= Q(day=day) & active_on(day, "placement__")
    filled = Attendance.objects.filter(
        period,
        municipality=municipality,
        placement__enrolment__organisation_id__in=organisation_ids,
    ).count()
    return max(sum(expected.values()) - filled, 0)


def company_section(request: TenantRequest) -> HomeSection | None:
    own = request.access.company_ids
    if not own:
        return None
    municipality = request.municipality
    today = timezone.localdate()
    own_placements = Placement.objects.filter(
        municipality=municipality, enrolment__organisation_id__in=own
    )
    participants = list(
        placements_with_step(own_placements.active_on(today), on=today)
        .select_related("participant", "enrolment__organisation")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    reviews = reviews_due(
        municipality=municipality,
        placements=own_placements,
        today=today,
        within_days=DUE_SOON_DAYS,
    )
    signals = list(signals_open_for_companies(municipality=municipality, organisation_ids=own))
    # This week's attendance to fill, the overdue talks and the open signals are counted in
    # "Wat wacht op mij" (participatie.attendance.waiting and friends); the lists stay here.
    return HomeSection(
        template="participatie/lwb_home_section.html",
        context={
            "reviews": reviews,
            "due_soon_count": sum(1 for row in reviews if not row.overdue),
            "signals": signals,
            "participants": participants,
            "due_soon_days": DUE_SOON_DAYS,
        },
        order=15,
    )
