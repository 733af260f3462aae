"""DRF's view of the token that ``ApiTokenMiddleware`` authenticated."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from participatie.accounts.tokens import TOKEN_KEYWORD


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>``: the middleware checked the key (an invalid one never
    reaches a view), so this only hands DRF the user and token it found."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        token = getattr(request._request, "api_token", None)
        if token is None:
            return None
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return TOKEN_KEYWORD
