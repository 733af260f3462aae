"""Words on the page: things are named, never shown as a raw id; labels say when a field is
required; the referral page leads to the placement it became."""

from __future__ import annotations

import re

import pytest

from matching.choices import IntakeOutcome
from participatie.models import Placement
from tests.conftest import in_tenant, login
from tests.matching_web.conftest import enrolment_of, make_intake

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def placed(client, dordrecht, steps):
    intake = make_intake(dordrecht, outcome=IntakeOutcome.WAITING)
    login(client, dordrecht.consultant)
    response = client.post(
        f"/dordrecht/aanmeldingen/{intake.referral_id}/plaatsen/{enrolment_of(dordrecht).pk}/",
        {
            "start_date": "2022-02-15",
            "hours_per_week": "12",
            "kind": "regular",
            "orientation_employer": "",
            "end_date": "",
        },
    )
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        placement = Placement.objects.get()
    return intake, placement


def test_placement_history_names_the_intake_instead_of_its_uuid(client, dordrecht, placed):
    intake, placement = placed
    page = client.get(f"/dordrecht/plaatsingen/{placement.pk}/").content.decode()
    assert str(intake.reference) not in page
    assert "Intake 20-01-2022" in page
    assert not UUID.search(page)


def test_referral_page_links_to_the_placement_it_led_to(client, dordrecht, placed):
    intake, placement = placed
    page = client.get(f"/dordrecht/aanmeldingen/{intake.referral_id}/").content.decode()
    assert f'href="/dordrecht/plaatsingen/{placement.pk}/"' in page
    assert not UUID.search(page)


def test_consent_fields_say_they_are_required_with_a_benefit(client, dordrecht):
    login(client, dordrecht.consultant)
    page = client.get("/dordrecht/aanmeldingen/nieuw/").content.decode()
    assert "Toestemming klantmanager: naam (verplicht bij een uitkering)" in page
    label = page[page.index("Toestemming klantmanager: naam") :][:200]
    assert "niet verplicht" not in label.split("</label>")[0]


def test_allauth_texts_address_the_reader_as_u(client, dordrecht):
    response = client.post(
        "/accounts/login/",
        {"login": dordrecht.consultant.email, "password": "niet-het-wachtwoord"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    page = response.content.decode()
    assert "Het e-mailadres of het wachtwoord klopt niet." in page
    assert "jou" not in page


def test_catalogue_texts_use_u_and_verplicht():
    from tests.ui.test_catalogue_complete import ROOT, parse_po

    informal = re.compile(r"\b(je|jij|jou|jouw|jullie|vereist|vereiste)\b", re.IGNORECASE)
    found = [
        text
        for e in parse_po(ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po")
        for text in (e["msgid"], *e["msgstr"])
        if informal.search(text)
    ]
    assert not found, found[:5]
