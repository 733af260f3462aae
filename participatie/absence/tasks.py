"""The daily absence job: one task per municipality, fanned out by a beat-scheduled task."""

from __future__ import annotations

from celery import group, shared_task
from django.db import transaction

from participatie.absence import services
from participatie.models import Municipality
from participatie.tenancy.tasks import TenantTask


@shared_task(base=TenantTask, name="absence.raise_absence_signals")
def raise_absence_signals(*, municipality_ids: list[int]) -> list[dict[str, int]]:
    """Close ended streaks and raise new signals in these municipalities (idempotent)."""
    runs = []
    for municipality in Municipality.objects.filter(id__in=municipality_ids).order_by("id"):
        run = services.absence_signals_raise(municipality=municipality)
        runs.append(
            {"municipality_id": run.municipality_id, "closed": run.closed, "raised": run.raised}
        )
    return runs


@shared_task(
    name="absence.raise_absence_signals_everywhere",
    acks_late=True,
    reject_on_worker_lost=True,
)
def raise_absence_signals_everywhere() -> int:
    """Beat entry: a flat group of one tenant task per municipality, sent on commit.

    Municipality is a global table, so listing the ids needs no tenant context.
    """
    with transaction.atomic():
        ids = list(Municipality.objects.order_by("id").values_list("id", flat=True))
        if ids:
            job = group(raise_absence_signals.s(municipality_ids=[i]) for i in ids)
            transaction.on_commit(job.apply_async)
    return len(ids)
