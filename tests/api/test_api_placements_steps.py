"""Placements, step decisions and objections through the API: filters, step history, ending,
advising, deciding, objecting and handling, with the bad inputs of the issue and the walls
between municipalities and between companies."""

from __future__ import annotations

import pytest

from participatie.models import Objection, Placement, Step, StepDecision
from participatie.placements.choices import ObjectionStatus, StepDecisionStatus
from tests.api.conftest import PROBLEM, D, fields_of, get, messages_of, post, start, url
from tests.conftest import in_tenant
from tests.factories import StepDecisionFactory


def step(side, code: str, year: int = 2022) -> Step:
    with in_tenant(side.municipality):
        return Step.objects.get(municipality=side.municipality, year=year, code=code)


def advise(client, side, placement, code="plus", valid_from="2022-03-10", year=2022, **extra):
    data = {
        "placement": placement.id,
        "step": step(side, code, year).id,
        "valid_from": valid_from,
        "justification": "Heeft intensieve begeleiding nodig.",
    }
    data.update(extra)
    return post(client, side.consultant, url(side, "step-decisions"), data)


def approved_plus(client, side, placement) -> int:
    decision = advise(client, side, placement).json()["id"]
    response = post(
        client,
        side.account_holder,
        url(side, f"step-decisions/{decision}/decide"),
        {"approve": True},
    )
    assert response.status_code == 200, response.content
    return decision


class TestPlacements:
    def test_list_shows_the_step_in_force_today(self, client, dordrecht, placement):
        body = get(client, dordrecht.account_holder, url(dordrecht, "placements")).json()
        (row,) = body["results"]
        assert row["step_code"] == "basis" and row["is_active"] is True
        assert row["participant_name"] == "Piet Bakker"
        assert row["company"] == dordrecht.lwb_a.name
        assert "bsn" not in row

    def test_filters(self, client, dordrecht, placement):
        other = start(dordrecht, dordrecht.lwb_b, start_date=D(2022, 6, 1))
        with in_tenant(dordrecht.municipality):
            Placement.objects.filter(pk=other.pk).update(end_date=D(2022, 12, 31))
        base = url(dordrecht, "placements")

        def ids(query):
            response = get(client, dordrecht.consultant, f"{base}?{query}")
            assert response.status_code == 200, response.content
            return [r["id"] for r in response.json()["results"]]

        assert ids("active=true") == [placement.id]
        assert ids("active=false") == [other.id]
        assert ids(f"enrolment={other.enrolment_id}") == [other.id]
        assert ids("startDateAfter=2022-03-01") == [other.id]
        assert ids("startDateBefore=2022-03-01") == [placement.id]
        # The snake_case names of before issue 17 still work for one release.
        assert ids("start_date_after=2022-03-01") == [other.id]
        assert ids("start_date_before=2022-03-01") == [placement.id]
        assert ids(f"participant={placement.participant_id}") == [placement.id]

    def test_a_company_sees_only_its_own_placements(self, client, dordrecht, placement):
        other = start(dordrecht, dordrecht.lwb_b)
        own = get(client, dordrecht.lwb_a_supervisor, url(dordrecht, "placements")).json()
        assert [r["id"] for r in own["results"]] == [placement.id]
        response = get(client, dordrecht.lwb_a_admin, url(dordrecht, f"placements/{other.id}"))
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM

    def test_placement_of_another_municipality_is_404(self, client, dordrecht, zwijndrecht, steps):
        other = start(zwijndrecht, zwijndrecht.lwb_a)
        for user in (dordrecht.consultant, dordrecht.account_holder, dordrecht.lwb_a_admin):
            assert get(client, user, url(dordrecht, f"placements/{other.id}")).status_code == 404
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, f"placements/{other.id}/end"),
            {"end_date": "2022-12-31", "outflow_reason": "paid_work"},
        )
        assert response.status_code == 404
        with in_tenant(zwijndrecht.municipality):
            assert Placement.objects.get().end_date is None

    def test_end_a_placement(self, client, dordrecht, placement):
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, f"placements/{placement.id}/end"),
            {"end_date": "2022-12-31", "outflow_reason": "paid_work", "outflow_note": "Bij AH"},
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["end_date"] == "2022-12-31" and body["outflow_reason"] == "paid_work"
        assert body["is_active"] is False and body["step_history"]
        again = post(
            client,
            dordrecht.consultant,
            url(dordrecht, f"placements/{placement.id}/end"),
            {"end_date": "2023-01-31", "outflow_reason": "other"},
        )
        assert fields_of(again) == {"end_date"}

    def test_end_before_start_is_refused(self, client, dordrecht, placement):
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, f"placements/{placement.id}/end"),
            {"end_date": "2022-01-31", "outflow_reason": "moved"},
        )
        assert fields_of(response) == {"end_date"}
        assert "vóór de startdatum" in messages_of(response)
        with in_tenant(dordrecht.municipality):
            assert Placement.objects.get().end_date is None

    def test_unknown_outflow_reason_is_refused(self, client, dordrecht, placement):
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, f"placements/{placement.id}/end"),
            {"end_date": "2022-12-31", "outflow_reason": "lottery"},
        )
        assert fields_of(response) == {"outflow_reason"}

    def test_only_the_matching_unit_ends_a_placement(self, client, dordrecht, placement):
        for user in (dordrecht.account_holder, dordrecht.lwb_a_admin):
            response = post(
                client,
                user,
                url(dordrecht, f"placements/{placement.id}/end"),
                {"end_date": "2022-12-31", "outflow_reason": "paid_work"},
            )
            assert response.status_code == 403 and response["Content-Type"] == PROBLEM

    def test_get_on_an_action_is_405(self, client, dordrecht, placement):
        response = get(
            client, dordrecht.consultant, url(dordrecht, f"placements/{placement.id}/end")
        )
        assert response.status_code == 405 and response["Content-Type"] == PROBLEM


