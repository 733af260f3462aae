"""The main menu: entries registered by each app, shown only to the roles they name."""

from __future__ import annotations

from tests.conftest import login


def _menu(client):
    html = client.get("/dordrecht/").content.decode()
    nav = html[html.index('aria-label="Hoofdmenu"') :]
    return nav[: nav.index("</nav>")]


def test_consultant_menu_has_the_matching_pages(client, dordrecht):
    login(client, dordrecht.consultant)
    menu = _menu(client)
    assert "/dordrecht/aanmeldingen/" in menu and "/dordrecht/deelnemers/" in menu
    assert "/dordrecht/besluiten/" not in menu


def test_account_holder_menu_has_the_decision_queue(client, dordrecht):
    login(client, dordrecht.account_holder)
    assert "/dordrecht/besluiten/" in _menu(client)


def test_company_menu_has_no_matching_pages(client, dordrecht):
    login(client, dordrecht.lwb_a_supervisor)
    menu = _menu(client)
    assert "/dordrecht/plaatsingen/" in menu
    assert "/dordrecht/aanmeldingen/" not in menu and "/dordrecht/deelnemers/" not in menu


def test_municipal_staff_reach_their_regions_pages_from_the_menu(client, dordrecht):
    region_url = f"/regio/{dordrecht.municipality.region.slug}/"
    for user in (dordrecht.account_holder, dordrecht.policy_officer):
        login(client, user)
        assert f'href="{region_url}"' in _menu(client)
        assert client.get(region_url).status_code == 200
    for user in (dordrecht.consultant, dordrecht.lwb_a_admin):
        login(client, user)
        assert "/regio/" not in _menu(client)
