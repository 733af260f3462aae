"""Issue 18 item 2: the national settlement straight after a bulk load, before anything has
analysed the new rows, stays within 3x of the same settlement on analysed tables.

What production meets after a caseload import or a new municipality's migration: the tables
were analysed when they held a small municipality, then 100,000 placements and their step
decisions arrive in bulk. Autovacuum is switched off for the tables the settlement reads, so
nothing refreshes their statistics behind the benchmark's back: the first run is planned on
statistics that know one municipality of 200 placements. Whatever the settlement does itself
about statistics (``analyze_filled`` on what it reads or writes) is part of what is measured.
Then the tables are analysed and the same settlement runs again. Both runs are rolled back, so
each does the full first-run work.

    RUN_BENCHMARKS=1 BENCH_PLACEMENTS=100000 DATABASE_URL=postgres://... \\
        pytest tests/benchmarks/test_bench_settlement_fresh.py -s

``BENCH_STATISTICS=never`` starts from tables that were never analysed instead (on a database
fresh from the migrations, ``--create-db``).

``BENCH_EXPLAIN=1`` also prints ``EXPLAIN (ANALYZE, BUFFERS)`` of the settlement statement of
the first batch in both states (for the diagnosis in the issue note).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from participatie.models import Municipality, Participant, Placement, StepDecision
from subsidies.models import QuarterStatement, StatementLine, StepTariff, Tariff
from subsidies.services.settlement import settle_quarter_everywhere, sql_engine
from tests.benchmarks import data
from tests.benchmarks.test_bench_settlement import AFTER, QUARTER, YEAR, populate
from tests.benchmarks.timing import machine

pytestmark = pytest.mark.postgres

COUNT = 342
# "stale": analysed when they held one small municipality (the default, what production meets);
# "never": never analysed since the migrations created them.
STALE = os.environ.get("BENCH_STATISTICS", "stale") == "stale"
STATEMENTS = 250 + (COUNT - 1) * 5 + (5 if STALE else 0)  # 5: the earlier municipality
# What the settlement reads (and writes): none of them may be analysed during the fresh run.
TABLES = [Placement, StepDecision, Participant, QuarterStatement, StatementLine, StepTariff, Tariff]


@contextmanager
def autovacuum_off() -> Iterator[None]:
    """No autovacuum (and so no automatic ANALYZE) on the settlement's tables until the block
    ends; restored after, also when the benchmark fails."""
    names = [connection.ops.quote_name(model._meta.db_table) for model in TABLES]
    # The owner's own connection: the test's transaction holds row locks only, which do not
    # conflict with the lock ALTER TABLE ... SET (storage parameter) takes.
    with data.owner_cursor() as cursor:
        for name in names:
            cursor.execute(f"ALTER TABLE {name} SET (autovacuum_enabled = false)")
    try:
        yield
    finally:
        with data.owner_cursor() as cursor:
            for name in names:
                cursor.execute(f"ALTER TABLE {name} RESET (autovacuum_enabled)")


def planned_rows(model: type[Placement] | type[StepDecision]) -> float:
    """How many rows the planner's statistics say the table has (``pg_class.reltuples``)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [model._meta.db_table])
        return cursor.fetchone()[0]


@contextmanager
def explained(label: str) -> Iterator[None]:
    """With ``BENCH_EXPLAIN=1``: print the plan of the first settlement statement (executed,
    with buffers) instead of timing it quietly."""
    if os.environ.get("BENCH_EXPLAIN") != "1":
        yield
        return
    original = sql_engine._execute
    shown = False

    def explain(sql: str, params: dict) -> list[tuple]:
        nonlocal shown
        if shown or "WITH company AS" not in sql:
            return original(sql, params)
        shown = True
        # EXPLAIN ANALYZE runs the statement (it inserts): undo that before the real run.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples, relpages FROM pg_class WHERE relname = ANY(%s)",
                [[Placement._meta.db_table, StepDecision._meta.db_table]],
            )
            print(f"PLAN {label}: pg_class (relname, reltuples, relpages) {cursor.fetchall()}")
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print("\n".join(row[0] for row in cursor.fetchall()))
            transaction.set_rollback(True)
        return original(sql, params)

    sql_engine._execute = explain
    try:
        yield
    finally:
        sql_engine._execute = original


def settle_rolled_back(label: str) -> float:
    with transaction.atomic():
        with explained(label):
            started = time.perf_counter()
            result = settle_quarter_everywhere(YEAR, QUARTER, today=AFTER)
            seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    assert len(result.statements) == STATEMENTS
    return seconds


def test_bench_settle_national_straight_after_bulk_load(dordrecht):
    """Dordrecht with 5,000 placements at 250 companies (where a plan that joins a whole
    municipality to each company hurts most) and the rest of the placements over 341 smaller
    municipalities of 5 companies each."""
    total = int(os.environ.get("BENCH_PLACEMENTS", "100000"))
    large = min(5000, total // 2)
    per = (total - large) // (COUNT - 1)
    rest = total - large - per * (COUNT - 1)
    with autovacuum_off():
        if STALE:
            # Before the load: one small municipality, analysed (the statistics the load
            # makes stale). Analysed after autovacuum is off: ALTER TABLE would write the
            # table's old row count back over the one ANALYZE just stored.
            before = Municipality.objects.create(
                name="Voorheen", slug="voorheen", cbs_code="GM6999"
            )
            populate(before, dordrecht.consultant, places=200, companies=5, offset=9_000_000)
            data.analyze()
            assert 0 < planned_rows(Placement) < total / 100, "statistics must predate the load"
        else:
            assert planned_rows(Placement) < 0, "the tables must never have been analysed"
        started = time.perf_counter()
        populate(
            dordrecht.municipality, dordrecht.consultant, places=large, companies=250, offset=1
        )
        municipalities = Municipality.objects.bulk_create(
            Municipality(name=f"Gemeente {n}", slug=f"fresh-{n}", cbs_code=f"GM{7000 + n:04d}")
            for n in range(COUNT - 1)
        )
        for n, municipality in enumerate(municipalities):
            populate(
                municipality,
                dordrecht.consultant,
                places=per + (1 if n < rest else 0),
                companies=5,
                offset=10_000 * (n + 2),
            )
        load = time.perf_counter() - started

        fresh = settle_rolled_back("fresh statistics")
        data.analyze()
        analysed = settle_rolled_back("analysed")
    size = (
        f"{COUNT} municipalities (one of {large:,} placements at 250 companies, the others "
        f"5 companies each), {STATEMENTS:,} companies, {total:,} placements "
        f"(loaded in {load:.0f} s)"
    )
    print(
        f"BENCH settle_quarter national straight after bulk load: {fresh:.2f} s, "
        f"analysed {analysed:.2f} s ({fresh / analysed:.1f}x) | data: {size} | {machine()}"
    )
    assert fresh <= 3 * analysed
