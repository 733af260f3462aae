"""``POST /api/v1/<m>/statements/settle`` answers 202 with the run and its Location;
``GET settlement-runs/<id>`` reports it until done; ``GET settlement-runs`` lists them.
Refusals are problem+json naming the field; other municipalities, companies and anonymous
callers get nothing; the list keeps its query count."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from subsidies.models import SettlementRun
from tests.conftest import in_tenant, login
from tests.subsidies_settle.conftest import start, statements_of
from tests.subsidies_settle.test_web import _runs

API = "/api/v1/dordrecht"


def settle(client, body, slug="dordrecht"):
    return client.post(f"/api/v1/{slug}/statements/settle", body, content_type="application/json")


def test_settle_answers_202_with_the_run_then_reports_it_done(
    client, configured, django_capture_on_commit_callbacks
):
    login(client, configured.account_holder)
    with django_capture_on_commit_callbacks(execute=False) as jobs:
        response = settle(client, {"year": 2022, "quarter": 1})
    assert response.status_code == 202
    body = response.json()
    assert {key: body[key] for key in ("year", "quarter", "status", "progress", "message")} == {
        "year": 2022,
        "quarter": 1,
        "status": "queued",
        "progress": 0,
        "message": "",
    }
    assert body["statement_count"] == 0 and body["scheduled"] is False
    location = response["Location"]
    assert location.endswith(f"{API}/settlement-runs/{body['id']}")
    # Asking again while it is queued gives the same run.
    again = settle(client, {"year": 2022, "quarter": 1})
    assert again.status_code == 202 and again.json()["id"] == body["id"]
    assert client.get(location).json()["status"] == "queued"
    for job in jobs:
        job()
    polled = client.get(location).json()
    assert (polled["status"], polled["progress"], polled["statement_count"]) == ("done", 100, 1)
    assert polled["finished_at"] is not None
    listed = client.get(f"{API}/settlement-runs?year=2022&quarter=1").json()
    assert [run["id"] for run in listed["results"]] == [body["id"]]
    assert client.get(f"{API}/settlement-runs?quarter=2").json()["count"] == 0
    (statement,) = statements_of(configured)
    assert statement.prepared_by == configured.account_holder


def problem(response):
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    return {error["name"]: error["reason"] for error in response.json()["invalidParams"]}


def test_refusals_are_problem_json_naming_the_field(client, configured):
    login(client, configured.account_holder)
    assert problem(settle(client, {"year": 2022, "quarter": 3})) == {
        "quarter": "Kwartaal 3 van 2022 is nog niet voorbij."
    }
    errors = problem(settle(client, {"year": 2021, "quarter": 4}))
    assert list(errors) == ["year"] and "de tarieven van 2021" in errors["year"]
    assert problem(settle(client, {})) == {
        "year": "Dit veld is verplicht.",
        "quarter": "Dit veld is verplicht.",
    }
    assert "quarter" in problem(settle(client, {"year": 2022, "quarter": 7}))
    assert "year" in problem(settle(client, {"year": "twintig", "quarter": 1}))
    with in_tenant(configured.municipality):
        assert not SettlementRun.objects.exists()


def test_others_get_nothing(client, configured, zwijndrecht, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = start(configured).run
    detail = f"{API}/settlement-runs/{run.pk}"
    # Anonymous.
    assert client.get(detail).status_code in (401, 403)
    assert settle(client, {"year": 2022, "quarter": 1}).status_code in (401, 403)
    # A company of the municipality.
    login(client, configured.lwb_a_admin)
    assert client.get(detail).status_code == 403
    assert client.get(f"{API}/settlement-runs").status_code == 403
    response = settle(client, {"year": 2022, "quarter": 1})
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    # Another municipality's account holder: no entry to Dordrecht, nothing in their own.
    login(client, zwijndrecht.account_holder)
    assert client.get(detail).status_code == 403
    assert settle(client, {"year": 2022, "quarter": 1}).status_code == 403
    assert client.get(f"/api/v1/zwijndrecht/settlement-runs/{run.pk}").status_code == 404
    assert client.get("/api/v1/zwijndrecht/settlement-runs").json()["count"] == 0
    # A policy officer reads runs, does not start one.
    login(client, configured.policy_officer)
    assert client.get(detail).json()["status"] == "done"
    assert settle(client, {"year": 2022, "quarter": 1}).status_code == 403
    with in_tenant(configured.municipality):
        assert SettlementRun.objects.count() == 1


def test_the_run_list_takes_the_same_queries_for_one_run_or_many(client, dordrecht):
    login(client, dordrecht.account_holder)
    _runs(dordrecht, 1)
    client.get(f"{API}/settlement-runs")
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"{API}/settlement-runs").json()["count"] == 1
    _runs(dordrecht, 30, offset=1)
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"{API}/settlement-runs").json()["count"] == 31
    assert len(many) == len(one)
