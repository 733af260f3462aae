"""A worker process killed (SIGKILL) in the middle of a settlement: no half-written statement,
the run is not "done", and the message comes back so a new worker process settles the quarter
exactly once (issue 18, item 8).

A real ``celery worker`` (prefork, one child) on the committed test database and the Redis of
``REDIS_URL``. The child stops at ``settlement.statements_written`` (the statements are written
inside the run's transaction, not committed; ``participatie.kernel.jobs.fault_point``) and is
killed there, as the kernel's out-of-memory killer would. ``acks_late`` with
``reject_on_worker_lost`` gives the message back to the queue; the worker's next child takes
it, finds the marker and goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from config.celery import app as celery_app
from participatie.kernel.jobs import FAULT_POINT_ENV
from subsidies.choices import SettlementRunStatus
from subsidies.models import QuarterStatement, SettlementRun, StatementLine
from tests.conftest import in_tenant
from tests.subsidies_settle.conftest import AFTER_Q1, place_example, set_up_year, start

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def worker_process(marker: Path) -> subprocess.Popen:
    """``celery worker`` (prefork, one child) on the test database, pausing at the fault
    point once."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        + "/"
        + connection.settings_dict["NAME"],
        FAULT_POINT_ENV: f"settlement.statements_written:{marker}",
    }
    code = (
        # PR_SET_PDEATHSIG: the worker dies with this process even if the test run is killed.
        "import ctypes, signal; ctypes.CDLL('libc.so.6').prctl(1, signal.SIGKILL);"
        "import django; django.setup();"
        "from config.celery import app;"
        "app.worker_main(['worker', '--pool=prefork', '--concurrency=1', '--loglevel=WARNING',"
        " '--without-mingle', '--without-gossip', '--without-heartbeat',"
        f" '--queues={celery_app.conf.task_default_queue}'])"
    )
    return subprocess.Popen([sys.executable, "-c", code], env=env)


def wait_for(condition, worker: subprocess.Popen, what: str):
    """Poll until ``condition()`` is truthy, failing as soon as the worker exits. No clock
    deadline: a busy machine may take long, and CI's own time limit bounds a hang."""
    while not (value := condition()):
        assert worker.poll() is None, f"the worker exited before {what}"
        time.sleep(0.05)
    return value


def rows(side) -> tuple[SettlementRun, list[QuarterStatement], list[str]]:
    """The run, its statements and the amounts of all statement lines (as text)."""
    with in_tenant(side.municipality):
        run = SettlementRun.objects.get()
        statements = list(QuarterStatement.objects.filter(municipality=side.municipality))
        lines = StatementLine.objects.filter(municipality=side.municipality).order_by("amount")
        amounts = [str(amount) for amount in lines.values_list("amount", flat=True)]
    return run, statements, amounts


def test_a_worker_killed_mid_settlement_leaves_nothing_and_the_next_settles_once(
    dordrecht, tmp_path
):
    set_up_year(dordrecht)
    place_example(dordrecht)
    marker = tmp_path / "settlement-paused"
    redis_url = os.environ["REDIS_URL"]
    celery_app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    worker = worker_process(marker)
    try:
        start(dordrecht, today=AFTER_Q1)  # the run's message is sent on commit
        child = int(
            wait_for(
                lambda: marker.exists() and marker.read_text(), worker, "the settlement paused"
            )
        )
        # The child holds the run's transaction open, its statements written but not committed.
        run, statements, lines = rows(dordrecht)
        assert (run.status, statements, lines) == (SettlementRunStatus.QUEUED, [], [])

        os.kill(child, signal.SIGKILL)
        run, statements, lines = rows(dordrecht)
        assert run.status != SettlementRunStatus.DONE
        assert (statements, lines) == ([], []), "the killed run left rows behind"

        # The message comes back; the worker's new child settles the quarter once.
        run = wait_for(
            lambda: (
                (r := rows(dordrecht)[0]).status
                not in (SettlementRunStatus.QUEUED, SettlementRunStatus.RUNNING)
                and r
            ),
            worker,
            "the run finished",
        )
    finally:
        celery_app.conf.update(task_always_eager=True)
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    run, statements, lines = rows(dordrecht)
    assert run.status == SettlementRunStatus.DONE, run.message
    assert run.statement_count == 1
    [statement] = statements
    # The worked example settled once (tests/subsidies/test_settle_quarter.py): two step
    # lines and the base fee, no line twice.
    assert statement.total == Decimal("443.49")
    assert lines == ["157.53", "210.96"]
