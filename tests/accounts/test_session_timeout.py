from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from participatie import middleware
from tests.accounts.helpers import password_login, totp_code
from tests.conftest import login


@pytest.fixture
def clock(monkeypatch):
    """A clock for the timeout middleware only; the rest of Django keeps real time."""
    now = {"t": int(time.time())}
    monkeypatch.setattr(
        middleware, "time", SimpleNamespace(time=lambda: now["t"], monotonic=time.monotonic)
    )

    def advance(seconds: int) -> None:
        now["t"] += seconds

    return advance


def _logged_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_idle_session_is_logged_out_with_dutch_message(client, dordrecht, clock, settings):
    login(client, dordrecht.account_holder)
    assert client.get("/dordrecht/").status_code == 200
    clock(settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get("/dordrecht/")
    assert _logged_out(response)
    page = client.get(response["Location"]).content.decode()
    assert "automatisch uitgelogd" in page
    assert _logged_out(client.get("/dordrecht/"))


def test_activity_within_idle_time_keeps_session(client, dordrecht, clock, settings):
    login(client, dordrecht.account_holder)
    client.get("/dordrecht/")
    for _ in range(3):
        clock(settings.SESSION_IDLE_TIMEOUT - 60)
        assert client.get("/dordrecht/").status_code == 200


def test_absolute_timeout_ends_even_an_active_session(client, dordrecht, clock, settings):
    login(client, dordrecht.account_holder)
    client.get("/dordrecht/")
    step = settings.SESSION_IDLE_TIMEOUT // 2
    elapsed = 0
    while elapsed + step <= settings.SESSION_COOKIE_AGE:
        clock(step)
        elapsed += step
        assert client.get("/dordrecht/").status_code == 200
    clock(step)
    assert _logged_out(client.get("/dordrecht/"))


def test_clocks_start_at_login_not_at_next_request(client, dordrecht, clock, settings):
    password_login(client, dordrecht.account_holder.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    clock(settings.SESSION_IDLE_TIMEOUT + 1)
    assert _logged_out(client.get("/dordrecht/"))


def test_expired_session_on_api_gives_401_problem(client, dordrecht, clock, settings):
    login(client, dordrecht.account_holder)
    assert client.get("/api/v1/dordrecht/enrolments").status_code == 200
    clock(settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get("/api/v1/dordrecht/enrolments")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Uw sessie is verlopen."
