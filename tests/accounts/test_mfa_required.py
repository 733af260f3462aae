from __future__ import annotations

from participatie.choices import Role
from participatie.models import ApiToken, Membership
from tests.conftest import login
from tests.factories import UserFactory

TOTP_SETUP = "/accounts/2fa/totp/activate/"


def _account_holder_without_mfa(side):
    user = UserFactory(mfa=False, email="zonder-mfa@example.nl")
    Membership.objects.create(user=user, organisation=side.office, role=Role.ACCOUNT_HOLDER)
    return user


def test_user_without_totp_is_sent_to_totp_setup_from_tenant_page(client, world):
    login(client, _account_holder_without_mfa(world["dordrecht"]))
    response = client.get("/dordrecht/")
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP
    assert client.get("/").status_code == 302


def test_user_without_totp_cannot_open_or_use_token_page(client, world):
    login(client, _account_holder_without_mfa(world["dordrecht"]))
    assert client.get("/accounts/tokens/")["Location"] == TOTP_SETUP
    response = client.post("/accounts/tokens/", {"name": "x", "days": 30})
    assert response.status_code == 302 and response["Location"] == TOTP_SETUP
    assert not ApiToken.objects.exists()


def test_session_without_totp_gets_403_problem_on_api(client, world):
    login(client, _account_holder_without_mfa(world["dordrecht"]))
    response = client.get("/api/v1/dordrecht/enrolments")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "tweestapsverificatie" in response.json()["detail"]


def test_totp_setup_page_itself_opens(client, world):
    login(client, _account_holder_without_mfa(world["dordrecht"]))
    # allauth may ask to confirm the password first; either way it is not a loop back to setup.
    response = client.get(TOTP_SETUP)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/reauthenticate/")


def test_user_with_totp_reaches_everything(client, world):
    login(client, world["dordrecht"].account_holder)
    assert client.get("/dordrecht/").status_code == 200
    assert client.get("/accounts/tokens/").status_code == 200
    assert client.get("/api/v1/dordrecht/enrolments").status_code == 200
