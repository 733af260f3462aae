"""The OpenAPI document's own parts: our authentication (a drf-spectacular extension), the
error responses every operation documents, the hooks that make the document follow the
NLGov API design rules and not depend on the database it was generated with. The view that
serves the document is in :mod:`participatie.api.schema_view`."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as _SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse


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


# -- the NLGov API design rules: errors, headers, servers -----------------------------------------

API_PREFIX = "/api/v1"
PROBLEM_MEDIA_TYPE = "application/problem+json"
API_VERSION_HEADER = "API-Version"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
WRITE_METHODS = BODY_METHODS | {"DELETE"}

# Why each error can come back (Dutch: the document is read by municipalities' suppliers).
ERROR_DESCRIPTIONS = {
    "400": "Ongeldige invoer: `invalidParams` noemt elke parameter of elk veld dat niet klopt.",
    "401": "Niet ingelogd: stuur een geldig API-token mee (`Authorization: Token …`).",
    "403": "Geen toegang tot deze gemeente of uw rol staat deze handeling niet toe.",
    "404": "Niet gevonden, of niet zichtbaar voor u (een gegeven van een andere gemeente of "
    "een ander bedrijf).",
    "409": "Conflict met de toestand van het gegeven (bijvoorbeeld al besloten, goedgekeurd of "
    "verzonden).",
    "413": "Het verzoek is te groot.",
    "415": "Mediatype niet ondersteund: stuur de inhoud als `application/json`.",
    "429": "Te veel verzoeken: probeer het na `Retry-After` seconden opnieuw.",
    # Only operations that start a background job; they declare it themselves.
    "503": "Het systeem voor taken op de achtergrond is niet bereikbaar: er is niets gestart. "
    "Probeer het na `Retry-After` seconden opnieuw.",
}


def error_statuses(
    *, method: str, takes_body: bool, takes_parameters: bool, throttled: bool
) -> list[str]:
    """The error responses an operation documents (the rules ``tests/api/test_api_design_rules``
    checks): 400 with input (a body or any parameter: the design rules count the path's too),
    401/403/404 always, 409 on writes, 413/415 with a body, 429 when throttled."""
    codes = []
    if takes_body or takes_parameters:
        codes.append("400")
    codes += ["401", "403", "404"]
    if method in WRITE_METHODS:
        codes.append("409")
    if takes_body:
        codes += ["413", "415"]
    if throttled:
        codes.append("429")
    return codes


class AutoSchema(_SpectacularAutoSchema):
    """drf-spectacular's, with every error an operation can return documented as
    ``application/problem+json`` (the shared ``Problem`` schema). Generic, so a new endpoint
    gets it without a line of its own."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        from participatie.api.problems import ProblemSerializer

        throttles = getattr(self.view, "get_throttles", lambda: [])()
        responses = operation["responses"]
        for code in error_statuses(
            method=self.method,
            takes_body="requestBody" in operation or self.method in BODY_METHODS,
            takes_parameters=bool(operation.get("parameters")),
            throttled=bool(throttles),
        ):
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ProblemSerializer, description=ERROR_DESCRIPTIONS[code]),
                    code,
                    media_types=[PROBLEM_MEDIA_TYPE],
                )
        if "201" in responses:
            responses["201"].setdefault("headers", {})["Location"] = {
                "description": "Het adres van het nieuwe gegeven.",
                "schema": {"type": "string", "format": "uri"},
                "required": True,
            }
        for code, response in responses.items():
            if code < "400":
                continue
            content = response.setdefault("content", {})
            if "application/json" in content:
                # An error is never plain JSON: the same schema, the problem media type.
                content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
            if not content:
                # Documented with a description only: the body is the shared Problem.
                problem = self.resolve_serializer(ProblemSerializer, "response")
                content[PROBLEM_MEDIA_TYPE] = {"schema": problem.ref}
        return operation


def design_rules(result, generator, request, public):
    """drf-spectacular postprocessing hook: paths relative to the server with the major
    version (``servers: [{url: /api/v1}]``) and the ``API-Version`` header on every response
    (``participatie.middleware.RequestIdMiddleware`` sends it)."""
    result["paths"] = {
        (path[len(API_PREFIX) :] if path.startswith(API_PREFIX + "/") else path): item
        for path, item in result.get("paths", {}).items()
    }
    components = result.setdefault("components", {})
    components.setdefault("headers", {})[API_VERSION_HEADER] = {
        "description": "De volledige versie van de API (semantic versioning), bij elk antwoord.",
        "required": True,
        "schema": {"type": "string", "example": settings.API_VERSION},
    }
    for item in result["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for response in operation["responses"].values():
                response.setdefault("headers", {})[API_VERSION_HEADER] = {
                    "$ref": f"#/components/headers/{API_VERSION_HEADER}"
                }
    return result
