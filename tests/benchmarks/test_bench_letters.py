"""Issue 5: one decision letter as PDF < 1 s.

RUN_BENCHMARKS=1 [DATABASE_URL=postgres://...] pytest tests/benchmarks/test_bench_letters.py -s
"""

from __future__ import annotations

from subsidies import letters
from tests.benchmarks.timing import measure
from tests.conftest import in_tenant
from tests.subsidies_decisions.helpers import approved, setup_money

LIMIT_MS = 1000


def test_bench_one_decision_letter(dordrecht):
    setup_money(dordrecht)
    decision = approved(dordrecht, {"basis": 4, "plus": 2})

    def render():
        with in_tenant(dordrecht.municipality):
            return letters.decision_letter_pdf(decision)

    timing = measure(
        "decision letter PDF (WeasyPrint, PDF/UA-1)",
        render,
        data="1 decision, 2 steps, full advance",
        runs=30,
    )
    assert timing.p95 < LIMIT_MS
