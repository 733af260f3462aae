"""Generate a large attendance history for the absence-job benchmark (PostgreSQL only).

    DATABASE_URL=postgres://... DATABASE_APP_ROLE=... \
        .venv/bin/python scripts/generate_attendance.py --municipality dordrecht --placements 100000

writes ``placements`` active placements (spread over 50 companies) and, for every weekday of the
last ``weeks`` weeks, one attendance row per placement: 250 rows per placement for 50 weeks, so
100,000 placements give 25 million rows. One placement in ``absent_every`` has been sick for the
last 8 weeks (it must raise a signal); the others are mostly present.

Rows are written one day at a time with ``INSERT ... SELECT`` over the placements, in date order,
as companies enter attendance week by week in production; that keeps a day's rows together on
disk, which is what the job's (municipality, day, status) index scan relies on. The benchmark
test (tests/benchmarks/test_bench_absence.py) calls :func:`generate` on its test database.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ABSENT_WEEKS = 8


def generate(
    municipality,  # type: ignore[no-untyped-def]
    *,
    placements: int,
    actor,
    weeks: int = 50,
    absent_every: int = 20,
    today: datetime.date | None = None,
    companies: int = 50,
    log=print,  # type: ignore[no-untyped-def]
) -> dict[str, int]:
    from django.db import connection
    from django.utils import timezone

    from participatie.models import Attendance, Enrolment, Organisation, Placement
    from participatie.tenancy.context import atomic_tenant_context
    from tests.benchmarks import data

    if connection.vendor != "postgresql":
        raise SystemExit("The attendance generator needs PostgreSQL (generate_series).")
    today = today or timezone.localdate()
    started = time.monotonic()
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bench LWB {municipality.slug} {n}",
                slug=f"bench-lwb-{municipality.slug}-{n}",
                kind="learning_work_company",
                kvk_number=f"{90000000 + municipality.id * 100 + n:08d}",
            )
            for n in range(companies)
        ]
    )
    with atomic_tenant_context(municipality.id):
        enrolments = Enrolment.objects.bulk_create(
            [
                Enrolment(
                    municipality=municipality, organisation=o, status="active", max_places=10_000
                )
                for o in organisations
            ]
        )
    people = data.participants(municipality, placements, offset=municipality.id * 1_000_000)
    first_day = today - datetime.timedelta(weeks=weeks)
    with atomic_tenant_context(municipality.id):
        Placement.objects.bulk_create(
            [
                Placement(
                    municipality=municipality,
                    participant=person,
                    enrolment=enrolments[n % len(enrolments)],
                    start_date=first_day - datetime.timedelta(days=n % 60),
                    hours_per_week=Decimal(12),
                    created_by=actor,
                )
                for n, person in enumerate(people)
            ],
            batch_size=5000,
        )
    log(f"{placements} participants and placements in {time.monotonic() - started:.0f} s")
    absent_from = today - datetime.timedelta(weeks=ABSENT_WEEKS)
    table, placement_table = Attendance._meta.db_table, Placement._meta.db_table
    sql = (
        f"INSERT INTO {table} (municipality_id, placement_id, day, status, hours, entered_by_id,"  # noqa: S608 (table names from model metadata; values are parameters)
        " entered_at)"
        " SELECT p.municipality_id, p.id, %s::date,"
        " CASE WHEN p.id %% %s = 0 AND %s::date > %s::date THEN 'sick'"
        "      WHEN (p.id + %s) %% 11 = 0 THEN 'excused'"
        "      WHEN (p.id + %s) %% 17 = 0 THEN 'closed'"
        "      ELSE 'present' END,"
        " 4.0, %s, now()"
        f" FROM {placement_table} p WHERE p.municipality_id = %s AND p.start_date <= %s"
        " AND (p.end_date IS NULL OR p.end_date >= %s)"
    )
    rows = 0
    day = first_day
    while day <= today:
        if day.weekday() < 5:
            ordinal = day.toordinal()
            with atomic_tenant_context(municipality.id), connection.cursor() as cursor:
                cursor.execute(
                    sql,
                    [
                        day,
                        absent_every,
                        day,
                        absent_from,
                        ordinal,
                        ordinal,
                        actor.id,
                        municipality.id,
                        day,
                        day,
                    ],
                )
                rows += cursor.rowcount
            if rows and day.weekday() == 4:
                log(f"  {day}: {rows:,} attendance rows, {time.monotonic() - started:.0f} s")
        day += datetime.timedelta(days=1)
    data.analyze()
    log(f"{rows:,} attendance rows in {time.monotonic() - started:.0f} s")
    return {"placements": placements, "attendance": rows}


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from participatie.models import Municipality, User

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipality", required=True, help="slug of an existing municipality")
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=50)
    parser.add_argument("--actor", help="e-mail of the user entered as 'entered by'")
    args = parser.parse_args()
    municipality = Municipality.objects.get(slug=args.municipality)
    actor = User.objects.get(email=args.actor) if args.actor else User.objects.order_by("pk")[0]
    generate(municipality, placements=args.placements, actor=actor, weeks=args.weeks)


if __name__ == "__main__":
    main()
