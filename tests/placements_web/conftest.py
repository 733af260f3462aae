"""A Dordrecht placement at company A (Kringloop) started in the basis step, and helpers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from participatie.models import Enrolment, Placement, Step, StepDecision
from participatie.placements.services import placement_start, step_advise, step_decide
from tests.conftest import Side, in_tenant
from tests.factories import ParticipantFactory

D = datetime.date


def start(side: Side, company: str = "lwb_a", **participant: object) -> Placement:
    organisation = getattr(side, company)
    with in_tenant(side.municipality):
        return placement_start(
            participant=ParticipantFactory(municipality=side.municipality, **participant),
            enrolment=Enrolment.objects.get(
                municipality=side.municipality, organisation=organisation
            ),
            start_date=D(2022, 2, 15),
            hours_per_week=Decimal(12),
            actor=side.consultant,
        )


def plus(side: Side, year: int = 2022) -> Step:
    with in_tenant(side.municipality):
        return Step.objects.get(municipality=side.municipality, year=year, code="plus")


def advised(side: Side, placement: Placement, valid_from: datetime.date = D(2022, 3, 10)):
    with in_tenant(side.municipality):
        return step_advise(
            placement=placement,
            step=plus(side, valid_from.year),
            valid_from=valid_from,
            justification="Heeft intensieve begeleiding nodig bij nieuwe taken.",
            actor=side.consultant,
        )


def approved(side: Side, placement: Placement) -> StepDecision:
    decision = advised(side, placement)
    with in_tenant(side.municipality):
        return step_decide(decision=decision, approve=True, actor=side.account_holder)


@pytest.fixture
def placed(dordrecht, zwijndrecht, steps) -> Placement:
    return start(
        dordrecht,
        first_name="Anna",
        last_name="de Vries",
        bsn="111222333",
        address="Voorstraat 1",
        intake_notes="Vertelde over schulden.",
    )


@pytest.fixture
def foreign(zwijndrecht, steps) -> Placement:
    """A Zwijndrecht placement, for the cross-municipality tests."""
    return start(zwijndrecht, first_name="Zeno", last_name="Zwijndrechter")


def count(model, side: Side, **filters: object) -> int:
    with in_tenant(side.municipality):
        return model.objects.filter(municipality=side.municipality, **filters).count()
