"""django-axes glue for allauth's e-mail login."""

from __future__ import annotations

import math

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """allauth authenticates with ``email=...`` while its form field is ``login``; axes needs the
    same key for both the check and the failure record, lower-cased so case tricks don't count
    as a different account."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower()


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The Dutch lockout page, with the wait in whole minutes (axes only offers a timedelta)."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(
        request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
