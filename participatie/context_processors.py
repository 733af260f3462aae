from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from participatie.tenancy.access import accessible_municipalities


def tenancy(request: HttpRequest) -> dict[str, object]:
    """The active tenant and roles, and (lazily, only when a page shows the switcher) the
    municipalities the user can switch to."""
    user = getattr(request, "user", None)
    return {
        "municipality": getattr(request, "municipality", None),
        "region": getattr(request, "region", None),
        "roles": getattr(request, "roles", frozenset()),
        "permissions": getattr(request, "permissions", frozenset()),
        "tenant_memberships": getattr(request, "tenant_memberships", []),
        "switchable_municipalities": SimpleLazyObject(
            lambda: accessible_municipalities(user) if user is not None else []
        ),
    }
