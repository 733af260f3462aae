"""API conventions: schema without login, no trailing slashes, API-Version, problem+json."""

from __future__ import annotations

from django.core.management import call_command

from tests.conftest import login


def test_openapi_schema_is_served_without_authentication(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/{municipality_slug}/enrolments" in schema["paths"]
    assert schema["servers"][0]["url"] == "/api/v1"
    assert "apiToken" in schema["components"]["securitySchemes"]
    assert response["API-Version"]


def test_schema_generation_has_no_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


def test_trailing_slash_is_404_not_a_redirect(client, dordrecht):
    login(client, dordrecht.account_holder)
    assert client.get("/api/v1/dordrecht/enrolments").status_code == 200
    response = client.get("/api/v1/dordrecht/enrolments/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_every_api_response_names_the_version(client, dordrecht):
    login(client, dordrecht.account_holder)
    assert client.get("/api/v1/dordrecht/enrolments")["API-Version"] == "1.0.0"
    assert client.get("/api/v1/dordrecht/nothing-here")["API-Version"] == "1.0.0"


def test_errors_are_problem_json_with_status_and_detail(client, dordrecht, meierijstad):
    login(client, meierijstad.account_holder)
    response = client.get("/api/v1/dordrecht/enrolments")
    assert response.status_code == 403
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 403 and body["detail"] and body["title"]


def test_unknown_municipality_is_problem_404(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.get("/api/v1/atlantis/enrolments")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_enrolment_list_pages_and_filters(client, dordrecht):
    login(client, dordrecht.account_holder)
    body = client.get("/api/v1/dordrecht/enrolments?status=active").json()
    assert body["count"] == 2 and len(body["results"]) == 2
    assert client.get("/api/v1/dordrecht/enrolments?status=ended").json()["count"] == 0
