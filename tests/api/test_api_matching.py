"""Referrals, intakes, concluding and placing through the API, with every bad input of the
issue that belongs here: each a 400 problem+json naming the field, and nothing saved."""

from __future__ import annotations

import pytest

from matching.choices import IntakeOutcome, ReferralStatus
from matching.models import Intake, Referral
from participatie.models import Participant, Placement, Step
from tests.api.conftest import (
    PROBLEM,
    D,
    enrolment_of,
    fields_of,
    get,
    messages_of,
    post,
    start,
    url,
)
from tests.conftest import in_tenant
from tests.factories import (
    EnrolmentFactory,
    OrganisationFactory,
    ServiceAreaFactory,
    valid_bsn,
)


def candidate(**overrides):
    data = {
        "first_name": "Fatima",
        "last_name": "de Vries",
        "bsn": valid_bsn(4242),
        "birth_date": "1985-04-02",
        "postcode": "3311 AB",
        "city": "Dordrecht",
        "source": "district_team",
        "referred_on": "2022-01-10",
        "referrer": "Wijkteam Oost",
    }
    data.update(overrides)
    return data


def refer(client, side, **overrides):
    response = post(client, side.consultant, url(side, "referrals"), candidate(**overrides))
    assert response.status_code == 201, response.content
    return response.json()


def screen(client, side, referral_id, **answers):
    data = {
        "referral": referral_id,
        "intake_date": "2022-01-20",
        "informed": True,
        "motivated": True,
        "consent": True,
    }
    data.update(answers)
    response = post(client, side.consultant, url(side, "intakes"), data)
    assert response.status_code == 200, response.content
    return response.json()


def place(client, side, intake_id, enrolment, **overrides):
    data = {"enrolment": enrolment.id, "start_date": "2022-02-15", "hours_per_week": "12.0"}
    data.update(overrides)
    return post(client, side.consultant, url(side, f"intakes/{intake_id}/place"), data)


def nothing_placed(side) -> bool:
    with in_tenant(side.municipality):
        return not Placement.objects.exists()


@pytest.fixture
def intake(client, dordrecht, steps):
    """A screened, eligible candidate in Dordrecht (intake 2022-01-20)."""
    return screen(client, dordrecht, refer(client, dordrecht)["id"])


class TestReferrals:
    def test_register_list_and_open(self, client, dordrecht):
        created = refer(client, dordrecht)
        assert created["status"] == ReferralStatus.NEW
        assert created["participant"]["bsn"] == valid_bsn(4242)
        assert created["participant"]["home_municipality"] == "dordrecht"
        assert created["matching_unit"] == dordrecht.matching_unit.name
        body = get(client, dordrecht.consultant, url(dordrecht, "referrals?status=new")).json()
        assert [r["id"] for r in body["results"]] == [created["id"]]
        detail = get(client, dordrecht.consultant, url(dordrecht, f"referrals/{created['id']}"))
        assert detail.json()["referrer"] == "Wijkteam Oost"

    def test_invalid_bsn_names_the_field_and_saves_nothing(self, client, dordrecht):
        response = post(
            client, dordrecht.consultant, url(dordrecht, "referrals"), candidate(bsn="123456789")
        )
        assert fields_of(response) == {"bsn"}
        assert "elfproef" in messages_of(response)
        with in_tenant(dordrecht.municipality):
            assert not Participant.objects.exists() and not Referral.objects.exists()

    def test_benefit_without_client_manager_consent_is_refused(self, client, dordrecht):
        response = post(
            client, dordrecht.consultant, url(dordrecht, "referrals"), candidate(benefit="sdd")
        )
        assert fields_of(response) == {"consent_by"}
        assert "klantmanager" in messages_of(response)
        with in_tenant(dordrecht.municipality):
            assert not Participant.objects.exists()
        ok = refer(
            client, dordrecht, benefit="sdd", consent_by="J. Jansen", consent_on="2022-01-05"
        )
        assert ok["participant"]["benefit"] == "sdd"

    def test_missing_and_wrongly_typed_fields(self, client, dordrecht):
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, "referrals"),
            {"bsn": valid_bsn(1), "birth_date": "gisteren", "source": "postduif"},
        )
        assert {"first_name", "last_name", "birth_date", "source", "referred_on"} <= fields_of(
            response
        )

    def test_malformed_json_is_400_problem(self, client, dordrecht):
        from tests.conftest import login

        login(client, dordrecht.consultant)
        response = client.post(
            url(dordrecht, "referrals"), '{"first_name": ', content_type="application/json"
        )
        assert response.status_code == 400
        assert response["Content-Type"] == PROBLEM
        assert response.json()["status"] == 400 and response.json()["detail"]

    def test_only_the_matching_unit_works_with_referrals(self, client, dordrecht):
        for user in (dordrecht.account_holder, dordrecht.lwb_a_admin):
            assert get(client, user, url(dordrecht, "referrals")).status_code == 403
            response = post(client, user, url(dordrecht, "referrals"), candidate())
            assert response.status_code == 403 and response["Content-Type"] == PROBLEM
        with in_tenant(dordrecht.municipality):
            assert not Referral.objects.exists()

    def test_referral_of_another_municipality_is_404(self, client, dordrecht, zwijndrecht):
        other = refer(client, zwijndrecht)
        response = get(client, dordrecht.consultant, url(dordrecht, f"referrals/{other['id']}"))
        assert response.status_code == 404


