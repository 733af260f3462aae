"""A subsidy decision is drafted only for an active enrolment and never for more places (summed
over the steps) than the enrolment's maximum: in the service, on the page and in the API. A
Dutch error on the field; nothing is written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participatie.enrolments import services as enrolment_services
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment
from subsidies.models import DecisionLine, SubsidyDecision
from subsidies.services import decisions as svc
from tests.api.conftest import fields_of, messages_of, post
from tests.conftest import in_tenant, login
from tests.enrolments.helpers import assessed
from tests.subsidies_decisions.helpers import YEAR, approved, draft, enrolment, setup_money

NOT_ACTIVE = "Een beschikking kan alleen voor een actief leerwerkbedrijf."
TOO_MANY = "Deze beschikking is voor 11 plekken, maar het leerwerkbedrijf heeft maximaal 10"


@pytest.fixture
def money(dordrecht):
    setup_money(dordrecht)
    return dordrecht


def _set(side, **values):
    with in_tenant(side.municipality):
        Enrolment.objects.filter(organisation=side.lwb_a).update(**values)


def _decisions(side):
    with in_tenant(side.municipality):
        return SubsidyDecision.objects.count(), DecisionLine.objects.count()


# -- service ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["candidate", "assessed", "ended"])
def test_service_refuses_a_non_active_enrolment(money, status):
    _set(money, status=status)
    with pytest.raises(ValidationError) as caught:
        draft(money)
    assert list(caught.value.message_dict) == ["enrolment"]
    assert NOT_ACTIVE in caught.value.message_dict["enrolment"][0]
    assert _decisions(money) == (0, 0)


def test_service_refuses_more_places_than_the_maximum(money):
    # lwb_a has 10 places: 10 over the steps is fine, 11 is not.
    assert draft(money, {"basis": 6, "plus": 4}).pk
    with pytest.raises(ValidationError) as caught:
        draft(money, {"basis": 7, "plus": 4})
    assert list(caught.value.message_dict) == ["places"]
    assert TOO_MANY in caught.value.message_dict["places"][0]
    assert _decisions(money) == (1, 2)


def test_updating_a_draft_above_the_maximum_is_refused(money):
    decision = draft(money, {"basis": 4})
    with in_tenant(money.municipality), pytest.raises(ValidationError) as caught:
        svc.decision_update(decision=decision, places={"basis": 11}, actor=money.account_holder)
    assert list(caught.value.message_dict) == ["places"]
    with in_tenant(money.municipality):
        assert DecisionLine.objects.get(decision=decision).places == 4


def test_amending_for_an_ended_enrolment_is_refused(money):
    decision = approved(money, {"basis": 2})
    with in_tenant(money.municipality):
        enrolment_services.enrolment_transition(
            enrolment=enrolment(money), to_status="ended", actor=money.account_holder
        )
        with pytest.raises(ValidationError) as caught:
            svc.decision_amend(decision=decision, places={"basis": 3}, actor=money.account_holder)
    assert list(caught.value.message_dict) == ["enrolment"]
    assert _decisions(money) == (1, 1)


def test_a_newly_admitted_company_gets_a_decision_once_active(money):
    company = assessed(money)
    with in_tenant(money.municipality):
        with pytest.raises(ValidationError):
            svc.decision_draft(
                enrolment=company, year=YEAR, places={"basis": 1}, actor=money.account_holder
            )
        enrolment_services.enrolment_transition(
            enrolment=company, to_status="active", max_places=2, actor=money.account_holder
        )
        decision = svc.decision_draft(
            enrolment=company, year=YEAR, places={"basis": 2}, actor=money.account_holder
        )
    assert decision.enrolment_id == company.pk


# -- web form --------------------------------------------------------------------------------


def _draft_url(side):
    return (
        reverse("subsidies:decision-draft", kwargs={"municipality_slug": side.municipality.slug})
        + f"?jaar={YEAR}"
    )


def test_page_shows_the_error_on_the_company_field(client, money):
    _set(money, status=EnrolmentStatus.ASSESSED)
    login(client, money.account_holder)
    response = client.post(
        _draft_url(money), {"enrolment": enrolment(money).pk, "places_basis": "2"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_ACTIVE in html
    assert 'id="id_enrolment_error"' in html
    assert 'value="2"' in html  # what the user typed stays
    assert _decisions(money) == (0, 0)


def test_page_shows_the_maximum_places_error(client, money):
    login(client, money.account_holder)
    response = client.post(
        _draft_url(money),
        {"enrolment": enrolment(money).pk, "places_basis": "7", "places_plus": "4"},
    )
    html = response.content.decode()
    assert TOO_MANY in html
    assert 'value="7"' in html and 'value="4"' in html
    assert _decisions(money) == (0, 0)


# -- API -------------------------------------------------------------------------------------


def test_api_names_the_enrolment_field(client, money):
    _set(money, status=EnrolmentStatus.CANDIDATE)
    response = post(
        client,
        money.account_holder,
        f"/api/v1/{money.municipality.slug}/decisions",
        {"enrolment": enrolment(money).pk, "year": YEAR, "places": {"basis": 2}},
    )
    assert fields_of(response) == {"enrolment"}
    assert NOT_ACTIVE in messages_of(response)
    assert _decisions(money) == (0, 0)


def test_api_names_the_places_field(client, money):
    response = post(
        client,
        money.account_holder,
        f"/api/v1/{money.municipality.slug}/decisions",
        {"enrolment": enrolment(money).pk, "year": YEAR, "places": {"basis": 7, "plus": 4}},
    )
    assert fields_of(response) == {"places"}
    assert TOO_MANY in messages_of(response)
    assert _decisions(money) == (0, 0)


def test_api_patch_of_a_draft_above_the_maximum_names_places(client, money):
    decision = draft(money, {"basis": 4})
    login(client, money.account_holder)
    response = client.patch(
        f"/api/v1/{money.municipality.slug}/decisions/{decision.pk}",
        {"places": {"plus": 7}},
        content_type="application/json",
    )
    assert fields_of(response) == {"places"}
    with in_tenant(money.municipality):
        assert list(DecisionLine.objects.values_list("places", flat=True)) == [4]
