"""A Celery task enqueued from a Dordrecht request sees only Dordrecht rows: eagerly, and once
with a real worker on Redis (the worker runs in a thread with its own database connection)."""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from config.celery import app as celery_app
from participatie.models import Enrolment
from participatie.tenancy.middleware import TenancyMiddleware
from participatie.tenancy.tasks import TenantTask, enqueue_on_commit
from tests.conftest import on_postgres

results: list[dict] = []


@celery_app.task(base=TenantTask, name="tests.visible_enrolments")
def visible_enrolments(*, municipality_ids: list[int]) -> dict:
    seen = {
        "orm": sorted(set(Enrolment.objects.values_list("municipality_id", flat=True))),
        "count": Enrolment.objects.count(),
    }
    if on_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT municipality_id FROM participatie_enrolment")
            seen["raw"] = sorted(row[0] for row in cursor.fetchall())
    results.append(seen)
    return seen


def _dordrecht_request(user, municipality):
    """Run a view through the tenancy middleware that enqueues the task, like a page would.
    (The worker in the Redis test runs in a thread of this process, so it appends to
    ``results`` as well.)"""

    def view(request):
        enqueue_on_commit(visible_enrolments, municipality_ids=[request.municipality.id])
        return HttpResponse("ok")

    request = RequestFactory().get(f"/{municipality.slug}/")
    request.user = user
    return TenancyMiddleware(view)(request)


def test_task_needs_municipality_ids():
    with pytest.raises(TypeError, match="municipality_ids"):
        visible_enrolments.apply(kwargs={}).get()


def test_eager_task_from_a_dordrecht_request_sees_only_dordrecht(
    world, django_capture_on_commit_callbacks
):
    dordrecht = world["dordrecht"]
    results.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            _dordrecht_request(dordrecht.account_holder, dordrecht.municipality).status_code == 200
        )
    assert results == [
        {"orm": [dordrecht.municipality.id], "count": 2}
        | ({"raw": [dordrecht.municipality.id]} if on_postgres() else {})
    ]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_worker_on_redis_sees_only_dordrecht(world, settings):
    from celery.contrib.testing.worker import start_worker

    dordrecht = world["dordrecht"]
    redis_url = os.environ["REDIS_URL"]
    celery_app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    try:
        with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            results.clear()
            response = _dordrecht_request(dordrecht.account_holder, dordrecht.municipality)
            assert response.status_code == 200
            # Until the worker has run it, however long a busy machine takes (the CI job's
            # time limit bounds a worker that never does).
            while not results:
                time.sleep(0.1)
            seen = results[0]
    finally:
        celery_app.conf.update(task_always_eager=True)
    assert seen["orm"] == [dordrecht.municipality.id]
    assert seen["count"] == 2
    if on_postgres():
        assert seen["raw"] == [dordrecht.municipality.id]
