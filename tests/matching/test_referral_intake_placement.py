"""Referral -> intake -> placement, including a resident placed in another municipality."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from matching.choices import IntakeOutcome, ReferralSource, ReferralStatus
from matching.models import Intake, Referral
from matching.selectors import active_placements_of_bsn, matching_search
from matching.services import intake_conclude, intake_place, intake_record, referral_register
from participatie.models import Enrolment, Participant, Placement
from tests.conftest import in_tenant
from tests.factories import ServiceAreaFactory, valid_bsn
from tests.placements.conftest import D

TODAY = datetime.date.today()


def person(**overrides):
    data = {
        "first_name": "Fatima",
        "last_name": "de Vries",
        "bsn": valid_bsn(4242),
        "birth_date": D(1985, 4, 2),
        "postcode": "3331 AB",
        "city": "Zwijndrecht",
        "benefit": "none",
    }
    data.update(overrides)
    return data


@pytest.fixture
def mu_serves_both(dordrecht, zwijndrecht, steps):
    """Dordrecht's matching unit serves Zwijndrecht as well (as MEE serves four)."""
    with in_tenant(zwijndrecht.municipality):
        ServiceAreaFactory(
            municipality=zwijndrecht.municipality, organisation=dordrecht.matching_unit
        )
    return dordrecht, zwijndrecht


def register(side, municipality=None, **overrides):
    return referral_register(
        municipality=municipality or side.municipality,
        matching_unit=side.matching_unit,
        participant_data=person(**overrides),
        source=ReferralSource.DISTRICT_TEAM,
        referred_on=D(2022, 1, 10),
        referrer="Wijkteam Oost",
        actor=side.consultant,
    )


def screened(referral, side, **answers):
    values = {"informed": True, "motivated": True, "consent": True}
    values.update(answers)
    return intake_record(
        referral=referral, intake_date=D(2022, 1, 20), consultant=side.consultant, **values
    )


class TestReferral:
    def test_registers_the_participant_and_the_referral(self, dordrecht):
        with in_tenant(dordrecht.municipality):
            referral = register(dordrecht)
            assert referral.status == ReferralStatus.NEW
            assert referral.participant.home_municipality == dordrecht.municipality

    def test_invalid_bsn_is_refused_and_nothing_saved(self, dordrecht):
        with in_tenant(dordrecht.municipality):
            with pytest.raises(ValidationError) as info:
                register(dordrecht, bsn="123456789")
            assert "elfproef" in str(info.value.message_dict["bsn"])
            assert Participant.objects.count() == 0 and Referral.objects.count() == 0

    def test_benefit_without_client_manager_consent_is_refused(self, dordrecht):
        with in_tenant(dordrecht.municipality):
            with pytest.raises(ValidationError, match="klantmanager"):
                register(dordrecht, benefit="sdd")
            referral = register(
                dordrecht, benefit="sdd", consent_by="J. Jansen (SDD)", consent_on=D(2022, 1, 5)
            )
            assert referral.participant.consent_by == "J. Jansen (SDD)"

    def test_the_same_bsn_reuses_the_participant(self, dordrecht):
        with in_tenant(dordrecht.municipality):
            first = register(dordrecht)
            second = register(dordrecht)
            assert first.participant_id == second.participant_id

    def test_a_referral_date_in_the_future_is_refused(self, dordrecht):
        with in_tenant(dordrecht.municipality), pytest.raises(ValidationError, match="toekomst"):
            referral_register(
                municipality=dordrecht.municipality,
                matching_unit=dordrecht.matching_unit,
                participant_data=person(),
                source=ReferralSource.SELF,
                referred_on=TODAY + datetime.timedelta(days=1),
                actor=dordrecht.consultant,
            )


