from __future__ import annotations

from tests.accounts.helpers import password_login
from tests.factories import TEST_PASSWORD


def _fail(client, email, times):
    for _ in range(times):
        password_login(client, email, "fout-wachtwoord")


def test_five_failures_lock_the_account_even_with_right_password(client, dordrecht, settings):
    email = dordrecht.account_holder.email
    _fail(client, email, settings.AXES_FAILURE_LIMIT)
    response = password_login(client, email, TEST_PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tijdelijk geblokkeerd" in html
    assert "ook met het juiste wachtwoord" in html
    assert "15 minuten" in html
    assert "_auth_user_id" not in client.session
    # Not even the TOTP stage is reached.
    assert client.get("/accounts/2fa/authenticate/").status_code != 200


def test_four_failures_still_allow_login(client, dordrecht, settings):
    email = dordrecht.account_holder.email
    _fail(client, email, settings.AXES_FAILURE_LIMIT - 1)
    response = password_login(client, email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"


def test_changing_case_of_address_does_not_dodge_lockout(client, dordrecht, settings):
    email = dordrecht.account_holder.email
    _fail(client, email.upper(), settings.AXES_FAILURE_LIMIT)
    assert password_login(client, email, TEST_PASSWORD).status_code == 429


def test_lockout_of_one_account_leaves_others_alone(client, dordrecht, settings):
    _fail(client, dordrecht.account_holder.email, settings.AXES_FAILURE_LIMIT)
    response = password_login(client, dordrecht.policy_officer.email, TEST_PASSWORD)
    assert response.status_code == 302
