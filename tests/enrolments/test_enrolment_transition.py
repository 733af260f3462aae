"""Moving an enrolment along candidate -> assessed -> active -> ended: each transition, and the
ones that are refused (with a Dutch error on the field, nothing written)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participatie.enrolments import services
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment
from tests.conftest import in_tenant, login
from tests.enrolments.helpers import ASSESSMENT, active, assessed, candidate, fresh


def _url(enrolment):
    return f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/status/"


def _transition(side, enrolment, to_status, **kwargs):
    with in_tenant(side.municipality):
        return services.enrolment_transition(
            enrolment=enrolment, to_status=to_status, actor=side.account_holder, **kwargs
        )


def test_full_path_candidate_to_ended_keeps_history(dordrecht):
    enrolment = candidate(dordrecht)
    assert enrolment.status == EnrolmentStatus.CANDIDATE
    with in_tenant(dordrecht.municipality):
        e = services.enrolment_assess(
            enrolment=enrolment, actor=dordrecht.second_account_holder, **ASSESSMENT
        )
    assert e.status == EnrolmentStatus.ASSESSED
    e = _transition(dordrecht, e, EnrolmentStatus.ACTIVE, max_places=6)
    assert e.status == EnrolmentStatus.ACTIVE and e.started_on is not None and e.max_places == 6
    e = _transition(dordrecht, e, EnrolmentStatus.ENDED, notes="Bedrijf stopt.")
    assert e.status == EnrolmentStatus.ENDED and e.ended_on is not None
    with in_tenant(dordrecht.municipality):
        history = list(e.history.order_by("history_date"))
    assert [h.status for h in history] == ["candidate", "assessed", "active", "ended"]
    assert history[1].history_user == dordrecht.second_account_holder
    assert history[1].displacement_judged_by_id == dordrecht.second_account_holder.pk


@pytest.mark.parametrize("start", ["candidate", "assessed"])
def test_ending_early_is_allowed(dordrecht, start):
    enrolment = candidate(dordrecht) if start == "candidate" else assessed(dordrecht)
    ended = _transition(dordrecht, enrolment, EnrolmentStatus.ENDED)
    assert ended.status == EnrolmentStatus.ENDED


def test_candidate_cannot_become_active_without_assessment(dordrecht):
    enrolment = candidate(dordrecht)
    with pytest.raises(ValidationError) as caught:
        _transition(dordrecht, enrolment, EnrolmentStatus.ACTIVE, max_places=3)
    assert "kan niet naar status ‘Actief’" in str(caught.value.message_dict["to_status"])
    after = fresh(dordrecht, enrolment)
    assert after.status == EnrolmentStatus.CANDIDATE and after.max_places == 0


def test_assessed_is_reached_only_through_the_assessment(dordrecht):
    enrolment = candidate(dordrecht)
    with pytest.raises(ValidationError) as caught:
        _transition(dordrecht, enrolment, EnrolmentStatus.ASSESSED)
    assert "beoordelingsformulier" in str(caught.value.message_dict["to_status"])
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.CANDIDATE


def test_ended_is_final(dordrecht):
    ended = _transition(dordrecht, active(dordrecht), EnrolmentStatus.ENDED)
    for to_status in (EnrolmentStatus.ACTIVE, EnrolmentStatus.ASSESSED, EnrolmentStatus.ENDED):
        with pytest.raises(ValidationError):
            _transition(dordrecht, ended, to_status, max_places=3)
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError):
        services.enrolment_assess(enrolment=ended, actor=dordrecht.account_holder, **ASSESSMENT)


def test_active_needs_max_places_of_at_least_one(dordrecht):
    enrolment = assessed(dordrecht)
    with pytest.raises(ValidationError) as caught:
        _transition(dordrecht, enrolment, EnrolmentStatus.ACTIVE)
    assert caught.value.message_dict == {"max_places": ["Vul het maximaal aantal plekken in."]}
    with pytest.raises(ValidationError) as caught:
        _transition(dordrecht, enrolment, EnrolmentStatus.ACTIVE, max_places=0)
    assert "minstens één plek" in str(caught.value.message_dict["max_places"])
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.ASSESSED


def test_account_holder_activates_through_the_form(client, dordrecht):
    enrolment = assessed(dordrecht)
    login(client, dordrecht.account_holder)
    page = client.get(_url(enrolment) + "?naar=active").content.decode()
    assert '<option value="active" selected>Actief</option>' in page
    assert 'value="assessed"' not in page
    response = client.post(_url(enrolment), {"to_status": "active", "max_places": "10"})
    assert response.status_code == 302
    after = fresh(dordrecht, enrolment)
    assert (after.status, after.max_places) == ("active", 10)


def test_form_refuses_status_not_allowed_in_dutch(client, dordrecht):
    enrolment = candidate(dordrecht)
    login(client, dordrecht.account_holder)
    response = client.post(_url(enrolment), {"to_status": "active", "max_places": "5"})
    assert response.status_code == 400
    assert "Deze status is vanuit de huidige status niet mogelijk." in response.content.decode()
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.CANDIDATE


def test_service_error_shows_on_form_and_keeps_input(client, dordrecht):
    enrolment = assessed(dordrecht)
    login(client, dordrecht.account_holder)
    response = client.post(
        _url(enrolment), {"to_status": "active", "max_places": "0", "notes": "Mijn tekst"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Een actief leerwerkbedrijf heeft minstens één plek." in html
    assert "Mijn tekst" in html
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.ASSESSED


@pytest.mark.parametrize("who", ["policy_officer", "consultant", "lwb_a_admin"])
def test_other_roles_may_not_change_status(client, dordrecht, who):
    enrolment = assessed(dordrecht)
    login(client, getattr(dordrecht, who))
    response = client.post(_url(enrolment), {"to_status": "active", "max_places": "1"})
    assert response.status_code == 403
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.ASSESSED


def test_other_municipality_cannot_change_status(client, dordrecht, zwijndrecht):
    enrolment = assessed(dordrecht)
    login(client, zwijndrecht.account_holder)
    data = {"to_status": "active", "max_places": "1"}
    assert client.post(_url(enrolment), data).status_code == 403
    # Under its own slug the id of Dordrecht's enrolment does not exist.
    response = client.post(f"/zwijndrecht/leerwerkbedrijven/{enrolment.pk}/status/", data)
    assert response.status_code == 404
    with in_tenant(dordrecht.municipality):
        assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ASSESSED