class TestIntakes:
    def test_record_update_and_list(self, client, dordrecht, steps):
        referral = refer(client, dordrecht)
        first = screen(client, dordrecht, referral["id"], informed=False)
        assert first["informed"] is False and first["outcome"] == ""
        second = screen(client, dordrecht, referral["id"], wishes="Buiten werken")
        assert second["id"] == first["id"] and second["informed"] is True
        body = get(client, dordrecht.consultant, url(dordrecht, "intakes")).json()
        assert body["count"] == 1
        referral = get(client, dordrecht.consultant, url(dordrecht, f"referrals/{referral['id']}"))
        assert referral.json()["status"] == ReferralStatus.INTAKE

    def test_intake_for_a_referral_of_another_municipality_is_refused(
        self, client, dordrecht, zwijndrecht
    ):
        other = refer(client, zwijndrecht)
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, "intakes"),
            {"referral": other["id"], "intake_date": "2022-01-20"},
        )
        assert fields_of(response) == {"referral"}

    @pytest.mark.parametrize(
        "indication",
        ["ci_day_care", "ci_independent_volunteering", "ci_paid_work", "ci_regular_education"],
    )
    def test_a_contra_indication_blocks_waiting_and_placing(
        self, client, dordrecht, steps, indication
    ):
        intake = screen(client, dordrecht, refer(client, dordrecht)["id"], **{indication: True})
        assert intake["contra_indications"]
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, f"intakes/{intake['id']}/conclude"),
            {"outcome": "waiting"},
        )
        assert fields_of(response) == {"outcome"}
        assert "Contra-indicatie" in messages_of(response)
        response = place(client, dordrecht, intake["id"], enrolment_of(dordrecht, dordrecht.lwb_a))
        assert fields_of(response) == {"start_date"}
        assert "Contra-indicatie" in messages_of(response)
        assert nothing_placed(dordrecht)
        with in_tenant(dordrecht.municipality):
            assert Intake.objects.get().outcome == ""

    def test_conclude_warm_handover_and_not_eligible(self, client, dordrecht, intake):
        path = url(dordrecht, f"intakes/{intake['id']}/conclude")
        assert fields_of(post(client, dordrecht.consultant, path, {"outcome": "not_eligible"})) == {
            "not_eligible_reason"
        }
        response = post(
            client,
            dordrecht.consultant,
            path,
            {"outcome": "warm_handover", "handover_to": "day_care", "handover_note": "Dagcentrum"},
        )
        assert response.status_code == 200
        assert response.json()["outcome"] == IntakeOutcome.WARM_HANDOVER
        again = post(client, dordrecht.consultant, path, {"outcome": "withdrawn"})
        assert again.status_code == 409 and "afgerond" in again.json()["detail"]


