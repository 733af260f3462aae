"""The base layout: landmarks, skip link, title, who am I, switcher, logout, language."""

from __future__ import annotations

import re

from participatie.choices import Role
from tests.conftest import in_tenant, login
from tests.factories import MembershipFactory, ServiceAreaFactory


def test_page_has_landmarks_skip_link_and_dutch_language(client, dordrecht):
    login(client, dordrecht.account_holder)
    html = client.get("/dordrecht/").content.decode()
    assert '<html lang="nl"' in html
    assert re.search(r"<header[ >]", html)
    assert re.search(r"<nav [^>]*aria-label=\"Hoofdmenu\"", html)
    assert '<main id="main"' in html
    assert re.search(r"<footer[ >]", html)
    assert html.index('href="#main"') < html.index("<header")


def test_page_title_names_page_and_municipality(client, dordrecht):
    login(client, dordrecht.account_holder)
    html = client.get("/dordrecht/leerwerkbedrijven/").content.decode()
    assert "<title>Leerwerkbedrijven · Dordrecht · Participatie</title>" in html


def test_header_shows_organisation_and_role(client, dordrecht):
    login(client, dordrecht.policy_officer)
    html = client.get("/dordrecht/").content.decode()
    assert "Gemeente Dordrecht · " in html
    assert "Beleidsmedewerker gemeente" in html


def test_header_without_tenant_shows_all_memberships(client, dordrecht, zwijndrecht):
    user = dordrecht.consultant
    MembershipFactory(user=user, organisation=zwijndrecht.matching_unit, role=Role.MU_CONSULTANT)
    login(client, user)
    html = client.get("/").content.decode()
    assert "MU Dordrecht" in html and "MU Zwijndrecht" in html
    assert "Consulent matchingsunit" in html


def test_logout_is_a_post_form(client, dordrecht):
    login(client, dordrecht.account_holder)
    html = client.get("/dordrecht/").content.decode()
    assert re.search(r'<form [^>]*method="post" action="/accounts/logout/"', html)


def test_no_switcher_for_user_with_one_municipality(client, dordrecht, zwijndrecht):
    login(client, dordrecht.account_holder)
    html = client.get("/dordrecht/").content.decode()
    assert "Gemeente wisselen" not in html


def test_switcher_lists_municipalities_of_consultant_serving_two(client, dordrecht, zwijndrecht):
    with in_tenant(zwijndrecht.municipality):
        ServiceAreaFactory(
            municipality=zwijndrecht.municipality, organisation=dordrecht.matching_unit
        )
    login(client, dordrecht.consultant)
    html = client.get("/dordrecht/").content.decode()
    assert 'aria-label="Gemeente wisselen"' in html
    assert 'href="/zwijndrecht/"' in html
    assert re.search(r'href="/dordrecht/" aria-current="page"', html)
    assert client.get("/zwijndrecht/").status_code == 200


def test_switcher_never_lists_municipalities_outside_memberships(client, world):
    dordrecht = world["dordrecht"]
    with in_tenant(world["zwijndrecht"].municipality):
        ServiceAreaFactory(
            municipality=world["zwijndrecht"].municipality, organisation=dordrecht.matching_unit
        )
    login(client, dordrecht.consultant)
    html = client.get("/dordrecht/").content.decode()
    assert "/meierijstad/" not in html


def test_messages_are_announced_with_role_status(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.post(
        "/dordrecht/leerwerkbedrijven/aanmelden/",
        {"name": "Fietsenmakerij", "kvk_number": "87654321", "sector": "fietsen", "max_places": 3},
        follow=True,
    )
    html = response.content.decode()
    assert 'role="status"' in html
    assert "Fietsenmakerij is aangemeld als kandidaat-leerwerkbedrijf." in html


def test_no_inline_scripts_or_styles(client, dordrecht):
    login(client, dordrecht.account_holder)
    html = client.get("/dordrecht/").content.decode()
    assert "<style" not in html
    assert " style=" not in html
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
