"""Redis away (issue 18, item 8): every page still works, requesting a report says in Dutch
that it cannot start now (web: the form again, 503; API: 503 problem+json) and leaves no run
behind, and ``/health`` reports "degraded" naming redis.

Cache and broker point at a port nobody listens on, with Celery really sending (not eager):
the site's own tolerance is what is tested (``participatie.kernel.cache``, ``.jobs``)."""

from __future__ import annotations

import json
import os

import pytest

from participatie.kernel.jobs import JobQueueUnavailable
from participatie.reports.models import ReportStatus
from subsidies.models import SettlementRun
from tests.conftest import in_tenant, login
from tests.navigation.test_menu_walk import ROLES, walk
from tests.navigation.world import World, build_world
from tests.reports_web.conftest import kinds, make_run, media, runs  # noqa: F401 (fixtures)
from tests.subsidies_settle.conftest import AFTER_Q1, place_example, set_up_year

UNAVAILABLE = str(JobQueueUnavailable.message)


@pytest.fixture
def world(dordrecht, zwijndrecht, regional_analyst) -> World:
    return build_world(dordrecht, regional_analyst)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_every_role_works_without_redis(client, world, redis_down, role):
    """The menu walk of each role, with the cache's Redis away: no page fails (a server error
    would raise in the test client); sessions come from the database."""
    login(client, world.users()[role])
    _reached, dead, fetched = walk(client)
    server_errors = [line for line in dead if line.rsplit(": ", 1)[-1].startswith("5")]
    assert not server_errors, f"{role}:\n" + "\n".join(server_errors)
    assert fetched > 5, f"{role}: the walk fetched only {fetched} pages"


def test_a_session_survives_without_redis(client, dordrecht, redis_down):
    """Logged in while Redis is away, and still logged in on the next page (cached_db falls
    back to the database)."""
    login(client, dordrecht.account_holder)
    assert client.get("/dordrecht/").status_code == 200
    assert client.get("/dordrecht/rapportages/").status_code == 200


def test_requesting_a_report_on_the_web_says_it_cannot_start(client, dordrecht, redis_down):
    login(client, dordrecht.account_holder)
    response = client.post(
        "/dordrecht/rapportages/nieuw/telling/", {"year": "2024", "quarter": "1"}
    )
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert "kan nu niet worden gestart" in UNAVAILABLE, "Dutch, in the active language"
    assert runs(dordrecht) == []


def test_making_a_report_again_on_the_web_says_it_cannot_start(client, dordrecht, redis_down):
    done = make_run(dordrecht)
    login(client, dordrecht.account_holder)
    response = client.post(f"/dordrecht/rapportages/{done.reference}/", follow=True)
    assert response.status_code == 200
    assert UNAVAILABLE in response.content.decode()
    assert runs(dordrecht) == [done]


def test_requesting_a_report_in_the_api_is_503_problem_json(client, dordrecht, redis_down):
    login(client, dordrecht.account_holder)
    response = client.post(
        "/api/v1/dordrecht/report-runs",
        json.dumps({"kind": "telling", "parameters": {"year": 2024, "quarter": 1}}),
        content_type="application/json",
    )
    assert response.status_code == 503, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "60"
    problem = response.json()
    assert (problem["status"], problem["detail"]) == (503, UNAVAILABLE)
    assert runs(dordrecht) == []


def test_a_run_whose_task_cannot_be_sent_is_marked_failed(
    client, dordrecht, redis_down, monkeypatch, django_capture_on_commit_callbacks
):
    """The broker answers the check but is gone when the run is sent (after the commit): the
    run is failed with the Dutch message, not left queued for a worker that never sees it,
    and asking again makes a new run."""
    monkeypatch.setattr("participatie.reports.services.job_queue_check", lambda: None)
    login(client, dordrecht.account_holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dordrecht/rapportages/nieuw/telling/", {"year": "2024", "quarter": "1"}
        )
    assert response.status_code == 302
    [run] = runs(dordrecht)
    assert (run.status, run.message) == (ReportStatus.FAILED, UNAVAILABLE)


def test_health_reports_degraded_naming_redis(client, db, redis_down):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "unavailable": ["redis"]}


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_health_is_ok_with_redis(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "participatie.kernel.cache.TolerantRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    response = client.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.fixture
def settleable(dordrecht, monkeypatch):
    """Dordrecht's 2022 set up with the worked example's placement, "on 5 April 2022"."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AFTER_Q1)
    set_up_year(dordrecht)
    place_example(dordrecht)
    return dordrecht


def settlement_runs(side) -> list[SettlementRun]:
    with in_tenant(side.municipality):
        return list(SettlementRun.objects.all())


def test_the_settle_button_says_it_cannot_start(client, settleable, redis_down):
    login(client, settleable.account_holder)
    response = client.post(
        "/dordrecht/subsidies/declaraties/afrekenen/",
        {"afrekenen-year": "2022", "afrekenen-quarter": "1"},
    )
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert settlement_runs(settleable) == []


def test_settling_in_the_api_is_503_problem_json(client, settleable, redis_down):
    login(client, settleable.account_holder)
    response = client.post(
        "/api/v1/dordrecht/statements/settle",
        json.dumps({"year": 2022, "quarter": 1}),
        content_type="application/json",
    )
    assert response.status_code == 503, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == UNAVAILABLE
    assert settlement_runs(settleable) == []
