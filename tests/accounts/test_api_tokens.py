from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from participatie.accounts.tokens import api_token_issue, api_token_revoke
from participatie.models import ApiToken
from tests.conftest import login

API = "/api/v1/dordrecht/enrolments"


def _auth(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def _create_via_page(client, name="Koppeling", days=30) -> str:
    response = client.post("/accounts/tokens/", {"name": name, "days": days})
    assert response.status_code == 200
    return re.search(r'data-testid="raw-token">([^<]+)<', response.content.decode()).group(1)


def test_create_token_shows_it_once_and_it_works_on_its_own(client, dordrecht):
    login(client, dordrecht.account_holder)
    raw = _create_via_page(client)
    token = ApiToken.objects.get()
    assert token.key_hash != raw and raw.startswith(token.prefix)
    assert raw not in client.get("/accounts/tokens/").content.decode()
    client.logout()
    response = client.get(API, **_auth(raw))
    assert response.status_code == 200


def test_revoke_own_token_from_page(client, dordrecht):
    login(client, dordrecht.account_holder)
    raw = _create_via_page(client)
    token = ApiToken.objects.get()
    response = client.post(f"/accounts/tokens/{token.pk}/intrekken/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    response = client.get(API, **_auth(raw))
    assert response.status_code == 401
    assert response.json()["detail"] == "Deze API-token is ingetrokken."


def test_cannot_see_or_revoke_token_of_another_user(client, dordrecht, zwijndrecht):
    other, _raw = api_token_issue(user=zwijndrecht.account_holder, name="Van Zwijndrecht", days=5)
    lwb_token, _ = api_token_issue(user=dordrecht.lwb_a_admin, name="Van LWB A", days=5)
    login(client, dordrecht.lwb_b_admin)
    page = client.get("/accounts/tokens/").content.decode()
    assert "Van Zwijndrecht" not in page and "Van LWB A" not in page
    for token in (other, lwb_token):
        assert client.post(f"/accounts/tokens/{token.pk}/intrekken/").status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None


def test_token_does_not_open_another_municipality(client, dordrecht, zwijndrecht):
    _token, raw = api_token_issue(user=dordrecht.account_holder, name="x", days=5)
    response = client.get("/api/v1/zwijndrecht/enrolments", **_auth(raw))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x", "days": 0}, "minstens 1 dag"),
        ({"name": "x", "days": 100000}, "hoogstens 365 dagen"),
        ({"name": "", "days": 30}, "Dit veld is ver"),
        ({"name": "x", "days": "veel"}, "Voer een geheel getal in."),
    ],
)
def test_bad_input_gives_dutch_error_and_no_token(client, dordrecht, data, message):
    login(client, dordrecht.account_holder)
    response = client.post("/accounts/tokens/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_needs_post(client, dordrecht):
    token, _raw = api_token_issue(user=dordrecht.account_holder, name="x", days=5)
    login(client, dordrecht.account_holder)
    assert client.get(f"/accounts/tokens/{token.pk}/intrekken/").status_code == 405


def _problem(response, detail: str) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == detail


def test_expired_token_is_refused(client, dordrecht):
    token, raw = api_token_issue(user=dordrecht.account_holder, name="x", days=5)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _problem(client.get(API, **_auth(raw)), "Deze API-token is verlopen. Maak een nieuwe aan.")


def test_revoked_token_is_refused(client, dordrecht):
    token, raw = api_token_issue(user=dordrecht.account_holder, name="x", days=5)
    api_token_revoke(token=token)
    _problem(client.get(API, **_auth(raw)), "Deze API-token is ingetrokken.")


def test_unknown_token_is_refused(client, dordrecht):
    _problem(client.get(API, **_auth("verzonnen")), "Deze API-token is onbekend.")


def test_token_of_disabled_user_is_refused(client, dordrecht):
    _token, raw = api_token_issue(user=dordrecht.account_holder, name="x", days=5)
    dordrecht.account_holder.is_active = False
    dordrecht.account_holder.save()
    _problem(client.get(API, **_auth(raw)), "Dit account is uitgeschakeld.")
