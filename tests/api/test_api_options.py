"""OPTIONS on every API URL pattern, with a token of each kind of user (the municipality's
account holder, a learning-work company's administrator, a matching unit's consultant): 200 or
405, never a server error (DRF's metadata used to call ``get_object()`` and crashed on
``/attendance``). Only where the URL names an object that this user cannot see is it 404."""

from __future__ import annotations

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from participatie.accounts.tokens import api_token_issue
from tests.api.conftest import PROBLEM

OBJECT_KEYS = {"pk", "reference"}


def api_patterns() -> list[tuple[str, set[str]]]:
    """Every ``api/v1/<municipality_slug>/...`` pattern as a path template and its keywords."""
    found: list[tuple[str, set[str]]] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith(
                "api/v1/<slug:municipality_slug>/"
            ):
                found.append((route, set(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, "")
    return found


def fill(route: str, dordrecht) -> str:
    values = {
        "<slug:municipality_slug>": dordrecht.municipality.slug,
        "<int:pk>": "999999",
        "<int:year>": "2022",
        "<uuid:reference>": str(uuid.uuid4()),
        "<slug:fmt>": "pdf",
    }
    for placeholder, value in values.items():
        route = route.replace(placeholder, value)
    assert "<" not in route, route
    return "/" + route


def test_the_walk_covers_the_api():
    routes = [route for route, _ in api_patterns()]
    assert len(routes) > 50
    assert "api/v1/<slug:municipality_slug>/attendance" in routes


@pytest.mark.parametrize("role", ["account_holder", "lwb_a_admin", "consultant"])
def test_options_on_every_endpoint_never_fails(client, dordrecht, steps, role):
    _token, raw = api_token_issue(user=getattr(dordrecht, role), name="options", days=1)
    seen = []
    for route, keywords in api_patterns():
        path = fill(route, dordrecht)
        response = client.options(path, HTTP_AUTHORIZATION=f"Token {raw}")
        seen.append((path, response.status_code))
        if keywords & OBJECT_KEYS and response.status_code == 404:
            assert response["Content-Type"] == PROBLEM, path
            continue
        assert response.status_code in (200, 405), (role, path, response.content[:300])
        if response.status_code == 405:
            assert response["Content-Type"] == PROBLEM, path
    assert (fill("api/v1/<slug:municipality_slug>/attendance", dordrecht), 200) in seen


def test_options_lists_only_the_methods_the_user_may_use(client, dordrecht, steps):
    path = f"/api/v1/{dordrecht.municipality.slug}/attendance"
    _token, company = api_token_issue(user=dordrecht.lwb_a_admin, name="options", days=1)
    body = client.options(path, HTTP_AUTHORIZATION=f"Token {company}").json()
    assert "PUT" in body["actions"]
    _token, holder = api_token_issue(user=dordrecht.account_holder, name="options", days=1)
    body = client.options(path, HTTP_AUTHORIZATION=f"Token {holder}").json()
    assert "PUT" not in body.get("actions", {})


def test_options_needs_a_member_of_the_municipality(client, dordrecht, zwijndrecht):
    path = f"/api/v1/{dordrecht.municipality.slug}/attendance"
    assert client.options(path).status_code == 401
    _token, raw = api_token_issue(user=zwijndrecht.lwb_a_admin, name="options", days=1)
    response = client.options(path, HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
