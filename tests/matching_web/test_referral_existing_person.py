"""Registering a referral whose BSN is already known with other data: the page keeps what was
typed, shows the known person beside it and asks whether this is the same person; the answer
travels in the POST body. And a birth date that makes no sense is refused on its field."""

from __future__ import annotations

import datetime
import re

import pytest

from matching.models import Referral
from participatie.models import Participant
from tests.conftest import in_tenant, login
from tests.factories import ParticipantFactory, valid_bsn
from tests.matching_web.test_referral_register import URL, form

BSN = valid_bsn(777)


@pytest.fixture
def anna(dordrecht):
    """Anna de Vries, known in Dordrecht with the BSN the form types."""
    with in_tenant(dordrecht.municipality):
        return ParticipantFactory(
            municipality=dordrecht.municipality,
            first_name="Anna",
            last_name="de Vries",
            bsn=BSN,
            birth_date=datetime.date(1985, 4, 2),
            address="Voorstraat 1",
            postcode="3311 AB",
            city="Dordrecht",
            phone="078 123 45 67",
            email="fatima@example.nl",
        )


def typed(**overrides):
    """What the consultant types: Fatima instead of Anna, another address."""
    return form(address="Wijnstraat 8", **overrides)


def counts(side):
    with in_tenant(side.municipality):
        return Participant.objects.count(), Referral.objects.count()


def value_of(page, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, name
    found = re.search(r'value="([^"]*)"', match.group(0))
    return found.group(1) if found else ""


def ask(client, side):
    login(client, side.consultant)
    response = client.post(URL, typed())
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_known_person_beside_what_was_typed(client, dordrecht, anna):
    page = ask(client, dordrecht)
    assert "Dit BSN is al bekend" in page
    assert "Is dit dezelfde persoon?" in page
    assert "Ja, dezelfde persoon: neem mijn wijzigingen over" in page
    assert "Nee, ik heb het BSN verkeerd getypt" in page
    first = re.search(r'id="difference-first_name".*?</tr>', page, re.S).group(0)
    assert "Anna" in first and "Fatima" in first
    address = re.search(r'id="difference-address".*?</tr>', page, re.S).group(0)
    assert "Voorstraat 1" in address and "Wijnstraat 8" in address
    for same in ("last_name", "birth_date", "postcode", "city"):
        assert f'id="difference-{same}"' not in page
    # Every difference is offered as a correction, checked by default.
    assert re.search(r'name="apply_corrections" value="first_name"[^>]*checked', page)
    assert re.search(r'name="apply_corrections" value="address"[^>]*checked', page)
    assert value_of(page, "existing_reference") == str(anna.reference)
    # Everything typed stays in the fields.
    for name, value in (("first_name", "Fatima"), ("address", "Wijnstraat 8"), ("bsn", BSN)):
        assert value_of(page, name) == value
    assert "Wil graag met dieren werken." in page
    assert counts(dordrecht) == (1, 0)


def test_the_same_person_registers_and_takes_the_chosen_corrections(client, dordrecht, anna):
    page = ask(client, dordrecht)
    answer = typed(
        same_person="yes",
        existing_reference=value_of(page, "existing_reference"),
        apply_corrections=["first_name"],
    )
    response = client.post(URL, answer)
    assert response.status_code == 302
    assert BSN not in response["Location"]
    with in_tenant(dordrecht.municipality):
        referral = Referral.objects.get()
        assert referral.participant_id == anna.pk
        anna.refresh_from_db()
        assert (anna.first_name, anna.address) == ("Fatima", "Voorstraat 1")
        latest = anna.history.order_by("-history_date", "-history_id").first()
        assert latest.history_user == dordrecht.consultant
    assert counts(dordrecht) == (1, 1)
    assert (
        "De aanmelding van Fatima de Vries is geregistreerd."
        in client.get(response["Location"]).content.decode()
    )


def test_a_mistyped_bsn_gets_an_error_on_the_bsn_and_nothing_is_saved(client, dordrecht, anna):
    page = ask(client, dordrecht)
    answer = typed(same_person="no", existing_reference=value_of(page, "existing_reference"))
    response = client.post(URL, answer)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit BSN hoort bij iemand anders die al bekend is." in page
    bsn_input = re.search(r'<input[^>]*name="bsn"[^>]*>', page).group(0)
    assert "autofocus" in bsn_input and 'aria-invalid="true"' in bsn_input
    assert 'id="id_bsn_error"' in page
    assert "Dit BSN is al bekend" not in page
    assert value_of(page, "first_name") == "Fatima"
    assert counts(dordrecht) == (1, 0)
    with in_tenant(dordrecht.municipality):
        anna.refresh_from_db()
        assert anna.first_name == "Anna"
    # With the right BSN the referral is registered for a new person.
    response = client.post(URL, typed(bsn=valid_bsn(779)))
    assert response.status_code == 302
    assert counts(dordrecht) == (2, 1)


def test_no_answer_asks_again_with_the_choices_kept(client, dordrecht, anna):
    page = ask(client, dordrecht)
    response = client.post(
        URL,
        typed(
            existing_reference=value_of(page, "existing_reference"), apply_corrections=["address"]
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies of dit dezelfde persoon is." in page
    assert re.search(r'name="apply_corrections" value="address"[^>]*checked', page)
    assert not re.search(r'name="apply_corrections" value="first_name"[^>]*checked', page)
    assert counts(dordrecht) == (1, 0)


def test_the_same_data_registers_for_the_known_person_without_asking(client, dordrecht, anna):
    login(client, dordrecht.consultant)
    response = client.post(URL, form(first_name="Anna"))
    assert response.status_code == 302
    assert counts(dordrecht) == (1, 1)


def test_the_bsn_stays_out_of_the_logs_during_the_question(client, dordrecht, anna, caplog):
    with caplog.at_level("DEBUG"):
        page = ask(client, dordrecht)
        client.post(
            URL, typed(same_person="no", existing_reference=value_of(page, "existing_reference"))
        )
    assert BSN not in caplog.text


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        ("2030-01-01", "De geboortedatum ligt in de toekomst."),
        ("1890-05-01", "De geboortedatum ligt vóór 1900. Controleer het jaar."),
    ],
)
def test_a_birth_date_that_makes_no_sense_is_refused_on_the_field(
    client, dordrecht, birth_date, message
):
    login(client, dordrecht.consultant)
    response = client.post(URL, form(birth_date=birth_date))
    assert response.status_code == 400
    page = response.content.decode()
    error = re.search(r'id="id_birth_date_error".*?</div>', page, re.S)
    assert error and message in error.group(0)
    assert counts(dordrecht) == (0, 0)
