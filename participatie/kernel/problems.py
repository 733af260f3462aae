"""Errors as RFC 9457 ``application/problem+json``, for DRF views and for the middleware."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import set_rollback

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
}


def problem_response(
    status_code: int,
    detail: str,
    *,
    request: HttpRequest | None = None,
    errors: Any = None,
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
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested error structure into ``[{"field": "a.0.b", "message": ...}]``."""
    found: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "non_field_errors":
                name = prefix or "__all__"
            found.extend(_field_errors(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            found.extend({"field": prefix or "__all__", "message": str(item)} for item in detail)
        else:
            for index, item in enumerate(detail):
                if item:
                    found.extend(_field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        found.append({"field": prefix or "__all__", "message": str(detail)})
    return found


def exception_handler(exc: Exception, context: dict[str, Any]) -> JsonResponse | None:
    """DRF exception handler: every error the API returns is problem+json."""
    request = context.get("request")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Niet gevonden."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("U heeft geen toegang tot dit gegeven."))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
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
            errors=_field_errors(exc.detail),
            headers=headers,
        )
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return problem_response(
        exc.status_code,
        detail,
        request=request,
        headers=headers,
    )
