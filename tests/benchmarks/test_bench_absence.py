"""Issue 4: the absence job over 100,000 placements and 25 million attendance rows (< 5 s).

    RUN_BENCHMARKS=1 BENCH_ABSENCE_PLACEMENTS=100000 DATABASE_URL=postgres://... \
        pytest tests/benchmarks/test_bench_absence.py -s

The data comes from the committed generator (scripts/generate_attendance.py): 250 weekdays of
attendance per placement, one placement in 20 sick for the last 8 weeks. The default size is
10,000 placements (2.5 million rows), which builds in a few minutes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from django.db import transaction

from participatie.absence.services import absence_signals_raise
from participatie.models import AbsenceSignal
from tests.benchmarks.timing import measure
from tests.conftest import in_tenant, on_postgres

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

LIMIT_MS = 5000


def test_bench_absence_job(dordrecht):
    if not on_postgres():
        pytest.skip("the generator and the figure are for PostgreSQL")
    from generate_attendance import generate

    size = int(os.environ.get("BENCH_ABSENCE_PLACEMENTS", "10000"))
    counts = generate(dordrecht.municipality, placements=size, actor=dordrecht.consultant)
    municipality = dordrecht.municipality
    expected = size // 20

    def first_run():  # the real work: raise every signal, then roll back for the next sample
        with in_tenant(municipality):
            with transaction.atomic():
                run = absence_signals_raise(municipality=municipality)
                transaction.set_rollback(True)
        return run

    def steady_run():  # the daily run once the signals exist: finds nothing new
        with in_tenant(municipality):
            return absence_signals_raise(municipality=municipality)

    assert first_run().raised == expected
    label = f"{counts['placements']:,} active placements, {counts['attendance']:,} attendance rows"
    first = measure("absence job, raising all signals", first_run, data=label, runs=5, warmup=1)
    with in_tenant(municipality):
        absence_signals_raise(municipality=municipality)
        assert AbsenceSignal.objects.filter(municipality=municipality).count() == expected
    steady = measure("absence job, nothing new", steady_run, data=label, runs=5, warmup=1)
    assert steady_run().raised == 0
    assert first.p95 < LIMIT_MS and steady.p95 < LIMIT_MS
