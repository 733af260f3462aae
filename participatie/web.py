"""Small shared helpers for the server-rendered views of every app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def require_roles(request: HttpRequest, allowed: Iterable[str]) -> None:
    """403 unless the user holds one of ``allowed`` in the active municipality or region."""
    if not (request.roles & frozenset(allowed)):  # type: ignore[attr-defined]
        raise PermissionDenied(_("Uw rol geeft geen toegang tot deze pagina."))


def roles_required(
    *allowed: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator form of :func:`require_roles` for tenant views."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_roles(request, allowed)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form's fields (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for name, field_errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
