"""Who may call which API method: every tenant API view declares, per method, the permission
it needs (``permission = {"GET": Perm.PLACEMENTS_VIEW, "POST": Perm.PLACEMENTS_MANAGE}``),
checked against the request's permission set (``participatie.tenancy.http.Access``).

A method offered but not listed is refused; OPTIONS (a description, no data) is open to
every member. A method the view does not offer passes here, so DRF
answers 405 (or 404 for an unknown object) instead of a misleading 403.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from participatie.tenancy.http import access_of


class HasPermission(BasePermission):
    message = _("Uw rol geeft geen toegang tot dit gegeven of deze handeling.")

    def has_permission(self, request: Request, view: Any) -> bool:
        method = request.method or "GET"
        if not hasattr(view, method.lower()):
            return True  # not offered: DRF answers 405
        if method == "OPTIONS":
            # A description of the endpoint (the OpenAPI document is public too); the metadata
            # lists only the methods the caller may use. Objects are still looked up.
            return True
        wanted = getattr(view, "permission", {}).get("GET" if method in SAFE_METHODS else method)
        return wanted is not None and access_of(request).has(wanted)
