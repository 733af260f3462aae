"""Admitting a company: an existing company organisation or a new one with a KvK check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participatie.enrolments import services
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment, Organisation
from tests.conftest import in_tenant, login
from tests.factories import OrganisationFactory

URL = "/dordrecht/leerwerkbedrijven/aanmelden/"


def test_existing_company_of_another_municipality_is_admitted(client, dordrecht, zwijndrecht):
    login(client, dordrecht.account_holder)
    page = client.get(URL).content.decode()
    # Offered: companies not admitted here yet; not the ones already enrolled, not other kinds.
    assert zwijndrecht.lwb_a.name in page
    assert f'value="{dordrecht.lwb_a.pk}"' not in page
    assert dordrecht.matching_unit.name not in page
    response = client.post(URL, {"organisation": zwijndrecht.lwb_a.pk})
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=zwijndrecht.lwb_a)
        assert enrolment.status == EnrolmentStatus.CANDIDATE
        assert enrolment.history.get().history_user == dordrecht.account_holder
    assert Organisation.objects.filter(kvk_number=zwijndrecht.lwb_a.kvk_number).count() == 1


def test_new_company_needs_name_and_kvk_when_none_is_chosen(client, dordrecht):
    login(client, dordrecht.account_holder)
    before = Organisation.objects.count()
    response = client.post(URL, {"organisation": "", "name": "", "kvk_number": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Dit veld is verplicht.") >= 2
    assert Organisation.objects.count() == before


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234abcd"])
def test_new_company_with_bad_kvk_is_refused(dordrecht, kvk):
    before = Organisation.objects.count()
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError) as caught:
        services.enrolment_register(
            municipality=dordrecht.municipality,
            name="Nieuw Bedrijf",
            kvk_number=kvk,
            actor=dordrecht.account_holder,
        )
    assert caught.value.message_dict == {
        "kvk_number": ["Een KvK-nummer bestaat uit precies 8 cijfers."]
    }
    assert Organisation.objects.count() == before


def test_new_company_with_bad_kvk_in_the_form_keeps_the_input(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.post(URL, {"name": "Nieuw Bedrijf BV", "kvk_number": "1234"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in html
    assert 'value="Nieuw Bedrijf BV"' in html
    assert not Organisation.objects.filter(name="Nieuw Bedrijf BV").exists()


def test_a_non_company_organisation_is_refused(dordrecht):
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError) as caught:
        services.enrolment_register(
            municipality=dordrecht.municipality,
            organisation=dordrecht.matching_unit,
            actor=dordrecht.account_holder,
        )
    assert list(caught.value.message_dict) == ["organisation"]


def test_a_company_already_enrolled_here_is_refused_on_the_organisation(dordrecht):
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError) as caught:
        services.enrolment_register(
            municipality=dordrecht.municipality,
            organisation=dordrecht.lwb_a,
            actor=dordrecht.account_holder,
        )
    assert caught.value.message_dict == {
        "organisation": ["Dit bedrijf is al aangemeld bij deze gemeente."]
    }


def test_choosing_a_company_not_offered_is_a_dutch_error(client, dordrecht):
    other_kind = OrganisationFactory(matching_unit=True, slug="mu-elders", name="MU Elders")
    login(client, dordrecht.account_holder)
    response = client.post(URL, {"organisation": other_kind.pk})
    assert response.status_code == 400
    assert "Kies een leerwerkbedrijf uit de lijst." in response.content.decode()
