"""The generated OpenAPI document follows the NLGov REST API design rules (Logius) that this
project commits to; our own checks, written from ``DesignRules.md`` and the rules' linter:

* /core/doc-openapi, /core/doc-openapi-contact: OpenAPI 3, a semver ``info.version`` and an
  ``info.contact`` with name, e-mail and url;
* /core/uri-version: ``servers`` with the major version (``/api/v1``), paths relative to it;
* /core/no-trailing-slash, /core/path-segments-kebab-case: lower-case kebab paths;
* /core/version-header: the ``API-Version`` header documented on every response;
* /core/error-handling/problem-details and /invalid-input: every error is
  ``application/problem+json`` with ``type``, ``title``, ``status``, ``detail``, ``instance``
  (and ``invalidParams`` with ``name``, ``code``, ``reason``), and every operation documents the
  errors it can return: 400 with input, 401, 403, 404, 409 on writes, 413/415 with a body;
* a 201 documents its ``Location``.

``violations()`` is the check; the tests at the bottom show it catches each kind of break.
"""

from __future__ import annotations

import copy
import re

import pytest
from drf_spectacular.generators import SchemaGenerator

PROBLEM = "application/problem+json"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
WRITES = {"put", "post", "patch", "delete"}
BODY = {"put", "post", "patch"}
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$")
SEGMENT = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)?|\{[a-z_][a-z0-9_]*\})$")
PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance"}
INVALID_PARAM_MEMBERS = {"name", "code", "reason"}


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].removeprefix("#/components/schemas/")
        node = schema["components"]["schemas"][name]
    return node


def _properties(schema: dict, node: dict) -> dict:
    node = _resolve(schema, node)
    found = dict(node.get("properties", {}))
    for part in node.get("allOf", []):
        found |= _properties(schema, part)
    return found


def _header(schema: dict, response: dict, name: str) -> dict | None:
    header = response.get("headers", {}).get(name)
    if header and "$ref" in header:
        header = schema["components"].get("headers", {}).get(header["$ref"].rsplit("/", 1)[-1])
    return header


def required_errors(method: str, operation: dict) -> set[str]:
    needed = {"401", "403", "404"}
    if operation.get("parameters") or "requestBody" in operation or method in BODY:
        needed.add("400")
    if method in WRITES:
        needed.add("409")
    if "requestBody" in operation or method in BODY:
        needed |= {"413", "415"}
    return needed


def _problem_violations(schema: dict, where: str, code: str, response: dict) -> list[str]:
    found = []
    content = response.get("content", {})
    if set(content) != {PROBLEM}:
        found.append(f"{where} {code}: error media types {sorted(content)}, want only {PROBLEM}")
    if PROBLEM not in content:
        return found
    members = _properties(schema, content[PROBLEM].get("schema", {}))
    if missing := PROBLEM_MEMBERS - set(members):
        found.append(f"{where} {code}: problem lacks {sorted(missing)}")
    if code == "400":
        invalid = members.get("invalidParams")
        if invalid is None:
            found.append(f"{where} 400: problem lacks invalidParams")
        else:
            item = _properties(schema, invalid.get("items", {}))
            if missing := INVALID_PARAM_MEMBERS - set(item):
                found.append(f"{where} 400: invalidParams items lack {sorted(missing)}")
    return found


