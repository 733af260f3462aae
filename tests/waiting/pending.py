"""``count`` things of every kind that wait for someone in a municipality: step advices,
objections, proposed decisions, statements to confirm and to approve, determinations, overdue
development talks, absence signals (and, through the active placements, attendance to fill)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from participatie.models import Enrolment
from participatie.placements.choices import StepDecisionStatus
from subsidies.choices import DecisionStatus, StatementStatus
from subsidies.models import Determination
from tests.conftest import Side, in_tenant
from tests.factories import (
    AbsenceSignalFactory,
    ObjectionFactory,
    PlacementFactory,
    StepDecisionFactory,
    StepFactory,
)
from tests.factories_subsidies import (
    DeterminationFactory,
    QuarterStatementFactory,
    SubsidyDecisionFactory,
)


def make_pending(side: Side, count: int, *, company: str = "lwb_a") -> None:
    """``count`` of each kind, for company ``company`` of ``side``; the decisions are drafted by
    the first account holder (they wait for the second one)."""
    m = side.municipality
    today = timezone.localdate()
    with in_tenant(m):
        enrolment = Enrolment.objects.get(municipality=m, organisation=getattr(side, company))
        step = StepFactory(municipality=m, year=today.year, code="basis")
        # Rows of a year and quarter of their own, after those of an earlier call.
        offset = Determination.objects.filter(municipality=m, enrolment=enrolment).count()
        for n in range(offset, offset + count):
            # Started long ago without a development talk: the review is overdue.
            placement = PlacementFactory(
                municipality=m,
                enrolment=enrolment,
                start_date=today - timedelta(days=400),
                created_by=side.consultant,
            )
            decided = StepDecisionFactory(
                municipality=m,
                placement=placement,
                step=step,
                valid_from=placement.start_date,
                is_initial=True,
                advised_by=side.consultant,
            )
            StepDecisionFactory(
                municipality=m,
                placement=placement,
                step=step,
                valid_from=today,
                status=StepDecisionStatus.ADVISED,
                advised_by=side.consultant,
            )
            ObjectionFactory(municipality=m, decision=decided, raised_by=side.lwb_a_admin)
            AbsenceSignalFactory(
                municipality=m,
                placement=placement,
                streak_start=today - timedelta(days=50),
                raised_on=today,
            )
            SubsidyDecisionFactory(
                municipality=m,
                enrolment=enrolment,
                status=DecisionStatus.PROPOSED,
                drafted_by=side.account_holder,
            )
            # One draft per company and quarter: each in its own year and quarter.
            year, quarter = 2000 + n // 4, n % 4 + 1
            QuarterStatementFactory(municipality=m, enrolment=enrolment, year=year, quarter=quarter)
            QuarterStatementFactory(
                municipality=m,
                enrolment=enrolment,
                year=year,
                quarter=quarter,
                status=StatementStatus.CONFIRMED,
            )
            DeterminationFactory(municipality=m, enrolment=enrolment, year=2000 + n)
