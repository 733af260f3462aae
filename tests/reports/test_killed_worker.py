"""A worker process killed (SIGKILL) in the middle of a run: the run stays "running" without
files, never "done" with half of them; the stale-run sweep sends it to a new worker, which
finishes it. Real processes over Redis, like production."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from config.celery import app as celery_app
from participatie.choices import Role
from participatie.models import ReportRun, ReportStatus
from participatie.reports import services, tasks
from tests.conftest import in_tenant
from tests.reports.conftest import SLUG, place


def _run(side):
    with in_tenant(side.municipality):
        return ReportRun.objects.get(kind=SLUG)


def _worker_process() -> subprocess.Popen:
    """``celery worker`` on the test database, with the test kind registered in it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        + "/"
        + connection.settings_dict["NAME"],
    }
    code = (
        # PR_SET_PDEATHSIG: the worker dies with this process even if the test run is killed,
        # so no stray worker is left to take later tests' messages from the shared queue.
        "import ctypes, signal; ctypes.CDLL('libc.so.6').prctl(1, signal.SIGKILL);"
        "import django; django.setup();"
        "from participatie.reports.registry import register_report_kind;"
        "from tests.reports.conftest import KIND; register_report_kind(KIND);"
        "from config.celery import app;"
        "app.worker_main(['worker', '--pool=solo', '--concurrency=1', '--loglevel=WARNING',"
        " '--without-mingle', '--without-gossip', '--without-heartbeat',"
        f" '--queues={celery_app.conf.task_default_queue}'])"
    )
    return subprocess.Popen([sys.executable, "-c", code], env=env)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_no_run_done_and_the_next_worker_finishes_it(test_kind, dordrecht):
    from celery.contrib.testing.worker import start_worker

    for n in range(40):  # enough rows that the PDF takes a moment
        place(dordrecht, f"Deelnemer{n}", datetime.date(2022, 3, 1))
    redis_url = os.environ["REDIS_URL"]
    celery_app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    worker = _worker_process()
    try:
        with in_tenant(dordrecht.municipality):
            services.report_request(
                kind_slug=SLUG,
                data={"year": "2022"},
                user=dordrecht.account_holder,
                roles={Role.ACCOUNT_HOLDER},
                municipality=dordrecht.municipality,
            )
        while _run(dordrecht).status == ReportStatus.QUEUED:
            assert worker.poll() is None, "the worker exited before it claimed the run"
            time.sleep(0.01)
        os.kill(worker.pid, signal.SIGKILL)  # mid-run: claimed, files not attached yet
        worker.wait()

        run = _run(dordrecht)
        if run.status == ReportStatus.DONE:
            pytest.skip("the worker finished before it could be killed")
        assert run.status == ReportStatus.RUNNING
        assert not run.pdf and not run.xlsx and not run.csv

        # Half an hour later nothing has moved: the sweep sends the run to a worker again.
        with in_tenant(dordrecht.municipality):
            long_ago = timezone.now() - timedelta(hours=1)
            ReportRun.objects.filter(pk=run.pk).update(requested_at=long_ago, heartbeat_at=long_ago)
        with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            with transaction.atomic():
                assert tasks.requeue_stale_runs() == 1
            while (run := _run(dordrecht)).status != ReportStatus.DONE:
                assert run.status != ReportStatus.FAILED, run.message
                time.sleep(0.1)
    finally:
        celery_app.conf.update(task_always_eager=True)
        if worker.poll() is None:
            worker.kill()
    assert run.attempts == 2
    assert run.pdf.size > 0 and run.xlsx.size > 0 and run.csv.size > 0
