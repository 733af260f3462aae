"""The database settings each environment ends up with: persistent connections in production
(60 s unless ``DATABASE_CONN_MAX_AGE`` says otherwise) with health checks, the app-role backend
whenever an app role is named, no server-side cursors behind a transaction pooler."""

from __future__ import annotations

import json
import secrets

import pytest

from tests.ops.helpers import manage

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://participatie_owner@127.0.0.1:5432/participatie",
    "DATABASE_APP_ROLE": "participatie_app",
    "DJANGO_ALLOWED_HOSTS": "example.nl",
}
DEVELOPMENT = {"DJANGO_SETTINGS_MODULE": "config.settings.dev"}
KEYS = ("ENGINE", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS")


def database_settings(env: dict[str, str]) -> dict:
    code = (
        "import json; from django.conf import settings; d = settings.DATABASES['default']; "
        f"print(json.dumps({{k: d.get(k) for k in {KEYS!r}}}))"
    )
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_connections_for_60_seconds_with_health_checks():
    found = database_settings(PRODUCTION)
    assert found == {
        "ENGINE": "participatie.tenancy.postgresql",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": None,
    }


@pytest.mark.parametrize(("value", "seconds"), [("0", 0), ("300", 300)])
def test_the_connection_age_comes_from_the_environment(value, seconds):
    found = database_settings({**PRODUCTION, "DATABASE_CONN_MAX_AGE": value})
    assert found["CONN_MAX_AGE"] == seconds


def test_a_negative_connection_age_stops_the_process():
    result = manage("check", env={**PRODUCTION, "DATABASE_CONN_MAX_AGE": "-1"})
    assert result.returncode != 0
    assert "DATABASE_CONN_MAX_AGE" in result.stderr


def test_behind_a_transaction_pooler_there_are_no_server_side_cursors():
    found = database_settings({**PRODUCTION, "DATABASE_TRANSACTION_POOLING": "true"})
    assert found["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_without_an_app_role_the_plain_backend_logs_in_as_the_url_role():
    env = {key: value for key, value in PRODUCTION.items() if key != "DATABASE_APP_ROLE"}
    assert database_settings(env)["ENGINE"] == "django.db.backends.postgresql"


def test_development_on_sqlite_opens_a_connection_per_request():
    found = database_settings(DEVELOPMENT)
    assert found["ENGINE"] == "django.db.backends.sqlite3"
    assert found["CONN_MAX_AGE"] == 0