class TestStepDecisions:
    def test_advise_decide_and_history(self, client, dordrecht, placement):
        response = advise(client, dordrecht, placement)
        assert response.status_code == 201, response.content
        advice = response.json()
        assert advice["status"] == "advised" and advice["step_code"] == "plus"
        listed = get(
            client, dordrecht.account_holder, url(dordrecht, "step-decisions?status=advised")
        ).json()
        assert [r["id"] for r in listed["results"]] == [advice["id"]]
        decided = post(
            client,
            dordrecht.account_holder,
            url(dordrecht, f"step-decisions/{advice['id']}/decide"),
            {"approve": True},
        )
        assert decided.json()["status"] == "approved"
        assert decided.json()["decided_by"] == str(dordrecht.account_holder)
        detail = get(client, dordrecht.consultant, url(dordrecht, f"placements/{placement.id}"))
        history = [(h["step_code"], h["valid_from"]) for h in detail.json()["step_history"]]
        assert history == [("basis", "2022-02-15"), ("plus", "2022-03-10")]
        assert detail.json()["step_code"] == "plus"

    def test_step_not_in_that_years_schedule_is_refused(self, client, dordrecht, placement):
        response = advise(client, dordrecht, placement, year=2023)
        assert fields_of(response) == {"step"}
        assert "2022" in messages_of(response)
        with in_tenant(dordrecht.municipality):
            assert StepDecision.objects.count() == 1  # the initial one

    def test_step_of_another_municipality_does_not_exist_here(
        self, client, dordrecht, zwijndrecht, placement
    ):
        response = post(
            client,
            dordrecht.consultant,
            url(dordrecht, "step-decisions"),
            {
                "placement": placement.id,
                "step": step(zwijndrecht, "plus").id,
                "valid_from": "2022-03-10",
                "justification": "x",
            },
        )
        assert fields_of(response) == {"step"}

    def test_advice_without_justification_or_outside_the_placement(
        self, client, dordrecht, placement
    ):
        assert fields_of(advise(client, dordrecht, placement, justification="  ")) == {
            "justification"
        }
        assert fields_of(advise(client, dordrecht, placement, valid_from="2022-01-01")) == {
            "valid_from"
        }

    def test_only_the_matching_unit_advises(self, client, dordrecht, placement):
        data = {
            "placement": placement.id,
            "step": step(dordrecht, "plus").id,
            "valid_from": "2022-03-10",
            "justification": "x",
        }
        for user in (dordrecht.account_holder, dordrecht.lwb_a_admin):
            response = post(client, user, url(dordrecht, "step-decisions"), data)
            assert response.status_code == 403

    def test_decided_by_the_adviser_is_refused(self, client, dordrecht, placement):
        with in_tenant(dordrecht.municipality):
            advice = StepDecisionFactory(
                municipality=dordrecht.municipality,
                placement=placement,
                step=step(dordrecht, "plus"),
                valid_from=D(2022, 3, 10),
                status=StepDecisionStatus.ADVISED,
                advised_by=dordrecht.account_holder,
            )
        response = post(
            client,
            dordrecht.account_holder,
            url(dordrecht, f"step-decisions/{advice.id}/decide"),
            {"approve": True},
        )
        assert response.status_code == 400 and response["Content-Type"] == PROBLEM
        assert "advies gaf" in messages_of(response)
        with in_tenant(dordrecht.municipality):
            advice.refresh_from_db()
            assert advice.status == StepDecisionStatus.ADVISED
        ok = post(
            client,
            dordrecht.second_account_holder,
            url(dordrecht, f"step-decisions/{advice.id}/decide"),
            {"approve": True},
        )
        assert ok.status_code == 200

    def test_rejection_needs_a_reason(self, client, dordrecht, placement):
        advice = advise(client, dordrecht, placement).json()
        path = url(dordrecht, f"step-decisions/{advice['id']}/decide")
        assert fields_of(post(client, dordrecht.account_holder, path, {"approve": False})) == {
            "reason"
        }
        response = post(
            client, dordrecht.account_holder, path, {"approve": False, "reason": "Niet nodig."}
        )
        assert response.json()["status"] == "rejected"
        assert response.json()["rejection_reason"] == "Niet nodig."

    def test_only_an_account_holder_decides(self, client, dordrecht, placement):
        advice = advise(client, dordrecht, placement).json()
        path = url(dordrecht, f"step-decisions/{advice['id']}/decide")
        for user in (dordrecht.consultant, dordrecht.policy_officer, dordrecht.lwb_a_admin):
            assert post(client, user, path, {"approve": True}).status_code == 403

    def test_a_company_sees_only_decisions_about_its_own_placements(
        self, client, dordrecht, placement
    ):
        start(dordrecht, dordrecht.lwb_b)
        own = get(client, dordrecht.lwb_a_admin, url(dordrecht, "step-decisions")).json()
        assert [r["placement"] for r in own["results"]] == [placement.id]


