"""PUT/GET /api/v1/<municipality>/attendance: bulk, idempotent, all or nothing, problem+json."""

from __future__ import annotations

import json

import pytest

from participatie.attendance.choices import AttendanceStatus
from participatie.models import Attendance, AttendanceCorrection
from tests.attendance.conftest import D, make_placements, put_json, token_for
from tests.conftest import in_tenant, login
from tests.factories import AttendanceLockFactory

URL = "/api/v1/dordrecht/attendance"
PROBLEM = "application/problem+json"
PRESENT = AttendanceStatus.PRESENT.value


def count(side) -> int:
    with in_tenant(side.municipality):
        return Attendance.objects.filter(municipality=side.municipality).count()


def batch(placements, days: int) -> list[dict]:
    statuses = AttendanceStatus.values
    return [
        {
            "placement": placement.pk,
            "day": D.fromordinal(D(2022, 2, 15).toordinal() + n).isoformat(),
            "status": statuses[(i + n) % len(statuses)],
            "hours": f"{(i + n) % 9}.5",
        }
        for i, placement in enumerate(placements)
        for n in range(days)
    ]


def test_same_10000_rows_twice_leave_10000_and_one_bad_row_rejects_the_batch(client, dordrecht):
    """Acceptance: the same 10,000-row batch sent twice leaves exactly 10,000 rows; one bad row
    rejects the whole batch and names the row."""
    placements = make_placements(dordrecht, dordrecht.lwb_a, 100)
    rows = batch(placements, 100)
    token = token_for(dordrecht.lwb_a_supervisor)
    first = put_json(client, URL, {"rows": rows}, token)
    assert first.status_code == 200, first.content[:500]
    assert first.json() == {
        "created": 10_000,
        "updated": 0,
        "unchanged": 0,
        "corrections": 0,
        "total": 10_000,
    }
    second = put_json(client, URL, {"rows": rows}, token)
    assert second.json()["unchanged"] == 10_000 and second.json()["created"] == 0
    assert count(dordrecht) == 10_000

    changed = [dict(row, status=PRESENT, hours="8") for row in rows]
    changed[6_789]["day"] = "2030-01-01"
    response = put_json(client, URL, {"rows": changed}, token)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["invalidParams"] == [
        {"name": "rows.6789.day", "code": "invalid", "reason": body["invalidParams"][0]["reason"]}
    ]
    assert "toekomst" in body["invalidParams"][0]["reason"]
    assert "6789" in body["detail"]
    with in_tenant(dordrecht.municipality):
        assert not Attendance.objects.filter(hours=8).exists()  # nothing of the batch saved
    assert count(dordrecht) == 10_000


@pytest.fixture
def token_a(dordrecht):
    return token_for(dordrecht.lwb_a_supervisor)


def row(placement, day="2022-03-01", **extra):
    return {"placement": placement.pk, "day": day, "status": PRESENT, "hours": "4.5", **extra}


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"day": "2022-01-01"}, "day", "buiten de plaatsing"),
        ({"day": "2999-01-01"}, "day", "toekomst"),
        ({"day": "1-3-2022"}, "day", "JJJJ-MM-DD"),
        ({"hours": "25"}, "hours", "tussen 0 en 24"),
        ({"hours": -0.5}, "hours", "tussen 0 en 24"),
        ({"status": "aanwezig"}, "status", "Onbekende status"),
        ({"placement": "abc"}, "placement", "plaatsing"),
    ],
)
def test_bad_row_is_named_and_nothing_saved(
    client, dordrecht, placement_a, token_a, change, field, text
):
    rows = [row(placement_a, "2022-03-02"), {**row(placement_a), **change}]
    response = put_json(client, URL, {"rows": rows}, token_a)
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    errors = response.json()["invalidParams"]
    assert errors[0]["name"] == f"rows.1.{field}", errors
    assert text in errors[0]["reason"]
    assert count(dordrecht) == 0


def test_locked_period_is_refused(client, dordrecht, placement_a, token_a):
    with in_tenant(dordrecht.municipality):
        AttendanceLockFactory(municipality=dordrecht.municipality, locked_until=D(2022, 3, 31))
    response = put_json(client, URL, {"rows": [row(placement_a)]}, token_a)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "rows.0.day"
    assert "vergrendeld" in response.json()["invalidParams"][0]["reason"]


