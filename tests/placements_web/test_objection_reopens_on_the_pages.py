"""After an upheld objection the decision is back in "Besluiten" and the placement page says it
was reopened because of the objection; the API's handle endpoint does the same."""

from __future__ import annotations

from participatie.models import StepDecision
from participatie.placements.choices import StepDecisionStatus
from tests.api.conftest import post, url
from tests.conftest import in_tenant, login
from tests.factories import ObjectionFactory
from tests.placements_web.conftest import approved

REOPENED = "Heropend omdat het bezwaar op"


def _objection(side, placement):
    decision = approved(side, placement)
    with in_tenant(side.municipality):
        objection = ObjectionFactory(
            municipality=side.municipality,
            decision=decision,
            raised_by=side.lwb_a_admin,
            reason="Zij heeft minder begeleiding nodig.",
        )
    return decision, objection


def _status(side, decision):
    with in_tenant(side.municipality):
        return StepDecision.objects.get(pk=decision.pk).status


def test_upheld_on_the_web_reopens_and_shows_it(client, dordrecht, placed):
    decision, objection = _objection(dordrecht, placed)
    login(client, dordrecht.account_holder)
    response = client.post(
        f"/dordrecht/bezwaren/{objection.pk}/behandelen/",
        {"outcome": "gegrond", "response": "Terecht bezwaar."},
        follow=True,
    )
    html = response.content.decode()
    assert "Het besluit is heropend" in html
    assert REOPENED in html and "gegrond is verklaard" in html
    assert f"/dordrecht/inschalingen/{decision.pk}/besluiten/" in html
    assert _status(dordrecht, decision) == StepDecisionStatus.ADVISED
    queue = client.get("/dordrecht/besluiten/").content.decode()
    assert f"/dordrecht/inschalingen/{decision.pk}/besluiten/" in queue
    assert "Heropend na gegrond bezwaar" in queue


def test_dismissed_on_the_web_leaves_the_decision(client, dordrecht, placed):
    decision, objection = _objection(dordrecht, placed)
    login(client, dordrecht.account_holder)
    response = client.post(
        f"/dordrecht/bezwaren/{objection.pk}/behandelen/",
        {"outcome": "ongegrond", "response": "Plus blijft."},
        follow=True,
    )
    html = response.content.decode()
    assert "Het besluit blijft zoals het is." in html and REOPENED not in html
    assert _status(dordrecht, decision) == StepDecisionStatus.APPROVED
    queue = client.get("/dordrecht/besluiten/").content.decode()
    assert f"/dordrecht/inschalingen/{decision.pk}/besluiten/" not in queue


def test_upheld_through_the_api_reopens_too(client, dordrecht, placed):
    decision, objection = _objection(dordrecht, placed)
    response = post(
        client,
        dordrecht.account_holder,
        url(dordrecht, f"objections/{objection.pk}/handle"),
        {"upheld": True, "response": "Terecht."},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "upheld"
    assert _status(dordrecht, decision) == StepDecisionStatus.ADVISED


def test_dismissed_through_the_api_leaves_it(client, dordrecht, placed):
    decision, objection = _objection(dordrecht, placed)
    response = post(
        client,
        dordrecht.account_holder,
        url(dordrecht, f"objections/{objection.pk}/handle"),
        {"upheld": False, "response": "Nee."},
    )
    assert response.status_code == 200, response.content
    assert _status(dordrecht, decision) == StepDecisionStatus.APPROVED
