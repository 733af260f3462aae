"""An upheld objection (gegrond) reopens the step decision it objected to: back to advised, in
the account holder's queue, with the objection linked; a dismissed one leaves it as it is."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participatie.models import Objection, Step, StepDecision
from participatie.placements.choices import ObjectionStatus, StepDecisionStatus
from participatie.placements.selectors import step_decisions_awaiting, step_history
from participatie.placements.services import (
    objection_handle,
    objection_raise,
    step_advise,
    step_decide,
)
from tests.conftest import in_tenant
from tests.factories import ObjectionFactory
from tests.placements.conftest import D
from tests.placements_web.conftest import start


@pytest.fixture
def placed(dordrecht, steps):
    placement = start(dordrecht)
    with in_tenant(dordrecht.municipality):
        yield dordrecht, placement


def _decided(side, placement, *, approve, valid_from=D(2022, 3, 10)):
    decision = step_advise(
        placement=placement,
        step=Step.objects.get(municipality=side.municipality, year=2022, code="plus"),
        valid_from=valid_from,
        justification="Heeft intensieve begeleiding nodig.",
        actor=side.consultant,
    )
    return step_decide(
        decision=decision,
        approve=approve,
        reason="" if approve else "Basis volstaat.",
        actor=side.account_holder,
    )


def _object(side, decision):
    return objection_raise(
        decision=decision,
        reason="De deelnemer heeft echt meer begeleiding nodig.",
        actor=side.lwb_a_admin,
        organisation_ids={side.lwb_a.id},
    )


def test_upheld_objection_to_a_rejection_reopens_it_for_a_new_decision(placed):
    side, placement = placed
    decision = _decided(side, placement, approve=False)
    objection = _object(side, decision)
    objection_handle(
        objection=objection, upheld=True, response="Terecht.", actor=side.account_holder
    )
    decision.refresh_from_db()
    assert decision.status == StepDecisionStatus.ADVISED
    assert decision.decided_by is None and decision.rejection_reason == ""
    assert list(step_decisions_awaiting(municipality=side.municipality)) == [decision]
    assert decision.reopened_by == Objection.objects.get(pk=objection.pk)
    # The history keeps the first decision.
    statuses = list(decision.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["advised", "rejected", "advised"]
    # The account holder decides anew; approving puts plus in force.
    step_decide(decision=decision, approve=True, actor=side.account_holder)
    assert step_history(placement) == [(D(2022, 2, 15), "basis"), (D(2022, 3, 10), "plus")]
    decision.refresh_from_db()
    assert decision.reopened_by is None


def test_upheld_objection_to_an_approval_takes_it_out_of_force_until_decided(placed):
    side, placement = placed
    decision = _decided(side, placement, approve=True)
    objection_handle(
        objection=_object(side, decision),
        upheld=True,
        response="Plus was te vroeg.",
        actor=side.account_holder,
    )
    decision.refresh_from_db()
    assert decision.status == StepDecisionStatus.ADVISED
    assert step_history(placement) == [(D(2022, 2, 15), "basis")]
    step_decide(
        decision=decision, approve=False, reason="Na bezwaar: basis.", actor=side.account_holder
    )
    assert step_history(placement) == [(D(2022, 2, 15), "basis")]


def test_reopening_a_decision_from_the_start_date_restores_the_one_it_replaced(placed):
    side, placement = placed
    decision = _decided(side, placement, approve=True, valid_from=placement.start_date)
    assert step_history(placement) == [(D(2022, 2, 15), "plus")]
    objection_handle(
        objection=_object(side, decision), upheld=True, response="Ja.", actor=side.account_holder
    )
    # Every day keeps a step: the start step is in force again while the advice waits.
    assert step_history(placement) == [(D(2022, 2, 15), "basis")]
    step_decide(decision=decision, approve=True, actor=side.account_holder)
    assert step_history(placement) == [(D(2022, 2, 15), "plus")]


def test_dismissed_objection_leaves_the_decision_as_it_is(placed):
    side, placement = placed
    decision = _decided(side, placement, approve=False)
    objection = _object(side, decision)
    objection_handle(
        objection=objection, upheld=False, response="Basis blijft.", actor=side.account_holder
    )
    decision.refresh_from_db()
    assert decision.status == StepDecisionStatus.REJECTED
    assert decision.rejection_reason == "Basis volstaat."
    assert decision.decided_by == side.account_holder
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.DISMISSED
    assert list(step_decisions_awaiting(municipality=side.municipality)) == []


def test_no_objection_to_the_start_step(placed):
    side, placement = placed
    initial = placement.step_decisions.get()
    with pytest.raises(ValidationError, match="starttrede"):
        _object(side, initial)
    assert Objection.objects.count() == 0


def test_an_older_objection_to_the_start_step_cannot_reopen_it(placed):
    side, placement = placed
    initial = placement.step_decisions.get()
    objection = ObjectionFactory(
        municipality=side.municipality, decision=initial, raised_by=side.lwb_a_admin
    )
    with pytest.raises(ValidationError, match="starttrede"):
        objection_handle(
            objection=objection, upheld=True, response="Ja.", actor=side.account_holder
        )
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.OPEN
    assert StepDecision.objects.get(pk=initial.pk).status == StepDecisionStatus.APPROVED
    # Dismissing it is still possible.
    objection_handle(objection=objection, upheld=False, response="Nee.", actor=side.account_holder)
