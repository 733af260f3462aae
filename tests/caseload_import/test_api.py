"""The import API: upload with a dry run, read the run, commit, undo; bad input is
problem+json naming the field."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from participatie.models import Participant, Placement
from tests.caseload_import.conftest import kvks
from tests.caseload_import.helpers import person, row, xlsx
from tests.conftest import in_tenant, login

PROBLEM = "application/problem+json"


def base(side):
    return f"/api/v1/{side.municipality.slug}/imports"


def good(place, n=1):
    return row(
        **person(n), leerwerkbedrijf=kvks(place)[0], startdatum="01-03-2022", uren_per_week=12
    )


def upload(client, side, content, **data):
    return client.post(base(side), {"file": SimpleUploadedFile("caseload.xlsx", content), **data})


def test_dry_run_then_get_then_commit_then_undo(client, place):
    login(client, place.consultant)
    response = upload(client, place, xlsx([good(place), good(place, 2)]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["rows"], body["errors"], body["placements_created"]) == (
        "checked",
        2,
        [],
        2,
    )
    with in_tenant(place.municipality):
        assert Placement.objects.count() == 0
    reference = body["reference"]
    assert client.get(f"{base(place)}/{reference}").json()["status"] == "checked"
    response = client.post(f"{base(place)}/{reference}/commit")
    assert response.status_code == 200 and response.json()["status"] == "committed"
    assert response.json()["undo_until"]
    with in_tenant(place.municipality):
        assert Placement.objects.count() == 2
    assert client.post(f"{base(place)}/{reference}/commit").status_code == 409
    response = client.post(f"{base(place)}/{reference}/undo")
    assert response.status_code == 200 and response.json()["status"] == "undone"
    with in_tenant(place.municipality):
        assert Placement.objects.count() == 0 and Participant.objects.count() == 0
    response = client.post(f"{base(place)}/{reference}/undo")
    assert response.status_code == 409 and response["Content-Type"] == PROBLEM


def test_problems_come_with_row_and_column_and_a_marked_file(client, place):
    login(client, place.consultant)
    bad = {**good(place), "geboortedatum": "31-02-1980"}
    body = upload(client, place, xlsx([good(place, 2), bad])).json()
    assert body["errors"] == [
        {"row": 3, "column": "D", "field": "geboortedatum", "message": "Deze datum bestaat niet."}
    ]
    response = client.get(body["error_file"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_dry_run_false_imports_at_once_or_says_422(client, place):
    login(client, place.consultant)
    response = upload(client, place, xlsx([good(place)]), dry_run="false")
    assert response.status_code == 201 and response.json()["status"] == "committed"
    bad = {**good(place, 3), "uren_per_week": "veel"}
    response = upload(client, place, xlsx([bad]), dry_run="false")
    assert response.status_code == 422 and response["Content-Type"] == PROBLEM
    assert response.json()["invalidParams"][0] | {"reason": ""} == {
        "name": "uren_per_week",
        "code": "invalid",
        "row": 2,
        "column": "P",
        "reason": "",
    }
    with in_tenant(place.municipality):
        assert Placement.objects.count() == 1


def test_bad_input_is_problem_json_naming_the_field(client, place):
    login(client, place.consultant)
    response = client.post(base(place), {})
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert response.json()["invalidParams"][0]["name"] == "file"
    response = upload(client, place, b"%PDF-1.4 binary")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "file"
    assert "geen spreadsheet" in response.json()["invalidParams"][0]["reason"]
    response = upload(client, place, xlsx([good(place)]), mapping="{nope")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "mapping"
    response = upload(client, place, xlsx([good(place)]), mapping=json.dumps({"bsn": "Niet er"}))
    assert (
        response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "mapping.bsn"
    )


def test_a_mapping_by_heading(client, place):
    login(client, place.consultant)
    headers = ["Burger", "Naam deelnemer", "Geb.datum", "Plek bij", "Start", "Uren"]
    values = good(place)
    data = {
        "Burger": values["bsn"],
        "Naam deelnemer": f"{values['voornaam']} {values['achternaam']}",
        "Geb.datum": values["geboortedatum"],
        "Plek bij": values["leerwerkbedrijf"],
        "Start": values["startdatum"],
        "Uren": 10,
    }
    mapping = {"bsn": "Burger"}
    response = upload(
        client, place, xlsx([data], headers=headers), mapping=json.dumps(mapping), dry_run="false"
    )
    assert response.status_code == 201, response.content
    assert response.json()["placements_created"] == 1
    with in_tenant(place.municipality):
        person_ = Participant.objects.get()
        assert (person_.first_name, person_.last_name) == (values["voornaam"], values["achternaam"])


def test_list_is_constant_in_queries(client, place, django_assert_max_num_queries):
    login(client, place.consultant)
    upload(client, place, xlsx([good(place)]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(base(place)).status_code == 200
    for n in range(4):
        upload(client, place, xlsx([good(place, n + 5)]))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(base(place)).json()["results"]) == 5
    assert len(many) == len(one)
