"""Structured logging: every line carries the request id, user id and municipality.

``participatie.middleware.RequestIdMiddleware`` and the tenancy middleware bind those values in
structlog's context variables; the processors below add them to every record, including records
from the standard ``logging`` module (Django's own loggers, Celery, libraries).

Logs leave the municipality's control (log shippers, support tickets), so a BSN must never reach
them. Code should not log one in the first place; :func:`mask_personal_data` is the safety net that
masks anything that looks like one, and strips query strings from logged paths and request lines
(search forms put names and numbers there).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import structlog
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import empty

REDACTED = "[REDACTED]"

# Nine digits not embedded in a longer number, also written as 1234.56.789 or 1234 56 789. Every
# such run is masked, whether or not it passes the BSN eleven-test: a mistyped BSN is personal
# data too, and a false positive costs only a less readable log line.
_BSN = re.compile(r"(?<!\d)(?:\d{9}|\d{4}([ .])\d{2}\1\d{3})(?!\d)")
# A path followed by a query string: "/dordrecht/deelnemers?q=Jansen" or a full URL.
_QUERY_STRING = re.compile(r"(/[^\s?#\"']*)\?[^\s#\"']+")
# Request ids are ours (uuid hex) or the caller's X-Request-ID: a hex id can hold nine digits in a
# row by chance, so only an id that is nothing but a BSN is masked there.
_WHOLE_BSN = re.compile(r"^\s*(?:\d{9}|\d{4}([ .])\d{2}\1\d{3})\s*$")
_CONTEXT_KEYS = ("request_id", "user_id", "municipality")


def mask_text(text: str) -> str:
    """``text`` without query strings and without anything that looks like a BSN."""
    return _BSN.sub(REDACTED, _QUERY_STRING.sub(rf"\1?{REDACTED}", text))


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        return REDACTED if _BSN.fullmatch(str(abs(value))) else value
    if isinstance(value, dict):
        return {key: _mask_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_mask_value(item) for item in value]
        return items if isinstance(value, list) else tuple(items)
    # Objects (model instances, exceptions, ...) are rendered with repr(): mask that text, but
    # keep the object when there is nothing to mask so renderers show it as before.
    text = repr(value)
    masked = mask_text(text)
    return value if masked == text else masked


def mask_personal_data(logger: Any, method_name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """Processor: mask BSN-like numbers and query strings in every value of a log line."""
    for key, value in event_dict.items():
        if key == "request_id":
            if isinstance(value, str) and _WHOLE_BSN.match(value):
                event_dict[key] = REDACTED
            continue
        event_dict[key] = _mask_value(value)
    return event_dict


def _request_user_id(request: Any) -> Any:
    # Only a user the request has already loaded: logging must not query the database.
    user = getattr(request, "__dict__", {}).get("user")
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty or not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


def add_request_context(
    logger: Any, method_name: str, event_dict: dict[str, Any]
) -> dict[str, Any]:
    """Processor: context from the request a standard-library record carries, for lines logged
    after the request's context was cleared.

    Django logs a 4xx/5xx response ("Not Found: /path") once the middleware chain has returned,
    so after the tenant context closed and the request context was cleared; its record carries
    the request, which still knows its id, user and municipality.
    """
    request = getattr(event_dict.get("_record"), "request", None)
    if request is None:
        return event_dict
    municipality = getattr(request, "municipality", None)
    found = {
        "request_id": getattr(request, "request_id", None),
        "user_id": _request_user_id(request),
        "municipality": str(municipality.pk) if municipality is not None else None,
    }
    for key, value in found.items():
        if event_dict.get(key) is None and value is not None:
            event_dict[key] = value
    return event_dict


def add_context_keys(logger: Any, method_name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """Processor: every line has the three context keys, ``None`` outside a request or tenant,
    so a log search for ``municipality=5`` never misses lines that merely lack the key."""
    for key in _CONTEXT_KEYS:
        event_dict.setdefault(key, None)
    return event_dict


_SHARED_PROCESSORS = [
    structlog.contextvars.merge_contextvars,
    add_request_context,
    add_context_keys,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def _renderer(fmt: str) -> Any:
    if fmt not in {"json", "console"}:
        raise ImproperlyConfigured(f"LOG_FORMAT={fmt!r} must be 'json' or 'console'.")
    if fmt == "json":
        return structlog.processors.JSONRenderer()
    return structlog.dev.ConsoleRenderer(colors=False)


def structured_formatter(fmt: str) -> logging.Formatter:
    """The formatter of every handler: renders structlog and standard-library records alike.

    Tracebacks are rendered to text before masking, so an exception message that quotes a BSN
    is masked too (the console renderer would otherwise format them after the masking step).
    """
    return structlog.stdlib.ProcessorFormatter(
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            mask_personal_data,
            _renderer(fmt),
        ],
        foreign_pre_chain=_SHARED_PROCESSORS,
    )


def build_logging(*, level: str, fmt: str) -> dict:
    _renderer(fmt)  # fail at start on a bad LOG_FORMAT, naming the variable
    structlog.configure(
        processors=[
            *_SHARED_PROCESSORS,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structured": {"()": structured_formatter, "fmt": fmt}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # runserver's request lines carry the query string; Django's default handler for
            # them would bypass the masking formatter.
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "celery": {"level": level},
        },
    }
