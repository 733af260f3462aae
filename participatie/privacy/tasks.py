"""The daily retention job: one task per municipality (a flat fan-out), each in its own tenant
context and transaction. Idempotent: a second run on the same day changes nothing."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import transaction

from participatie.models import Municipality
from participatie.privacy.retention import apply_retention
from participatie.tenancy.context import atomic_tenant_context


@shared_task(name="privacy.apply_retention", acks_late=True, reject_on_worker_lost=True)
def apply_retention_task(*, municipality_id: int, today: str | None = None) -> int:
    with atomic_tenant_context(municipality_id):
        result = apply_retention(
            municipality_id, today=date.fromisoformat(today) if today else None
        )
    return result.anonymised


@shared_task(name="privacy.apply_retention_everywhere", acks_late=True, reject_on_worker_lost=True)
def apply_retention_everywhere() -> int:
    """Beat entry, daily: one task per municipality, sent after this transaction commits."""
    ids = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    for municipality_id in ids:
        transaction.on_commit(
            lambda mid=municipality_id: apply_retention_task.delay(municipality_id=mid)
        )
    return len(ids)
