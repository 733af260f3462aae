"""The public form (issue 16): no account, no BSN; the 6th registration from one address within
an hour is refused; a filled honeypot is dropped without a word; a municipality outside the
product is refused; what is sent lands only in that matching unit's queue."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from matching.partners.choices import Channel
from matching.partners.models import PartnerReferral
from participatie.models import Municipality
from tests.conftest import in_tenant, login
from tests.factories import MunicipalityFactory

URL = "/aanmelden/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _data(where: Municipality, **overrides) -> dict[str, str]:
    data = {
        "first_name": "Noor",
        "last_name": "Jansen",
        "phone": "",
        "email": "noor@example.nl",
        "municipality": str(where.pk),
        "motivation": "Ik wil graag weer onder de mensen zijn.",
        "website": "",
    }
    data.update(overrides)
    return data


def _stored(*municipalities: Municipality) -> list[PartnerReferral]:
    with in_tenant(*municipalities):
        return list(PartnerReferral.objects.all())


def test_the_form_asks_no_account_and_no_bsn(client, dordrecht, zwijndrecht):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "BSN" not in {f.label for f in page.context["form"]}
    assert 'name="bsn"' not in html
    assert "Dordrecht" in html and "Zwijndrecht" in html


def test_a_registration_lands_in_the_matching_units_queue_as_a_self_referral(
    client, dordrecht, zwijndrecht
):
    response = client.post(URL, _data(dordrecht.municipality))
    assert response.status_code == 302 and response["Location"] == "/aanmelden/verstuurd/"
    (stored,) = _stored(dordrecht.municipality, zwijndrecht.municipality)
    assert stored.channel == Channel.PUBLIC and stored.organisation is None
    assert stored.municipality == dordrecht.municipality
    login(client, dordrecht.consultant)
    queue = client.get("/dordrecht/aanmeldingen/")
    assert list(queue.context["inbound"]) == [stored]
    assert "Zelfmelding (webformulier)" in queue.content.decode()


def test_nothing_of_it_appears_outside_the_matching_units_queue(
    client, dordrecht, zwijndrecht, regional_analyst
):
    client.post(URL, _data(dordrecht.municipality, last_name="Zichtbaarnergens"))
    others = [
        (dordrecht.account_holder, "/dordrecht/aanmeldingen/"),
        (dordrecht.policy_officer, "/dordrecht/"),
        (dordrecht.lwb_a_admin, "/dordrecht/verwijzingen/"),
        (dordrecht.lwb_a_admin, "/dordrecht/"),
        (zwijndrecht.consultant, "/zwijndrecht/aanmeldingen/"),
        (regional_analyst, "/regio/drechtsteden/"),
    ]
    for user, url in others:
        login(client, user)
        page = client.get(url)
        assert page.status_code == 200, (user.email, url)
        assert "Zichtbaarnergens" not in page.content.decode(), (user.email, url)


def test_the_sixth_registration_from_one_address_within_an_hour_is_refused(client, dordrecht):
    for n in range(5):
        response = client.post(URL, _data(dordrecht.municipality, last_name=f"Poging{n}"))
        assert response.status_code == 302, n
    refused = client.post(URL, _data(dordrecht.municipality, last_name="Zesde"))
    assert refused.status_code == 429
    assert "te veel aanmeldingen" in refused.content.decode()
    assert len(_stored(dordrecht.municipality)) == 5
    # Another address may still register.
    other = client.post(URL, _data(dordrecht.municipality), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302
    assert len(_stored(dordrecht.municipality)) == 6


def test_a_refused_attempt_counts_too(client, dordrecht):
    for _ in range(5):
        assert (
            client.post(URL, _data(dordrecht.municipality, email="", phone="")).status_code == 400
        )
    assert client.post(URL, _data(dordrecht.municipality)).status_code == 429
    assert _stored(dordrecht.municipality) == []


def test_a_filled_honeypot_is_dropped_silently(client, dordrecht):
    response = client.post(URL, _data(dordrecht.municipality, website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == "/aanmelden/verstuurd/"
    assert _stored(dordrecht.municipality) == []


def test_a_municipality_outside_the_product_is_refused_on_its_field(client, dordrecht):
    outside = MunicipalityFactory(name="Nergenshuizen", slug="nergenshuizen", region=None)
    for value in (str(outside.pk), "999999", "Dordrecht"):
        response = client.post(URL, _data(dordrecht.municipality, municipality=value))
        assert response.status_code == 400
        assert "municipality" in response.context["form"].errors
        assert response.context["form"]["first_name"].value() == "Noor"
    assert _stored(dordrecht.municipality, outside) == []


def test_bad_input_is_named_per_field(client, dordrecht):
    response = client.post(
        URL, _data(dordrecht.municipality, first_name="", email="geen-adres", motivation="x" * 1001)
    )
    assert response.status_code == 400
    assert {"first_name", "email", "motivation"} <= set(response.context["form"].errors)


def test_the_footer_links_to_the_form(client, dordrecht):
    assert 'href="/aanmelden/"' in client.get("/accounts/login/").content.decode()
