"""The referral page: who sees what, the read log, the intake screening and its outcome."""

from __future__ import annotations

import pytest

from matching.choices import IntakeOutcome, ReferralStatus
from matching.models import Intake, Referral
from participatie.models import Participant, ReadEvent
from tests.conftest import in_tenant, login
from tests.factories import valid_bsn
from tests.matching_web.conftest import make_intake, make_referral

BSN = valid_bsn(4711)


def url(referral_id, suffix=""):
    return f"/dordrecht/aanmeldingen/{referral_id}/{suffix}"


@pytest.fixture
def referral(dordrecht):
    referral = make_referral(dordrecht, bsn=BSN, first_name="Piet", last_name="Post")
    with in_tenant(dordrecht.municipality):
        Participant.objects.filter(pk=referral.participant_id).update(
            intake_notes="Slechte ervaring met groepswerk."
        )
    return referral


def intake_form(**overrides):
    data = {
        "intake_date": "2022-01-20",
        "informed": "on",
        "motivated": "on",
        "consent": "on",
        "wishes": "Buiten werken, dieren.",
        "intake_notes": "Komt op de fiets.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class TestWhoSeesWhat:
    def test_the_consultant_sees_the_full_bsn_and_the_intake_notes(self, client, referral):
        login(client, referral.registered_by)
        page = client.get(url(referral.pk)).content.decode()
        assert BSN in page
        assert "Slechte ervaring met groepswerk." in page
        assert "Intake vastleggen" in page

    @pytest.mark.parametrize("who", ["account_holder", "policy_officer"])
    def test_municipal_officers_see_a_masked_bsn_and_no_notes(
        self, client, dordrecht, referral, who
    ):
        login(client, getattr(dordrecht, who))
        response = client.get(url(referral.pk))
        page = response.content.decode()
        assert response.status_code == 200
        assert BSN not in page and f"*****{BSN[-4:]}" in page
        assert "Slechte ervaring" not in page and "Intakenotities" not in page
        assert "Intake vastleggen" not in page and '<form method="post"' not in page

    def test_opening_the_referral_logs_a_read_of_the_participant(self, client, dordrecht, referral):
        login(client, dordrecht.account_holder)
        client.get(url(referral.pk))
        with in_tenant(dordrecht.municipality):
            event = ReadEvent.objects.get()
        assert event.object_type == "participatie.participant"
        assert event.object_id == referral.participant_id
        assert event.user == dordrecht.account_holder
        assert event.route == "matching:referral-detail"


class TestIntake:
    def test_the_consultant_records_the_screening(self, client, dordrecht, referral):
        login(client, dordrecht.consultant)
        response = client.post(url(referral.pk, "intake/"), intake_form(ci_paid_work="on"))
        assert response.status_code == 302
        with in_tenant(dordrecht.municipality):
            intake = Intake.objects.get()
            assert (intake.informed, intake.motivated, intake.consent) == (True, True, True)
            assert intake.ci_paid_work and not intake.ci_day_care
            assert intake.wishes == "Buiten werken, dieren."
            assert Referral.objects.get().status == ReferralStatus.INTAKE
            assert Participant.objects.get().intake_notes == "Komt op de fiets."
        page = client.get(url(referral.pk)).content.decode()
        assert "De intake is opgeslagen." in page
        assert "Contra-indicatie: Kan (beschut) betaald werk doen." in page

    def test_updating_the_intake_keeps_one_intake(self, client, dordrecht, referral):
        login(client, dordrecht.consultant)
        client.post(url(referral.pk, "intake/"), intake_form(motivated=None))
        client.post(url(referral.pk, "intake/"), intake_form())
        with in_tenant(dordrecht.municipality):
            assert Intake.objects.get().motivated is True

    @pytest.mark.parametrize(
        ("date", "message"),
        [
            ("2022-01-01", "De intakedatum ligt vóór de aanmelddatum."),
            ("2099-01-01", "De intakedatum ligt in de toekomst."),
            ("", "Dit veld is verplicht."),
        ],
    )
    def test_a_bad_intake_date_is_refused(self, client, dordrecht, referral, date, message):
        login(client, dordrecht.consultant)
        response = client.post(url(referral.pk, "intake/"), intake_form(intake_date=date))
        assert response.status_code == 400
        assert message in response.content.decode()
        with in_tenant(dordrecht.municipality):
            assert not Intake.objects.exists()
            assert Referral.objects.get().status == ReferralStatus.NEW
            assert Participant.objects.get().intake_notes == "Slechte ervaring met groepswerk."


class TestOutcome:
    def conclude(self, client, intake, **data):
        return client.post(url(intake.referral_id, "uitkomst/"), data)

    def test_eligible_candidate_waits_for_a_place(self, client, dordrecht):
        intake = make_intake(dordrecht)
        login(client, dordrecht.consultant)
        assert self.conclude(client, intake, outcome="waiting").status_code == 302
        with in_tenant(dordrecht.municipality):
            assert Intake.objects.get().outcome == IntakeOutcome.WAITING
            assert Referral.objects.get().status == ReferralStatus.WAITING
        page = client.get(url(intake.referral_id)).content.decode()
        assert "Passende plek zoeken" in page

    @pytest.mark.parametrize(
        "indication",
        ["ci_day_care", "ci_independent_volunteering", "ci_paid_work", "ci_regular_education"],
    )
    def test_a_contra_indication_blocks_waiting(self, client, dordrecht, indication):
        intake = make_intake(dordrecht, **{indication: True})
        login(client, dordrecht.consultant)
        response = self.conclude(client, intake, outcome="waiting")
        assert response.status_code == 400
        assert "Contra-indicatie:" in response.content.decode()
        with in_tenant(dordrecht.municipality):
            assert Intake.objects.get().outcome == ""
            assert Referral.objects.get().status == ReferralStatus.INTAKE

    def test_unmotivated_or_benefit_without_consent_blocks_waiting(self, client, dordrecht):
        intake = make_intake(dordrecht, motivated=False)
        login(client, dordrecht.consultant)
        page = self.conclude(client, intake, outcome="waiting").content.decode()
        assert "niet gemotiveerd" in page
        with in_tenant(dordrecht.municipality):
            assert Intake.objects.get().outcome == ""

    def test_warm_handover_names_the_receiving_party(self, client, dordrecht):
        intake = make_intake(dordrecht, ci_day_care=True)
        login(client, dordrecht.consultant)
        response = self.conclude(client, intake, outcome="warm_handover")
        assert response.status_code == 400
        assert "Kies aan wie de deelnemer is overgedragen." in response.content.decode()
        response = self.conclude(
            client,
            intake,
            outcome="warm_handover",
            handover_to="day_care",
            handover_note="De Schakel, mevr. Jansen",
        )
        assert response.status_code == 302
        with in_tenant(dordrecht.municipality):
            saved = Intake.objects.get()
            assert (saved.outcome, saved.handover_to) == ("warm_handover", "day_care")
            assert Referral.objects.get().status == ReferralStatus.CLOSED
        page = client.get(url(intake.referral_id)).content.decode()
        assert "Dagbesteding" in page and "De Schakel" in page

    def test_not_eligible_needs_a_reason(self, client, dordrecht):
        intake = make_intake(dordrecht)
        login(client, dordrecht.consultant)
        response = self.conclude(client, intake, outcome="not_eligible")
        assert response.status_code == 400
        assert "Geef aan waarom de deelnemer niet past." in response.content.decode()
        with in_tenant(dordrecht.municipality):
            assert Intake.objects.get().outcome == ""
        self.conclude(client, intake, outcome="not_eligible", not_eligible_reason="Werkt al.")
        with in_tenant(dordrecht.municipality):
            assert Intake.objects.get().not_eligible_reason == "Werkt al."

    def test_withdrawn_closes_the_referral(self, client, dordrecht):
        intake = make_intake(dordrecht)
        login(client, dordrecht.consultant)
        assert self.conclude(client, intake, outcome="withdrawn").status_code == 302
        with in_tenant(dordrecht.municipality):
            assert Referral.objects.get().status == ReferralStatus.CLOSED

    def test_an_unknown_outcome_is_refused(self, client, dordrecht):
        intake = make_intake(dordrecht)
        login(client, dordrecht.consultant)
        response = self.conclude(client, intake, outcome="placed")
        assert response.status_code == 400
        assert "Kies een uitkomst." in response.content.decode()

    def test_a_concluded_intake_has_no_outcome_form(self, client, dordrecht):
        intake = make_intake(dordrecht, outcome="withdrawn")
        login(client, dordrecht.consultant)
        assert "Uitkomst vastleggen" not in client.get(url(intake.referral_id)).content.decode()
        assert self.conclude(client, intake, outcome="waiting").status_code == 404

    def test_no_intake_means_no_outcome(self, client, dordrecht, referral):
        login(client, dordrecht.consultant)
        response = client.post(url(referral.pk, "uitkomst/"), {"outcome": "withdrawn"})
        assert response.status_code == 404
