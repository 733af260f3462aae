"""Production: every secret from the environment, HTTPS only, no development shortcuts."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, DEBUG, SECRET_KEY, env_bool, env_int, env_str

POSTGRESQL_ENGINES = {"django.db.backends.postgresql", "participatie.tenancy.postgresql"}

if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be false in production.")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-only", "test-only")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be a random value of at least 50 characters."
    )
if env_str("MFA_TOTP_INSECURE_BYPASS_CODE", ""):
    raise ImproperlyConfigured(
        "MFA_TOTP_INSECURE_BYPASS_CODE is a development shortcut and is refused here."
    )
if DATABASES["default"]["ENGINE"] not in POSTGRESQL_ENGINES:
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://...")

MFA_TOTP_INSECURE_BYPASS_CODE = None
# Persistent connections: a new connection costs ~5 ms per request (issue 18).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
