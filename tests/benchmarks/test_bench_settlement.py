"""Issue 5: settling a quarter. One municipality with 5,000 placements (< 1 s) and national
scale, 342 municipalities with 100,000 placements (< 10 s), both including writing the
statement lines (and, nationally, cross-municipal claims); and a naive per-placement loop (one
query per placement, one insert per row) on the 5,000 case for the ratio.

    RUN_BENCHMARKS=1 pytest tests/benchmarks/test_bench_settlement.py -s   # on PostgreSQL
"""

from __future__ import annotations

import datetime
import statistics
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Subquery

from participatie.models import Municipality, Participant, Placement, Step, StepDecision
from participatie.placements.choices import StepDecisionStatus
from subsidies import calculations
from subsidies.models import (
    CrossMunicipalClaim,
    EffortObligation,
    QuarterStatement,
    StatementLine,
    StepTariff,
    Tariff,
)
from subsidies.services.settlement import (
    quarter_settle,
    settle_quarter_everywhere,
    settlement_input,
)
from tests.benchmarks import data
from tests.benchmarks.timing import machine, measure
from tests.conftest import in_tenant, make_steps

YEAR, QUARTER = 2022, 3
AFTER = datetime.date(2022, 10, 5)


def tariffs(municipality: Municipality) -> None:
    with in_tenant(municipality):
        tariff = Tariff.objects.create(
            municipality=municipality,
            year=YEAR,
            base_fee=Decimal("300"),
            custom_budget=Decimal("10000"),
            advance_model="quarterly_80_20",
        )
        StepTariff.objects.bulk_create(
            StepTariff(
                municipality=municipality,
                tariff=tariff,
                step=step,
                effective_from=date(YEAR, 1, 1),
                annual_amount=Decimal("2500") if step.code == "basis" else Decimal("3500"),
            )
            for step in Step.objects.filter(municipality=municipality, year=YEAR)
        )


def populate(municipality: Municipality, actor, *, places: int, companies: int, offset: int):
    make_steps(municipality, years=range(YEAR, YEAR + 1))
    tariffs(municipality)
    enrolments = data.companies(municipality, companies, prefix=f"s{offset}")
    people = data.participants(municipality, places, offset=offset)
    rows = data.placements(municipality, people, enrolments, actor)
    # Every third placement moves up to plus on 1 August: two segments in the quarter.
    with in_tenant(municipality):
        plus = Step.objects.get(municipality=municipality, year=YEAR, code="plus")
        StepDecision.objects.bulk_create(
            [
                StepDecision(
                    municipality=municipality,
                    placement=placement,
                    step=plus,
                    valid_from=datetime.date(YEAR, 8, 1),
                    justification="Doorgegroeid.",
                    status=StepDecisionStatus.APPROVED,
                    advised_by=actor,
                )
                for placement in rows[::3]
            ],
            batch_size=2000,
        )
    return rows


def settle(municipality: Municipality) -> list[QuarterStatement]:
    with in_tenant(municipality):
        return quarter_settle(municipality=municipality, year=YEAR, quarter=QUARTER, today=AFTER)


def naive_settle(municipality: Municipality) -> int:
    """The loop the benchmark is there to avoid: per placement one query for its steps, and
    one INSERT per statement and per line. Rolled back afterwards."""
    written = 0
    with in_tenant(municipality):
        given = settlement_input(municipality=municipality, year=YEAR, quarter=QUARTER, today=AFTER)
        per_enrolment = defaultdict(list)
        for placement in Placement.objects.filter(municipality=municipality):
            steps = tuple(
                StepDecision.objects.filter(
                    municipality=municipality,
                    placement=placement,
                    status=StepDecisionStatus.APPROVED,
                ).values_list("valid_from", "step__code")
            )
            per_enrolment[placement.enrolment_id].append(
                calculations.Placement(
                    id=str(placement.pk),
                    start=placement.start_date,
                    end=placement.end_date,
                    steps=steps,
                )
            )
        sid = transaction.savepoint()
        for enrolment_id, placements in per_enrolment.items():
            result = calculations.quarter_statement(
                placements,
                year=YEAR,
                quarter=QUARTER,
                tariffs=given.tariffs_by_code,
                annual_base_fee=given.tariff.base_fee,
                advance_model=given.tariff.advance_model,
            )
            statement = QuarterStatement.objects.create(
                municipality=municipality,
                enrolment_id=enrolment_id,
                year=YEAR,
                quarter=QUARTER + 1,  # beside the real drafts of QUARTER
                advance_model=given.tariff.advance_model,
                lines_total=result.total - result.base_fee,
                base_fee=result.base_fee,
                total=result.total,
                payable_now=result.payable_now,
                held=result.held_until_determination,
                computed_at=datetime.datetime.now(datetime.UTC),
            )
            for line in result.lines:
                StatementLine.objects.create(
                    municipality=municipality,
                    statement=statement,
                    placement_id=int(line.placement),
                    step_id=given.step_ids_by_code[line.step],
                    date_from=line.start,
                    date_to=line.end,
                    days=line.days,
                    annual_tariff=line.annual_tariff,
                    amount=line.amount,
                )
                written += 1
        transaction.savepoint_rollback(sid)
    return written