def violations(schema: dict) -> list[str]:
    found: list[str] = []
    if not str(schema.get("openapi", "")).startswith("3."):
        found.append("openapi: not version 3")
    info = schema.get("info", {})
    if not SEMVER.match(str(info.get("version", ""))):
        found.append(f"info.version {info.get('version')!r} is not semver")
    contact = info.get("contact") or {}
    if missing := {"name", "email", "url"} - {k for k, v in contact.items() if v}:
        found.append(f"info.contact lacks {sorted(missing)}")
    servers = schema.get("servers") or []
    if not servers:
        found.append("servers: missing")
    for server in servers:
        if not re.search(r"/v\d+$", server.get("url", "").rstrip("/")):
            found.append(f"servers: {server.get('url')!r} has no major version")
    if servers and servers[0].get("url") != "/api/v1":
        found.append(f"servers: the first is {servers[0].get('url')!r}, want '/api/v1'")
    for path, item in schema.get("paths", {}).items():
        if path != "/" and path.endswith("/"):
            found.append(f"{path}: trailing slash")
        if path.startswith("/api/"):
            found.append(f"{path}: repeats the server's prefix")
        for segment in path.strip("/").split("/"):
            if not SEGMENT.match(segment):
                found.append(f"{path}: segment {segment!r} is not lower-case kebab")
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            where = f"{method.upper()} {path}"
            responses = operation.get("responses", {})
            if missing := required_errors(method, operation) - set(responses):
                found.append(f"{where}: undocumented errors {sorted(missing)}")
            for code, response in responses.items():
                header = _header(schema, response, "API-Version")
                if not header or "schema" not in header:
                    found.append(f"{where} {code}: API-Version header not documented")
                if code == "201" and not _header(schema, response, "Location"):
                    found.append(f"{where} 201: Location header not documented")
                if code[0] in "45":
                    found += _problem_violations(schema, where, code, response)
    return found


# -- the generated document ---------------------------------------------------------------------


def test_the_generated_schema_follows_the_design_rules(generated):
    assert violations(generated) == []


def test_the_generated_schema_has_the_shared_problem_schema(generated):
    schemas = generated["components"]["schemas"]
    assert PROBLEM_MEMBERS | {"invalidParams"} == set(schemas["Problem"]["properties"])
    assert {"status", "title", "detail"} <= set(schemas["Problem"]["required"])
    assert set(schemas["InvalidParams"]["properties"]) == INVALID_PARAM_MEMBERS


def test_attendance_errors_are_no_longer_plain_json(generated):
    put = generated["paths"]["/{municipality_slug}/attendance"]["put"]["responses"]
    for code in ("400", "413", "415"):
        assert list(put[code]["content"]) == [PROBLEM], code


# -- the check catches what it should ------------------------------------------------------------


def _first_write(schema: dict) -> tuple[str, str]:
    for path, item in schema["paths"].items():
        if "post" in item:
            return path, "post"
    raise AssertionError("no POST in the schema")


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda s, p, m: s["paths"][p][m]["responses"].pop("404"), "undocumented errors ['404']"),
        (lambda s, p, m: s["paths"][p][m]["responses"].pop("409"), "undocumented errors ['409']"),
        (lambda s, p, m: s["paths"][p][m]["responses"].pop("415"), "undocumented errors ['415']"),
        (
            lambda s, p, m: s["paths"][p][m]["responses"]["400"].update(
                content={"application/json": {"schema": {"type": "object"}}}
            ),
            "error media types ['application/json']",
        ),
        (
            lambda s, p, m: s["paths"][p][m]["responses"]["401"]["headers"].pop("API-Version"),
            "401: API-Version header not documented",
        ),
        (lambda s, p, m: s.pop("servers"), "servers: missing"),
        (lambda s, p, m: s["servers"].__setitem__(0, {"url": "/api"}), "no major version"),
        (lambda s, p, m: s["info"].pop("contact"), "info.contact lacks"),
        (lambda s, p, m: s["paths"].__setitem__("/{municipality_slug}/x/", {}), "trailing slash"),
        (lambda s, p, m: s["paths"].__setitem__("/step_decisions", {}), "not lower-case kebab"),
        (
            lambda s, p, m: s["components"]["schemas"]["Problem"]["properties"].pop("instance"),
            "problem lacks ['instance']",
        ),
        (
            lambda s, p, m: s["components"]["schemas"]["InvalidParams"]["properties"].pop("code"),
            "invalidParams items lack ['code']",
        ),
    ],
)
def test_the_check_reports_a_broken_rule(generated, break_it, expected):
    broken = copy.deepcopy(generated)
    path, method = _first_write(broken)
    break_it(broken, path, method)
    assert any(expected in problem for problem in violations(broken)), violations(broken)


def test_a_201_without_location_is_reported(generated):
    broken = copy.deepcopy(generated)
    created = [
        response
        for item in broken["paths"].values()
        for method, operation in item.items()
        if method in METHODS
        for code, response in operation["responses"].items()
        if code == "201"
    ]
    assert created, "the API creates things: some operation answers 201"
    created[0]["headers"].pop("Location")
    assert any("Location header not documented" in problem for problem in violations(broken))
