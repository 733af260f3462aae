"""The daily occupancy snapshot: per company enrolment its places and the placements active
that day, which the occupancy report draws as a line over time.

One statement per municipality writes the day: on PostgreSQL an ``INSERT ... SELECT ... ON
CONFLICT DO UPDATE`` whose SELECT is the ORM query below, elsewhere the same query read back
and written with ``bulk_create(update_conflicts=True)``. Re-running a day corrects its rows
and never adds a second one, so a retried or doubled beat run does no harm.
"""

from __future__ import annotations

from datetime import date

from celery import group, shared_task
from django.db import connection, transaction
from django.db.models import Case, Count, DateField, F, FilteredRelation, Q, QuerySet, Value, When
from django.utils import timezone

from participatie.kernel.periods import active_on
from participatie.kernel.statistics import analyze_filled
from participatie.models import Enrolment, Municipality, OccupancySnapshot
from participatie.reports.kinds.figures import Period
from participatie.reports.kinds.selectors import holding_places
from participatie.tenancy.tasks import TenantTask

COLUMNS = ("municipality_id", "day", "enrolment_id", "capacity", "occupied")


def snapshot_rows(*, municipality_id: int, day: date) -> QuerySet:
    """The day's rows in ``COLUMNS`` order: every enrolment that offers places or has an active
    placement that day, and any that already has a row for the day (so that it is corrected)."""
    offering = holding_places(Period(day, day))
    return (
        Enrolment.objects.filter(municipality_id=municipality_id)
        .annotate(
            active=FilteredRelation(
                "placements",
                condition=active_on(day, "placements__"),
            ),
            snap_municipality=F("municipality_id"),
            snap_day=Value(day, output_field=DateField()),
            snap_enrolment=F("id"),
            snap_capacity=Case(When(offering, then=F("max_places")), default=Value(0)),
            snap_occupied=Count("active"),
        )
        .filter(
            offering
            | Q(snap_occupied__gt=0)
            | Q(
                id__in=OccupancySnapshot.objects.filter(
                    municipality_id=municipality_id, day=day
                ).values("enrolment_id")
            )
        )
        .order_by()
        .values_list(
            "snap_municipality", "snap_day", "snap_enrolment", "snap_capacity", "snap_occupied"
        )
    )


@transaction.atomic
def occupancy_snapshot_take(*, municipality_id: int, day: date) -> int:
    """Write (or rewrite) the snapshot of ``day`` for one municipality; the rows written."""
    rows = snapshot_rows(municipality_id=municipality_id, day=day)
    if connection.vendor == "postgresql":
        select, params = rows.query.sql_with_params()
        table = OccupancySnapshot._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(COLUMNS)}) {select} "
                "ON CONFLICT (municipality_id, day, enrolment_id) DO UPDATE "
                "SET capacity = EXCLUDED.capacity, occupied = EXCLUDED.occupied",
                params,
            )
            written = cursor.rowcount
        analyze_filled(OccupancySnapshot, rows=written)
        return written
    written = OccupancySnapshot.objects.bulk_create(
        [OccupancySnapshot(**dict(zip(COLUMNS, row, strict=True))) for row in rows],
        update_conflicts=True,
        unique_fields=["municipality", "day", "enrolment"],
        update_fields=["capacity", "occupied"],
    )
    return len(written)


@shared_task(base=TenantTask, name="reports.snapshot_occupancy")
def snapshot_occupancy(*, municipality_ids: list[int], day: str) -> dict[str, int]:
    """Snapshot ``day`` (ISO date) in these municipalities: rows written per municipality."""
    on = date.fromisoformat(day)
    return {
        str(municipality_id): occupancy_snapshot_take(municipality_id=municipality_id, day=on)
        for municipality_id in sorted(municipality_ids)
    }


@shared_task(
    name="reports.snapshot_occupancy_everywhere", acks_late=True, reject_on_worker_lost=True
)
def snapshot_occupancy_everywhere() -> int:
    """Beat entry: one tenant task per municipality in a flat group, sent once the listing
    commits. The day is fixed here, so a task that runs after midnight still writes the day
    the beat asked for. Municipality is global: listing it needs no tenant context."""
    day = timezone.localdate().isoformat()
    with transaction.atomic():
        ids = list(Municipality.objects.order_by("id").values_list("id", flat=True))
        if ids:
            job = group(snapshot_occupancy.s(municipality_ids=[i], day=day) for i in ids)
            transaction.on_commit(job.apply_async)
    return len(ids)