def test_consultant_token_corrects_a_locked_day_with_a_reason(client, dordrecht, placement_a):
    with in_tenant(dordrecht.municipality):
        AttendanceLockFactory(municipality=dordrecht.municipality, locked_until=D(2022, 3, 31))
    token = token_for(dordrecht.consultant)
    response = put_json(client, URL, {"rows": [row(placement_a, reason="Nagekomen")]}, token)
    assert response.status_code == 200 and response.json()["corrections"] == 1
    with in_tenant(dordrecht.municipality):
        assert AttendanceCorrection.objects.get().flagged_for_statement


def test_someone_elses_placement_reads_like_an_unknown_one(
    client, dordrecht, placement_a, placement_b, placement_z, token_a
):
    rows = [row(placement_b), row(placement_z), {**row(placement_a), "placement": 99_999_999}]
    response = put_json(client, URL, {"rows": rows}, token_a)
    assert response.status_code == 400
    messages = [
        e["reason"].replace(str(pk), "#")
        for e, pk in zip(
            response.json()["invalidParams"],
            [placement_b.pk, placement_z.pk, 99_999_999],
            strict=True,
        )
    ]
    assert len(set(messages)) == 1
    assert count(dordrecht) == 0


def test_malformed_json_is_problem_400(client, dordrecht, token_a):
    response = put_json(client, URL, '{"rows": [', token_a)
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert "JSON" in response.json()["detail"]
    response = put_json(client, URL, {"rijen": []}, token_a)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "rows"


def test_more_than_50000_rows_is_413_before_validating(client, dordrecht, token_a):
    response = put_json(client, URL, {"rows": [{}] * 50_001}, token_a)
    assert response.status_code == 413 and response["Content-Type"] == PROBLEM
    assert "50.000" in response.json()["detail"]


def test_50000_rows_fit_the_body_limit(client, dordrecht, placement_a, token_a):
    """A full-size batch (about 4 MB, above Django's 2.5 MB form limit) is read and checked."""
    rows = [row(placement_a, reason="x" * 20)] * 50_000
    body = json.dumps({"rows": rows})
    assert len(body) > 4_000_000
    response = put_json(client, URL, body, token_a)
    assert response.status_code == 400  # duplicates, but read and checked row by row
    assert response.json()["invalidParams"][0]["name"] == "rows.1.day"


def test_unbounded_body_is_413(client, dordrecht, token_a):
    body = '{"rows": [], "padding": "' + "x" * (17 * 1024 * 1024) + '"}'
    response = put_json(client, URL, body, token_a)
    assert response.status_code == 413 and response["Content-Type"] == PROBLEM


def test_get_lists_own_company_rows_filtered_and_paginated(
    client, dordrecht, placement_a, placement_b, token_a
):
    consultant = token_for(dordrecht.consultant)
    rows = [row(placement_a, f"2022-03-{d:02d}") for d in range(1, 11)] + [row(placement_b)]
    assert put_json(client, URL, {"rows": rows}, consultant).status_code == 200
    headers = {"HTTP_AUTHORIZATION": f"Token {token_a}"}
    body = client.get(URL, **headers).json()
    assert body["count"] == 10  # company A does not see company B's row
    body = client.get(
        f"{URL}?placement={placement_a.pk}&from=2022-03-03&to=2022-03-05", **headers
    ).json()
    assert [r["day"] for r in body["results"]] == ["2022-03-03", "2022-03-04", "2022-03-05"]
    assert body["results"][0]["status"] == PRESENT and body["results"][0]["hours"] == "4.50"
    bad = client.get(f"{URL}?from=gisteren", **headers)
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "from"


def test_roles_without_write_access_get_403(client, dordrecht, placement_a):
    login(client, dordrecht.account_holder)
    response = put_json(client, URL, {"rows": [row(placement_a)]})
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM


def test_other_municipality_sees_nothing(client, dordrecht, meierijstad, placement_a):
    token = token_for(meierijstad.lwb_a_admin)
    response = put_json(client, URL, {"rows": [row(placement_a)]}, token)
    assert response.status_code == 403
    assert count(dordrecht) == 0
