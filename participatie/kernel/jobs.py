"""Background jobs that survive a database restart and a broker that is away.

* :class:`DatabaseTask` is the project's default Celery task class (``config.celery``): a
  task whose database connection breaks (PostgreSQL restarted, a failover, a pooler that
  dropped the connection) is retried with a back-off instead of failing for good. Its
  transaction was rolled back, so the retry starts from the state before it.
* :func:`connections_close_broken` runs before every task: a connection that broke during the
  previous attempt is closed, so the retry opens a fresh one instead of failing on the old.
* :func:`job_queue_check` asks the broker whether it takes messages before a request writes a
  job row, so a user hears at once that the job cannot start (and nothing is left queued that
  no worker will ever see).
"""

from __future__ import annotations

import os
import time
from typing import Any

import structlog
from celery import Task, current_app
from django.db import InterfaceError, OperationalError, connections
from django.utils.translation import gettext_lazy as _

log = structlog.get_logger(__name__)

# Raised by Django when the server went away mid-query (OperationalError) or when the
# connection was already closed under it (InterfaceError).
DATABASE_CONNECTION_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
# How long a request waits for the broker before it tells the user the job cannot start.
BROKER_CHECK_TIMEOUT = 2.0  # seconds


class DatabaseTask(Task):
    """Acknowledged after the work (a worker that dies gives the message back) and retried on
    a lost database connection, at most five times over roughly a minute."""

    abstract = True
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = DATABASE_CONNECTION_ERRORS
    max_retries = 5
    retry_backoff = 2
    retry_backoff_max = 60
    retry_jitter = True


def connections_close_broken(**_signal: Any) -> None:
    """Close every database connection that is broken or past its age, outside a transaction.

    Celery's Django fix-up does this in a worker; this also covers eager runs (tests, the
    development server). A connection inside a transaction is left alone: an eager task runs
    in its caller's transaction, and closing it would end that transaction."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


class JobQueueUnavailable(Exception):
    """The broker does not take messages now: the job cannot be started."""

    message = _(
        "Dit kan nu niet worden gestart, omdat het systeem voor taken op de achtergrond niet "
        "bereikbaar is. Probeer het over een paar minuten opnieuw."
    )

    def __init__(self) -> None:
        super().__init__(str(self.message))


def job_queue_check() -> None:
    """Raise :class:`JobQueueUnavailable` when the broker cannot be reached (eager mode, where
    tasks run in the process itself, always passes)."""
    app = current_app
    if app.conf.task_always_eager:
        return
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=BROKER_CHECK_TIMEOUT)
    except Exception as error:  # kombu raises its own and the transport's errors
        log.warning("jobs.broker_unavailable", error=type(error).__name__)
        raise JobQueueUnavailable from None


# -- fault tests ---------------------------------------------------------------------------------

# Off unless set, and only ever set by tests/faults: "<point name>:<marker file>".
FAULT_POINT_ENV = "PARTICIPATIE_TEST_FAULT_POINT"
FAULT_PAUSE = 600  # seconds; the fault test kills the process long before


def fault_point(name: str) -> None:
    """A place where a fault test stops a job: when ``PARTICIPATIE_TEST_FAULT_POINT`` names
    this point and its marker file does not exist yet, write the process id to the marker
    and wait there to be killed. A second attempt finds the marker and goes on. Without the
    variable (production, every other test) this only reads the environment."""
    setting = os.environ.get(FAULT_POINT_ENV)
    if not setting:
        return
    point, _sep, marker = setting.partition(":")
    if point != name or not marker:
        return
    try:
        with open(marker, "x", encoding="ascii") as file:
            file.write(str(os.getpid()))
    except FileExistsError:
        return
    time.sleep(FAULT_PAUSE)
