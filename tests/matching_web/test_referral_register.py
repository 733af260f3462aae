"""Registering a referral: the participant's data, the BSN eleven test, consent with a benefit."""

from __future__ import annotations

import datetime

import pytest

from matching.models import Referral
from participatie.models import Participant
from tests.conftest import in_tenant, login
from tests.factories import valid_bsn

URL = "/dordrecht/aanmeldingen/nieuw/"


def form(**overrides):
    data = {
        "first_name": "Fatima",
        "last_name": "de Vries",
        "bsn": valid_bsn(777),
        "birth_date": "1985-04-02",
        "address": "Voorstraat 1",
        "postcode": "3311ab",
        "city": "Dordrecht",
        "phone": "078 123 45 67",
        "email": "fatima@example.nl",
        "benefit": "none",
        "consent_by": "",
        "consent_on": "",
        "source": "district_team",
        "referred_on": "2022-01-10",
        "referrer": "Wijkteam Oost, J. Bakker",
        "notes": "Wil graag met dieren werken.",
    }
    data.update(overrides)
    return data


def saved(side):
    with in_tenant(side.municipality):
        return Participant.objects.count(), Referral.objects.count()


def test_the_form_is_labelled_in_dutch(client, dordrecht):
    login(client, dordrecht.consultant)
    page = client.get(URL).content.decode()
    for label in ("Voornaam", "BSN", "Geboortedatum", "Postcode", "Aangemeld via", "Verwijzer"):
        assert label in page
    assert 'for="id_bsn"' in page and 'autocomplete="off"' in page


def test_a_consultant_registers_a_referral(client, dordrecht):
    login(client, dordrecht.consultant)
    response = client.post(URL, form())
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        referral = Referral.objects.select_related("participant").get()
        assert referral.status == "new"
        assert referral.matching_unit == dordrecht.matching_unit
        assert referral.registered_by == dordrecht.consultant
        assert referral.participant.postcode == "3311 AB"
        assert referral.participant.home_municipality == dordrecht.municipality
    assert response["Location"] == f"/dordrecht/aanmeldingen/{referral.pk}/"
    assert valid_bsn(777) not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "De aanmelding van Fatima de Vries is geregistreerd." in page


def test_an_invalid_bsn_is_refused_in_dutch_and_nothing_saved(client, dordrecht):
    login(client, dordrecht.consultant)
    response = client.post(URL, form(bsn="123456789"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan)." in page
    assert 'aria-describedby="id_bsn_error' in page and 'aria-invalid="true"' in page
    assert saved(dordrecht) == (0, 0)


def test_a_benefit_without_client_manager_consent_is_refused(client, dordrecht):
    login(client, dordrecht.consultant)
    response = client.post(URL, form(benefit="sdd"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "toestemming van de klantmanager nodig: vul de naam in" in page
    assert "toestemming van de klantmanager nodig: vul de datum in" in page
    assert saved(dordrecht) == (0, 0)


def test_a_benefit_with_consent_is_registered(client, dordrecht):
    login(client, dordrecht.consultant)
    response = client.post(
        URL, form(benefit="uwv", consent_by="K. Klaassen (UWV)", consent_on="2022-01-05")
    )
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        participant = Participant.objects.get()
        assert (participant.consent_by, participant.consent_on) == (
            "K. Klaassen (UWV)",
            datetime.date(2022, 1, 5),
        )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_name": ""}, "Dit veld is verplicht."),
        ({"birth_date": "31-31-1985"}, "Vul een geldige datum in"),
        ({"postcode": "12345"}, "Dit is geen geldige postcode"),
        ({"email": "geen-mail"}, "Vul een geldig e-mailadres in."),
        ({"referred_on": "2099-01-01"}, "De aanmelddatum ligt in de toekomst."),
        ({"source": "telepathy"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message(client, dordrecht, overrides, message):
    login(client, dordrecht.consultant)
    response = client.post(URL, form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert saved(dordrecht) == (0, 0)


def test_the_same_bsn_reuses_the_participant(client, dordrecht):
    login(client, dordrecht.consultant)
    client.post(URL, form())
    client.post(URL, form(referred_on="2022-03-01"))
    assert saved(dordrecht) == (1, 2)


def test_the_bsn_stays_out_of_the_logs_and_urls(client, dordrecht, caplog):
    login(client, dordrecht.consultant)
    bsn = valid_bsn(778)
    with caplog.at_level("DEBUG"):
        response = client.post(URL, form(bsn=bsn))
        client.post(URL, form(bsn=bsn, benefit="sdd"))
        page = client.get(response["Location"])
    assert bsn not in caplog.text
    assert bsn not in response["Location"]
    assert bsn in page.content.decode()
