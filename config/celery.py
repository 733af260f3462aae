"""The Celery application. Tasks live in each app's ``tasks.py``."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import setup_logging, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

# Every task without a base of its own retries on a lost database connection and is
# acknowledged only after its work (participatie.kernel.jobs.DatabaseTask).
app = Celery("participatie", task_cls="participatie.kernel.jobs:DatabaseTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def keep_the_project_logging(**kwargs: object) -> None:
    """Logging is Django's ``LOGGING`` (``config.logging``), in place before the worker starts.
    Without a receiver here a worker gives ``celery.task`` a handler and format of its own,
    which would print task lines without the masking of BSNs and query strings."""


@task_prerun.connect
def close_broken_connections(**kwargs: object) -> None:
    """Before each attempt of a task, drop a database connection the last attempt broke (a
    restarted PostgreSQL): the retry then connects afresh."""
    from participatie.kernel.jobs import connections_close_broken

    connections_close_broken()
