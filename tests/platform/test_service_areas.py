"""Service areas decide where a matching unit's staff may work: the switcher, the tenant's
entrance, and the municipality's own read-only list of its matching units."""

from __future__ import annotations

import re

import pytest

from participatie.tenancy.access import accessible_municipalities
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _switcher(html: str) -> list[str]:
    if 'class="switcher"' not in html:
        return []
    block = html.split('class="switcher"')[1].split("</nav>")[0]
    return re.findall(r'class="switcher__link" href="/([a-z0-9-]+)/"', block)


def test_switcher_follows_the_service_area(client, dordrecht, zwijndrecht, platform_admin):
    consultant = dordrecht.consultant
    unit = dordrecht.matching_unit
    assert [m.slug for m in accessible_municipalities(consultant)] == ["dordrecht"]

    login(client, platform_admin)
    client.post(
        f"/beheer/organisaties/{unit.pk}/werkgebied/",
        {"municipality": zwijndrecht.municipality.pk},
    )
    assert [m.slug for m in accessible_municipalities(consultant)] == ["dordrecht", "zwijndrecht"]
    login(client, consultant)
    assert _switcher(client.get("/dordrecht/").content.decode()) == ["dordrecht", "zwijndrecht"]
    assert client.get("/zwijndrecht/").status_code == 200

    login(client, platform_admin)
    client.post(
        f"/beheer/organisaties/{unit.pk}/werkgebied/{zwijndrecht.municipality.pk}/verwijderen/"
    )
    assert [m.slug for m in accessible_municipalities(consultant)] == ["dordrecht"]
    login(client, consultant)
    assert _switcher(client.get("/dordrecht/").content.decode()) == []
    assert client.get("/zwijndrecht/").status_code == 403


def test_a_new_matching_unit_reaches_its_first_municipality(client, dordrecht, platform_admin):
    """From nothing: unit created, its consultant has no municipality; after the service area
    the consultant's start page leads into the municipality."""
    from participatie.choices import OrganisationKind, Role
    from participatie.models import Organisation
    from tests.factories import MembershipFactory, UserFactory

    login(client, platform_admin)
    client.post(
        "/beheer/organisaties/nieuw/",
        {"name": "MU Nieuw", "kind": OrganisationKind.MATCHING_UNIT},
    )
    unit = Organisation.objects.get(name="MU Nieuw")
    consultant = UserFactory(email="nieuw@mu.example.nl")
    MembershipFactory(user=consultant, organisation=unit, role=Role.MU_CONSULTANT)
    assert accessible_municipalities(consultant) == []
    client.post(
        f"/beheer/organisaties/{unit.pk}/werkgebied/",
        {"municipality": dordrecht.municipality.pk},
    )
    login(client, consultant)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/dordrecht/"


# -- the municipality's own page ---------------------------------------------------------------


def test_municipal_staff_see_the_matching_units_that_serve_them(
    client, dordrecht, zwijndrecht, platform_admin
):
    login(client, platform_admin)
    client.post(
        f"/beheer/organisaties/{zwijndrecht.matching_unit.pk}/werkgebied/",
        {"municipality": dordrecht.municipality.pk, "since": "2027-01-01"},
    )
    for user in (dordrecht.account_holder, dordrecht.policy_officer):
        login(client, user)
        response = client.get("/dordrecht/matchingsunits/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "MU Dordrecht" in html and "MU Zwijndrecht" in html
        assert "1 januari 2027" in html
        # Read-only: no forms to change it here.
        main = html.split('<main id="main"')[1].split("</main>")[0]
        assert "<form" not in main
    login(client, zwijndrecht.account_holder)
    html = client.get("/zwijndrecht/matchingsunits/").content.decode()
    assert "MU Zwijndrecht" in html and "MU Dordrecht" not in html


def test_matching_units_page_is_in_the_menu_of_municipal_staff(client, dordrecht):
    login(client, dordrecht.account_holder)
    assert 'href="/dordrecht/matchingsunits/"' in client.get("/dordrecht/").content.decode()
    login(client, dordrecht.lwb_a_admin)
    assert 'href="/dordrecht/matchingsunits/"' not in client.get("/dordrecht/").content.decode()


def test_matching_units_page_is_closed_to_others(client, dordrecht, meierijstad):
    assert client.get("/dordrecht/matchingsunits/")["Location"].startswith("/accounts/login/")
    login(client, dordrecht.lwb_a_admin)
    assert client.get("/dordrecht/matchingsunits/").status_code == 403
    login(client, meierijstad.account_holder)
    assert client.get("/dordrecht/matchingsunits/").status_code == 403
    login(client, dordrecht.account_holder)
    assert client.post("/dordrecht/matchingsunits/").status_code == 405
