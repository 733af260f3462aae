"""Who may call which API method: one permission class keyed on ``request.roles`` (the roles the
user holds in the active municipality, set by the tenancy middleware).

Views declare ``roles = {"GET": READ_ROLES, "POST": {...}}``; a method offered but not listed is
refused. A method the view does not offer passes here, so DRF answers 405 (or 404 for an unknown
object) instead of a misleading 403.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from participatie.choices import LWB_ROLES, MATCHING_UNIT_ROLES, MUNICIPAL_ROLES, Role

# Who reads what (the write roles are named per view).
PLACEMENT_READERS = frozenset(MUNICIPAL_ROLES | MATCHING_UNIT_ROLES | LWB_ROLES)
MATCHING_UNIT = frozenset(MATCHING_UNIT_ROLES)
ACCOUNT_HOLDER = frozenset({Role.ACCOUNT_HOLDER})
LWB_ADMIN = frozenset({Role.LWB_ADMIN})
OBJECTION_READERS = frozenset(MUNICIPAL_ROLES | LWB_ROLES)


class HasRole(BasePermission):
    message = _("Uw rol geeft geen toegang tot dit gegeven of deze handeling.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not hasattr(view, request.method.lower()):
            return True  # not offered: DRF answers 405
        method = "GET" if request.method in SAFE_METHODS else request.method
        allowed = getattr(view, "roles", {}).get(method, frozenset())
        held = getattr(request._request, "roles", frozenset())
        return bool(held & allowed)


def lwb_only(request: Request) -> bool:
    """The user acts here only for learning-work companies: the restricted views apply."""
    held = getattr(request._request, "roles", frozenset())
    return bool(held & LWB_ROLES) and not (held & (MUNICIPAL_ROLES | MATCHING_UNIT_ROLES))


def organisation_ids(request: HttpRequest | Request, roles: AbstractSet[str]) -> set[int]:
    """The organisations in which the user holds one of ``roles`` in this municipality (for a
    page's request as for the API's, which passes the attribute through)."""
    memberships = getattr(request, "tenant_memberships", [])
    return {m.organisation_id for m in memberships if m.role in roles}
