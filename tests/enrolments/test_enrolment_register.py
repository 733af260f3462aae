"""Account holders register a candidate company; bad input gives a Dutch error, writes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from participatie.choices import OrganisationKind
from participatie.enrolments import services
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment, Organisation
from tests.conftest import in_tenant, login

URL = "/dordrecht/leerwerkbedrijven/aanmelden/"
GOOD = {
    "name": "Fietsenmakerij De Spaak",
    "kvk_number": "8765 4321",
    "sector": "fietsen",
    "max_places": "4",
}


def test_account_holder_registers_candidate(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    organisation = Organisation.objects.get(kvk_number="87654321")
    assert organisation.kind == OrganisationKind.LEARNING_WORK_COMPANY
    assert organisation.sector == "fietsen"
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=organisation)
        assert enrolment.status == EnrolmentStatus.CANDIDATE
        assert enrolment.max_places == 4
        assert enrolment.municipality == dordrecht.municipality
        assert enrolment.history.get().history_user == dordrecht.account_holder
    assert response["Location"] == f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/"


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234abcd", ""])
def test_invalid_kvk_gives_dutch_form_error_and_writes_nothing(client, dordrecht, kvk):
    login(client, dordrecht.account_holder)
    before = Organisation.objects.count()
    response = client.post(URL, {**GOOD, "kvk_number": kvk})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Een KvK-nummer bestaat uit precies 8 cijfers." in html or "Dit veld is verplicht." in html
    )
    assert 'aria-invalid="true"' in html
    assert Organisation.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("max_places", "-1", "Het maximaal aantal plekken is 0 of meer."),
        ("max_places", "veel", "Vul een heel getal in."),
        ("name", "", "Dit veld is verplicht."),
    ],
)
def test_other_bad_input_gives_dutch_error(client, dordrecht, field, value, message):
    login(client, dordrecht.account_holder)
    response = client.post(URL, {**GOOD, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Organisation.objects.filter(kvk_number="87654321").exists()


def test_company_already_enrolled_here_is_refused(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.post(URL, {**GOOD, "kvk_number": dordrecht.lwb_a.kvk_number})
    assert response.status_code == 400
    assert "Dit bedrijf is al aangemeld bij deze gemeente." in response.content.decode()


def test_company_enrolled_elsewhere_is_reused_not_duplicated(dordrecht, zwijndrecht):
    with in_tenant(dordrecht.municipality):
        enrolment = services.enrolment_register(
            municipality=dordrecht.municipality,
            name="Andere naam",
            kvk_number=zwijndrecht.lwb_a.kvk_number,
            sector="",
            max_places=2,
            actor=dordrecht.account_holder,
        )
    assert enrolment.organisation == zwijndrecht.lwb_a
    assert Organisation.objects.filter(kvk_number=zwijndrecht.lwb_a.kvk_number).count() == 1


def test_kvk_of_a_non_company_is_refused(dordrecht):
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError) as caught:
        services.enrolment_register(
            municipality=dordrecht.municipality,
            name="MU",
            kvk_number=dordrecht.matching_unit.kvk_number,
            sector="",
            max_places=1,
            actor=dordrecht.account_holder,
        )
    assert "geen leerwerkbedrijf" in str(caught.value)


@pytest.mark.parametrize("who", ["policy_officer", "consultant", "lwb_a_admin"])
def test_other_roles_may_not_register(client, dordrecht, who):
    login(client, getattr(dordrecht, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, GOOD).status_code == 403
    assert not Organisation.objects.filter(kvk_number="87654321").exists()


def test_account_holder_of_other_municipality_may_not_register(client, dordrecht, zwijndrecht):
    login(client, zwijndrecht.account_holder)
    assert client.post(URL, GOOD).status_code == 403
    assert not Organisation.objects.filter(kvk_number="87654321").exists()
