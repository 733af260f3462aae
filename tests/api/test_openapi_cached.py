"""The OpenAPI document is generated once per process: the schema view keeps it, so a second
request (of the same language) serves the kept document instead of walking every view again."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from participatie.api.schema_view import CachedSpectacularJSONAPIView


@pytest.fixture
def fresh_schema_cache():
    CachedSpectacularJSONAPIView._documents.clear()
    yield
    CachedSpectacularJSONAPIView._documents.clear()


@pytest.fixture
def generations(monkeypatch):
    calls = []
    original = SchemaGenerator.get_schema

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    return calls


def test_second_request_serves_the_kept_document_without_regenerating(
    client, db, fresh_schema_cache, generations
):
    first = client.get("/api/v1/openapi.json")
    second = client.get("/api/v1/openapi.json")
    assert first.status_code == second.status_code == 200
    assert len(generations) == 1
    assert first.json() == second.json()
    assert "/{municipality_slug}/participants" in second.json()["paths"]


def test_each_language_is_generated_once(client, db, fresh_schema_cache, generations):
    client.get("/api/v1/openapi.json?lang=en")
    client.get("/api/v1/openapi.json?lang=nl")
    client.get("/api/v1/openapi.json?lang=en")
    client.get("/api/v1/openapi.json?lang=nl")
    assert len(generations) == 2
