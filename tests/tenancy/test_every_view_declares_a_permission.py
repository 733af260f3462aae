"""Every tenant page and API view says which permission it needs: a view without one would be
open to anyone with any membership in the municipality."""

from __future__ import annotations

from django.urls import resolve

from participatie.tenancy.permissions import Perm
from tests.tenancy.urlwalk import tenant_routes

METHODS = ("get", "post", "put", "patch", "delete")


def _declared(route) -> list[str]:
    """What is missing for this route; empty when its view declares a permission for
    everything it offers."""
    view = resolve(route.url("dordrecht", 1)).func
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    if view_class is None:
        permission = getattr(view, "permission", None)
        return [] if isinstance(permission, Perm) else [f"{route}: no @permission_required"]
    declared = getattr(view_class, "permission", {})
    offered = [method for method in METHODS if hasattr(view_class, method)]
    missing = [
        f"{route}: {method.upper()} declares no permission"
        for method in offered
        if not isinstance(declared.get(method.upper()), Perm)
    ]
    return missing or ([] if offered else [f"{route}: offers no method"])


def test_every_tenant_view_declares_its_permission():
    routes = tenant_routes()
    assert len(routes) > 80  # the walk found the project's URLs, not an empty list
    missing = [problem for route in routes for problem in _declared(route)]
    assert missing == []


def test_the_check_catches_a_page_without_permission(monkeypatch):
    route = next(r for r in tenant_routes() if r.name == "participatie:placements:placement-list")
    monkeypatch.delattr(resolve(route.url("dordrecht")).func, "permission")
    assert _declared(route) == [f"{route}: no @permission_required"]


def test_the_check_catches_an_api_method_without_permission(monkeypatch):
    route = next(r for r in tenant_routes() if r.name == "api-placement-list")
    view_class = resolve(route.url("dordrecht")).func.view_class
    monkeypatch.setattr(view_class, "permission", {})
    assert _declared(route) == [f"{route}: GET declares no permission"]
