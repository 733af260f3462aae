"""Resolve, authorise and scope every request whose URL names a tenant.

``/<municipality-slug>/...`` and ``/api/v1/<municipality-slug>/...`` run inside the
municipality's tenant context; ``/regio/<region-slug>/...`` inside the context of the region's
municipalities. Unknown slug: 404. No membership that gives access: 403. The request's
transaction is opened here, so the transaction-local RLS setting covers the view and the
rendering of its template; ``ATOMIC_REQUESTS`` adds a savepoint around the view itself.

Costs: two queries for a municipality (the municipality, which also sets the RLS id, and the
user's memberships), plus the user's session or token lookup done before.
"""

from __future__ import annotations

from collections.abc import Callable

import structlog
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed

from participatie.accounts.tokens import TOKEN_KEYWORD, api_token_authenticate
from participatie.api.problems import problem_response
from participatie.tenancy import access
from participatie.tenancy.context import all_tenants, tenant_context

API_PREFIX = "/api/"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


class TenancyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.municipality = None  # type: ignore[attr-defined]
        request.region = None  # type: ignore[attr-defined]
        request.tenant_memberships = []  # type: ignore[attr-defined]
        request.roles = frozenset()  # type: ignore[attr-defined]
        is_api = is_api_path(request.path_info)
        if is_api:
            failure = self._authenticate_token(request)
            if failure is not None:
                return failure
        if request.user.is_authenticated:
            structlog.contextvars.bind_contextvars(user_id=request.user.pk)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if "municipality_slug" in match.kwargs:
            return self._municipality(request, match.kwargs["municipality_slug"], is_api)
        if "region_slug" in match.kwargs:
            return self._region(request, match.kwargs["region_slug"], is_api)
        if match.namespace == "admin" and getattr(request.user, "is_staff", False):
            with transaction.atomic(), all_tenants(reason="platform admin"):
                return self.get_response(request)
        return self.get_response(request)

    # -- authentication -----------------------------------------------------------------------

    def _authenticate_token(self, request: HttpRequest) -> HttpResponse | None:
        header = request.headers.get("Authorization", "")
        keyword, _sep, key = header.partition(" ")
        if keyword != TOKEN_KEYWORD:
            return None
        try:
            token = api_token_authenticate(key.strip())
        except AuthenticationFailed as exc:
            return problem_response(
                401, str(exc.detail), request=request, headers={"WWW-Authenticate": TOKEN_KEYWORD}
            )
        request.user = token.user
        request.api_token = token  # type: ignore[attr-defined]
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return None

    def _unauthenticated(self, request: HttpRequest, is_api: bool) -> HttpResponse:
        if is_api:
            return problem_response(
                401,
                _("Log in of stuur een API-token mee (Authorization: Token …)."),
                request=request,
                headers={"WWW-Authenticate": TOKEN_KEYWORD},
            )
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)

    # -- tenants --------------------------------------------------------------------------------

    def _municipality(self, request: HttpRequest, slug: str, is_api: bool) -> HttpResponse:
        if not request.user.is_authenticated:
            return self._unauthenticated(request, is_api)
        with transaction.atomic():
            municipality = access.municipality_for_request(slug)
            if municipality is None:
                raise Http404(_("Deze gemeente bestaat niet."))
            with tenant_context(municipality.id, database_set=True):
                memberships = access.memberships_in_municipality(request.user, municipality)
                if not memberships:
                    raise PermissionDenied(
                        _("U heeft geen toegang tot %(name)s.") % {"name": municipality.name}
                    )
                request.municipality = municipality  # type: ignore[attr-defined]
                request.tenant_memberships = memberships  # type: ignore[attr-defined]
                request.roles = frozenset(m.role for m in memberships)  # type: ignore[attr-defined]
                response = self.get_response(request)
                if response.status_code >= 500:
                    transaction.set_rollback(True)
                return response

    def _region(self, request: HttpRequest, slug: str, is_api: bool) -> HttpResponse:
        if not request.user.is_authenticated:
            return self._unauthenticated(request, is_api)
        found = access.region_for_request(slug)
        if found is None:
            raise Http404(_("Deze regio bestaat niet."))
        region, municipality_ids = found
        memberships = access.memberships_in_region(request.user, region, municipality_ids)
        if not memberships:
            raise PermissionDenied(
                _("U heeft geen toegang tot regio %(name)s.") % {"name": region.name}
            )
        request.region = region  # type: ignore[attr-defined]
        request.tenant_memberships = memberships  # type: ignore[attr-defined]
        request.roles = frozenset(m.role for m in memberships)  # type: ignore[attr-defined]
        with transaction.atomic(), tenant_context(municipality_ids):
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