class TestIntake:
    def test_intake_moves_the_referral_to_intake(self, dordrecht):
        with in_tenant(dordrecht.municipality):
            referral = register(dordrecht)
            screened(referral, dordrecht)
            referral.refresh_from_db()
            assert referral.status == ReferralStatus.INTAKE

    @pytest.mark.parametrize(
        "indication",
        ["ci_day_care", "ci_independent_volunteering", "ci_paid_work", "ci_regular_education"],
    )
    def test_any_contra_indication_blocks_waiting_for_a_place(self, dordrecht, indication):
        with in_tenant(dordrecht.municipality):
            intake = screened(register(dordrecht), dordrecht, **{indication: True})
            with pytest.raises(ValidationError, match="Contra-indicatie"):
                intake_conclude(
                    intake=intake, outcome=IntakeOutcome.WAITING, actor=dordrecht.consultant
                )
            intake.refresh_from_db()
            assert intake.outcome == ""

    def test_not_informed_or_unmotivated_blocks(self, dordrecht):
        with in_tenant(dordrecht.municipality):
            intake = screened(register(dordrecht), dordrecht, motivated=False)
            with pytest.raises(ValidationError, match="gemotiveerd"):
                intake_conclude(
                    intake=intake, outcome=IntakeOutcome.WAITING, actor=dordrecht.consultant
                )

    def test_warm_handover_names_the_receiving_party(self, dordrecht):
        with in_tenant(dordrecht.municipality):
            intake = screened(register(dordrecht), dordrecht, ci_day_care=True)
            with pytest.raises(ValidationError, match="overgedragen"):
                intake_conclude(
                    intake=intake, outcome=IntakeOutcome.WARM_HANDOVER, actor=dordrecht.consultant
                )
            intake_conclude(
                intake=intake,
                outcome=IntakeOutcome.WARM_HANDOVER,
                handover_to="day_care",
                actor=dordrecht.consultant,
            )
            assert Referral.objects.get().status == ReferralStatus.CLOSED

    def test_not_eligible_needs_a_reason(self, dordrecht):
        with in_tenant(dordrecht.municipality):
            intake = screened(register(dordrecht), dordrecht)
            with pytest.raises(ValidationError, match="niet past"):
                intake_conclude(
                    intake=intake, outcome=IntakeOutcome.NOT_ELIGIBLE, actor=dordrecht.consultant
                )

    def test_intake_before_the_referral_date_is_refused(self, dordrecht):
        with in_tenant(dordrecht.municipality):
            referral = register(dordrecht)
            with pytest.raises(ValidationError, match="vóór de aanmelddatum"):
                intake_record(
                    referral=referral, intake_date=D(2022, 1, 1), consultant=dordrecht.consultant
                )


class TestPlacing:
    def place(self, intake, side, enrolment, served, **kwargs):
        values = {
            "intake": intake,
            "enrolment_id": enrolment.id,
            "place_municipality_id": enrolment.municipality_id,
            "served_municipality_ids": served,
            "start_date": D(2022, 2, 15),
            "hours_per_week": Decimal(12),
            "actor": side.consultant,
        }
        values.update(kwargs)
        return intake_place(**values)

    def test_zwijndrecht_resident_placed_at_a_dordrecht_company(self, mu_serves_both):
        dordrecht, zwijndrecht = mu_serves_both
        served = {dordrecht.municipality.id, zwijndrecht.municipality.id}
        with in_tenant(zwijndrecht.municipality):
            intake = screened(register(dordrecht, municipality=zwijndrecht.municipality), dordrecht)
        with in_tenant(dordrecht.municipality):
            enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        with in_tenant(zwijndrecht.municipality):
            placement = self.place(intake, dordrecht, enrolment, served)
            intake.refresh_from_db()
            assert intake.outcome == IntakeOutcome.PLACED
            assert intake.placed_in == dordrecht.municipality
            assert intake.placement_reference == placement.reference
        with in_tenant(dordrecht.municipality):
            placed = Placement.objects.select_related("participant").get()
            assert placed.municipality == dordrecht.municipality
            assert placed.participant.municipality == dordrecht.municipality
            assert placed.participant.home_municipality == zwijndrecht.municipality
            assert placed.participant.intake_notes == ""
            assert placed.intake_reference == intake.reference
        with in_tenant(zwijndrecht.municipality):
            assert not Placement.objects.exists()

    def test_placing_in_a_municipality_the_unit_does_not_serve_is_refused(
        self, dordrecht, zwijndrecht, steps
    ):
        with in_tenant(dordrecht.municipality):
            intake = screened(register(dordrecht), dordrecht)
        with in_tenant(zwijndrecht.municipality):
            enrolment = Enrolment.objects.get(organisation=zwijndrecht.lwb_a)
        with in_tenant(dordrecht.municipality), pytest.raises(ValidationError, match="werkt niet"):
            self.place(intake, dordrecht, enrolment, {dordrecht.municipality.id})
        with in_tenant(dordrecht.municipality):
            assert Intake.objects.get().outcome == ""

    def test_start_before_the_intake_date_is_refused(self, dordrecht, steps):
        with in_tenant(dordrecht.municipality):
            intake = screened(register(dordrecht), dordrecht)
            enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
            with pytest.raises(ValidationError, match="intakedatum"):
                self.place(
                    intake,
                    dordrecht,
                    enrolment,
                    {dordrecht.municipality.id},
                    start_date=D(2022, 1, 15),
                )
            assert not Placement.objects.exists()

    def test_a_contra_indication_blocks_placing(self, dordrecht, steps):
        with in_tenant(dordrecht.municipality):
            intake = screened(register(dordrecht), dordrecht, ci_paid_work=True)
            enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
            with pytest.raises(ValidationError, match="Contra-indicatie"):
                self.place(intake, dordrecht, enrolment, {dordrecht.municipality.id})

    def test_age_on_the_start_date_counts(self, dordrecht, steps):
        with in_tenant(dordrecht.municipality):
            intake = screened(register(dordrecht, birth_date=D(2004, 3, 1)), dordrecht)
            enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
            with pytest.raises(ValidationError, match="jonger dan 18"):
                self.place(intake, dordrecht, enrolment, {dordrecht.municipality.id})
            assert self.place(
                intake, dordrecht, enrolment, {dordrecht.municipality.id}, start_date=D(2022, 3, 1)
            )

    def test_placements_in_another_served_municipality_count_and_warn(self, mu_serves_both):
        dordrecht, zwijndrecht = mu_serves_both
        served = {dordrecht.municipality.id, zwijndrecht.municipality.id}
        with in_tenant(dordrecht.municipality):
            first = screened(register(dordrecht), dordrecht)
            self.place(
                first, dordrecht, Enrolment.objects.get(organisation=dordrecht.lwb_a), served
            )
            second = screened(register(dordrecht), dordrecht)
            self.place(
                second, dordrecht, Enrolment.objects.get(organisation=dordrecht.lwb_b), served
            )
        with in_tenant(zwijndrecht.municipality):
            enrolment = Enrolment.objects.get(organisation=zwijndrecht.lwb_a)
        with in_tenant(*[dordrecht.municipality, zwijndrecht.municipality]):
            warnings = active_placements_of_bsn(
                bsn=valid_bsn(4242), municipality_ids=served, on=D(2022, 3, 1)
            )
            assert {w.company for w in warnings} == {dordrecht.lwb_a.name, dordrecht.lwb_b.name}
        with in_tenant(zwijndrecht.municipality):
            third = screened(register(dordrecht, municipality=zwijndrecht.municipality), dordrecht)
            with pytest.raises(ValidationError, match="twee plaatsingen"):
                self.place(third, dordrecht, enrolment, served, start_date=D(2022, 3, 1))


