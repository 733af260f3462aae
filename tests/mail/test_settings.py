"""Mail settings come from the environment, and a contradiction stops the process at start."""

from __future__ import annotations

import secrets

from tests.ops.helpers import manage

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://participatie_owner@127.0.0.1:5432/participatie",
    "DJANGO_ALLOWED_HOSTS": "example.nl",
}
SHOW = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, "
    "s.EMAIL_USE_SSL, s.EMAIL_TIMEOUT, s.DEFAULT_FROM_EMAIL, sep='|')"
)


def test_production_sends_by_smtp_as_the_environment_says():
    env = {
        **PRODUCTION,
        "EMAIL_HOST": "smtp.gemeente.example.nl",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "participatie",
        "EMAIL_HOST_PASSWORD": "geheim",
        "EMAIL_USE_TLS": "true",
        "EMAIL_TIMEOUT": "20",
        "DEFAULT_FROM_EMAIL": "Participatie <noreply@gemeente.example.nl>",
    }
    result = manage("shell", "--no-imports", "-c", SHOW, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("|") == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.gemeente.example.nl",
        "587",
        "participatie",
        "True",
        "False",
        "20",
        "Participatie <noreply@gemeente.example.nl>",
    ]


def test_tls_and_ssl_together_or_a_bad_port_stop_the_process():
    both = manage("check", env={**PRODUCTION, "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"})
    assert both.returncode != 0 and "EMAIL_USE_TLS" in both.stderr
    port = manage("check", env={**PRODUCTION, "EMAIL_PORT": "smtp"})
    assert port.returncode != 0 and "EMAIL_PORT" in port.stderr
