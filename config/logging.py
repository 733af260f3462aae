"""Structured logging: every line carries the request id, user id and municipality.

``participatie.middleware.RequestIdMiddleware`` and the tenancy middleware bind those values in
structlog's context variables; the processors below add them to every record, including records
from the standard ``logging`` module (Django's own loggers, Celery, libraries).

Logs leave the municipality's control (log shippers, support tickets), so a BSN must never reach
them. Code should not log one in the first place; :func:`mask_personal_data` is the safety net that
masks anything that looks like one, and strips query strings from logged paths and request lines
(search forms put names and numbers there). What a BSN looks like is decided in one place,
:mod:`participatie.kernel.masking`, which the read events use too.
"""

from __future__ import annotations

import logging
from typing import Any

import structlog
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import empty

from participatie.kernel.masking import REDACTED, is_whole_bsn, mask_text, mask_value

__all__ = [
    "REDACTED",
    "ClientErrorFilter",
    "add_context_keys",
    "add_request_context",
    "build_logging",
    "mask_personal_data",
    "mask_text",
    "structured_formatter",
]

_CONTEXT_KEYS = ("request_id", "user_id", "municipality")


def mask_personal_data(logger: Any, method_name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """Processor: mask BSN-like numbers and query strings in every value of a log line."""
    for key, value in event_dict.items():
        if key == "request_id":
            if isinstance(value, str) and is_whole_bsn(value):
                event_dict[key] = REDACTED
            continue
        event_dict[key] = mask_value(value)
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


class ClientErrorFilter(logging.Filter):
    """Refused and rejected requests are the user's business, not the operator's.

    Django logs every 403 as a WARNING with the traceback of the ``PermissionDenied`` and every
    400 (a page form with errors answers 400) as a WARNING "Bad Request". Both are ordinary
    traffic; the access line (``request.finished``, with request id, user, path and status) is
    their one line, so Django's own record of them is dropped. Runserver's request line for any
    4xx drops to INFO and loses its traceback too. 404 and 5xx lines are kept as they are.
    """

    _QUIET_STATUSES = frozenset({400, 403})

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name == "django.request":
            return status not in self._QUIET_STATUSES
        if record.name == "django.server" and isinstance(status, int) and 400 <= status < 500:
            record.levelno = logging.INFO
            record.levelname = logging.getLevelName(logging.INFO)
            record.exc_info = None
            record.exc_text = None
        return True


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
        "filters": {"client_errors": {"()": ClientErrorFilter}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # Django's own defaults give "django" (and "py.warnings") a console handler of their
            # own in DEBUG and a mail handler otherwise: lines that would bypass the masking
            # formatter ("Not Found: /x/123456789", a traceback mailed with the POST data).
            # They propagate to the root handler instead.
            "django": {"handlers": [], "propagate": True},
            "py.warnings": {"handlers": [], "propagate": True},
            "django.request": {"filters": ["client_errors"]},
            # runserver's request lines carry the query string; Django's default handler for
            # them would bypass the masking formatter.
            "django.server": {
                "handlers": ["console"],
                "level": "INFO",
                "propagate": False,
                "filters": ["client_errors"],
            },
            "celery": {"level": level},
        },
    }
