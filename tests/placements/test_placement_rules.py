"""Starting and ending placements: every rule of the framework, each refused with a Dutch
message and nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participatie.models import Enrolment, Placement, StepDecision
from participatie.placements.choices import OutflowReason, PlacementKind, StepDecisionStatus
from participatie.placements.services import placement_end, placement_start
from tests.conftest import in_tenant, on_postgres
from tests.factories import (
    DevelopmentPlanFactory,
    EnrolmentFactory,
    OrganisationFactory,
    ParticipantFactory,
)
from tests.placements.conftest import D


@pytest.fixture
def ctx(dordrecht, steps):
    with in_tenant(dordrecht.municipality):
        participant = ParticipantFactory(municipality=dordrecht.municipality)
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        other = Enrolment.objects.get(organisation=dordrecht.lwb_b)
        yield dordrecht, participant, enrolment, other


def start(ctx_tuple, **kwargs):
    side, participant, enrolment, _other = ctx_tuple
    values = {
        "participant": participant,
        "enrolment": enrolment,
        "start_date": D(2022, 2, 15),
        "hours_per_week": Decimal("12"),
        "actor": side.consultant,
    }
    values.update(kwargs)
    return placement_start(**values)


def refused(ctx_tuple, field, match, **kwargs):
    before = (Placement.objects.count(), StepDecision.objects.count())
    with pytest.raises(ValidationError) as info:
        start(ctx_tuple, **kwargs)
    messages = (
        info.value.message_dict.get(field)
        if hasattr(info.value, "error_dict")
        else info.value.messages
    )
    assert messages and any(match in m for m in messages), info.value
    assert (Placement.objects.count(), StepDecision.objects.count()) == before


def test_a_new_placement_starts_in_the_default_step(ctx):
    placement = start(ctx)
    decision = placement.step_decisions.get()
    assert decision.step.code == "basis"
    assert decision.status == StepDecisionStatus.APPROVED and decision.is_initial
    assert decision.valid_from == placement.start_date


def test_start_before_the_intake_date_is_refused(ctx):
    refused(ctx, "start_date", "intakedatum", earliest_start=D(2022, 3, 1))


def test_age_outside_range_on_the_start_date_is_refused(ctx):
    _side, participant, *_ = ctx
    participant.birth_date = D(2004, 6, 1)
    participant.save()
    refused(ctx, "start_date", "jonger dan 18")


def test_hours_outside_0_to_40_are_refused(ctx):
    refused(ctx, "hours_per_week", "tussen 0 en 40", hours_per_week=Decimal("41"))


def test_end_before_start_is_refused(ctx):
    refused(ctx, "end_date", "vóór de startdatum", end_date=D(2022, 1, 1))


def test_orientation_place_needs_the_employer(ctx):
    refused(ctx, "orientation_employer", "werkgever", kind=PlacementKind.ORIENTATION)
    placement = start(ctx, kind=PlacementKind.ORIENTATION, orientation_employer="Bakkerij Jansen")
    assert placement.orientation_employer == "Bakkerij Jansen"


def test_overlap_at_the_same_company_is_refused(ctx):
    start(ctx)
    refused(ctx, "start_date", "al een plaatsing bij dit bedrijf", start_date=D(2022, 6, 1))


def test_a_new_placement_after_the_previous_one_ended_is_fine(ctx):
    side = ctx[0]
    first = start(ctx)
    placement_end(
        placement=first, end_date=D(2022, 5, 31), reason=OutflowReason.HEALTH, actor=side.consultant
    )
    assert start(ctx, start_date=D(2022, 6, 1)).pk


@pytest.mark.postgres
def test_the_database_refuses_an_overlap_too(ctx):
    side, participant, enrolment, _ = ctx
    start(ctx)
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            municipality=side.municipality,
            participant=participant,
            enrolment=enrolment,
            start_date=D(2023, 1, 1),
            hours_per_week=8,
            created_by=side.consultant,
        )


def test_a_third_concurrent_placement_is_refused(ctx):
    side, _participant, _enrolment, other = ctx
    start(ctx)
    start(ctx, enrolment=other, start_date=D(2022, 3, 1))
    third = EnrolmentFactory(municipality=side.municipality, organisation=OrganisationFactory())
    refused(ctx, "start_date", "twee plaatsingen", enrolment=third, start_date=D(2022, 4, 1))


def test_placements_elsewhere_count_towards_the_maximum(ctx):
    _side, *_ = ctx
    start(ctx)
    refused(ctx, "start_date", "twee plaatsingen", enrolment=ctx[3], concurrent_elsewhere=1)


def test_full_capacity_is_refused_with_the_numbers_until_raised(ctx):
    side, _participant, enrolment, _ = ctx
    Enrolment.objects.filter(pk=enrolment.pk).update(max_places=1)
    start(ctx, participant=ParticipantFactory(municipality=side.municipality))
    refused(ctx, "enrolment", "1 plekken, 1 bezet")
    Enrolment.objects.filter(pk=enrolment.pk).update(max_places=2)
    assert start(ctx).pk


def test_an_enrolment_that_is_not_active_takes_no_placements(ctx):
    _side, _participant, enrolment, _ = ctx
    Enrolment.objects.filter(pk=enrolment.pk).update(status="assessed")
    refused(ctx, "enrolment", "geen actief contract")


def test_no_step_catalogue_for_the_year_is_refused(ctx):
    refused(ctx, "start_date", "geen treden", start_date=D(2030, 1, 6))


class TestSecondPlacement:
    def test_needs_an_end_date_within_a_year(self, ctx):
        start(ctx)
        refused(
            ctx,
            "end_date",
            "hooguit een jaar",
            enrolment=ctx[3],
            kind=PlacementKind.SECOND,
            start_date=D(2022, 6, 1),
        )
        refused(
            ctx,
            "end_date",
            "hooguit een jaar",
            enrolment=ctx[3],
            kind=PlacementKind.SECOND,
            start_date=D(2022, 6, 1),
            end_date=D(2023, 6, 2),
        )

    def test_needs_a_placement_of_at_least_three_months(self, ctx):
        start(ctx)
        refused(
            ctx,
            "kind",
            "drie maanden",
            enrolment=ctx[3],
            kind=PlacementKind.SECOND,
            start_date=D(2022, 4, 1),
            end_date=D(2022, 12, 31),
        )

    def test_needs_a_development_plan(self, ctx):
        side = ctx[0]
        first = start(ctx)
        kwargs = {
            "enrolment": ctx[3],
            "kind": PlacementKind.SECOND,
            "start_date": D(2022, 6, 1),
            "end_date": D(2023, 5, 31),
        }
        refused(ctx, "kind", "ontwikkelplan", **kwargs)
        DevelopmentPlanFactory(
            municipality=side.municipality, placement=first, created_by=side.consultant
        )
        assert start(ctx, **kwargs).kind == PlacementKind.SECOND


class TestEnding:
    def test_end_records_the_outflow_reason(self, ctx):
        side = ctx[0]
        placement = start(ctx)
        placement_end(
            placement=placement,
            end_date=D(2022, 9, 30),
            reason=OutflowReason.PAID_WORK,
            actor=side.consultant,
        )
        placement.refresh_from_db()
        assert (placement.end_date, placement.outflow_reason) == (D(2022, 9, 30), "paid_work")

    def test_end_before_start_is_refused(self, ctx):
        side = ctx[0]
        placement = start(ctx)
        with pytest.raises(ValidationError, match="vóór de startdatum"):
            placement_end(
                placement=placement,
                end_date=D(2022, 1, 1),
                reason="paid_work",
                actor=side.consultant,
            )
        placement.refresh_from_db()
        assert placement.end_date is None

    def test_end_needs_a_known_reason(self, ctx):
        side = ctx[0]
        placement = start(ctx)
        with pytest.raises(ValidationError, match="reden"):
            placement_end(
                placement=placement, end_date=D(2022, 9, 30), reason="", actor=side.consultant
            )

    def test_an_ended_placement_cannot_end_again(self, ctx):
        side = ctx[0]
        placement = start(ctx)
        placement_end(
            placement=placement, end_date=D(2022, 9, 30), reason="moved", actor=side.consultant
        )
        with pytest.raises(ValidationError, match="al beëindigd"):
            placement_end(
                placement=placement, end_date=D(2022, 10, 30), reason="moved", actor=side.consultant
            )


def test_database_refuses_end_before_start(ctx):
    placement = start(ctx)
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(pk=placement.pk).update(
            end_date=D(2021, 1, 1), outflow_reason="moved"
        )


def test_is_active(ctx):
    placement = start(ctx)
    assert placement.is_active
    assert on_postgres() in (True, False)
