"""The step-advice form shows the service's refusals on the field that caused them."""

from __future__ import annotations

from participatie.models import Step, StepDecision
from tests.conftest import in_tenant, login
from tests.placements_web.conftest import advised, plus


def _post(client, side, placement, **data):
    values = {
        "step": plus(side).pk,
        "valid_from": "2022-03-10",
        "justification": "Meer begeleiding nodig.",
    }
    values.update(data)
    login(client, side.consultant)
    return client.post(f"/dordrecht/plaatsingen/{placement.pk}/trede-advies/", values)


def _errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_the_step_in_force_is_refused_on_the_step_field(client, dordrecht, placed):
    with in_tenant(dordrecht.municipality):
        basis = Step.objects.get(municipality=dordrecht.municipality, year=2022, code="basis")
    response = _post(client, dordrecht, placed, step=basis.pk)
    assert response.status_code == 400
    assert _errors(response, "step") == [
        "Deze trede geldt al vanaf 15 februari 2022. Kies een andere trede of een andere datum."
    ]
    assert "Deze trede geldt al vanaf 15 februari 2022." in response.content.decode()


def test_a_second_open_advice_is_refused_on_the_date_field(client, dordrecht, placed):
    advised(dordrecht, placed)
    response = _post(client, dordrecht, placed)
    assert response.status_code == 400
    assert "staat al een advies open vanaf 10 maart 2022" in _errors(response, "valid_from")[0]
    with in_tenant(dordrecht.municipality):
        assert StepDecision.objects.filter(status="advised").count() == 1
