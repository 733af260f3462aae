from __future__ import annotations

from typing import Any, cast

from allauth.account.adapter import DefaultAccountAdapter
from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import ImproperlyConfigured
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

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails (a new password, a reset asked for an unknown address) go through
        the platform's mail queue and record, in Dutch, built again in the task: nothing of
        ``context`` but the user's id is kept (the reset link is made when the mail is sent)."""
        from participatie.mail.kinds import ALLAUTH_KINDS
        from participatie.mail.services import mail_queue

        kind = ALLAUTH_KINDS.get(template_prefix)
        if kind is None:
            raise ImproperlyConfigured(
                f"allauth mail {template_prefix!r} has no kind in participatie.mail.kinds."
            )
        user = context.get("user")
        request = context.get("request") or self.request
        mail_queue(
            kind=kind,
            to=email,
            object_id=user.pk if user is not None else None,
            link_base=request.build_absolute_uri("/") if request is not None else "",
        )
