"""API tokens are authenticated here, before anything looks at the session.

A call with ``Authorization: Token <key>`` is a machine, not a browser: it acts as the token's
user for this request only. Its session is a transient one that is never stored and never sent
back as a cookie, so thousands of API calls leave no session rows behind.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from rest_framework.exceptions import AuthenticationFailed

from participatie.accounts.tokens import TOKEN_KEYWORD, api_token_authenticate
from participatie.kernel.paths import is_api_path
from participatie.kernel.problems import problem_response
from participatie.tenancy.http import TenantRequest


class TransientSession(SessionBase):
    """A session that lives for one request: usable in memory, never saved, never a cookie."""

    @property
    def modified(self) -> bool:
        return False

    @modified.setter
    def modified(self, value: bool) -> None:
        pass

    def load(self) -> dict:
        return {}

    def exists(self, session_key: str) -> bool:
        return False

    def create(self) -> None:
        self._session_key = None

    def save(self, must_create: bool = False) -> None:
        pass

    def delete(self, session_key: str | None = None) -> None:
        pass


class ApiTokenMiddleware:
    """Placed right after Django's ``AuthenticationMiddleware``: a valid token replaces the
    session user; an invalid one is answered with 401 problem+json at once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: TenantRequest) -> HttpResponse:
        if not is_api_path(request.path_info):
            return self.get_response(request)
        keyword, _sep, key = request.headers.get("Authorization", "").partition(" ")
        if keyword != TOKEN_KEYWORD:
            return self.get_response(request)
        try:
            token = api_token_authenticate(key.strip())
        except AuthenticationFailed as exc:
            return problem_response(
                401, str(exc.detail), request=request, headers={"WWW-Authenticate": TOKEN_KEYWORD}
            )
        request.session = TransientSession()
        request.user = token.user
        request.api_token = token
        # A token is not a browser cookie: cross-site request forgery does not apply.
        request._dont_enforce_csrf_checks = True
        return self.get_response(request)
