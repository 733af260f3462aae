"""Who sees which learning-work companies on the list page."""

from __future__ import annotations

import pytest

from tests.conftest import login

URL = "/dordrecht/leerwerkbedrijven/"


@pytest.mark.parametrize("who", ["account_holder", "policy_officer", "consultant"])
def test_municipal_staff_and_consultant_see_all_companies_of_the_municipality(
    client, dordrecht, zwijndrecht, who
):
    login(client, getattr(dordrecht, who))
    html = client.get(URL).content.decode()
    assert "Kringloop Dordrecht" in html and "Dierenweide Dordrecht" in html
    assert "Zwijndrecht" not in html.split("<main", 1)[1]


def test_lwb_user_sees_only_own_company(client, dordrecht):
    login(client, dordrecht.lwb_a_admin)
    html = client.get(URL).content.decode()
    assert "Kringloop Dordrecht" in html
    assert "Dierenweide Dordrecht" not in html


def test_only_account_holder_sees_register_button(client, dordrecht):
    login(client, dordrecht.account_holder)
    assert "Leerwerkbedrijf aanmelden" in client.get(URL).content.decode()
    login(client, dordrecht.consultant)
    assert "Leerwerkbedrijf aanmelden" not in client.get(URL).content.decode()


@pytest.mark.parametrize("who", ["account_holder", "consultant", "lwb_a_admin"])
def test_user_of_other_municipality_cannot_open_the_list(client, dordrecht, zwijndrecht, who):
    login(client, getattr(zwijndrecht, who))
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client, dordrecht):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