class TestPlacing:
    def test_place_then_advise_and_decide_step_plus(self, client, dordrecht, intake):
        waiting = post(
            client,
            dordrecht.consultant,
            url(dordrecht, f"intakes/{intake['id']}/conclude"),
            {"outcome": "waiting"},
        )
        assert waiting.json()["outcome"] == IntakeOutcome.WAITING
        response = place(client, dordrecht, intake["id"], enrolment_of(dordrecht, dordrecht.lwb_a))
        assert response.status_code == 201, response.content
        placed = response.json()
        assert placed["municipality"] == "dordrecht"
        assert placed["company"] == dordrecht.lwb_a.name
        detail = get(client, dordrecht.consultant, url(dordrecht, f"intakes/{intake['id']}"))
        assert detail.json()["outcome"] == IntakeOutcome.PLACED
        assert detail.json()["placement_reference"] == placed["reference"]

        with in_tenant(dordrecht.municipality):
            plus = Step.objects.get(municipality=dordrecht.municipality, year=2022, code="plus")
        advice = post(
            client,
            dordrecht.consultant,
            url(dordrecht, "step-decisions"),
            {
                "placement": placed["id"],
                "step": plus.id,
                "valid_from": "2022-03-10",
                "justification": "Heeft intensieve begeleiding nodig.",
            },
        )
        assert advice.status_code == 201, advice.content
        assert advice.json()["status"] == "advised"
        decided = post(
            client,
            dordrecht.account_holder,
            url(dordrecht, f"step-decisions/{advice.json()['id']}/decide"),
            {"approve": True},
        )
        assert decided.status_code == 200 and decided.json()["status"] == "approved"
        shown = get(client, dordrecht.lwb_a_admin, url(dordrecht, f"placements/{placed['id']}"))
        assert shown.json()["step_code"] == "plus"
        assert [h["step_code"] for h in shown.json()["step_history"]] == ["basis", "plus"]

    def test_start_before_the_intake_date_is_refused(self, client, dordrecht, intake):
        response = place(
            client,
            dordrecht,
            intake["id"],
            enrolment_of(dordrecht, dordrecht.lwb_a),
            start_date="2022-01-15",
        )
        assert fields_of(response) == {"start_date"}
        assert "intakedatum" in messages_of(response)
        assert nothing_placed(dordrecht)

    def test_age_outside_the_range_on_the_start_date(self, client, dordrecht, steps):
        referral = refer(client, dordrecht, birth_date="1955-01-01")
        intake = screen(client, dordrecht, referral["id"])
        response = place(client, dordrecht, intake["id"], enrolment_of(dordrecht, dordrecht.lwb_a))
        assert fields_of(response) == {"start_date"}
        assert "AOW" in messages_of(response)
        assert nothing_placed(dordrecht)

    def test_third_concurrent_placement_is_refused(self, client, dordrecht, intake):
        with in_tenant(dordrecht.municipality):
            person = Participant.objects.get()
        start(dordrecht, dordrecht.lwb_a, participant=person, start_date=D(2022, 1, 20))
        start(dordrecht, dordrecht.lwb_b, participant=person, start_date=D(2022, 1, 21))
        third = OrganisationFactory(slug="lwb-c-dordrecht", name="Moestuin Dordrecht")
        with in_tenant(dordrecht.municipality):
            enrolment = EnrolmentFactory(municipality=dordrecht.municipality, organisation=third)
        response = place(client, dordrecht, intake["id"], enrolment)
        assert fields_of(response) == {"start_date"}
        assert "twee plaatsingen" in messages_of(response)
        with in_tenant(dordrecht.municipality):
            assert Placement.objects.count() == 2

    def test_overlap_at_the_same_company_is_refused(self, client, dordrecht, intake):
        with in_tenant(dordrecht.municipality):
            person = Participant.objects.get()
        start(dordrecht, dordrecht.lwb_a, participant=person, start_date=D(2022, 1, 20))
        response = place(client, dordrecht, intake["id"], enrolment_of(dordrecht, dordrecht.lwb_a))
        assert fields_of(response) == {"start_date"}
        assert "al een plaatsing bij dit bedrijf" in messages_of(response)
        with in_tenant(dordrecht.municipality):
            assert Placement.objects.count() == 1

    def test_full_capacity_is_refused_with_the_numbers(self, client, dordrecht, intake):
        enrolment = enrolment_of(dordrecht, dordrecht.lwb_b)
        with in_tenant(dordrecht.municipality):
            enrolment.max_places = 1
            enrolment.save()
        start(dordrecht, dordrecht.lwb_b, start_date=D(2022, 1, 3))
        response = place(client, dordrecht, intake["id"], enrolment)
        assert fields_of(response) == {"enrolment"}
        assert "vol: 1 plekken, 1 bezet" in messages_of(response)
        with in_tenant(dordrecht.municipality):
            assert Placement.objects.count() == 1

    def test_resident_of_zwijndrecht_placed_at_a_dordrecht_company(
        self, client, dordrecht, zwijndrecht, steps
    ):
        with in_tenant(zwijndrecht.municipality):
            ServiceAreaFactory(
                municipality=zwijndrecht.municipality, organisation=dordrecht.matching_unit
            )
        referral = refer(client, zwijndrecht, city="Zwijndrecht")
        assert referral["matching_unit"] in {
            dordrecht.matching_unit.name,
            zwijndrecht.matching_unit.name,
        }
        response = post(
            client,
            dordrecht.consultant,
            url(zwijndrecht, "intakes"),
            {
                "referral": referral["id"],
                "intake_date": "2022-01-20",
                "informed": True,
                "motivated": True,
                "consent": True,
            },
        )
        intake = response.json()
        response = place(
            client,
            dordrecht,
            intake["id"],
            enrolment_of(dordrecht, dordrecht.lwb_a),
            municipality="dordrecht",
        )
        # The intake lives in Zwijndrecht: under Dordrecht's URL it does not exist.
        assert response.status_code == 404
        response = post(
            client,
            dordrecht.consultant,
            url(zwijndrecht, f"intakes/{intake['id']}/place"),
            {
                "enrolment": enrolment_of(dordrecht, dordrecht.lwb_a).id,
                "municipality": "dordrecht",
                "start_date": "2022-02-15",
                "hours_per_week": "16",
            },
        )
        assert response.status_code == 201, response.content
        assert response.json()["municipality"] == "dordrecht"
        shown = get(client, dordrecht.consultant, url(zwijndrecht, f"intakes/{intake['id']}"))
        assert shown.json()["placed_in"] == "dordrecht"
        with in_tenant(dordrecht.municipality):
            placed = Placement.objects.select_related("participant").get()
            assert placed.participant.home_municipality == zwijndrecht.municipality

    def test_a_municipality_the_matching_unit_does_not_serve_is_refused(
        self, client, dordrecht, meierijstad, intake
    ):
        response = place(
            client,
            dordrecht,
            intake["id"],
            enrolment_of(meierijstad, meierijstad.lwb_a),
            municipality="meierijstad",
        )
        assert fields_of(response) == {"enrolment"}
        assert nothing_placed(meierijstad)

    def test_an_enrolment_of_another_municipality_under_this_one_is_refused(
        self, client, dordrecht, zwijndrecht, intake
    ):
        response = place(
            client, dordrecht, intake["id"], enrolment_of(zwijndrecht, zwijndrecht.lwb_a)
        )
        assert fields_of(response) == {"enrolment"}

    def test_only_the_matching_unit_places(self, client, dordrecht, intake):
        path = url(dordrecht, f"intakes/{intake['id']}/place")
        data = {"enrolment": 1, "start_date": "2022-02-15", "hours_per_week": "12"}
        for user in (dordrecht.account_holder, dordrecht.lwb_a_admin):
            assert post(client, user, path, data).status_code == 403
        assert nothing_placed(dordrecht)

    def test_intake_of_another_municipality_is_404(self, client, dordrecht, zwijndrecht, steps):
        other = screen(client, zwijndrecht, refer(client, zwijndrecht)["id"])
        response = place(client, dordrecht, other["id"], enrolment_of(dordrecht, dordrecht.lwb_a))
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM
        response = get(client, dordrecht.consultant, url(dordrecht, f"intakes/{other['id']}"))
        assert response.status_code == 404


