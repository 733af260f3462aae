"""Settlement jobs: one municipality, a batch of them, and the national fan-out. Tenant tasks
get municipality ids and enter their tenants themselves (``TenantTask``)."""

from __future__ import annotations

from celery import group, shared_task

from participatie.models import Municipality
from participatie.tenancy.tasks import TenantTask
from subsidies.services.settlement import (
    NATIONAL_BATCH,
    quarter_settle,
    settle_municipalities,
    settlement_period,
)


@shared_task(base=TenantTask, name="subsidies.settle_quarter")
def settle_quarter(*, municipality_ids: list[int], year: int, quarter: int) -> list[int]:
    """Settle one quarter for one municipality (the task runs inside its tenant)."""
    (municipality_id,) = municipality_ids
    municipality = Municipality.objects.get(pk=municipality_id)
    statements = quarter_settle(municipality=municipality, year=year, quarter=quarter)
    return [statement.pk for statement in statements]


@shared_task(base=TenantTask, name="subsidies.settle_quarter_batch")
def settle_quarter_batch(*, municipality_ids: list[int], year: int, quarter: int) -> list[int]:
    """Settle one quarter for a batch of municipalities in one pass (the task runs inside
    exactly their tenants). A municipality without tariffs for the year is skipped and
    logged, so the others still get their statements."""
    result = settle_municipalities(municipality_ids, year=year, quarter=quarter)
    return [statement.pk for statement in result.statements]


@shared_task(name="subsidies.settle_quarter_everywhere")
def settle_quarter_everywhere(*, year: int, quarter: int, batch_size: int = NATIONAL_BATCH) -> int:
    """The national run as a flat group of ``settle_quarter_batch`` tasks, one per batch of
    ``batch_size`` municipalities (ids only; each task enters its own tenants, and a re-run
    replaces its drafts, so a retried task is harmless). Refuses a quarter that has not ended
    before sending anything. Returns the number of tasks sent."""
    settlement_period(year, quarter)
    ids = list(Municipality.objects.order_by("id").values_list("id", flat=True))
    batches = [ids[offset : offset + batch_size] for offset in range(0, len(ids), batch_size)]
    group(
        settle_quarter_batch.si(municipality_ids=batch, year=year, quarter=quarter)
        for batch in batches
    ).apply_async()
    return len(batches)
