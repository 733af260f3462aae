"""Reading settings from the environment, failing loudly on values that make no sense.

A typo in a deployment variable must stop the process at start with the variable's name, never
fall back silently to a default.
"""

from __future__ import annotations

import os

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_UNSET = object()


def _raw(name: str, default: object) -> str | None:
    value = os.environ.get(name)
    if value is None:
        if default is _UNSET:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return None
    return value


def env_str(name: str, default: object = _UNSET) -> str:
    value = _raw(name, default)
    return default if value is None else value  # type: ignore[return-value]


def env_bool(name: str, default: object = _UNSET) -> bool:
    value = _raw(name, default)
    if value is None:
        return bool(default)
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean (use true/false, 1/0, yes/no)."
    )


def env_int(name: str, default: object = _UNSET, *, minimum: int | None = None) -> int:
    value = _raw(name, default)
    if value is None:
        return int(default)  # type: ignore[call-overload]
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not a whole number."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} must be >= {minimum}.")
    return number


def env_list(name: str, default: object = _UNSET) -> list[str]:
    value = _raw(name, default)
    if value is None:
        return list(default)  # type: ignore[call-overload]
    return [item.strip() for item in value.split(",") if item.strip()]


def env_db(name: str, default: object = _UNSET) -> dict:
    value = _raw(name, default)
    if value is None:
        value = default  # type: ignore[assignment]
    try:
        config = environ.Env.db_url_config(value)
    except Exception as exc:  # django-environ raises several kinds for a malformed URL
        raise ImproperlyConfigured(
            f"Environment variable {name} is not a database URL: {exc}"
        ) from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"Environment variable {name} names an unknown database scheme.")
    return config
