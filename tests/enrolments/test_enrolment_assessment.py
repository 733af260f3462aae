"""The assessment: kind of work, guidance and the explicit "no displacement of paid work"
judgement (who, when, why). Without a positive judgement with a reason, no company becomes
active."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participatie.enrolments import services
from participatie.enrolments.choices import EnrolmentStatus
from tests.conftest import in_tenant, login
from tests.enrolments.helpers import ASSESSMENT, assessed, candidate, fresh


def _url(enrolment):
    return f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/beoordeling/"


FORM = {
    "kind_of_work": ASSESSMENT["kind_of_work"],
    "guidance_offered": ASSESSMENT["guidance_offered"],
    "no_displacement": "yes",
    "displacement_reason": ASSESSMENT["displacement_reason"],
}


def test_assessment_records_who_when_and_why(dordrecht):
    enrolment = assessed(dordrecht)
    after = fresh(dordrecht, enrolment)
    assert after.status == EnrolmentStatus.ASSESSED
    assert after.kind_of_work == ASSESSMENT["kind_of_work"]
    assert after.guidance_offered == ASSESSMENT["guidance_offered"]
    assert after.no_displacement is True
    assert after.displacement_reason == ASSESSMENT["displacement_reason"]
    assert after.displacement_judged_by == dordrecht.account_holder
    assert after.displacement_judged_at is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind_of_work", "  ", "Beschrijf het werk dat het bedrijf biedt."),
        ("guidance_offered", "", "Beschrijf de begeleiding die het bedrijf kan geven."),
        ("no_displacement", None, "Kies of het bedrijf betaald werk verdringt."),
        ("displacement_reason", "", "Leg uit waarom u tot dit oordeel komt."),
    ],
)
def test_every_part_of_the_assessment_is_required(dordrecht, field, value, message):
    enrolment = candidate(dordrecht)
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError) as caught:
        services.enrolment_assess(
            enrolment=enrolment, actor=dordrecht.account_holder, **{**ASSESSMENT, field: value}
        )
    assert caught.value.message_dict == {field: [message]}
    after = fresh(dordrecht, enrolment)
    assert after.status == EnrolmentStatus.CANDIDATE and after.displacement_judged_at is None


def test_activating_without_the_displacement_judgement_is_refused(dordrecht):
    # An assessment that finds displacement is recorded, but keeps the company from "active".
    enrolment = assessed(dordrecht, no_displacement=False)
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError) as caught:
        services.enrolment_transition(
            enrolment=enrolment, to_status="active", max_places=5, actor=dordrecht.account_holder
        )
    assert list(caught.value.message_dict) == ["no_displacement"]
    assert "geen betaald werk verdringt" in caught.value.message_dict["no_displacement"][0]
    after = fresh(dordrecht, enrolment)
    assert after.status == EnrolmentStatus.ASSESSED and after.max_places == 0


def test_activating_a_legacy_assessed_row_without_judgement_is_refused(dordrecht):
    """Rows assessed before the judgement existed (status assessed, no judgement) too."""
    enrolment = candidate(dordrecht)
    with in_tenant(dordrecht.municipality):
        type(enrolment).objects.filter(pk=enrolment.pk).update(status="assessed")
        with pytest.raises(ValidationError) as caught:
            services.enrolment_transition(
                enrolment=enrolment,
                to_status="active",
                max_places=5,
                actor=dordrecht.account_holder,
            )
    assert list(caught.value.message_dict) == ["no_displacement"]


def test_a_new_assessment_can_turn_the_judgement_around(dordrecht):
    enrolment = assessed(dordrecht, no_displacement=False)
    with in_tenant(dordrecht.municipality):
        services.enrolment_assess(
            enrolment=enrolment, actor=dordrecht.second_account_holder, **ASSESSMENT
        )
        active = services.enrolment_transition(
            enrolment=enrolment, to_status="active", max_places=2, actor=dordrecht.account_holder
        )
    assert active.status == EnrolmentStatus.ACTIVE
    assert fresh(dordrecht, enrolment).displacement_judged_by == dordrecht.second_account_holder


def test_account_holder_assesses_through_the_form(client, dordrecht):
    enrolment = candidate(dordrecht)
    login(client, dordrecht.account_holder)
    page = client.get(_url(enrolment)).content.decode()
    assert "Geen verdringing van betaald werk" in page and 'type="radio"' in page
    response = client.post(_url(enrolment), FORM)
    assert response.status_code == 302
    after = fresh(dordrecht, enrolment)
    assert after.status == EnrolmentStatus.ASSESSED and after.no_displacement is True
    detail = client.get(f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/").content.decode()
    assert ASSESSMENT["displacement_reason"] in detail
    assert "Ja, het bedrijf verdringt geen betaald werk" in detail


def test_form_without_judgement_gives_dutch_error_and_keeps_input(client, dordrecht):
    enrolment = candidate(dordrecht)
    login(client, dordrecht.account_holder)
    response = client.post(_url(enrolment), {**FORM, "no_displacement": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies of het bedrijf betaald werk verdringt." in html
    assert ASSESSMENT["kind_of_work"] in html
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.CANDIDATE


def test_an_active_company_is_not_assessed_again(client, dordrecht):
    enrolment = assessed(dordrecht)
    with in_tenant(dordrecht.municipality):
        services.enrolment_transition(
            enrolment=enrolment, to_status="active", max_places=2, actor=dordrecht.account_holder
        )
    login(client, dordrecht.account_holder)
    response = client.post(_url(enrolment), {**FORM, "kind_of_work": "Ander werk"})
    assert response.status_code == 400
    assert "kan niet naar status ‘Beoordeeld’" in response.content.decode()
    assert fresh(dordrecht, enrolment).kind_of_work == ASSESSMENT["kind_of_work"]


def test_activating_through_the_form_without_judgement_shows_the_error(client, dordrecht):
    enrolment = assessed(dordrecht, no_displacement=False)
    login(client, dordrecht.account_holder)
    response = client.post(
        f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/status/",
        {"to_status": "active", "max_places": "4"},
    )
    assert response.status_code == 400
    assert "geen betaald werk verdringt" in response.content.decode()
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.ASSESSED
