"""Celery tasks that work inside tenants.

A tenant task receives municipality ids (never querysets or model instances) as the keyword
argument ``municipality_ids`` and re-enters the scope and the RLS setting itself, inside
``atomic()``, in the worker. Enqueue with :func:`enqueue_on_commit`, so a worker never looks
for rows that the request has not committed yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction
from django.utils import translation

from participatie.kernel.jobs import DatabaseTask
from participatie.tenancy.context import tenant_context


class TenantTask(DatabaseTask):
    """A :class:`DatabaseTask` (acknowledged after its work, retried on a lost connection) that
    runs inside the municipalities it is given."""

    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        ids = kwargs.get("municipality_ids")
        if not ids:
            raise TypeError(f"{self.name} is a tenant task: pass municipality_ids=[...]")
        with (
            translation.override(settings.LANGUAGE_CODE),
            transaction.atomic(),
            tenant_context(ids),
        ):
            return super().__call__(*args, **kwargs)


def enqueue_on_commit(task: Task, *, municipality_ids: Iterable[int], **kwargs: Any) -> None:
    """Send ``task`` once the current transaction commits (at once outside a transaction)."""
    payload = {"municipality_ids": sorted(int(i) for i in municipality_ids), **kwargs}
    transaction.on_commit(lambda: task.apply_async(kwargs=payload))
