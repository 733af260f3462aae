"""The Celery application. Tasks live in each app's ``tasks.py``."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("participatie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def keep_the_project_logging(**kwargs: object) -> None:
    """Logging is Django's ``LOGGING`` (``config.logging``), in place before the worker starts.
    Without a receiver here a worker gives ``celery.task`` a handler and format of its own,
    which would print task lines without the masking of BSNs and query strings."""
