"""Resolve, authorise and scope every request whose URL names a tenant.

``/<municipality-slug>/...`` and ``/api/v1/<municipality-slug>/...`` run inside the
municipality's tenant context; ``/regio/<region-slug>/...`` inside the context of the region's
municipalities. Unknown slug: 404. No membership that gives access: 403. The memberships that
count become the request's :class:`~participatie.tenancy.http.Access` (roles and named
permissions), once. The request's transaction is opened here, so the transaction-local RLS
setting covers the view and the rendering of its template; ``ATOMIC_REQUESTS`` adds a savepoint
around the view itself. API tokens were authenticated before this (``participatie.accounts``).

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
from django.utils.translation import gettext as _

from participatie.accounts.tokens import TOKEN_KEYWORD
from participatie.kernel.paths import is_api_path, resolved
from participatie.kernel.problems import problem_response
from participatie.models import Membership, Municipality, Region
from participatie.tenancy import access
from participatie.tenancy.context import all_tenants, tenant_context
from participatie.tenancy.http import NO_ACCESS, Access, TenantRequest


def _grant(
    request: TenantRequest,
    memberships: list[Membership],
    *,
    municipality: Municipality | None = None,
    region: Region | None = None,
) -> None:
    request.access = Access.from_memberships(
        request.user, memberships, municipality=municipality, region=region
    )
    request.tenant_memberships = memberships
    request.roles = request.access.roles
    request.permissions = request.access.permissions


class TenancyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: TenantRequest) -> HttpResponse:
        # ``request.municipality`` exists on tenant pages only (set below); everything else
        # every request carries, so code outside a tenant can ask without a default.
        request.region = None
        request.access = NO_ACCESS
        request.tenant_memberships = []
        request.roles = frozenset()
        request.permissions = frozenset()
        is_api = is_api_path(request.path_info)
        if request.user.is_authenticated:
            structlog.contextvars.bind_contextvars(user_id=request.user.pk)
        match = resolved(request)
        if match is None:
            return self.get_response(request)
        if "municipality_slug" in match.kwargs:
            return self._municipality(request, match.kwargs["municipality_slug"], is_api)
        if "region_slug" in match.kwargs:
            return self._region(request, match.kwargs["region_slug"], is_api)
        if match.namespace == "admin" and getattr(request.user, "is_staff", False):
            with transaction.atomic(), all_tenants(reason="platform admin"):
                return self.get_response(request)
        return self.get_response(request)

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

    def _municipality(self, request: TenantRequest, slug: str, is_api: bool) -> HttpResponse:
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
                request.municipality = municipality
                _grant(request, memberships, municipality=municipality)
                response = self.get_response(request)
                if response.status_code >= 500:
                    transaction.set_rollback(True)
                return response

    def _region(self, request: TenantRequest, slug: str, is_api: bool) -> HttpResponse:
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
        request.region = region
        _grant(request, memberships, region=region)
        with transaction.atomic(), tenant_context(municipality_ids):
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
