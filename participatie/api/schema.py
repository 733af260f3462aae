"""OpenAPI description of our own authentication (drf-spectacular extension)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
