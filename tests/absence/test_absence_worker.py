"""The absence job on a real Celery worker over Redis (the worker runs in a thread with its own
database connection): a 6-week gap raises one signal, a second run raises none, a present day
closes the streak."""

from __future__ import annotations

import os

import pytest

from config.celery import app as celery_app
from participatie.absence.tasks import raise_absence_signals
from tests.absence.conftest import days_ago, mark, place, signals


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_absence_job_on_a_real_worker(dordrecht, zwijndrecht):
    from celery.contrib.testing.worker import start_worker

    placement = place(dordrecht, start=days_ago(100))
    mark(dordrecht, placement, days_ago(50))
    place(zwijndrecht, start=days_ago(100))
    redis_url = os.environ["REDIS_URL"]
    celery_app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    ids = {"municipality_ids": [dordrecht.municipality.id]}
    try:
        with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            first = raise_absence_signals.apply_async(kwargs=ids).get()
            second = raise_absence_signals.apply_async(kwargs=ids).get()
            mark(dordrecht, placement, days_ago(0))
            third = raise_absence_signals.apply_async(kwargs=ids).get()
    finally:
        celery_app.conf.update(task_always_eager=True)
    assert first[0]["raised"] == 1
    assert second[0]["raised"] == 0
    assert third[0] == {"municipality_id": dordrecht.municipality.id, "closed": 1, "raised": 0}
    [signal] = signals(dordrecht)
    assert signal.streak_start == days_ago(49) and signal.closed_on == days_ago(0)
    assert signals(zwijndrecht) == []  # the Dordrecht task saw no Zwijndrecht placement
