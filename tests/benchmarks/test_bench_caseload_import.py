"""Issue 14: dry run of 10,000 rows < 10 s and commit < 30 s on PostgreSQL with RLS; peak memory
of the worker < 500 MB; statements grow with batches, not with rows.

Run: ``RUN_BENCHMARKS=1 pytest tests/benchmarks/test_bench_caseload_import.py -s`` (with
DATABASE_URL for PostgreSQL). Prints the figures with the data size and the machine."""

from __future__ import annotations

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.imports import parsing
from matching.imports.mapping import suggest
from participatie.models import Placement
from tests.benchmarks.timing import machine, peak_rss
from tests.caseload_import.conftest import check
from tests.caseload_import.helpers import companies, messy_rows, steps_for, xlsx
from tests.conftest import in_tenant

ROWS = 10_000


def test_bench_caseload_import(dordrecht):
    steps_for(dordrecht.municipality)
    made = companies(dordrecht.municipality, 60, max_places=1000)
    dordrecht.extra["companies"] = made
    content = xlsx(messy_rows(ROWS, [o.kvk_number for o in made], offset=2_000_000))
    size = f"{ROWS:,} rows, {len(content) // 1024} KB XLSX, 60 companies"

    started = time.perf_counter()
    sheet = parsing.read_sheet(content)
    read_s = time.perf_counter() - started
    assert len(sheet.rows) == ROWS and suggest(sheet.headers)

    with CaptureQueriesContext(connection) as dry_queries:
        started = time.perf_counter()
        outcome = check(dordrecht, content)
        dry_s = time.perf_counter() - started
    assert not outcome.errors, outcome.errors[:3]

    result = {}

    def commit():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result["outcome"] = check(dordrecht, content, commit=True)
            result["seconds"] = time.perf_counter() - started
        result["queries"] = len(queries)

    _before, peak = peak_rss("caseload import commit (whole process)", commit, data=size)
    assert result["outcome"].committed
    with in_tenant(dordrecht.municipality):
        assert Placement.objects.count() == ROWS
    print(
        f"BENCH caseload import: read {read_s:.1f} s, dry run {dry_s:.1f} s "
        f"({len(dry_queries)} statements), commit {result['seconds']:.1f} s "
        f"({result['queries']} statements), peak RSS {peak:.0f} MB | data: {size} | {machine()}"
    )
    assert dry_s < 10
    assert result["seconds"] < 30
    assert peak < 500
    assert result["queries"] < ROWS / 20
