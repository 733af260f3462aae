"""Dutch error pages that work without a tenant."""

from __future__ import annotations

from django.test import RequestFactory

from participatie.views import server_error
from tests.conftest import login


def test_unknown_municipality_gives_dutch_404_page(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert '<main id="main"' in html


def test_municipality_outside_memberships_gives_dutch_403_page(client, dordrecht, zwijndrecht):
    login(client, dordrecht.account_holder)
    response = client.get("/zwijndrecht/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Geen toegang" in html
    assert "U heeft geen toegang tot Zwijndrecht." in html
    # The page has no tenant: the header shows the user's own memberships instead.
    assert "Gemeente Dordrecht" in html


def test_anonymous_404_page_renders(client, db):
    response = client.get("/accounts/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_500_page_renders_without_context_or_database(db):
    request = RequestFactory().get("/dordrecht/")
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert '<main id="main"' in html
