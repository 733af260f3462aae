"""Placements relative to today, attendance rows and a helper to run the job."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from participatie.attendance.choices import AttendanceStatus
from participatie.models import AbsenceSignal, Attendance, Enrolment, Placement
from tests.conftest import Side, in_tenant
from tests.factories import ParticipantFactory, UserFactory

D = datetime.date


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def place(
    side: Side, *, start: datetime.date, company: str = "lwb_a", end: datetime.date | None = None
) -> Placement:
    with in_tenant(side.municipality):
        return Placement.objects.create(
            municipality=side.municipality,
            participant=ParticipantFactory(municipality=side.municipality),
            enrolment=Enrolment.objects.get(
                municipality=side.municipality, organisation=getattr(side, company)
            ),
            start_date=start,
            end_date=end,
            hours_per_week=Decimal(12),
            created_by=side.consultant,
        )


def mark(
    side: Side, placement: Placement, *days: datetime.date, status: str = AttendanceStatus.PRESENT
) -> None:
    with in_tenant(side.municipality):
        Attendance.objects.bulk_create(
            [
                Attendance(
                    municipality=side.municipality,
                    placement=placement,
                    day=day,
                    status=status,
                    entered_by=side.lwb_a_supervisor,
                    entered_at=timezone.now(),
                )
                for day in days
            ]
        )


def signals(side: Side, **filters: object) -> list[AbsenceSignal]:
    with in_tenant(side.municipality):
        return list(
            AbsenceSignal.objects.filter(municipality=side.municipality, **filters).order_by(
                "streak_start"
            )
        )


def an_actor():
    return UserFactory(mfa=False)
