from __future__ import annotations

import pyotp

from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET


def totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    return pyotp.TOTP(secret).now()


def password_login(client, email: str, password: str = TEST_PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})
