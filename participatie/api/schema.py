"""OpenAPI description of our own authentication (drf-spectacular extension), the integer-bounds
hook and the schema view that generates the document once per process."""

from __future__ import annotations

import threading
from typing import ClassVar

from django.utils import translation
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.response import Response


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "participatie.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Persoonlijke API-token: `Authorization: Token <token>`.",
        }


# Django derives integer bounds from the database backend (PostgreSQL: 32-bit integer columns;
# SQLite: 64-bit for all). Those are storage limits, not API rules, and they would make the
# committed schema depend on the database it was generated with.
_DATABASE_MAXIMA = {2**15 - 1, 2**31 - 1, 2**63 - 1}
_DATABASE_MINIMA = {-(2**15), -(2**31), -(2**63)}


def drop_database_integer_bounds(result, generator, request, public):
    """drf-spectacular postprocessing hook: remove backend-dependent integer bounds."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer":
                if node.get("maximum") in _DATABASE_MAXIMA:
                    del node["maximum"]
                    if node.get("format") == "int64":
                        del node["format"]
                if node.get("minimum") in _DATABASE_MINIMA:
                    del node["minimum"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result


def add_deprecated_query_names(result, generator, request, public):
    """drf-spectacular postprocessing hook: next to each renamed query parameter its old
    snake_case name, ``deprecated: true``, with the name that replaces it."""
    from participatie.api.strict import DEPRECATED_QUERY_NAMES, DEPRECATION_HEADER

    old_of = {new: old for old, new in DEPRECATED_QUERY_NAMES.items()}
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "parameters" not in operation:
                continue
            added = []
            for parameter in operation["parameters"]:
                old = old_of.get(parameter.get("name")) if parameter.get("in") == "query" else None
                if old is None:
                    continue
                added.append(
                    {
                        "name": old,
                        "in": "query",
                        "required": False,
                        "deprecated": True,
                        "description": (
                            f"Verouderd: gebruik `{parameter['name']}`. Deze oude naam werkt nog "
                            "één versie; een antwoord op een verzoek met een oude naam heeft de "
                            f"header `Deprecation: {DEPRECATION_HEADER}` (en een `Link` met "
                            '`rel="deprecation"` naar dit document). Stuur niet de oude en '
                            "de nieuwe naam samen (400)."
                        ),
                        "schema": parameter.get("schema", {}),
                    }
                )
            operation["parameters"].extend(added)
    return result


class CachedSpectacularJSONAPIView(SpectacularJSONAPIView):
    """The OpenAPI document, generated once per process (per API version and language) and
    served from memory afterwards: generating it walks every view and serializer and cost 13x the
    cheapest page on every request. The document is public (the same for every caller) and only
    changes with the code, i.e. with a new process."""

    _documents: ClassVar[dict[tuple[str | None, str], dict]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, translation.get_language() or "")
        document = self._documents.get(key)
        if document is None:
            with self._lock:
                document = self._documents.get(key)
                if document is None:
                    generator = self.generator_class(
                        urlconf=self.urlconf, api_version=version, patterns=self.patterns
                    )
                    document = generator.get_schema(request=request, public=self.serve_public)
                    self._documents[key] = document
        return Response(
            data=document,
            headers={
                "Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'
            },
        )