class TestReferralForAKnownBsn:
    """Issue 11: a known BSN with other data is a 409 problem+json, never a silent reuse."""

    def test_other_data_is_409_naming_the_reference_and_the_fields(self, client, dordrecht):
        known = refer(client, dordrecht)
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, "referrals"),
            candidate(first_name="Sanne", birth_date="1986-04-02", city=""),
        )
        assert response.status_code == 409
        assert response["Content-Type"] == PROBLEM
        body = response.json()
        assert body["status"] == 409 and body["title"] == "Conflict"
        assert "same_person" in body["detail"] and "BSN" in body["detail"]
        assert body["participant_reference"] == known["participant"]["reference"]
        assert {error["name"] for error in body["invalidParams"]} == {"first_name", "birth_date"}
        assert valid_bsn(4242) not in response.content.decode()
        assert str(known["participant"]["id"]) not in {str(v) for v in body.values()}
        with in_tenant(dordrecht.municipality):
            assert Participant.objects.get().first_name == "Fatima"
            assert Referral.objects.count() == 1

    def test_the_same_data_reuses_the_participant(self, client, dordrecht):
        first = refer(client, dordrecht)
        second = refer(client, dordrecht, referred_on="2022-02-01")
        assert second["participant"]["reference"] == first["participant"]["reference"]

    def test_resent_with_same_person_registers_and_applies_the_corrections(self, client, dordrecht):
        known = refer(client, dordrecht)
        again = refer(
            client,
            dordrecht,
            first_name="Sanne",
            birth_date="1986-04-02",
            same_person=True,
            apply_corrections=["first_name"],
        )
        assert again["participant"]["reference"] == known["participant"]["reference"]
        assert again["participant"]["first_name"] == "Sanne"
        assert again["participant"]["birth_date"] == "1985-04-02"
        with in_tenant(dordrecht.municipality):
            participant = Participant.objects.get()
            latest = participant.history.order_by("-history_date", "-history_id").first()
            assert latest.history_user == dordrecht.consultant
            assert Referral.objects.count() == 2

    def test_same_person_without_a_list_applies_every_difference(self, client, dordrecht):
        refer(client, dordrecht)
        again = refer(client, dordrecht, first_name="Sanne", same_person=True)
        assert again["participant"]["first_name"] == "Sanne"

    def test_an_unknown_correction_field_is_refused(self, client, dordrecht):
        refer(client, dordrecht)
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, "referrals"),
            candidate(first_name="Sanne", same_person=True, apply_corrections=["bsn"]),
        )
        assert fields_of(response) == {"apply_corrections.0"}

    @pytest.mark.parametrize(
        ("birth_date", "message"),
        [("2030-01-01", "toekomst"), ("1899-12-31", "vóór 1900")],
    )
    def test_a_birth_date_that_makes_no_sense_names_the_field(
        self, client, dordrecht, birth_date, message
    ):
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, "referrals"),
            candidate(birth_date=birth_date),
        )
        assert fields_of(response) == {"birth_date"}
        assert message in messages_of(response)
        with in_tenant(dordrecht.municipality):
            assert not Participant.objects.exists()
