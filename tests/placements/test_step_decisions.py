"""Step decisions: advised by a consultant, decided by an account holder (never the adviser),
always justified, within that year's catalogue; objections by the company's administrator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from participatie.models import Enrolment, Objection, Step, StepDecision
from participatie.placements.choices import ObjectionStatus, StepDecisionStatus
from participatie.placements.selectors import placements_with_step, step_history
from participatie.placements.services import (
    objection_handle,
    objection_raise,
    placement_start,
    step_advise,
    step_decide,
)
from tests.conftest import in_tenant
from tests.factories import ParticipantFactory
from tests.placements.conftest import D


@pytest.fixture
def placed(dordrecht, steps):
    with in_tenant(dordrecht.municipality):
        placement = placement_start(
            participant=ParticipantFactory(municipality=dordrecht.municipality),
            enrolment=Enrolment.objects.get(organisation=dordrecht.lwb_a),
            start_date=D(2022, 2, 15),
            hours_per_week=Decimal(12),
            actor=dordrecht.consultant,
        )
        yield dordrecht, placement


def plus(side, year=2022):
    return Step.objects.get(municipality=side.municipality, year=year, code="plus")


def advise(side, placement, **kwargs):
    values = {
        "placement": placement,
        "step": plus(side),
        "valid_from": D(2022, 3, 10),
        "justification": "Heeft intensieve begeleiding nodig bij nieuwe taken.",
        "actor": side.consultant,
    }
    values.update(kwargs)
    return step_advise(**values)


def test_worked_example_history_basis_then_plus(placed):
    side, placement = placed
    decision = advise(side, placement)
    assert decision.status == StepDecisionStatus.ADVISED
    step_decide(decision=decision, approve=True, actor=side.account_holder)
    assert step_history(placement) == [(D(2022, 2, 15), "basis"), (D(2022, 3, 10), "plus")]
    annotated = placements_with_step(
        type(placement).objects.filter(pk=placement.pk), on=D(2022, 3, 10)
    ).get()
    assert annotated.step_code == "plus"
    before = placements_with_step(
        type(placement).objects.filter(pk=placement.pk), on=D(2022, 3, 9)
    ).get()
    assert before.step_code == "basis"


def test_an_advice_is_not_in_force_until_approved(placed):
    side, placement = placed
    advise(side, placement)
    assert step_history(placement) == [(D(2022, 2, 15), "basis")]


def test_advice_needs_a_justification(placed):
    side, placement = placed
    with pytest.raises(ValidationError, match="Onderbouw"):
        advise(side, placement, justification="  ")
    assert StepDecision.objects.filter(status=StepDecisionStatus.ADVISED).count() == 0


def test_step_not_in_that_years_schedule_is_refused(placed):
    side, placement = placed
    with pytest.raises(ValidationError, match="treden van 2023"):
        advise(side, placement, step=plus(side, 2022), valid_from=D(2023, 2, 1))


def test_a_step_of_another_municipality_is_refused(placed, zwijndrecht):
    side, placement = placed
    with in_tenant(zwijndrecht.municipality):
        foreign = Step.objects.get(year=2022, code="plus")
    with pytest.raises(ValidationError, match="treden van 2022"):
        advise(side, placement, step=foreign)


def test_the_adviser_cannot_decide_their_own_advice(placed):
    side, placement = placed
    decision = advise(side, placement, actor=side.account_holder)
    with pytest.raises(ValidationError, match="niet zelf"):
        step_decide(decision=decision, approve=True, actor=side.account_holder)
    decision.refresh_from_db()
    assert decision.status == StepDecisionStatus.ADVISED


def test_rejection_needs_a_reason(placed):
    side, placement = placed
    decision = advise(side, placement)
    with pytest.raises(ValidationError, match="reden"):
        step_decide(decision=decision, approve=False, actor=side.account_holder)
    step_decide(
        decision=decision,
        approve=False,
        reason="Advies niet onderbouwd.",
        actor=side.account_holder,
    )
    decision.refresh_from_db()
    assert decision.status == StepDecisionStatus.REJECTED


def test_a_decided_advice_cannot_be_decided_again(placed):
    side, placement = placed
    decision = advise(side, placement)
    step_decide(decision=decision, approve=True, actor=side.account_holder)
    with pytest.raises(ValidationError, match="al besloten"):
        step_decide(decision=decision, approve=False, reason="x", actor=side.second_account_holder)


def test_approving_a_new_step_from_the_start_date_supersedes_the_initial_one(placed):
    side, placement = placed
    decision = advise(side, placement, valid_from=placement.start_date)
    step_decide(decision=decision, approve=True, actor=side.account_holder)
    assert step_history(placement) == [(D(2022, 2, 15), "plus")]
    assert placement.step_decisions.filter(status=StepDecisionStatus.SUPERSEDED).count() == 1


class TestObjections:
    def test_company_administrator_objects_and_account_holder_handles(self, placed):
        side, placement = placed
        decision = advise(side, placement)
        step_decide(
            decision=decision, approve=False, reason="Basis volstaat.", actor=side.account_holder
        )
        objection = objection_raise(
            decision=decision,
            reason="De deelnemer heeft echt meer begeleiding nodig.",
            actor=side.lwb_a_admin,
            organisation_ids={side.lwb_a.id},
        )
        assert objection.status == ObjectionStatus.OPEN
        objection_handle(
            objection=objection, upheld=True, response="Bezwaar gegrond.", actor=side.account_holder
        )
        objection.refresh_from_db()
        assert (
            objection.status == ObjectionStatus.UPHELD
            and objection.handled_by == side.account_holder
        )

    def test_objection_on_someone_elses_placement_is_refused(self, placed):
        side, placement = placed
        decision = placement.step_decisions.get()
        with pytest.raises(ValidationError, match="eigen bedrijf"):
            objection_raise(
                decision=decision,
                reason="Oneens.",
                actor=side.lwb_b_admin,
                organisation_ids={side.lwb_b.id},
            )
        assert Objection.objects.count() == 0

    def test_objection_needs_a_reason(self, placed):
        side, placement = placed
        with pytest.raises(ValidationError, match="reden"):
            objection_raise(
                decision=placement.step_decisions.get(),
                reason="",
                actor=side.lwb_a_admin,
                organisation_ids={side.lwb_a.id},
            )

    def test_an_undecided_advice_cannot_be_objected_to(self, placed):
        side, placement = placed
        with pytest.raises(ValidationError, match="nog niet besloten"):
            objection_raise(
                decision=advise(side, placement),
                reason="Oneens.",
                actor=side.lwb_a_admin,
                organisation_ids={side.lwb_a.id},
            )