def test_bench_settle_one_municipality_5000_placements(dordrecht):
    populate(dordrecht.municipality, dordrecht.consultant, places=5000, companies=250, offset=1)
    data.analyze()
    statements = settle(dordrecht.municipality)
    with in_tenant(dordrecht.municipality):
        lines = StatementLine.objects.filter(statement__in=statements).count()
    assert len(statements) == 250 and lines > 5000
    size = f"1 municipality, 250 companies, 5,000 placements, {lines:,} lines written"
    timing = measure(
        "settle_quarter one municipality",
        lambda: settle(dordrecht.municipality),
        data=size,
        runs=5,
        warmup=1,
    )
    assert timing.p50 < 1000

    started = time.perf_counter()
    written = naive_settle(dordrecht.municipality)
    naive_ms = (time.perf_counter() - started) * 1000
    assert written == lines
    print(
        f"BENCH naive per-placement loop: {naive_ms:.0f} ms vs set-based p50 {timing.p50:.0f} ms "
        f"= {naive_ms / timing.p50:.1f}x | data: {size} | {machine()}"
    )


def test_bench_settle_national_scale(dordrecht):
    """The national run (``settle_quarter_everywhere``: batches of municipalities, each in one
    pass inside a tenant context over exactly its ids) writes every statement, line and claim.
    Timed three times, each rolled back so that every run does the full first-run work; then
    once more for real and once again to replace those drafts."""
    count, per = 342, 100_000 // 342
    municipalities = Municipality.objects.bulk_create(
        Municipality(name=f"Gemeente {n}", slug=f"bench-{n}", cbs_code=f"GM{7000 + n:04d}")
        for n in range(count)
    )
    total = 0
    for n, municipality in enumerate(municipalities):
        places = per + (1 if n < 100_000 - per * count else 0)
        populate(
            municipality, dordrecht.consultant, places=places, companies=5, offset=10_000 * (n + 2)
        )
        total += places
    assert total == 100_000
    # One municipality in ten did not meet its effort obligation: residents of the next one
    # placed there are charged to it (claims in both municipalities).
    defaulting = municipalities[::10]
    EffortObligation.objects.bulk_create(
        EffortObligation(municipality=m, year=YEAR, met=False) for m in defaulting
    )
    for home, there in zip(defaulting, municipalities[1::10], strict=True):
        with in_tenant(there):
            Participant.objects.filter(
                municipality=there,
                id__in=Subquery(
                    Placement.objects.filter(municipality=there).values("participant_id")[:20]
                ),
            ).update(home_municipality=home)
    data.analyze()

    def settle_all():
        return settle_quarter_everywhere(YEAR, QUARTER, today=AFTER)

    samples = []
    for _ in range(3):
        with transaction.atomic():
            started = time.perf_counter()
            result = settle_all()
            samples.append(time.perf_counter() - started)
            transaction.set_rollback(True)
        assert len(result.statements) == count * 5
    result = settle_all()
    started = time.perf_counter()
    again = settle_all()
    rerun = time.perf_counter() - started
    assert {m.id for m in municipalities} <= {s.municipality_id for s in again.statements}
    assert not {s.pk for s in result.statements} & {s.pk for s in again.statements}
    with in_tenant(*municipalities):
        lines = StatementLine.objects.count()
        assert QuarterStatement.objects.count() == count * 5
        claims = CrossMunicipalClaim.objects.count()
    assert lines > 100_000 and claims > 0
    seconds = statistics.median(samples)
    print(
        f"BENCH settle_quarter national scale: p50 {seconds:.2f} s "
        f"(runs {', '.join(f'{s:.2f}' for s in samples)}; re-run replacing the drafts "
        f"{rerun:.2f} s) | data: {count} municipalities, {count * 5:,} companies, 100,000 "
        f"placements, {lines:,} lines and {claims:,} claims written | {machine()}"
    )
    assert seconds < 10
