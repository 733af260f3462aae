"""List pages cost the same number of queries for 1 row as for 20, and the way into /beheer/
shows for platform administrators only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.choices import Role
from participatie.platform import services
from tests.conftest import login
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory
from tests.platform.conftest import make_invitation

pytestmark = pytest.mark.django_db


def _grow(platform_admin, count: int) -> None:
    for n in range(count):
        municipality = MunicipalityFactory()
        OrganisationFactory(office=True, municipality=municipality)
        unit = OrganisationFactory(matching_unit=True)
        services.service_area_add(
            organisation=unit, municipality=municipality, actor=platform_admin
        )
        company = OrganisationFactory()
        make_invitation(company, email=f"iemand{n}@example.nl", role=Role.LWB_ADMIN)


LIST_PAGES = [
    "/beheer/",
    "/beheer/regios/",
    "/beheer/gemeenten/",
    "/beheer/organisaties/",
    "/beheer/organisaties/?kind=matching_unit",
    "/beheer/uitnodigingen/",
]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_keep_a_constant_query_count(
    client, platform_admin, url, django_assert_max_num_queries
):
    login(client, platform_admin)
    _grow(platform_admin, 1)
    client.get(url)  # warm up: session, content types
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(url).status_code == 200
    _grow(platform_admin, 20)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_service_area_page_keeps_a_constant_query_count(
    client, platform_admin, django_assert_max_num_queries
):
    login(client, platform_admin)
    unit = OrganisationFactory(matching_unit=True, slug="mu-groot", name="MU Groot")
    url = f"/beheer/organisaties/{unit.pk}/werkgebied/"

    def grow(count: int) -> None:
        for _ in range(count):
            services.service_area_add(
                organisation=unit, municipality=MunicipalityFactory(), actor=platform_admin
            )
            MunicipalityFactory()  # and one it does not serve, for the choice list

    grow(1)
    client.get(url)
    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    grow(20)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert client.get(url).status_code == 200


# -- the way in --------------------------------------------------------------------------------


def test_home_page_links_to_beheer_for_platform_admins_only(client, dordrecht, platform_admin):
    login(client, platform_admin)
    response = client.get("/")
    # A platform administrator is not sent straight into the only municipality.
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/beheer/"' in html
    assert "Naar platformbeheer" in html
    for user in (dordrecht.account_holder, dordrecht.consultant, dordrecht.lwb_a_admin):
        login(client, user)
        html = client.get("/", follow=True).content.decode()
        assert 'href="/beheer/"' not in html, user


def test_empty_platform_home_tells_the_admin_what_to_do(client, platform_admin):
    login(client, platform_admin)
    html = client.get("/").content.decode()
    assert "Er is nog geen gemeente. Maak er een aan via platformbeheer." in html
    assert 'href="/beheer/"' in html


def test_header_links_to_beheer_on_tenant_pages_for_platform_admins(
    client, dordrecht, platform_admin
):
    login(client, platform_admin)
    for url in ("/dordrecht/", "/dordrecht/leerwerkbedrijven/", "/beheer/gemeenten/"):
        html = client.get(url).content.decode()
        header = html.split("</header>")[0]
        assert 'href="/beheer/"' in header, url
    login(client, dordrecht.account_holder)
    header = client.get("/dordrecht/").content.decode().split("</header>")[0]
    assert 'href="/beheer/"' not in header


def test_header_link_costs_no_query(client, dordrecht, platform_admin):
    """The link is decided from memberships the page already loaded."""
    login(client, dordrecht.account_holder)
    client.get("/dordrecht/")
    with CaptureQueriesContext(connection) as without:
        client.get("/dordrecht/")
    MembershipFactory(
        user=dordrecht.account_holder, organisation=dordrecht.office, role=Role.PLATFORM_ADMIN
    )
    with CaptureQueriesContext(connection) as with_link:
        html = client.get("/dordrecht/").content.decode()
    assert 'href="/beheer/"' in html.split("</header>")[0]
    assert len(with_link.captured_queries) <= len(without.captured_queries)
