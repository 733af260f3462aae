"""The job side of ``test_postgres_restart``, run as its own process against the private
PostgreSQL cluster that test starts (``DATABASE_URL`` points there).

``python -m tests.faults.pg_restart_driver seed``: the worked example's quarter, ready to
settle (Dordrecht, year 2022 set up, one placement).
``python -m tests.faults.pg_restart_driver settle [--restart PGDATA]``: press "Kwartaal
afrekenen"; the job runs (eager, as in the worker) and, with ``--restart``, the cluster is
restarted once in the middle of the job's transaction, right after the statements were
written. Prints the outcome as JSON: the run, its statements and lines (no ids or times) and
how often the job was retried."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from celery.signals import task_retry  # noqa: E402

from participatie.tenancy.context import atomic_tenant_context  # noqa: E402

RESTART_POINT = "settlement.statements_written"


def seed() -> None:
    import tests.subsidies_settle.conftest as settle
    from participatie.models import Region
    from tests.conftest import make_side

    region = Region.objects.create(slug="drechtsteden", name="Drechtsteden")
    side = make_side("dordrecht", "Dordrecht", "GM0505", region)
    settle.set_up_year(side)
    settle.place_example(side)


def restart_at_the_fault_point(pgdata: str) -> list[str]:
    """Make the settlement's fault point restart PostgreSQL the first time it is reached."""
    import subsidies.services.settlement_runs as runs

    restarts: list[str] = []

    def restart(name: str) -> None:
        if name == RESTART_POINT and not restarts:
            restarts.append(name)
            pg_ctl = "/usr/lib/postgresql/15/bin/pg_ctl"
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    pg_ctl,
                    "-D",
                    pgdata,
                    "-w",
                    "-m",
                    "fast",
                    "restart",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )

    runs.fault_point = restart
    return restarts


def outcome() -> dict:
    from participatie.models import Municipality
    from subsidies.models import QuarterStatement, SettlementRun, StatementLine

    municipality = Municipality.objects.get(slug="dordrecht")
    with atomic_tenant_context(municipality.id):
        runs = list(SettlementRun.objects.values("status", "statement_count", "year", "quarter"))
        statements = [
            {key: str(value) for key, value in row.items()}
            for row in QuarterStatement.objects.order_by("enrolment__organisation__slug").values(
                "enrolment__organisation__slug", "status", "total", "base_fee"
            )
        ]
        lines = [
            {key: str(value) for key, value in row.items()}
            for row in StatementLine.objects.order_by(
                "placement_id", "step__code", "amount"
            ).values("step__code", "days", "amount")
        ]
    return {"runs": runs, "statements": statements, "lines": lines}


def finished_run_status(municipality_id: int) -> str | None:
    """The run's status once it is done or failed, else ``None``. Reconnects after the
    restart (this process's own connection broke too)."""
    from django.db import Error, connection

    from subsidies.choices import SettlementRunStatus
    from subsidies.models import SettlementRun

    try:
        with atomic_tenant_context(municipality_id):
            status = SettlementRun.objects.values_list("status", flat=True).get()
    except Error:
        connection.close()
        return None
    return status if status in (SettlementRunStatus.DONE, SettlementRunStatus.FAILED) else None


def settle(pgdata: str | None) -> None:
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from participatie.models import Municipality, User
    from subsidies.services.settlement_runs import settlement_run_start

    restarts = restart_at_the_fault_point(pgdata) if pgdata else []
    retries: list[str] = []

    def retried(**signal: object) -> None:
        """The error that made the task retry (``Retry.exc``)."""
        reason = signal["reason"]
        retries.append(type(getattr(reason, "exc", None) or reason).__name__)

    task_retry.connect(retried, weak=False)
    redis_url = os.environ["REDIS_URL"]
    app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    municipality = Municipality.objects.get(slug="dordrecht")
    actor = User.objects.get(email="accounthouder@dordrecht.example.nl")
    # No clock deadline (a busy machine may take long; CI's time limit bounds a hang).
    # A real worker (a thread of this process) on Redis: a retry is a new message, as in
    # production, taken after its back-off.
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        with atomic_tenant_context(municipality.id):  # the job is sent on commit
            settlement_run_start(municipality=municipality, year=2022, quarter=1, actor=actor)
        while finished_run_status(municipality.id) is None:
            time.sleep(0.1)
    print(json.dumps({"restarts": len(restarts), "retries": retries, **outcome()}))


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed()
    else:
        settle(sys.argv[3] if sys.argv[2:3] == ["--restart"] else None)
