from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from participatie.accounts.tokens import TOKEN_KEYWORD, api_token_authenticate


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>``. The tenancy middleware has usually authenticated the
    token already (it needs the user to check memberships); then its result is reused."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        token = getattr(request._request, "api_token", None)
        if token is not None:
            return token.user, token
        keyword, _sep, key = request.headers.get("Authorization", "").partition(" ")
        if keyword != TOKEN_KEYWORD:
            return None
        token = api_token_authenticate(key.strip())
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return TOKEN_KEYWORD
