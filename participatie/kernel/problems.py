"""Errors as RFC 9457 ``application/problem+json``, for DRF views and for the middleware."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    DisallowedHost,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.views import set_rollback

from participatie.kernel.errors import StateConflict
from participatie.kernel.jobs import JobQueueUnavailable

PROBLEM_CONTENT_TYPE = "application/problem+json"

_TITLES = {
    400: "Ongeldige invoer",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    409: "Conflict",
    413: "Verzoek te groot",
    415: "Mediatype niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
    503: "Tijdelijk niet beschikbaar",
}


def problem_response(
    status_code: int,
    detail: str,
    *,
    request: HttpRequest | None = None,
    invalid_params: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": str(detail),
    }
    if request is not None:
        body["instance"] = request.path
    if invalid_params:
        body["invalidParams"] = invalid_params
    response = JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def invalid_param(name: str, reason: str, code: str = "invalid") -> dict[str, str]:
    """One entry of ``invalidParams`` (NLGov API design rules): the parameter or field as the
    client sent it, a stable machine code and a reason for people."""
    return {"name": name or NON_FIELD, "code": code or "invalid", "reason": str(reason)}


# The name of an error that belongs to the request as a whole rather than one field.
NON_FIELD = "__all__"


def invalid_params_of(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error structure into ``[{"name": "a.0.b", "code", "reason"}]``."""
    found: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key in ("non_field_errors", NON_FIELD):
                name = prefix or NON_FIELD
            found.extend(invalid_params_of(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            found.extend(
                invalid_param(prefix, str(item), getattr(item, "code", None) or "invalid")
                for item in detail
            )
        else:
            for index, item in enumerate(detail):
                if item:
                    found.extend(
                        invalid_params_of(item, f"{prefix}.{index}" if prefix else str(index))
                    )
    else:
        found.append(invalid_param(prefix, str(detail), getattr(detail, "code", None) or "invalid"))
    return found


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _TITLES[409]
    default_code = "conflict"


class _TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class _Unavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "job_queue_unavailable"


# How long a client waits before it asks again when a background job cannot start.
RETRY_AFTER_UNAVAILABLE = 60  # seconds


def exception_handler(exc: Exception, context: dict[str, Any]) -> JsonResponse | None:
    """DRF exception handler: every error the API returns is problem+json."""
    request = context.get("request")
    if isinstance(exc, StateConflict):
        exc = Conflict(" ".join(exc.messages))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Niet gevonden."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("U heeft geen toegang tot dit gegeven."))
    elif isinstance(exc, DjangoValidationError):
        # get_error_detail keeps each message's code ("required", "invalid", ...).
        detail = get_error_detail(exc)
        exc = exceptions.ValidationError(
            detail if isinstance(detail, dict) else {NON_FIELD: detail}
        )
    elif isinstance(exc, JobQueueUnavailable):
        exc = _Unavailable(str(exc))
        exc.wait = RETRY_AFTER_UNAVAILABLE
    elif isinstance(exc, RequestDataTooBig):
        exc = _TooLarge(suspicious_reason(exc))
    elif isinstance(exc, SuspiciousOperation):
        # Too many query parameters or form fields (DATA_UPLOAD_MAX_NUMBER_FIELDS), a bad Host.
        exc = exceptions.ValidationError(
            {NON_FIELD: [exceptions.ErrorDetail(suspicious_reason(exc), code=suspicious_code(exc))]}
        )
    if not isinstance(exc, exceptions.APIException):
        return None
    set_rollback()
    headers: dict[str, str] = {}
    if auth_header := getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = auth_header
    if wait := getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(wait))
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(
            status.HTTP_400_BAD_REQUEST,
            _("De invoer is ongeldig."),
            request=request,
            invalid_params=invalid_params_of(exc.detail),
            headers=headers,
        )
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return problem_response(
        exc.status_code,
        detail,
        request=request,
        headers=headers,
    )


def suspicious_code(exc: Exception | None) -> str:
    if isinstance(exc, DisallowedHost):
        return "disallowed_host"
    if isinstance(exc, TooManyFieldsSent):
        return "too_many_fields"
    return "invalid"


def suspicious_reason(exc: Exception | None) -> str:
    if isinstance(exc, TooManyFieldsSent):
        return _("Het verzoek heeft te veel parameters of velden.")
    if isinstance(exc, DisallowedHost):
        return _("Deze hostnaam is niet toegestaan.")
    if isinstance(exc, RequestDataTooBig):
        return _("Het verzoek is te groot.")
    return _("Het verzoek is ongeldig.")


def bad_request_problem(request: HttpRequest, exc: Exception | None) -> JsonResponse:
    """Django's 400 (a ``SuspiciousOperation`` outside a DRF view: bad Host header, too many
    fields) for an API path."""
    reason = suspicious_reason(exc)
    if isinstance(exc, RequestDataTooBig):
        return problem_response(413, reason, request=request)
    return problem_response(
        400,
        reason,
        request=request,
        invalid_params=[invalid_param(NON_FIELD, reason, suspicious_code(exc))],
    )
