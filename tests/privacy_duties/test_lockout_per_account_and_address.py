"""Why 6: five wrong passwords from anywhere used to lock an account for everyone. The lockout now
counts per account *and* source address (django-axes); allauth only throttles per address. A
stranger cannot lock someone out from afar, and the same address is still locked."""

from __future__ import annotations

import pytest
from django.core.cache import cache

import config.settings.base as base_settings
from tests.factories import TEST_PASSWORD

STRANGER = "203.0.113.66"
OWNER = "198.51.100.10"


@pytest.fixture(autouse=True)
def production_rate_limits(settings):
    """The rate limits production runs with (the test settings switch them off)."""
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def _login(client, email: str, password: str, address: str):
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_a_stranger_cannot_lock_an_account_from_afar(
    client, dordrecht, settings, django_user_model
):
    email = dordrecht.account_holder.email
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, email, "fout-wachtwoord", STRANGER)
    # The stranger's own address is locked for this account...
    assert _login(client, email, TEST_PASSWORD, STRANGER).status_code == 429

    # ...the owner, from their own address, logs in with the right password.
    response = _login(client, email, TEST_PASSWORD, OWNER)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"


def test_the_same_address_is_still_locked_after_five_failures(client, dordrecht, settings):
    email = dordrecht.account_holder.email
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, email, "fout-wachtwoord", OWNER)
    response = _login(client, email, TEST_PASSWORD, OWNER)
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()


def test_one_address_trying_many_accounts_is_throttled(client, dordrecht, zwijndrecht):
    """Password spraying from one address: allauth's per-address limit (10 a minute)."""
    people = [
        dordrecht.account_holder,
        dordrecht.policy_officer,
        dordrecht.consultant,
        zwijndrecht.account_holder,
        zwijndrecht.policy_officer,
        zwijndrecht.consultant,
    ]
    for user in people * 2:
        _login(client, user.email, "fout-wachtwoord", STRANGER)
    response = _login(client, dordrecht.lwb_a_admin.email, TEST_PASSWORD, STRANGER)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    assert _login(client, dordrecht.lwb_a_admin.email, TEST_PASSWORD, OWNER).status_code == 302
