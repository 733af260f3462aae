"""Shared pieces of the API tests: JSON calls, a running placement, bulk rows for query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.models import Enrolment, Placement, Step
from participatie.placements.choices import StepDecisionStatus
from participatie.placements.services import placement_start
from tests.conftest import in_tenant, login
from tests.factories import (
    DevelopmentPlanFactory,
    IntakeFactory,
    ObjectionFactory,
    ParticipantFactory,
    PlacementFactory,
    ReferralFactory,
    StepDecisionFactory,
)

D = datetime.date
PROBLEM = "application/problem+json"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long-running test (schemathesis against the API)")


def url(side, tail: str) -> str:
    return f"/api/v1/{side.municipality.slug}/{tail}"


def get(client, user, path: str):
    login(client, user)
    return client.get(path)


def post(client, user, path: str, data: dict | None = None):
    login(client, user)
    return client.post(path, data or {}, content_type="application/json")


def fields_of(response) -> set[str]:
    """The field names a problem+json 400 names."""
    assert response.status_code == 400, (response.status_code, response.content)
    assert response["Content-Type"] == PROBLEM
    params = response.json()["invalidParams"]
    assert all(error["code"] and error["reason"] for error in params), params
    return {error["name"] for error in params}


def messages_of(response) -> str:
    """What a problem+json says: the reasons in ``invalidParams``, or else (a conflict, say)
    its detail."""
    body = response.json()
    reasons = [error["reason"] for error in body.get("invalidParams", [])]
    return " ".join(reasons or [body.get("detail", "")])


def enrolment_of(side, organisation) -> Enrolment:
    with in_tenant(side.municipality):
        return Enrolment.objects.get(organisation=organisation)


def start(side, organisation, start_date=D(2022, 2, 15), **participant) -> Placement:
    """A placement started through the service (so with its initial step decision)."""
    with in_tenant(side.municipality):
        enrolment = Enrolment.objects.get(organisation=organisation)
        person = participant.pop("participant", None) or ParticipantFactory(
            municipality=side.municipality, **participant
        )
        return placement_start(
            participant=person,
            enrolment=enrolment,
            start_date=start_date,
            hours_per_week=Decimal(12),
            actor=side.consultant,
        )


@pytest.fixture
def placement(dordrecht, steps) -> Placement:
    """A participant at Dordrecht's company A since 2022-02-15, in step basis."""
    return start(
        dordrecht,
        dordrecht.lwb_a,
        first_name="Piet",
        last_name="Bakker",
        address="Voorstraat 1",
        intake_notes="Vertelt graag over zijn hond.",
    )


def populate(side, organisation, n: int) -> None:
    """``n`` placements at ``organisation`` with everything the lists show: a referral with an
    intake, an approved and an advised step decision, a development plan and an objection."""
    municipality = side.municipality
    with in_tenant(municipality):
        enrolment = Enrolment.objects.get(organisation=organisation)
        basis = Step.objects.get(municipality=municipality, year=2022, code="basis")
        plus = Step.objects.get(municipality=municipality, year=2022, code="plus")
        for _ in range(n):
            person = ParticipantFactory(municipality=municipality)
            referral = ReferralFactory(
                municipality=municipality, participant=person, matching_unit=side.matching_unit
            )
            IntakeFactory(municipality=municipality, referral=referral)
            placed = PlacementFactory(
                municipality=municipality, participant=person, enrolment=enrolment
            )
            decision = StepDecisionFactory(
                municipality=municipality, placement=placed, step=basis, is_initial=True
            )
            StepDecisionFactory(
                municipality=municipality,
                placement=placed,
                step=plus,
                valid_from=D(2022, 6, 1),
                status=StepDecisionStatus.ADVISED,
            )
            DevelopmentPlanFactory(municipality=municipality, placement=placed)
            ObjectionFactory(municipality=municipality, decision=decision)


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)
