from __future__ import annotations

from typing import Any, cast

from allauth.account.adapter import DefaultAccountAdapter
from axes.handlers.proxy import AxesProxyHandler
from django.http import HttpRequest

from participatie.tenancy.http import TenantRequest


class AccountAdapter(DefaultAccountAdapter):
    """No open signup: accounts come from invitations (participatie.accounts.services)."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # django-axes decides about lockouts. Ask it first: otherwise allauth's own rate limit
        # (same threshold) answers the next attempt with its form error and the lockout page,
        # which tells the user what happens and for how long, is never shown.
        if not AxesProxyHandler.is_allowed(request, credentials):
            marked = cast(TenantRequest, request)
            marked.axes_locked_out = True
            marked.axes_credentials = credentials
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)
