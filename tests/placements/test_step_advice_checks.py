"""Step advices that would change nothing are refused in the service (web, API and import share
it): the step already in force on that date, and a second open advice from the same date."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participatie.models import Step, StepDecision
from participatie.placements.choices import StepDecisionStatus
from participatie.placements.services import step_advise, step_decide
from tests.conftest import in_tenant
from tests.placements.conftest import D
from tests.placements_web.conftest import start


def _step(side, code, year=2022):
    return Step.objects.get(municipality=side.municipality, year=year, code=code)


def _advise(side, placement, code="plus", valid_from=D(2022, 3, 10), year=None):
    return step_advise(
        placement=placement,
        step=_step(side, code, year or valid_from.year),
        valid_from=valid_from,
        justification="Heeft intensieve begeleiding nodig bij nieuwe taken.",
        actor=side.consultant,
    )


def _refused(side, placement, field, **kwargs):
    before = StepDecision.objects.count()
    with pytest.raises(ValidationError) as info:
        _advise(side, placement, **kwargs)
    assert StepDecision.objects.count() == before
    return info.value.message_dict[field]


@pytest.fixture
def placed(dordrecht, steps):
    placement = start(dordrecht)
    with in_tenant(dordrecht.municipality):
        yield dordrecht, placement


def test_advising_the_start_step_on_a_later_date_is_refused_on_step(placed):
    side, placement = placed
    messages = _refused(side, placement, "step", code="basis", valid_from=D(2022, 3, 10))
    assert messages == [
        "Deze trede geldt al vanaf 15 februari 2022. Kies een andere trede of een andere datum."
    ]


def test_advising_an_approved_step_again_is_refused_from_its_date(placed):
    side, placement = placed
    step_decide(decision=_advise(side, placement), approve=True, actor=side.account_holder)
    messages = _refused(side, placement, "step", valid_from=D(2022, 5, 1))
    assert "Deze trede geldt al vanaf 10 maart 2022." in messages[0]
    # The same code in the next year's catalogue is the same step.
    messages = _refused(side, placement, "step", valid_from=D(2023, 1, 1))
    assert "Deze trede geldt al vanaf 10 maart 2022." in messages[0]


def test_the_other_step_or_a_date_before_it_took_effect_is_fine(placed):
    side, placement = placed
    step_decide(decision=_advise(side, placement), approve=True, actor=side.account_holder)
    assert _advise(side, placement, code="basis", valid_from=D(2022, 6, 1)).pk
    # Before 10 March basis is in force, so plus from 1 March changes something.
    assert _advise(side, placement, valid_from=D(2022, 3, 1)).pk


def test_an_advice_only_counts_once_decided(placed):
    side, placement = placed
    decision = _advise(side, placement)
    step_decide(decision=decision, approve=False, reason="Te vroeg.", actor=side.account_holder)
    # Rejected: plus is not in force, a new plus advice (another date) is allowed.
    assert _advise(side, placement, valid_from=D(2022, 4, 1)).status == StepDecisionStatus.ADVISED


def test_a_second_open_advice_from_the_same_date_is_refused_on_valid_from(placed):
    side, placement = placed
    _advise(side, placement)
    messages = _refused(side, placement, "valid_from", valid_from=D(2022, 3, 10))
    assert messages == [
        "Voor deze plaatsing staat al een advies open vanaf 10 maart 2022. De accounthouder "
        "besluit daar eerst over; kies anders een andere datum."
    ]
    assert StepDecision.objects.filter(status=StepDecisionStatus.ADVISED).count() == 1


def test_after_the_decision_the_same_date_may_be_advised_again(placed):
    side, placement = placed
    decision = _advise(side, placement)
    step_decide(decision=decision, approve=False, reason="Te vroeg.", actor=side.account_holder)
    assert _advise(side, placement).status == StepDecisionStatus.ADVISED


def test_open_advices_of_other_placements_do_not_count(placed):
    side, placement = placed
    other = start(side, "lwb_b")
    _advise(side, other)
    assert _advise(side, placement).pk
