"""An API token is a machine's key, not a browser login: its calls store no session and set no
cookie, however many there are."""

from __future__ import annotations

from django.contrib.sessions.models import Session

from participatie.accounts.tokens import api_token_issue


def _calls(client, dordrecht, raw: str) -> list:
    paths = ["placements", "participants", "enrolments", "steps", "step-decisions"]
    return [
        client.get(f"/api/v1/dordrecht/{paths[i % len(paths)]}", HTTP_AUTHORIZATION=f"Token {raw}")
        for i in range(20)
    ]


def test_twenty_token_calls_add_no_session_row_and_no_cookie(client, dordrecht):
    _token, raw = api_token_issue(user=dordrecht.consultant, name="Koppeling", days=30)
    before = Session.objects.count()
    responses = _calls(client, dordrecht, raw)
    assert {response.status_code for response in responses} == {200}
    assert Session.objects.count() == before
    assert not any(response.has_header("Set-Cookie") for response in responses)
    assert not client.cookies


def test_a_write_with_a_token_stores_no_session_either(client, dordrecht, steps):
    _token, raw = api_token_issue(user=dordrecht.consultant, name="Koppeling", days=30)
    response = client.post(
        "/api/v1/dordrecht/referrals",
        {"first_name": "Sanne"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {raw}",
    )
    assert response.status_code == 400  # the body is refused, the caller still authenticated
    assert not response.has_header("Set-Cookie")
    assert Session.objects.count() == 0


def test_a_browser_login_still_has_its_session(client, dordrecht):
    from tests.conftest import login

    login(client, dordrecht.consultant)
    assert client.get("/api/v1/dordrecht/placements").status_code == 200
    assert Session.objects.count() == 1
