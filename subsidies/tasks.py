"""Settlement jobs: one municipality, a batch of them, and the national fan-out; the run of
the "Kwartaal afrekenen" button and the schedule that makes such runs after each quarter.
Tenant tasks get municipality ids and enter their tenants themselves (``TenantTask``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from celery import group, shared_task
from django.utils import timezone

from participatie.models import Municipality
from participatie.tenancy.tasks import TenantTask
from subsidies.services.settlement import (
    NATIONAL_BATCH,
    quarter_settle,
    settle_municipalities,
    settlement_period,
)
from subsidies.services.settlement_runs import (
    settlement_run_execute,
    settlement_runs_schedule_due,
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


@shared_task(bind=True, base=TenantTask, name="subsidies.settle_run")
def settle_run(self: Any, *, municipality_ids: list[int], run_id: int) -> str:
    """The job of one settlement run (``subsidies.services.settlement_runs``), inside its
    municipality's tenant and one transaction."""
    (municipality_id,) = municipality_ids
    return settlement_run_execute(
        municipality_id=municipality_id, run_id=run_id, task_id=self.request.id or ""
    )


@shared_task(name="subsidies.settle_due_quarters", acks_late=True, reject_on_worker_lost=True)
def settle_due_quarters(today: str | None = None) -> int:
    """Beat entry, every morning: on the first working day after a quarter's end, one
    scheduled run per municipality whose year is set up; any other day nothing. Running it
    twice creates nothing twice. Returns the number of runs made."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return len(settlement_runs_schedule_due(today=day))


@shared_task(name="subsidies.lump_sum_review_reminders", acks_late=True, reject_on_worker_lost=True)
def lump_sum_review_reminders(today: str | None = None) -> int:
    """Beat entry, every morning: mail the regional administrators whose lump-sum financial
    review comes due (once per provider, due date and person). Returns the number queued."""
    from subsidies.lump_sum.reminders import review_reminders_queue

    day = date.fromisoformat(today) if today else timezone.localdate()
    return review_reminders_queue(today=day)
