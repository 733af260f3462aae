"""The consultant advises a step and ends a placement on the web; bad input gives a Dutch error
on the field and saves nothing; other roles, companies and municipalities get nothing."""

from __future__ import annotations

import pytest

from participatie.models import Placement, StepDecision
from participatie.placements.choices import StepDecisionStatus
from tests.conftest import in_tenant, login
from tests.placements_web.conftest import D, count, plus


def advise_url(placement, slug="dordrecht"):
    return f"/{slug}/plaatsingen/{placement.pk}/trede-advies/"


def end_url(placement, slug="dordrecht"):
    return f"/{slug}/plaatsingen/{placement.pk}/beeindigen/"


def _advice(side, **overrides):
    data = {
        "step": plus(side).pk,
        "valid_from": "2022-03-10",
        "justification": "Heeft intensieve begeleiding nodig.",
    }
    data.update(overrides)
    return data


def _advices(side):
    return count(StepDecision, side, status=StepDecisionStatus.ADVISED)


# -- step advice ----------------------------------------------------------------------------------


def test_consultant_advises_plus(client, dordrecht, placed):
    login(client, dordrecht.consultant)
    page = client.get(advise_url(placed))
    assert page.status_code == 200
    assert "Plus (2022)" in page.content.decode()
    response = client.post(advise_url(placed), _advice(dordrecht))
    assert response.status_code == 302
    assert response["Location"] == f"/dordrecht/plaatsingen/{placed.pk}/"
    with in_tenant(dordrecht.municipality):
        decision = StepDecision.objects.select_related("step").get(
            municipality=dordrecht.municipality, status=StepDecisionStatus.ADVISED
        )
    assert decision.step.code == "plus" and decision.valid_from == D(2022, 3, 10)
    assert decision.advised_by == dordrecht.consultant


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"valid_from": "2023-03-10"}, "step", "Deze trede hoort niet bij de treden van 2023."),
        ({"justification": ""}, "justification", "Onderbouw het advies."),
        ({"justification": "   "}, "justification", "Onderbouw het advies."),
        ({"valid_from": "2022-01-10"}, "valid_from", "buiten de looptijd van de plaatsing"),
        ({"valid_from": "31-31-2022"}, "valid_from", "Vul een geldige datum in"),
        ({"step": ""}, "step", "Kies een trede."),
        ({"step": "999999"}, "step", "Kies een trede uit de lijst."),
    ],
)
def test_bad_advice_is_refused_with_a_dutch_error(
    client, dordrecht, placed, overrides, field, message
):
    login(client, dordrecht.consultant)
    response = client.post(advise_url(placed), _advice(dordrecht, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert _advices(dordrecht) == 0


def test_step_of_another_municipality_is_not_a_choice(client, dordrecht, zwijndrecht, placed):
    login(client, dordrecht.consultant)
    response = client.post(advise_url(placed), _advice(dordrecht, step=plus(zwijndrecht).pk))
    assert response.status_code == 400
    assert "Kies een trede uit de lijst." in response.content.decode()
    assert _advices(dordrecht) == 0


@pytest.mark.parametrize("who", ["account_holder", "policy_officer", "lwb_a_admin"])
def test_only_the_matching_unit_advises_or_ends(client, dordrecht, placed, who):
    login(client, getattr(dordrecht, who))
    for url in (advise_url(placed), end_url(placed)):
        assert client.get(url).status_code == 403
        assert client.post(url, _advice(dordrecht)).status_code == 403
    assert _advices(dordrecht) == 0


def test_consultant_of_another_municipality_gets_nothing(client, dordrecht, zwijndrecht, placed):
    login(client, zwijndrecht.consultant)
    assert client.post(advise_url(placed), _advice(dordrecht)).status_code == 403
    assert client.post(advise_url(placed, "zwijndrecht"), _advice(dordrecht)).status_code == 404
    assert client.post(end_url(placed, "zwijndrecht"), {}).status_code == 404
    assert _advices(dordrecht) == 0


# -- end --------------------------------------------------------------------------------------


def _end_data(**overrides):
    data = {"end_date": "2022-06-30", "reason": "paid_work", "note": "Vast contract bij de Hema."}
    data.update(overrides)
    return data


def test_consultant_ends_the_placement(client, dordrecht, placed):
    login(client, dordrecht.consultant)
    assert client.get(end_url(placed)).status_code == 200
    response = client.post(end_url(placed), _end_data())
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        placement = Placement.objects.get(pk=placed.pk)
    assert placement.end_date == D(2022, 6, 30)
    assert placement.outflow_reason == "paid_work"
    assert placement.outflow_note == "Vast contract bij de Hema."
    detail = client.get(f"/dordrecht/plaatsingen/{placed.pk}/").content.decode()
    assert "Betaald werk" in detail and "Plaatsing beëindigen" not in detail


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": "2022-02-14"}, "end_date", "De einddatum ligt vóór de startdatum."),
        ({"end_date": ""}, "end_date", "Vul een datum in."),
        ({"reason": ""}, "reason", "Kies een reden van uitstroom."),
        ({"reason": "weggelopen"}, "reason", "Kies een reden van uitstroom uit de lijst."),
    ],
)
def test_bad_end_is_refused_with_a_dutch_error(
    client, dordrecht, placed, overrides, field, message
):
    login(client, dordrecht.consultant)
    response = client.post(end_url(placed), _end_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'id="id_{field}_error"' in html
    with in_tenant(dordrecht.municipality):
        assert Placement.objects.get(pk=placed.pk).end_date is None


def test_ending_twice_is_refused(client, dordrecht, placed):
    login(client, dordrecht.consultant)
    client.post(end_url(placed), _end_data())
    response = client.post(end_url(placed), _end_data(end_date="2022-07-31"))
    assert response.status_code == 400
    assert "Deze plaatsing is al beëindigd." in response.content.decode()
    with in_tenant(dordrecht.municipality):
        assert Placement.objects.get(pk=placed.pk).end_date == D(2022, 6, 30)
