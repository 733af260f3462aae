"""The privacy officers of a side (two, for four eyes) and a person with a dossier in every
table that can hold something about them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from participatie.choices import Role
from participatie.models import Enrolment, Participant, Placement, User
from tests.conftest import Side, in_tenant, make_steps
from tests.factories import (
    AbsenceSignalFactory,
    AttendanceCorrectionFactory,
    AttendanceFactory,
    DevelopmentPlanFactory,
    DevelopmentTalkFactory,
    IntakeFactory,
    MembershipFactory,
    ObjectionFactory,
    ParticipantFactory,
    PlacementFactory,
    ReadEventFactory,
    ReferralFactory,
    StepDecisionFactory,
    StepFactory,
    UserFactory,
)
from tests.factories_caseload_import import CaseloadImportChangeFactory
from tests.factories_partners import PartnerReferralFactory
from tests.factories_privacy import SubjectRequestFactory
from tests.factories_subsidies import CrossMunicipalClaimFactory, StatementLineFactory

D = datetime.date
BSN = "111222333"


def privacy_officer(side: Side, who: str = "privacy") -> User:
    user = UserFactory(email=f"{who}@{side.municipality.slug}.example.nl")
    MembershipFactory(user=user, organisation=side.office, role=Role.PRIVACY_OFFICER)
    return user


@pytest.fixture
def officer(dordrecht: Side) -> User:
    return privacy_officer(dordrecht)


@pytest.fixture
def second_officer(dordrecht: Side) -> User:
    return privacy_officer(dordrecht, "privacy2")


@dataclass
class Dossier:
    participant: Participant
    placement: Placement


def make_dossier(side: Side, other: Side, *, bsn: str = BSN, first_name: str = "Vera") -> Dossier:
    """One person with a row in every section of the subject registry, a read event, and an
    intake that placed them in ``other``."""
    municipality = side.municipality
    make_steps(municipality, range(2022, 2023))
    with in_tenant(municipality):
        enrolment = Enrolment.objects.get(organisation=side.lwb_a)
        person = ParticipantFactory(
            municipality=municipality,
            first_name=first_name,
            last_name="Vrieslander",
            bsn=bsn,
            address="Voorstraat 1",
            intake_notes="Vertelt over de hond.",
        )
        referral = ReferralFactory(
            municipality=municipality, participant=person, notes="Buurvrouw."
        )
        IntakeFactory(
            municipality=municipality,
            referral=referral,
            wishes="Werken met dieren.",
            outcome="placed",
            outcome_on=D(2022, 1, 25),
            placed_in=other.municipality,
        )
        placement = PlacementFactory(
            municipality=municipality,
            participant=person,
            enrolment=enrolment,
            start_date=D(2022, 1, 10),
            end_date=D(2022, 6, 30),
            outflow_reason="paid_work",
        )
        step = StepFactory(municipality=municipality, year=2022, code="basis")
        decision = StepDecisionFactory(municipality=municipality, placement=placement, step=step)
        ObjectionFactory(municipality=municipality, decision=decision)
        attendance = AttendanceFactory(municipality=municipality, placement=placement)
        AttendanceCorrectionFactory(municipality=municipality, attendance=attendance)
        AbsenceSignalFactory(municipality=municipality, placement=placement)
        plan = DevelopmentPlanFactory(municipality=municipality, placement=placement)
        DevelopmentTalkFactory(municipality=municipality, plan=plan)
        SubjectRequestFactory(
            municipality=municipality, participant=person, recorded_by=side.account_holder
        )
        StatementLineFactory(
            municipality=municipality,
            statement__enrolment=enrolment,
            placement=placement,
            step=step,
            amount=Decimal("157.53"),
        )
        CrossMunicipalClaimFactory(
            municipality=municipality,
            counterpart=other.municipality,
            participant_reference=person.reference,
        )
        PartnerReferralFactory(
            municipality=municipality,
            referral=referral,
            first_name=first_name,
            last_name=person.last_name,
        )
        CaseloadImportChangeFactory(
            municipality=municipality,
            participant=person,
            previous={"first_name": "Vee", "bsn": bsn},
            applied={"first_name": first_name},
        )
        ReadEventFactory(
            municipality=municipality,
            user=side.consultant,
            object_type="participatie.participant",
            object_id=person.pk,
        )
    return Dossier(participant=person, placement=placement)
