"""The API's request guard: a body over the view's limit is refused before anything reads it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from participatie.api.limits import body_limit, too_large_detail
from participatie.kernel.paths import is_api_path
from participatie.kernel.problems import problem_response


def declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


class ApiBodyLimitMiddleware:
    """413 problem+json for an API request whose declared body is over the view's limit, before
    anything reads it (CSRF, DRF). It runs in ``process_view``: after the tenancy middleware
    answered 401/403/404, so a stranger learns nothing from it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not is_api_path(request.path_info):
            return None
        view = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
        length = declared_length(request)
        if length is None and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            # Django reads no body without a Content-Length: refuse rather than ignore it.
            return problem_response(
                411, _("Stuur de lengte van het verzoek mee (Content-Length)."), request=request
            )
        if length is not None and length > body_limit(view):
            return problem_response(413, too_large_detail(view), request=request)
        return None
