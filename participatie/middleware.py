"""Request plumbing: request ids for the logs, no trailing-slash redirects in the API, session
timeouts, and MFA before anything else opens."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

import structlog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from participatie.kernel.paths import is_api_path, resolved
from participatie.kernel.problems import problem_response
from participatie.tenancy.http import TenantRequest

_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
_access_log = structlog.get_logger("participatie.request")


class RequestIdMiddleware:
    """Bind a request id (the caller's X-Request-ID when it is sane) to every log line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: TenantRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
        finally:
            # Nothing logged after this request (in this thread) may carry its user or id.
            # Django's own "Not Found" line comes later; config.logging reads it off the request.
            structlog.contextvars.clear_contextvars()
        response["X-Request-ID"] = request_id
        # The access log line: the path only, never the query string (search forms put names
        # and numbers there). The tenant context has closed by now, so name the municipality.
        municipality = getattr(request, "municipality", None)
        user = getattr(request, "user", None)
        _access_log.info(
            "request.finished",
            request_id=request_id,
            user_id=user.pk if user is not None and user.is_authenticated else None,
            municipality=str(municipality.pk) if municipality is not None else None,
            method=request.method,
            path=request.path,
            status=response.status_code,
            duration_ms=round((time.monotonic() - started) * 1000, 1),
        )
        if is_api_path(request.path_info):
            response["API-Version"] = settings.API_VERSION
        return response


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's, except that API paths never get a trailing-slash redirect (they answer 404)."""

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        if is_api_path(request.path_info):
            return False
        return super().should_redirect_with_slash(request)


SESSION_STARTED = "_session_started"
SESSION_LAST_SEEN = "_session_last_seen"
# Write the last-seen time at most once a minute, not on every request.
_LAST_SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Log out after ``SESSION_IDLE_TIMEOUT`` idle seconds or ``SESSION_COOKIE_AGE`` in total."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(SESSION_STARTED, now)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            too_old = now - started > settings.SESSION_COOKIE_AGE
            if idle or too_old:
                logout(request)
                messages.info(
                    request,
                    _("U bent automatisch uitgelogd omdat uw sessie is verlopen. Log opnieuw in."),
                )
                if is_api_path(request.path_info):
                    return problem_response(401, _("Uw sessie is verlopen."), request=request)
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= _LAST_SEEN_RESOLUTION or SESSION_LAST_SEEN not in request.session:
                request.session[SESSION_LAST_SEEN] = now
        response = self.get_response(request)
        # Start both clocks at the login itself: stamped only on the next request, a login left
        # idle for hours would count as fresh.
        if request.user.is_authenticated and SESSION_STARTED not in request.session:
            now = int(time.time())
            request.session[SESSION_STARTED] = now
            request.session[SESSION_LAST_SEEN] = now
        return response


# Account set-up is a closed room (issue 15): until the authenticator is set up, a logged-in user
# reaches only the authenticator set-up (with the password confirmation allauth may ask first),
# logout, the language choice, an invitation link, static files and the health check. No other
# allauth page: adding an e-mail address there would work at once as a second login name.
MFA_EXEMPT_PREFIXES = ("/static/", "/i18n/", "/health")
MFA_SETUP_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "account_reauthenticate",
        "account_logout",
        "accounts:language",
        "accounts:invitation-accept",
    }
)


def _url_name(request: HttpRequest) -> str | None:
    match = resolved(request)
    return match.view_name if match is not None else None


def user_has_mfa(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    cached = getattr(user, "_has_mfa", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._has_mfa = cached  # type: ignore[attr-defined]
    return cached


class MfaRequiredMiddleware:
    """Every role needs TOTP before any page but the account pages opens (allauth offers MFA
    but does not enforce it). API calls with a token issued by an operator are not sessions and
    pass; a browser session without MFA reaches no API either."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        path = request.path_info
        if (
            user.is_authenticated
            and getattr(request, "api_token", None) is None
            and not path.startswith(MFA_EXEMPT_PREFIXES)
            and _url_name(request) not in MFA_SETUP_URL_NAMES
            and not user_has_mfa(user)
        ):
            if is_api_path(path):
                return problem_response(
                    403,
                    _("Stel eerst tweestapsverificatie in voordat u de API gebruikt."),
                    request=request,
                )
            messages.warning(
                request, _("Stel eerst tweestapsverificatie in. Daarna kunt u verder.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