class TestObjections:
    def test_company_objects_and_the_account_holder_handles(self, client, dordrecht, placement):
        decision = approved_plus(client, dordrecht, placement)
        response = post(
            client,
            dordrecht.lwb_a_admin,
            url(dordrecht, f"step-decisions/{decision}/objections"),
            {"reason": "Hij heeft meer begeleiding nodig dan plus."},
        )
        assert response.status_code == 201, response.content
        objection = response.json()
        assert objection["status"] == "open" and objection["step_code"] == "plus"
        listed = get(client, dordrecht.account_holder, url(dordrecht, "objections?status=open"))
        assert [r["id"] for r in listed.json()["results"]] == [objection["id"]]
        assert get(client, dordrecht.lwb_a_admin, url(dordrecht, "objections")).json()["count"] == 1
        assert get(client, dordrecht.lwb_b_admin, url(dordrecht, "objections")).json()["count"] == 0
        path = url(dordrecht, f"objections/{objection['id']}/handle")
        assert fields_of(
            post(client, dordrecht.account_holder, path, {"upheld": True, "response": ""})
        ) == {"response"}
        handled = post(
            client, dordrecht.account_holder, path, {"upheld": True, "response": "Terecht."}
        )
        assert handled.json()["status"] == ObjectionStatus.UPHELD
        twice = post(client, dordrecht.account_holder, path, {"upheld": False, "response": "x"})
        assert twice.status_code == 409 and "al behandeld" in messages_of(twice)

    def test_objection_on_someone_elses_placement_is_404(self, client, dordrecht, placement):
        decision = approved_plus(client, dordrecht, placement)
        response = post(
            client,
            dordrecht.lwb_b_admin,
            url(dordrecht, f"step-decisions/{decision}/objections"),
            {"reason": "Wij vinden dit niet juist."},
        )
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM
        with in_tenant(dordrecht.municipality):
            assert not Objection.objects.exists()

    def test_objection_without_reason_or_on_an_open_advice(self, client, dordrecht, placement):
        decision = approved_plus(client, dordrecht, placement)
        path = url(dordrecht, f"step-decisions/{decision}/objections")
        assert fields_of(post(client, dordrecht.lwb_a_admin, path, {"reason": " "})) == {"reason"}
        open_advice = advise(
            client, dordrecht, placement, code="basis", valid_from="2022-05-01"
        ).json()
        response = post(
            client,
            dordrecht.lwb_a_admin,
            url(dordrecht, f"step-decisions/{open_advice['id']}/objections"),
            {"reason": "Te vroeg"},
        )
        assert response.status_code == 400 and "nog niet besloten" in messages_of(response)

    @pytest.mark.parametrize("who", ["lwb_a_supervisor", "consultant", "account_holder"])
    def test_only_a_company_administrator_objects(self, client, dordrecht, placement, who):
        decision = approved_plus(client, dordrecht, placement)
        response = post(
            client,
            getattr(dordrecht, who),
            url(dordrecht, f"step-decisions/{decision}/objections"),
            {"reason": "Bezwaar"},
        )
        assert response.status_code == 403

    def test_only_an_account_holder_handles(self, client, dordrecht, placement):
        decision = approved_plus(client, dordrecht, placement)
        objection = post(
            client,
            dordrecht.lwb_a_admin,
            url(dordrecht, f"step-decisions/{decision}/objections"),
            {"reason": "Bezwaar"},
        ).json()
        path = url(dordrecht, f"objections/{objection['id']}/handle")
        for user in (dordrecht.lwb_a_admin, dordrecht.consultant, dordrecht.policy_officer):
            response = post(client, user, path, {"upheld": True, "response": "Ja"})
            assert response.status_code == 403
        assert get(client, dordrecht.consultant, url(dordrecht, "objections")).status_code == 403


def test_steps_catalogue(client, dordrecht, steps):
    body = get(client, dordrecht.lwb_a_admin, url(dordrecht, "steps?year=2022")).json()
    assert [(r["code"], r["is_default"]) for r in body["results"]] == [
        ("basis", True),
        ("plus", False),
    ]
