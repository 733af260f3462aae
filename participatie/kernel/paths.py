"""Which requests are API calls (they answer in problem+json and never redirect), and the URL
match of a request's path, resolved once for all middleware that needs it."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import Resolver404, ResolverMatch, resolve

API_PREFIX = "/api/"
_RESOLVED = "_participatie_resolved"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def resolved(request: HttpRequest) -> ResolverMatch | None:
    """The match of ``request.path_info`` (None for a path no view answers). Resolving walks
    every URL pattern before the matching one, which costs more than a query: the MFA and the
    tenancy middleware share one resolution instead of doing it each."""
    if _RESOLVED not in request.__dict__:
        try:
            match: ResolverMatch | None = resolve(request.path_info)
        except Resolver404:
            match = None
        request.__dict__[_RESOLVED] = match
    return request.__dict__[_RESOLVED]
