"""Issue 17 B: lowerCamelCase query keys (old snake_case names deprecated) and strict input,
checked over every list endpoint of the committed schema (which equals the generated one,
``test_openapi_committed``), over every write endpoint, and on the body checker itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.http import QueryDict
from django.urls import resolve
from rest_framework import serializers

from participatie.api import strict
from participatie.models import Participant
from tests.api.conftest import PROBLEM, fields_of, messages_of, url
from tests.conftest import in_tenant, login
from tests.factories import ParticipantFactory

SCHEMA = yaml.safe_load((Path(settings.BASE_DIR) / "openapi" / "openapi.yaml").read_text())
# Paths in the document are relative to its server (``/api/v1``, the major version).
SERVER = SCHEMA["servers"][0]["url"]
PREFIX = "/{municipality_slug}/"
CAMEL = re.compile(r"[a-z][a-zA-Z0-9]*")


def names_of(response) -> set[str]:
    """The parameter/field names a 400 problem+json names (one place for its shape)."""
    return fields_of(response)


def operations():
    for path, item in SCHEMA["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield path, method, operation


def query_parameters(operation) -> dict[str, dict]:
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}


LIST_PATHS = sorted(
    path[len(PREFIX) :]
    for path, method, operation in operations()
    if method == "get" and "page" in query_parameters(operation)
)


def test_the_schema_has_the_list_endpoints():
    assert {"participants", "placements", "referrals", "attendance", "steps"} <= set(LIST_PATHS)
    assert len(LIST_PATHS) >= 20


@pytest.fixture
def reader(client, dordrecht, steps):
    """``reader(path)``: a logged-in client of someone who may read that list (200)."""
    candidates = [
        dordrecht.account_holder,
        dordrecht.consultant,
        dordrecht.lwb_a_admin,
        dordrecht.policy_officer,
    ]
    chosen: dict[str, object] = {}

    def choose(tail: str):
        if tail not in chosen:
            for user in candidates:
                login(client, user)
                if client.get(url(dordrecht, tail)).status_code == 200:
                    chosen[tail] = user
                    break
            else:
                raise AssertionError(f"nobody of the test world may read {tail}")
        login(client, chosen[tail])
        return client

    return choose


# --- the schema ---------------------------------------------------------------------------


def test_every_query_parameter_is_lower_camel_case_or_deprecated_with_its_replacement():
    for path, method, operation in operations():
        parameters = query_parameters(operation)
        for name, parameter in parameters.items():
            if parameter.get("deprecated"):
                new = strict.DEPRECATED_QUERY_NAMES[name]
                assert new in parameters, (path, method, name)
                assert f"`{new}`" in parameter["description"], (path, method, name)
                assert parameter["schema"] == parameters[new]["schema"]
            else:
                assert CAMEL.fullmatch(name), (path, method, name)


def test_every_list_documents_its_pagination_bounds():
    for tail in LIST_PATHS:
        parameters = query_parameters(SCHEMA["paths"][PREFIX + tail]["get"])
        assert parameters["page"]["schema"]["minimum"] == 1, tail
        size = parameters["pageSize"]["schema"]
        assert (size["minimum"], size["maximum"]) == (1, 500), tail


def test_the_checked_parameters_are_exactly_the_documented_ones():
    """What a view accepts (worked out from the view class) is what its operation documents:
    every operation, every method."""
    for path, method, operation in operations():
        concrete = SERVER + path.replace("{municipality_slug}", "dordrecht")
        concrete = concrete.replace("{reference}", "00000000-0000-0000-0000-000000000000")
        concrete = re.sub(r"\{[^}]+\}", "1", concrete)
        view_class = resolve(concrete).func.view_class
        rules = strict.query_rules(view_class, method.upper())
        assert rules.accepted == set(query_parameters(operation)), (path, method)


# --- query strings, over every list -----------------------------------------------------------


def test_unknown_query_parameters_are_400_naming_each(reader, dordrecht):
    for tail in LIST_PATHS:
        response = reader(tail).get(url(dordrecht, tail), {"bogus": "1", "sort_by": "x"})
        assert names_of(response) == {"bogus", "sort_by"}, tail
        assert "bestaat niet" in messages_of(response)


def test_pagination_bounds_are_enforced_not_cut(reader, dordrecht):
    for tail in LIST_PATHS:
        client = reader(tail)
        path = url(dordrecht, tail)
        for bad in ("0", "-1", "abc", "1.5", "last", ""):
            assert names_of(client.get(path, {"page": bad})) == {"page"}, (tail, bad)
        for bad in ("0", "501", "abc", "10000"):
            assert names_of(client.get(path, {"pageSize": bad})) == {"pageSize"}, (tail, bad)
        assert client.get(path, {"pageSize": "500"}).status_code == 200, tail
        past = client.get(path, {"page": "999"})
        assert past.status_code == 404 and past["Content-Type"] == PROBLEM, tail
        assert "Deprecation" not in client.get(path, {"pageSize": "1"}), tail


def test_old_page_size_works_with_a_deprecation_header_on_every_list(reader, dordrecht):
    for tail in LIST_PATHS:
        client = reader(tail)
        path = url(dordrecht, tail)
        old = client.get(path, {"page_size": "1"})
        assert old.status_code == 200, (tail, old.content)
        assert old["Deprecation"] == strict.DEPRECATION_HEADER
        assert 'rel="deprecation"' in old["Link"]
        assert len(old.json()["results"]) <= 1
        # Errors name the parameter the client sent.
        assert names_of(client.get(path, {"page_size": "501"})) == {"page_size"}, tail
        both = client.get(path, {"page_size": "1", "pageSize": "2"})
        assert names_of(both) == {"page_size"}, tail
        assert "pageSize" in messages_of(both)


def test_old_and_new_filter_names_give_the_same_rows(client, dordrecht, steps):
    login(client, dordrecht.consultant)
    for tail, old, new, value in (
        ("referrals", "referred_on_after", "referredOnAfter", "2022-01-01"),
        ("referrals", "referred_on_before", "referredOnBefore", "2022-01-01"),
        ("step-decisions", "valid_from_after", "validFromAfter", "2022-01-01"),
        ("step-decisions", "valid_from_before", "validFromBefore", "2022-01-01"),
    ):
        current = client.get(url(dordrecht, tail), {new: value})
        deprecated = client.get(url(dordrecht, tail), {old: value})
        assert current.status_code == deprecated.status_code == 200
        assert current.json() == deprecated.json()
        assert deprecated["Deprecation"] and "Deprecation" not in current
        assert names_of(client.get(url(dordrecht, tail), {old: value, new: value})) == {old}
        assert names_of(client.get(url(dordrecht, tail), {old: "01-02-2024"})) == {old}


def test_one_date_format_in_every_date_query_parameter(reader, dordrecht):
    checked = 0
    for tail in LIST_PATHS:
        parameters = query_parameters(SCHEMA["paths"][PREFIX + tail]["get"])
        for name, parameter in parameters.items():
            if parameter["schema"].get("format") != "date" or parameter.get("deprecated"):
                continue
            client = reader(tail)
            for bad in ("01-02-2024", "2024-2-1", "20240201", "2024-02-30", "2024-02-01T00:00"):
                response = client.get(url(dordrecht, tail), {name: bad})
                assert names_of(response) == {name}, (tail, name, bad)
                assert "jjjj-mm-dd" in messages_of(response), messages_of(response)
            assert client.get(url(dordrecht, tail), {name: "2024-02-01"}).status_code == 200
            checked += 1
    assert checked >= 7  # attendance from/to, placements, referrals, step decisions


def test_booleans_in_the_query_are_true_or_false(client, dordrecht, steps):
    login(client, dordrecht.consultant)
    for bad in ("maybe", "1", "yes", "True"):
        assert names_of(client.get(url(dordrecht, "placements"), {"active": bad})) == {"active"}
    for good in ("true", "false"):
        assert client.get(url(dordrecht, "placements"), {"active": good}).status_code == 200


def test_integer_filters_take_whole_numbers_only(reader, dordrecht):
    for tail, name in (("placements", "enrolment"), ("steps", "year"), ("intakes", "referral")):
        client = reader(tail)
        for bad in ("1.5", "abc", "1e3"):
            assert names_of(client.get(url(dordrecht, tail), {name: bad})) == {name}, (tail, bad)
        assert client.get(url(dordrecht, tail), {name: "1"}).status_code == 200, tail


def test_actions_take_no_query_parameters(client, dordrecht, steps):
    login(client, dordrecht.account_holder)
    response = client.post(
        url(dordrecht, "steps") + "?year=2022", {}, content_type="application/json"
    )
    assert names_of(response) == {"year"}


def test_strictness_never_answers_before_access(client, dordrecht, zwijndrecht, steps):
    """Anonymous, another municipality and a company without the right get their 401/403 on
    every list, also with bad parameters: never a 400 that would tell them about the list."""
    bad = {"bogus": "1", "page": "0", "pageSize": "9999"}
    for tail in LIST_PATHS:
        path = url(dordrecht, tail)
        client.logout()
        anonymous = client.get(path, bad)
        assert anonymous.status_code in (401, 403), tail
        assert anonymous["Content-Type"] == PROBLEM
        for user in (zwijndrecht.account_holder, zwijndrecht.lwb_a_admin, dordrecht.lwb_b_admin):
            login(client, user)
            plain = client.get(path).status_code
            if plain == 200:  # the company may read this list (its own rows only)
                continue
            response = client.get(path, bad)
            assert response.status_code == plain and plain in (403, 404), (tail, user, plain)
            assert response["Content-Type"] == PROBLEM


def test_page_size_is_counted_as_paging_not_as_a_filter_in_the_read_log(client, dordrecht, steps):
    from participatie.privacy.models import ReadEvent

    with in_tenant(dordrecht.municipality):
        ParticipantFactory(municipality=dordrecht.municipality)
    login(client, dordrecht.consultant)
    assert client.get(url(dordrecht, "participants"), {"pageSize": "5"}).status_code == 200
    with in_tenant(dordrecht.municipality):
        assert ReadEvent.objects.get().filters == {}
        assert Participant.objects.count() == 1


# --- language ---------------------------------------------------------------------------------


def test_the_api_answers_in_dutch_unless_the_user_chose_english(client, dordrecht, steps):
    login(client, dordrecht.consultant)
    path = url(dordrecht, "placements")
    browser = client.get(path, {"kind": "xx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Selecteer een geldige keuze" in messages_of(browser)
    dordrecht.consultant.language = "en"
    dordrecht.consultant.save(update_fields=["language"])
    chosen = client.get(path, {"kind": "xx"})
    assert "Select a valid choice" in messages_of(chosen)


# --- bodies, over every write endpoint ----------------------------------------------------------

WRITES = sorted(
    (path[len(PREFIX) :], method)
    for path, method, operation in operations()
    if method in ("post", "put", "patch")
    and "application/json" in operation.get("requestBody", {}).get("content", {})
    and "{" not in path[len(PREFIX) :]
)


def test_unknown_body_fields_are_400_naming_each_on_every_collection_write(
    client, dordrecht, steps
):
    users = [dordrecht.account_holder, dordrecht.consultant, dordrecht.lwb_a_admin]
    covered = []
    for tail, method in WRITES:
        for user in users:
            login(client, user)
            send = getattr(client, method)
            response = send(
                url(dordrecht, tail),
                {"bogusField": 1, "rows": [], "another_one": "x"},
                content_type="application/json",
            )
            if response.status_code in (401, 403):
                continue
            assert response.status_code == 400, (tail, response.status_code, response.content)
            assert {"bogusField", "another_one"} <= names_of(response), (tail, response.json())
            covered.append(tail)
            break
    assert {"steps", "tariffs", "referrals", "attendance", "decisions"} <= set(covered), covered


def test_types_are_checked_as_the_schema_says(client, dordrecht, steps):
    login(client, dordrecht.account_holder)
    response = client.post(
        url(dordrecht, "steps"),
        {"year": "2023", "code": 123, "label": True},
        content_type="application/json",
    )
    assert names_of(response) == {"year", "code", "label"}
    assert "geheel getal" in messages_of(response) and "tekst" in messages_of(response)


def test_attendance_rows_with_unknown_fields_name_the_row(client, dordrecht, steps):
    login(client, dordrecht.lwb_a_admin)
    response = client.put(
        url(dordrecht, "attendance"),
        {"rows": [{"placement": 1, "day": "2022-03-01", "status": "present", "colour": "x"}]},
        content_type="application/json",
    )
    assert names_of(response) == {"rows.0.colour"}


class _Address(serializers.Serializer):
    street = serializers.CharField()


class _Everything(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField()
    count = serializers.IntegerField(required=False)
    share = serializers.FloatField(required=False)
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, required=False)
    on = serializers.DateField(required=False)
    active = serializers.BooleanField(required=False)
    kind = serializers.ChoiceField(choices=[("a", "A")], required=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    address = _Address(required=False)
    addresses = _Address(many=True, required=False)
    note = serializers.CharField(required=False, allow_null=True)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"name": "x"}, set()),
        ({"name": "x", "id": 3}, {"id"}),
        ({"name": "x", "nmae": "y", "extra": 1}, {"nmae", "extra"}),
        ({"name": 5}, {"name"}),
        ({"name": "x", "count": "5"}, {"count"}),
        ({"name": "x", "count": True}, {"count"}),
        ({"name": "x", "count": 5, "share": 0.5, "amount": "12.50"}, set()),
        ({"name": "x", "share": "0.5"}, {"share"}),
        ({"name": "x", "amount": 12.5}, {"amount"}),
        ({"name": "x", "on": "01-02-2024"}, {"on"}),
        ({"name": "x", "on": "2024-02-30"}, {"on"}),
        ({"name": "x", "on": "2024-02-01"}, set()),
        ({"name": "x", "active": "true"}, {"active"}),
        ({"name": "x", "active": 1}, {"active"}),
        ({"name": "x", "active": False, "kind": "a"}, set()),
        ({"name": "x", "kind": 1}, {"kind"}),
        ({"name": "x", "tags": "a"}, {"tags"}),
        ({"name": "x", "tags": ["a", 2]}, {"tags"}),
        ({"name": "x", "address": {"street": "a", "number": 1}}, {"address"}),
        ({"name": "x", "address": "Voorstraat"}, {"address"}),
        ({"name": "x", "addresses": [{"street": "a"}, {"street": 1}]}, {"addresses"}),
        ({"name": "x", "note": None}, set()),
    ],
)
def test_body_checker(body, named):
    assert set(strict.body_errors(_Everything(data=body), body, json=True)) == named


def test_body_checker_names_nested_paths():
    body = {"name": "x", "addresses": [{"street": "a"}, {"street": "b", "nr": 1}]}
    errors = strict.body_errors(_Everything(data=body), body, json=True)
    assert list(errors["addresses"][1]) == ["nr"] and errors["addresses"][0] == {}


def test_form_bodies_are_checked_for_unknown_fields_only():
    body = {"name": "x", "count": "5", "nope": "1"}
    assert set(strict.body_errors(_Everything(data=body), body, json=False)) == {"nope"}


# --- cost ---------------------------------------------------------------------------------------


def test_a_view_class_rules_are_worked_out_once():
    """Per request the check is one set lookup per parameter sent (the report of issue 17 has
    the timeit figures); the rules of a view class and method are computed once."""
    view_class = resolve("/api/v1/dordrecht/placements").func.view_class
    rules = strict.query_rules(view_class, "GET")
    assert strict.query_rules(view_class, "GET") is rules
    query = QueryDict("page=2&pageSize=100&active=true&startDateAfter=2024-01-01")
    assert strict.check_query(query, rules) is None  # nothing copied in the usual case
