"""Enumerate every tenant URL pattern of the project, so the walking tests cover new URLs
without being touched."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# Integer URL parameters that are not object ids get a plausible value; every other one is
# treated as the id of a tenant-owned object.
NON_ID_INTS = {"year": 2022, "quarter": 1, "week": 10, "month": 3, "day": 1}
FOREIGN_ID = 999_999
_CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class TenantRoute:
    route: str
    name: str

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def tenant_kind(self) -> str:
        return "region" if "<slug:region_slug>" in self.route else "municipality"

    @property
    def has_object_id(self) -> bool:
        return any(
            m["conv"] == "int" and m["name"] not in NON_ID_INTS
            for m in _CONVERTER.finditer(self.route)
        )

    def url(self, slug: str, object_id: int = FOREIGN_ID) -> str:
        def fill(match: re.Match[str]) -> str:
            conv, name = match["conv"], match["name"]
            if name in {"municipality_slug", "region_slug"}:
                return slug
            if conv == "int":
                return str(NON_ID_INTS.get(name, object_id))
            if conv in {"slug", "str", None}:
                return "x"
            if conv == "uuid":
                return "00000000-0000-0000-0000-000000000000"
            if conv == "path":
                return "x"
            raise AssertionError(f"unknown converter {conv} in {self.route}")

        return "/" + _CONVERTER.sub(fill, self.route)

    def __str__(self) -> str:
        return self.route


def _walk(patterns: list, prefix: str = "", name_prefix: str = "") -> list[tuple[str, str, object]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            namespace = f"{name_prefix}{pattern.namespace}:" if pattern.namespace else name_prefix
            found += _walk(pattern.url_patterns, route, namespace)
        elif isinstance(pattern, URLPattern):
            found.append((route, f"{name_prefix}{pattern.name}", pattern.pattern))
    return found


def tenant_routes() -> list[TenantRoute]:
    routes = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if "municipality_slug" not in route and "region_slug" not in route:
            continue
        if not isinstance(pattern, RoutePattern):
            raise AssertionError(f"tenant URL {route} must use path() syntax, not a regex")
        routes.append(TenantRoute(route=route, name=name))
    return routes
