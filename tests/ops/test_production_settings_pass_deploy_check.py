from __future__ import annotations

import secrets

import pytest

from tests.ops.helpers import manage

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://participatie_owner@127.0.0.1:5432/participatie",
    "DJANGO_ALLOWED_HOSTS": "example.nl",
}


def test_check_deploy_passes_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "too-short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG"),
        ({"MFA_TOTP_INSECURE_BYPASS_CODE": "000000"}, "MFA_TOTP_INSECURE_BYPASS_CODE"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
    ],
)
def test_production_refuses_unsafe_or_missing_values(override, named):
    env = {**PRODUCTION, **override}
    env = {key: value for key, value in env.items() if value is not None}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert named in result.stderr
