"""The report API: the kinds a role may request with their parameters, requesting a run (new:
201, same data: the same run back, ``force``: a new one), its status and progress, each file
through the authorising download, and nothing for companies, other municipalities or anonymous
callers. Uses the tests' own kinds (``telling``: municipal staff; ``mu-lijst``: the matching
unit only; see conftest)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from participatie.reports import registry
from participatie.reports.forms import DateForm
from participatie.reports.models import ReportStatus
from tests.api.conftest import count_queries, get, post
from tests.api.problems import assert_nothing, invalid_fields
from tests.conftest import login
from tests.reports_web.conftest import PDF, TELLING, make_run, runs

Q1_2024 = {"year": 2024, "quarter": 1}
# A kind with a date parameter (the occupancy report's shape), open to the same roles.
PEILDATUM = replace(
    TELLING,
    slug="peildatum",
    title="Peildatum",
    form=DateForm,
    fingerprint=lambda ctx: ctx.parameters["date"].isoformat(),
    quarterly=False,
)


@pytest.fixture(autouse=True)
def date_kind(kinds):
    registry.register_report_kind(PEILDATUM)


def api(side, tail: str) -> str:
    return f"/api/v1/{side.municipality.slug}/{tail}"


def test_kinds_follow_the_role_with_the_forms_parameters(client, dordrecht):
    kinds = get(client, dordrecht.account_holder, api(dordrecht, "report-kinds")).json()
    assert [k["slug"] for k in kinds] == ["peildatum", "telling"]
    telling = {k["slug"]: k for k in kinds}["telling"]
    assert telling["title"] == "Telling"
    assert [(p["name"], p["type"], p["required"]) for p in telling["parameters"]] == [
        ("year", "integer", True),
        ("quarter", "choice", True),
    ]
    assert telling["parameters"][1]["choices"] == ["1", "2", "3", "4"]
    mine = get(client, dordrecht.consultant, api(dordrecht, "report-kinds")).json()
    assert [k["slug"] for k in mine] == ["mu-lijst"]


def test_request_a_run_then_the_same_data_gives_it_back(client, dordrecht):
    body = {"kind": "telling", "parameters": Q1_2024}
    response = post(client, dordrecht.account_holder, api(dordrecht, "report-runs"), body)
    assert response.status_code == 201, response.content
    created = response.json()
    [run] = runs(dordrecht)
    assert created["reference"] == str(run.reference)
    assert (created["kind"], created["status"], created["progress"]) == ("telling", "queued", 0)
    assert created["finished"] is False and created["files"] == []
    assert (run.parameters, run.requested_by) == (Q1_2024, dordrecht.account_holder)
    again = post(client, dordrecht.account_holder, api(dordrecht, "report-runs"), body)
    assert again.status_code == 200 and again.json()["reference"] == created["reference"]
    forced = post(
        client, dordrecht.account_holder, api(dordrecht, "report-runs"), {**body, "force": True}
    )
    assert forced.status_code == 201 and forced.json()["reference"] != created["reference"]
    assert len(runs(dordrecht)) == 2


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"kind"}),
        ({"kind": "bestaat-niet", "parameters": Q1_2024}, {"kind"}),
        ({"kind": "regio-balans", "parameters": Q1_2024}, {"kind"}),  # regional only
        ({"kind": "telling", "parameters": {"year": 2024}}, {"parameters.quarter"}),
        ({"kind": "telling", "parameters": {"year": 2100, "quarter": 1}}, {"parameters.year"}),
        ({"kind": "telling", "parameters": {**Q1_2024, "extra": 1}}, {"parameters.extra"}),
        (
            {"kind": "telling", "parameters": {"year": 2019, "quarter": 1}},
            {"parameters"},
        ),  # no data
        ({"kind": "telling", "parameters": [2024, 1]}, {"parameters"}),
        ({"kind": "telling", "parameters": Q1_2024, "force": "soms"}, {"force"}),
        ({"kind": "peildatum", "parameters": {"date": "01-03-2024"}}, {"parameters.date"}),
        ({"kind": "peildatum", "parameters": {"date": "20240301"}}, {"parameters.date"}),
        ({"kind": "peildatum", "parameters": {"date": "2024-02-30"}}, {"parameters.date"}),
    ],
)
def test_bad_requests_name_the_field_and_make_no_run(client, dordrecht, body, fields):
    response = post(client, dordrecht.account_holder, api(dordrecht, "report-runs"), body)
    assert invalid_fields(response) == fields
    assert runs(dordrecht) == []


def test_a_date_parameter_in_iso_form_is_taken(client, dordrecht):
    body = {"kind": "peildatum", "parameters": {"date": "2024-03-01"}}
    response = post(client, dordrecht.account_holder, api(dordrecht, "report-runs"), body)
    assert response.status_code == 201, response.content
    assert response.json()["parameters"] == {"date": "2024-03-01"}


def test_a_kind_the_role_may_not_request_is_refused(client, dordrecht):
    body = {"kind": "mu-lijst", "parameters": Q1_2024}
    assert_nothing(post(client, dordrecht.account_holder, api(dordrecht, "report-runs"), body), 403)
    assert runs(dordrecht) == []


def test_status_progress_and_files_of_a_run(client, dordrecht):
    done = make_run(dordrecht, files=("pdf", "csv"))
    running = make_run(dordrecht, status=ReportStatus.RUNNING, progress=40, progress_label="Tellen")
    login(client, dordrecht.policy_officer)
    body = client.get(api(dordrecht, f"report-runs/{running.reference}")).json()
    assert (body["status"], body["progress"], body["progress_label"]) == ("running", 40, "Tellen")
    assert body["finished"] is False and body["files"] == []
    body = client.get(api(dordrecht, f"report-runs/{done.reference}")).json()
    assert body["finished"] is True and body["progress"] == 100
    files = {f["format"]: f["url"] for f in body["files"]}
    assert set(files) == {"pdf", "csv"}
    response = client.get(files["pdf"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="telling-2024-k1.pdf"'
    assert b"".join(response.streaming_content) == PDF
    csv = client.get(api(dordrecht, f"report-runs/{done.reference}/files/csv"))
    assert csv["Content-Disposition"] == 'attachment; filename="telling-2024-k1.csv"'
    for fmt in ("xlsx", "docx"):  # never made; no such format
        response = client.get(api(dordrecht, f"report-runs/{done.reference}/files/{fmt}"))
        assert_nothing(response, 404)
    response = client.get(api(dordrecht, f"report-runs/{running.reference}/files/pdf"))
    assert_nothing(response, 404)


def test_the_list_shows_the_runs_of_the_roles_kinds(client, dordrecht):
    telling = make_run(dordrecht)
    mu_list = make_run(dordrecht, kind="mu-lijst", requested_by=dordrecht.consultant)
    listed = get(client, dordrecht.account_holder, api(dordrecht, "report-runs")).json()
    assert [r["reference"] for r in listed["results"]] == [str(telling.reference)]
    listed = get(client, dordrecht.consultant, api(dordrecht, "report-runs")).json()
    assert [r["reference"] for r in listed["results"]] == [str(mu_list.reference)]
    # The matching unit's run is not found for the account holder, and its file neither.
    for tail in ("", "/files/pdf"):
        path = api(dordrecht, f"report-runs/{mu_list.reference}{tail}")
        assert_nothing(get(client, dordrecht.account_holder, path), 404)


def test_companies_other_municipalities_and_anonymous_get_nothing(client, dordrecht, zwijndrecht):
    ours = make_run(dordrecht)
    theirs = make_run(zwijndrecht, requested_by=zwijndrecht.account_holder)
    paths = lambda side, run: [  # noqa: E731
        api(side, "report-runs"),
        api(side, "report-kinds"),
        api(side, f"report-runs/{run.reference}"),
        api(side, f"report-runs/{run.reference}/files/pdf"),
    ]
    for user in (dordrecht.lwb_a_admin, dordrecht.lwb_a_supervisor, dordrecht.lwb_b_admin):
        for path in paths(dordrecht, ours):
            assert_nothing(get(client, user, path), 403)
        body = {"kind": "telling", "parameters": Q1_2024}
        assert_nothing(post(client, user, api(dordrecht, "report-runs"), body), 403)
    for path in paths(zwijndrecht, theirs):  # no membership in Zwijndrecht
        assert_nothing(get(client, dordrecht.account_holder, path), 403)
    for tail in ("", "/files/pdf"):  # Zwijndrecht's run through Dordrecht's API
        path = api(dordrecht, f"report-runs/{theirs.reference}{tail}")
        assert_nothing(get(client, dordrecht.account_holder, path), 404)
    client.logout()
    for path in paths(dordrecht, ours):
        assert_nothing(client.get(path), 401, 403)
    assert len(runs(dordrecht)) == 1


def test_list_query_count_does_not_grow_with_rows(client, dordrecht, django_assert_max_num_queries):
    login(client, dordrecht.account_holder)
    make_run(dordrecht)
    make_run(dordrecht, status=ReportStatus.RUNNING)
    one = count_queries(client, api(dordrecht, "report-runs"))
    for _ in range(10):
        make_run(dordrecht)
        make_run(dordrecht, status=ReportStatus.QUEUED)
    with django_assert_max_num_queries(one):
        assert client.get(api(dordrecht, "report-runs")).json()["count"] == 22
