"""Where a user lands after login and from the logo: a regional-only user on the region's home,
a user with one municipality on its home, a user with a municipality and a region a choice."""

from __future__ import annotations

from participatie.choices import Role
from participatie.models import Organisation
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory


def _logo(html: str) -> str:
    start = html.index('class="site-brand__link" href="') + len('class="site-brand__link" href="')
    return html[start : html.index('"', start)]


def test_a_regional_analyst_lands_on_the_regions_home(client, dordrecht, regional_analyst):
    login(client, regional_analyst)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/regio/drechtsteden/"
    html = client.get("/regio/drechtsteden/").content.decode()
    assert "nog geen toegang tot een gemeente" not in html
    assert _logo(html) == "/regio/drechtsteden/"
    # The region's menu: its home, its reports and the pages of the regional agreements.
    menu = html[html.index('aria-label="Hoofdmenu"') :]
    menu = menu[: menu.index("</nav>")]
    for url in (
        "/regio/drechtsteden/",
        "/regio/drechtsteden/rapportages/",
        "/regio/drechtsteden/budgetverdeling/",
        "/regio/drechtsteden/inspanningsverplichting/",
    ):
        assert f'href="{url}"' in menu


def test_a_regional_administrator_lands_on_the_regions_home_after_login(
    client, dordrecht, regional_analyst
):
    body = Organisation.objects.get(memberships__user=regional_analyst)
    admin = UserFactory(email="regiobeheer@example.nl")
    MembershipFactory(user=admin, organisation=body, role=Role.REGIONAL_ADMIN)
    response = login(client, admin).get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/regio/drechtsteden/"
    assert response.status_code == 200


def test_a_user_of_one_municipality_lands_on_its_home(client, dordrecht):
    response = login(client, dordrecht.account_holder).get("/")
    assert response["Location"] == "/dordrecht/"
    assert _logo(client.get("/dordrecht/").content.decode()) == "/dordrecht/"


def test_a_user_with_a_municipality_and_a_region_chooses(client, dordrecht, regional_analyst):
    body = Organisation.objects.get(memberships__user=regional_analyst)
    both = dordrecht.consultant
    MembershipFactory(user=both, organisation=body, role=Role.REGIONAL_ANALYST)
    response = login(client, both).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies waar u wilt werken" in html
    assert 'href="/dordrecht/"' in html and 'href="/regio/drechtsteden/"' in html
    # From a region page the logo leads to that region; the account menu back to the choice.
    region_page = client.get("/regio/drechtsteden/").content.decode()
    assert _logo(region_page) == "/regio/drechtsteden/"
    assert 'href="/"' in region_page


def test_a_user_without_any_place_is_told_so(client, db):
    response = login(client, UserFactory(email="los@example.nl")).get("/")
    assert "nog geen toegang tot een gemeente" in response.content.decode()
