"""The account holder decides step advices (never their own) and handles objections."""

from __future__ import annotations

import pytest

from participatie.choices import Role
from participatie.models import Objection, StepDecision
from participatie.placements.choices import ObjectionStatus, StepDecisionStatus
from participatie.placements.selectors import placements_with_step
from participatie.placements.services import step_advise
from tests.conftest import in_tenant, login
from tests.factories import MembershipFactory, ObjectionFactory
from tests.placements_web.conftest import D, advised, approved, plus


def decide_url(decision, slug="dordrecht"):
    return f"/{slug}/inschalingen/{decision.pk}/besluiten/"


def handle_url(objection, slug="dordrecht"):
    return f"/{slug}/bezwaren/{objection.pk}/behandelen/"


def _status(side, decision):
    with in_tenant(side.municipality):
        return StepDecision.objects.get(pk=decision.pk).status


def test_account_holder_approves_and_the_step_is_in_force(client, dordrecht, placed):
    decision = advised(dordrecht, placed)
    login(client, dordrecht.account_holder)
    page = client.get(decide_url(decision))
    assert page.status_code == 200
    assert "Heeft intensieve begeleiding nodig bij nieuwe taken." in page.content.decode()
    response = client.post(decide_url(decision), {"outcome": "goedkeuren", "reason": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/dordrecht/plaatsingen/{placed.pk}/"
    with in_tenant(dordrecht.municipality):
        decision.refresh_from_db()
        assert decision.status == StepDecisionStatus.APPROVED
        assert decision.decided_by == dordrecht.account_holder
        placement = placements_with_step(
            type(placed).objects.filter(pk=placed.pk), on=D(2022, 3, 10)
        ).get()
        assert placement.step_code == "plus"


def test_account_holder_rejects_with_reason(client, dordrecht, placed):
    decision = advised(dordrecht, placed)
    login(client, dordrecht.account_holder)
    response = client.post(decide_url(decision), {"outcome": "afwijzen", "reason": "Te vroeg."})
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        decision.refresh_from_db()
    assert decision.status == StepDecisionStatus.REJECTED
    assert decision.rejection_reason == "Te vroeg."


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"outcome": "afwijzen", "reason": ""}, "reason", "Geef een reden voor de afwijzing."),
        ({"outcome": "afwijzen", "reason": "  "}, "reason", "Geef een reden voor de afwijzing."),
        ({"outcome": "", "reason": ""}, "outcome", "Kies goedkeuren of afwijzen."),
        ({"outcome": "misschien"}, "outcome", "Kies goedkeuren of afwijzen."),
    ],
)
def test_bad_decision_is_refused(client, dordrecht, placed, data, field, message):
    decision = advised(dordrecht, placed)
    login(client, dordrecht.account_holder)
    response = client.post(decide_url(decision), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'id="id_{field}_error"' in html
    assert _status(dordrecht, decision) == StepDecisionStatus.ADVISED


def test_the_adviser_cannot_decide_their_own_advice(client, dordrecht, placed):
    both = dordrecht.account_holder
    MembershipFactory(user=both, organisation=dordrecht.matching_unit, role=Role.MU_CONSULTANT)
    with in_tenant(dordrecht.municipality):
        decision = step_advise(
            placement=placed,
            step=plus(dordrecht),
            valid_from=D(2022, 3, 10),
            justification="Meer begeleiding nodig.",
            actor=both,
        )
    login(client, both)
    response = client.post(decide_url(decision), {"outcome": "goedkeuren"})
    assert response.status_code == 400
    assert "Wie het advies gaf, kan er niet zelf over beslissen." in response.content.decode()
    assert _status(dordrecht, decision) == StepDecisionStatus.ADVISED


def test_a_decided_advice_cannot_be_decided_again(client, dordrecht, placed):
    decision = approved(dordrecht, placed)
    login(client, dordrecht.second_account_holder)
    assert "Over dit advies is al besloten." in client.get(decide_url(decision)).content.decode()
    response = client.post(decide_url(decision), {"outcome": "afwijzen", "reason": "Toch niet."})
    assert response.status_code == 400
    assert "Over dit advies is al besloten." in response.content.decode()
    assert _status(dordrecht, decision) == StepDecisionStatus.APPROVED


@pytest.mark.parametrize("who", ["consultant", "policy_officer", "lwb_a_admin"])
def test_only_account_holders_decide_and_handle(client, dordrecht, placed, who):
    decision = advised(dordrecht, placed, D(2022, 5, 1))
    with in_tenant(dordrecht.municipality):
        objection = ObjectionFactory(
            municipality=dordrecht.municipality, decision=approved(dordrecht, placed)
        )
    login(client, getattr(dordrecht, who))
    assert client.post(decide_url(decision), {"outcome": "goedkeuren"}).status_code == 403
    assert client.post(handle_url(objection), {"outcome": "gegrond"}).status_code == 403
    assert client.get("/dordrecht/besluiten/").status_code == 403
    assert _status(dordrecht, decision) == StepDecisionStatus.ADVISED


def test_account_holder_of_another_municipality_gets_nothing(
    client, dordrecht, zwijndrecht, placed
):
    decision = advised(dordrecht, placed, D(2022, 5, 1))
    with in_tenant(dordrecht.municipality):
        objection = ObjectionFactory(
            municipality=dordrecht.municipality, decision=approved(dordrecht, placed)
        )
    login(client, zwijndrecht.account_holder)
    assert client.post(decide_url(decision), {"outcome": "goedkeuren"}).status_code == 403
    for url in (decide_url(decision, "zwijndrecht"), handle_url(objection, "zwijndrecht")):
        assert client.get(url).status_code == 404
        assert client.post(url, {"outcome": "gegrond", "response": "x"}).status_code == 404
    assert _status(dordrecht, decision) == StepDecisionStatus.ADVISED
    with in_tenant(dordrecht.municipality):
        assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.OPEN


# -- objections -------------------------------------------------------------------------------


@pytest.fixture
def objection(dordrecht, placed):
    decision = approved(dordrecht, placed)
    with in_tenant(dordrecht.municipality):
        return ObjectionFactory(
            municipality=dordrecht.municipality,
            decision=decision,
            raised_by=dordrecht.lwb_a_admin,
            reason="Zij heeft minder begeleiding nodig.",
        )


@pytest.mark.parametrize(("outcome", "status"), [("gegrond", "upheld"), ("ongegrond", "dismissed")])
def test_account_holder_handles_an_objection(client, dordrecht, objection, outcome, status):
    login(client, dordrecht.account_holder)
    assert (
        "Zij heeft minder begeleiding nodig." in client.get(handle_url(objection)).content.decode()
    )
    response = client.post(handle_url(objection), {"outcome": outcome, "response": "Besproken."})
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        objection.refresh_from_db()
    assert objection.status == status
    assert objection.response == "Besproken." and objection.handled_by == dordrecht.account_holder


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"outcome": "gegrond", "response": ""}, "response", "Geef een reactie op het bezwaar."),
        ({"outcome": "gegrond", "response": " "}, "response", "Geef een reactie op het bezwaar."),
        ({"outcome": "", "response": "Ok"}, "outcome", "Kies gegrond of ongegrond."),
    ],
)
def test_bad_handling_is_refused(client, dordrecht, objection, data, field, message):
    login(client, dordrecht.account_holder)
    response = client.post(handle_url(objection), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'id="id_{field}_error"' in html
    with in_tenant(dordrecht.municipality):
        assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.OPEN


def test_a_handled_objection_cannot_be_handled_again(client, dordrecht, objection):
    login(client, dordrecht.account_holder)
    client.post(handle_url(objection), {"outcome": "gegrond", "response": "Klopt."})
    response = client.post(handle_url(objection), {"outcome": "ongegrond", "response": "Toch."})
    assert response.status_code == 400
    assert "Dit bezwaar is al behandeld." in response.content.decode()
    with in_tenant(dordrecht.municipality):
        assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.UPHELD
