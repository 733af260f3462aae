"""Local development: SQLite and eager Celery unless DATABASE_URL / REDIS_URL say otherwise."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

from config.settings.base import *  # noqa: F403
from config.settings.base import env_str

# Development only: this code passes the TOTP step for any user (allauth refuses it unless
# DEBUG is on; production settings refuse it outright). The demo users' real TOTP secrets are
# printed by load_demo as well.
MFA_TOTP_INSECURE_BYPASS_CODE = env_str("MFA_TOTP_INSECURE_BYPASS_CODE", "000000") or None
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
