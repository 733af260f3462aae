"""Issue 5: one decision letter as PDF < 1 s; 1,000 letters through the Celery task with the
worker's peak memory < 500 MB.

    RUN_BENCHMARKS=1 [BENCH_LETTERS_BATCH=1000] [DATABASE_URL=postgres://...] \
        pytest tests/benchmarks/test_bench_letters.py -s

The batch runs the task eagerly, so "the worker" is this test process: its peak resident set
(``ru_maxrss``) includes pytest and Django and is an upper bound for a real worker's.
"""

from __future__ import annotations

import os
import resource
import time
from decimal import Decimal

from django.utils import timezone

from participatie.models import Enrolment, Step
from subsidies import letters
from subsidies.choices import DecisionStatus
from subsidies.models import DecisionLine, SubsidyDecision
from subsidies.tasks import render_decision_letters
from tests.benchmarks.timing import machine, measure
from tests.conftest import in_tenant
from tests.subsidies_decisions.helpers import YEAR, approved, setup_money

LIMIT_MS = 1000
LIMIT_MB = 500


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


def test_bench_letters_batch_through_celery(dordrecht):
    size = int(os.environ.get("BENCH_LETTERS_BATCH", "1000"))
    setup_money(dordrecht, allocated="100000000")
    municipality = dordrecht.municipality
    with in_tenant(municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        steps = {s.code: s for s in Step.objects.filter(municipality=municipality, year=YEAR)}
        now = timezone.now()
        decisions = SubsidyDecision.objects.bulk_create(
            SubsidyDecision(
                municipality=municipality,
                enrolment=enrolment,
                year=YEAR,
                status=DecisionStatus.APPROVED,
                advance_model="full_advance" if i % 2 else "quarterly_80_20",
                base_fee=Decimal("300"),
                amount=Decimal(2500 * (1 + i % 5) + 300),
                drafted_by=dordrecht.account_holder,
                approved_by=dordrecht.second_account_holder,
                approved_at=now,
            )
            for i in range(size)
        )
        ids = list(
            SubsidyDecision.objects.filter(municipality=municipality).values_list("pk", flat=True)
        )
        DecisionLine.objects.bulk_create(
            DecisionLine(
                municipality=municipality,
                decision_id=pk,
                step=steps["basis"],
                places=1 + i % 5,
                annual_amount=Decimal("2500"),
                amount=Decimal(2500 * (1 + i % 5)),
            )
            for i, pk in enumerate(ids)
        )
    assert len(decisions) == size
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    rendered = render_decision_letters.apply(
        kwargs={"municipality_ids": [municipality.pk], "decision_ids": ids}
    ).get()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"BENCH decision letters through Celery (eager): {rendered} letters in {seconds:.1f} s "
        f"({seconds / rendered * 1000:.0f} ms each), worker peak RSS {peak_mb:.0f} MB "
        f"(before the batch {before_mb:.0f} MB) | data: {size} approved decisions | {machine()}"
    )
    assert rendered == size
    assert peak_mb < LIMIT_MB
