"""Moving an enrolment along candidate -> assessed -> active -> ended."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participatie.enrolments import services
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment
from tests.conftest import in_tenant, login


@pytest.fixture
def candidate(dordrecht):
    with in_tenant(dordrecht.municipality):
        return services.enrolment_register(
            municipality=dordrecht.municipality,
            name="Groene Vingers",
            kvk_number="55554444",
            sector="groen",
            max_places=0,
            actor=dordrecht.account_holder,
        )


def _url(enrolment):
    return f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/status/"


def test_full_path_candidate_to_ended(dordrecht, candidate):
    with in_tenant(dordrecht.municipality):
        e = services.enrolment_transition(
            enrolment=candidate,
            to_status=EnrolmentStatus.ASSESSED,
            notes="Goed.",
            actor=dordrecht.account_holder,
        )
        e = services.enrolment_transition(
            enrolment=e,
            to_status=EnrolmentStatus.ACTIVE,
            notes="",
            max_places=6,
            actor=dordrecht.account_holder,
        )
        assert e.started_on is not None and e.max_places == 6 and e.assessment_notes == "Goed."
        e = services.enrolment_transition(
            enrolment=e, to_status=EnrolmentStatus.ENDED, notes="", actor=dordrecht.account_holder
        )
        assert e.ended_on is not None
        assert e.history.count() == 4


def test_invalid_transition_raises_dutch_error_and_changes_nothing(dordrecht, candidate):
    with in_tenant(dordrecht.municipality):
        with pytest.raises(ValidationError) as caught:
            services.enrolment_transition(
                enrolment=candidate,
                to_status=EnrolmentStatus.ACTIVE,
                notes="Te snel",
                max_places=3,
                actor=dordrecht.account_holder,
            )
        assert "kan niet naar status ‘Actief’" in str(caught.value)
        fresh = Enrolment.objects.get(pk=candidate.pk)
        assert fresh.status == EnrolmentStatus.CANDIDATE
        assert fresh.assessment_notes == "" and fresh.max_places == 0
        assert fresh.history.count() == 1


def test_ended_is_final(dordrecht, candidate):
    with in_tenant(dordrecht.municipality):
        ended = services.enrolment_transition(
            enrolment=candidate,
            to_status=EnrolmentStatus.ENDED,
            notes="",
            actor=dordrecht.account_holder,
        )
        with pytest.raises(ValidationError):
            services.enrolment_transition(
                enrolment=ended,
                to_status=EnrolmentStatus.ASSESSED,
                notes="",
                actor=dordrecht.account_holder,
            )


def test_active_needs_at_least_one_place(dordrecht, candidate):
    with in_tenant(dordrecht.municipality):
        assessed = services.enrolment_transition(
            enrolment=candidate,
            to_status=EnrolmentStatus.ASSESSED,
            notes="",
            actor=dordrecht.account_holder,
        )
        with pytest.raises(ValidationError) as caught:
            services.enrolment_transition(
                enrolment=assessed,
                to_status=EnrolmentStatus.ACTIVE,
                notes="",
                max_places=0,
                actor=dordrecht.account_holder,
            )
        assert "minstens één plek" in str(caught.value)
        assert Enrolment.objects.get(pk=candidate.pk).status == EnrolmentStatus.ASSESSED


def test_account_holder_changes_status_through_the_form(client, dordrecht, candidate):
    login(client, dordrecht.account_holder)
    page = client.get(_url(candidate)).content.decode()
    assert '<option value="assessed">Beoordeeld</option>' in page
    assert 'value="active"' not in page
    response = client.post(
        _url(candidate), {"to_status": "assessed", "notes": "Past goed.", "max_places": "5"}
    )
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        fresh = Enrolment.objects.get(pk=candidate.pk)
    assert (fresh.status, fresh.assessment_notes, fresh.max_places) == ("assessed", "Past goed.", 5)


def test_form_refuses_status_not_allowed_in_dutch(client, dordrecht, candidate):
    login(client, dordrecht.account_holder)
    response = client.post(_url(candidate), {"to_status": "active", "notes": "", "max_places": "5"})
    assert response.status_code == 400
    assert "Deze status is vanuit de huidige status niet mogelijk." in response.content.decode()
    with in_tenant(dordrecht.municipality):
        assert Enrolment.objects.get(pk=candidate.pk).status == EnrolmentStatus.CANDIDATE


def test_service_error_shows_on_form(client, dordrecht, candidate):
    with in_tenant(dordrecht.municipality):
        services.enrolment_transition(
            enrolment=candidate,
            to_status=EnrolmentStatus.ASSESSED,
            notes="",
            actor=dordrecht.account_holder,
        )
    login(client, dordrecht.account_holder)
    response = client.post(_url(candidate), {"to_status": "active", "notes": "", "max_places": "0"})
    assert response.status_code == 400
    assert "Een actief leerwerkbedrijf heeft minstens één plek." in response.content.decode()


@pytest.mark.parametrize("who", ["policy_officer", "consultant", "lwb_a_admin"])
def test_other_roles_may_not_change_status(client, dordrecht, candidate, who):
    login(client, getattr(dordrecht, who))
    response = client.post(
        _url(candidate), {"to_status": "assessed", "notes": "", "max_places": "1"}
    )
    assert response.status_code == 403
    with in_tenant(dordrecht.municipality):
        assert Enrolment.objects.get(pk=candidate.pk).status == EnrolmentStatus.CANDIDATE


def test_other_municipality_cannot_change_status(client, dordrecht, zwijndrecht, candidate):
    login(client, zwijndrecht.account_holder)
    assert (
        client.post(_url(candidate), {"to_status": "assessed", "max_places": "1"}).status_code
        == 403
    )
    # Under its own slug the id of Dordrecht's enrolment does not exist.
    response = client.post(
        f"/zwijndrecht/leerwerkbedrijven/{candidate.pk}/status/",
        {"to_status": "assessed", "max_places": "1"},
    )
    assert response.status_code == 404
    with in_tenant(dordrecht.municipality):
        assert Enrolment.objects.get(pk=candidate.pk).status == EnrolmentStatus.CANDIDATE
