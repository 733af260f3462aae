"""Why 4: a user with a password but no authenticator yet could add an e-mail address (which works
at once as a login name). Until the authenticator is set up, only the set-up, the password
confirmation it may ask for, logout and the language choice open."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from participatie.choices import Role
from participatie.models import Membership
from tests.conftest import login
from tests.factories import UserFactory

TOTP_SETUP = "/accounts/2fa/totp/activate/"


@pytest.fixture
def without_mfa(dordrecht):
    user = UserFactory(mfa=False, email="nog-geen-mfa@dordrecht.example.nl")
    Membership.objects.create(user=user, organisation=dordrecht.office, role=Role.ACCOUNT_HOLDER)
    return user


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/tokens/",
        "/accounts/uitnodigingen/",
        "/accounts/inactive/",
        "/dordrecht/",
    ],
)
def test_every_other_account_page_sends_to_the_authenticator_setup(client, without_mfa, path):
    login(client, without_mfa)
    response = client.get(path)
    assert response.status_code == 302, path
    assert response["Location"] == TOTP_SETUP


def test_adding_an_email_address_is_refused(client, without_mfa):
    login(client, without_mfa)
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "tweede-adres@example.nl"}
    )
    assert response.status_code == 302 and response["Location"] == TOTP_SETUP
    assert not EmailAddress.objects.filter(email="tweede-adres@example.nl").exists()


def test_setup_logout_and_language_still_open(client, without_mfa):
    login(client, without_mfa)
    setup = client.get(TOTP_SETUP)
    assert setup.status_code == 200 or setup["Location"].startswith("/accounts/reauthenticate/")
    assert client.get("/accounts/reauthenticate/").status_code == 200
    assert client.get("/accounts/taal/").status_code in (200, 405)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_user_with_an_authenticator_reaches_the_email_page(client, dordrecht):
    login(client, dordrecht.account_holder)
    assert client.get("/accounts/email/").status_code == 200