class TestMatchingSearch:
    def test_home_municipality_first_full_companies_left_out(self, mu_serves_both):
        dordrecht, zwijndrecht = mu_serves_both
        served = [dordrecht.municipality.id, zwijndrecht.municipality.id]
        with in_tenant(zwijndrecht.municipality):
            Enrolment.objects.filter(organisation=zwijndrecht.lwb_b).update(max_places=0)
        with in_tenant(dordrecht.municipality, zwijndrecht.municipality):
            found = list(
                matching_search(
                    municipality_ids=served, home_municipality_id=zwijndrecht.municipality.id
                )
            )
        assert found[0].organisation == zwijndrecht.lwb_a
        assert zwijndrecht.lwb_b not in [e.organisation for e in found]
        assert {e.organisation for e in found[1:]} == {dordrecht.lwb_a, dordrecht.lwb_b}
        assert all(e.free == e.max_places - e.occupied for e in found)

    def test_filters_on_environment_and_guidance(self, mu_serves_both):
        dordrecht, _ = mu_serves_both
        with in_tenant(dordrecht.municipality):
            Enrolment.objects.filter(organisation=dordrecht.lwb_a).update(
                work_environment="low_stimulus", guidance_kind="individual"
            )
            found = matching_search(
                municipality_ids=[dordrecht.municipality.id],
                home_municipality_id=dordrecht.municipality.id,
                work_environment="low_stimulus",
                guidance_kind="individual",
            )
            assert [e.organisation for e in found] == [dordrecht.lwb_a]

    def test_search_costs_one_query(self, mu_serves_both, django_assert_num_queries):
        dordrecht, zwijndrecht = mu_serves_both
        with in_tenant(dordrecht.municipality, zwijndrecht.municipality):
            with django_assert_num_queries(1):
                list(
                    matching_search(
                        municipality_ids=[dordrecht.municipality.id, zwijndrecht.municipality.id],
                        home_municipality_id=dordrecht.municipality.id,
                    )
                )
