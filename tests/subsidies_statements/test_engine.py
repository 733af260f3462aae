"""The settlement engine against its reference, ``subsidies.calculations``.

On PostgreSQL the database cuts the step histories into segments and counts the days (window
functions), and writes the lines with amounts from a table that ``calculations`` computed; on
SQLite the segments come from ``calculations`` itself. Either way every statement must equal
``calculations.quarter_statement`` over the same placements: for every case of the shared
fixture and for generated histories (steps that repeat, change on any day, start before the
year, end inside or after the quarter; leap and common years). Then the national run over
several municipalities, its claims, re-runs and the Celery fan-out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participatie.models import Enrolment, Participant, Placement, Step, StepDecision
from participatie.placements.choices import StepDecisionStatus
from subsidies import calculations
from subsidies.choices import ClaimDirection, StatementStatus
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
    settle_municipalities,
    settle_quarter_everywhere,
)
from subsidies.tasks import settle_quarter_batch
from subsidies.tasks import settle_quarter_everywhere as settle_everywhere_task
from tests.conftest import in_tenant
from tests.factories import valid_bsn
from tests.subsidies.test_settle_quarter import CASES, place, tariffs

D = datetime.date
CODES = ("a", "b", "c")


def as_placement(spec: dict) -> calculations.Placement:
    return calculations.Placement(
        id=spec["id"],
        start=D.fromisoformat(spec["start"]),
        end=D.fromisoformat(spec["end"]) if spec["end"] else None,
        steps=tuple((D.fromisoformat(day), code) for day, code in spec["steps"]),
    )


def stored(municipality, year, quarter):
    """The drafts of a quarter as plain values: per enrolment the lines and the totals."""
    with in_tenant(municipality):
        statements = {
            s.pk: s
            for s in QuarterStatement.objects.filter(
                municipality=municipality, year=year, quarter=quarter
            )
        }
        lines = defaultdict(list)
        for line in (
            StatementLine.objects.filter(municipality=municipality, statement__in=statements)
            .select_related("step")
            .order_by("placement_id", "date_from")
        ):
            lines[line.statement_id].append(
                (
                    str(line.placement_id),
                    line.step.code,
                    line.date_from,
                    line.date_to,
                    line.days,
                    line.annual_tariff,
                    line.amount,
                )
            )
    return {
        s.enrolment_id: {
            "lines": lines[pk],
            "base_fee": s.base_fee,
            "lines_total": s.lines_total,
            "total": s.total,
            "payable_now": s.payable_now,
            "held": s.held,
        }
        for pk, s in statements.items()
    }


def reference(placements_by_enrolment, *, year, quarter, tariffs_by_code, base_fee, model):
    """What calculations says, in the shape of ``stored``."""
    result = {}
    for enrolment_id, placements in placements_by_enrolment.items():
        statement = calculations.quarter_statement(
            sorted(placements, key=lambda p: int(p.id)),
            year=year,
            quarter=quarter,
            tariffs=tariffs_by_code,
            annual_base_fee=base_fee,
            advance_model=model,
        )
        result[enrolment_id] = {
            "lines": [
                (
                    line.placement,
                    line.step,
                    line.start,
                    line.end,
                    line.days,
                    line.annual_tariff,
                    line.amount,
                )
                for line in statement.lines
            ],
            "base_fee": statement.base_fee,
            "lines_total": statement.total - statement.base_fee,
            "total": statement.total,
            "payable_now": statement.payable_now,
            "held": statement.held_until_determination,
        }
    return result


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_fixture_case_is_settled_as_calculations_computes_it(dordrecht, case):
    tariffs(dordrecht, case)
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
    ids = {spec["id"]: place(dordrecht, enrolment, spec).id for spec in case["placements"]}
    with in_tenant(dordrecht.municipality):
        quarter_settle(
            municipality=dordrecht.municipality,
            year=case["year"],
            quarter=case["quarter"],
            today=D(case["year"] + 1, 1, 10),
        )
    placements = [as_placement({**spec, "id": str(ids[spec["id"]])}) for spec in case["placements"]]
    expected = reference(
        {enrolment.id: placements},
        year=case["year"],
        quarter=case["quarter"],
        tariffs_by_code={code: Decimal(v) for code, v in case["tariffs"].items()},
        base_fee=Decimal(case["base_fee"]),
        model=case["advance_model"],
    )
    got = stored(dordrecht.municipality, case["year"], case["quarter"])
    assert got == expected
    assert str(got[enrolment.id]["total"]) == case["expected"]["total"]


# --------------------------------------------------------------------------------------------
# Generated histories
# --------------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=20_000, places=2, allow_nan=False)


@st.composite
def quarters(draw):
    """A quarter of a common or a leap year, its tariffs and placements of two companies."""
    year = draw(st.sampled_from([2022, 2024]))
    quarter = draw(st.integers(1, 4))
    first, last = D(year - 2, 1, 1), D(year, 12, 31)
    placements = []
    for _ in range(draw(st.integers(1, 6))):
        start = first + datetime.timedelta(days=draw(st.integers(0, (last - first).days)))
        end = draw(
            st.none()
            | st.integers(0, 500).map(lambda days, start=start: start + datetime.timedelta(days))
        )
        horizon = (min(end, D(year + 1, 12, 31)) if end else D(year + 1, 12, 31)) - start
        changes = draw(
            st.lists(st.integers(1, max(horizon.days, 1)), max_size=4, unique=True).map(sorted)
        )
        steps = [(start, draw(st.sampled_from(CODES)))] + [
            (start + datetime.timedelta(days), draw(st.sampled_from(CODES))) for days in changes
        ]
        placements.append((draw(st.integers(0, 1)), start, end, steps))
    return {
        "year": year,
        "quarter": quarter,
        "tariffs": {code: draw(money) for code in CODES},
        "base_fee": draw(money),
        "model": draw(st.sampled_from(["full_advance", "quarterly_80_20"])),
        "placements": placements,
    }


def write_case(side, case):
    """The case's steps (for every year its histories touch), tariffs and placements, written
    in bulk; returns calculations' placements per enrolment."""
    municipality, year = side.municipality, case["year"]
    with in_tenant(municipality):
        steps = {
            (y, code): step
            for y in range(year - 2, year + 3)
            for code, step in (
                (
                    code,
                    Step.objects.create(
                        municipality=municipality,
                        year=y,
                        code=code,
                        label=code.upper(),
                        is_default=code == "a",
                        position=n,
                    ),
                )
                for n, code in enumerate(CODES)
            )
        }
        tariff = Tariff.objects.create(
            municipality=municipality,
            year=year,
            base_fee=case["base_fee"],
            custom_budget=Decimal("0"),
            advance_model=case["model"],
        )
        StepTariff.objects.bulk_create(
            StepTariff(
                municipality=municipality,
                tariff=tariff,
                step=steps[year, code],
                effective_from=date(year, 1, 1),
                annual_amount=amount,
            )
            for code, amount in case["tariffs"].items()
        )
        enrolments = [
            Enrolment.objects.get(organisation=side.lwb_a),
            Enrolment.objects.get(organisation=side.lwb_b),
        ]
        people = Participant.objects.bulk_create(
            Participant(
                municipality=municipality,
                first_name="Test",
                last_name=f"Deelnemer {n}",
                bsn=valid_bsn(900_000 + n),
                birth_date=D(1990, 1, 1),
                home_municipality=municipality,
            )
            for n in range(len(case["placements"]))
        )
        rows = Placement.objects.bulk_create(
            Placement(
                municipality=municipality,
                participant=person,
                enrolment=enrolments[company],
                start_date=start,
                end_date=end,
                hours_per_week=Decimal("12"),
                created_by=side.consultant,
            )
            for person, (company, start, end, _steps) in zip(
                people, case["placements"], strict=True
            )
        )
        StepDecision.objects.bulk_create(
            StepDecision(
                municipality=municipality,
                placement=row,
                step=steps[day.year, code],
                valid_from=day,
                justification="Gegenereerd.",
                status=StepDecisionStatus.APPROVED,
                advised_by=side.consultant,
            )
            for row, (_company, _start, _end, history) in zip(rows, case["placements"], strict=True)
            for day, code in history
        )
    year_start, quarter_end = D(year, 1, 1), calculations.quarter_bounds(year, case["quarter"])[1]
    grouped = defaultdict(list)
    for row, (company, start, end, history) in zip(rows, case["placements"], strict=True):
        if start <= quarter_end and (end is None or end >= year_start):
            grouped[enrolments[company].id].append(
                calculations.Placement(str(row.id), start, end, tuple(history))
            )
    return grouped


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=quarters())
def test_generated_histories_are_settled_as_calculations_computes_them(dordrecht, case):
    with transaction.atomic():
        placements = write_case(dordrecht, case)
        with in_tenant(dordrecht.municipality):
            quarter_settle(
                municipality=dordrecht.municipality,
                year=case["year"],
                quarter=case["quarter"],
                today=D(case["year"] + 1, 1, 10),
            )
        got = stored(dordrecht.municipality, case["year"], case["quarter"])
        transaction.set_rollback(True)
    expected = reference(
        placements,
        year=case["year"],
        quarter=case["quarter"],
        tariffs_by_code=case["tariffs"],
        base_fee=case["base_fee"],
        model=case["model"],
    )
    assert got == expected


# --------------------------------------------------------------------------------------------
# Bad data: a clear error, nothing saved
# --------------------------------------------------------------------------------------------


def test_a_step_without_a_tariff_is_refused_and_nothing_saved(dordrecht):
    tariffs(dordrecht, CASES[0])
    with in_tenant(dordrecht.municipality):
        StepTariff.objects.filter(step__code="plus").delete()  # the placement moves up to it
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
    place(dordrecht, enrolment, CASES[0]["placements"][0])
    with pytest.raises(ValidationError, match="Trede plus heeft geen tarief in 2022"):
        with in_tenant(dordrecht.municipality):
            quarter_settle(
                municipality=dordrecht.municipality, year=2022, quarter=1, today=D(2022, 4, 5)
            )
    with in_tenant(dordrecht.municipality):
        assert not QuarterStatement.objects.exists()
        assert not StatementLine.objects.exists()


def test_a_history_that_starts_after_the_placement_is_refused_and_nothing_saved(dordrecht):
    tariffs(dordrecht, CASES[0])
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
    spec = {"start": "2022-02-01", "end": None, "steps": [["2022-02-15", "basis"]]}
    place(dordrecht, enrolment, spec)
    with pytest.raises(ValueError, match="first step only applies from 2022-02-15"):
        with in_tenant(dordrecht.municipality):
            quarter_settle(
                municipality=dordrecht.municipality, year=2022, quarter=1, today=D(2022, 4, 5)
            )
    with in_tenant(dordrecht.municipality):
        assert not QuarterStatement.objects.exists()


# --------------------------------------------------------------------------------------------
# Several municipalities in one pass, the national run, the Celery fan-out
# --------------------------------------------------------------------------------------------

AFTER_Q1 = D(2022, 4, 5)


@pytest.fixture
def nation(world):
    """Dordrecht and Zwijndrecht settle Q1 2022 (two companies each, one resident of
    Zwijndrecht placed in Dordrecht); Meierijstad has no tariffs; Zwijndrecht did not meet its
    effort obligation."""
    dordrecht, zwijndrecht = world["dordrecht"], world["zwijndrecht"]
    spec = CASES[0]["placements"][0]
    for side in (dordrecht, zwijndrecht):
        tariffs(side, CASES[0])
        with in_tenant(side.municipality):
            a = Enrolment.objects.get(organisation=side.lwb_a)
            b = Enrolment.objects.get(organisation=side.lwb_b)
        place(side, a, spec)
        place(side, b, {**spec, "start": "2022-01-10", "steps": [["2022-01-10", "plus"]]})
    with in_tenant(dordrecht.municipality):
        a = Enrolment.objects.get(organisation=dordrecht.lwb_a)
    place(dordrecht, a, spec, home=zwijndrecht.municipality)
    EffortObligation.objects.create(municipality=zwijndrecht.municipality, year=2022, met=False)
    return world


def snapshot(world):
    return {name: stored(side.municipality, 2022, 1) for name, side in world.items()}


def claims(world):
    with in_tenant(*(side.municipality for side in world.values())):
        return sorted(
            (c.municipality_id, c.direction, c.counterpart_id, c.step_code, c.days, c.amount)
            for c in CrossMunicipalClaim.objects.all()
        )


def one_by_one(world):
    for name in ("dordrecht", "zwijndrecht"):
        side = world[name]
        with in_tenant(side.municipality):
            quarter_settle(municipality=side.municipality, year=2022, quarter=1, today=AFTER_Q1)


@pytest.mark.parametrize("batch_size", [1, 2, 100])
def test_the_national_run_settles_every_municipality_as_one_by_one(nation, batch_size):
    with transaction.atomic():
        one_by_one(nation)
        expected, expected_claims = snapshot(nation), claims(nation)
        transaction.set_rollback(True)
    assert len(expected["dordrecht"]) == 2 and expected_claims

    result = settle_quarter_everywhere(2022, 1, today=AFTER_Q1, batch_size=batch_size)

    assert result.without_tariffs == [nation["meierijstad"].municipality.id]
    assert len(result.statements) == 4
    assert snapshot(nation) == expected
    assert claims(nation) == expected_claims
    incoming = [c for c in claims(nation) if c[1] == ClaimDirection.INCOMING]
    assert {c[0] for c in incoming} == {nation["zwijndrecht"].municipality.id}


def test_a_rerun_replaces_drafts_and_claims_and_keeps_approved_statements(nation):
    first = settle_quarter_everywhere(2022, 1, today=AFTER_Q1)
    before, before_claims = snapshot(nation), claims(nation)
    dordrecht = nation["dordrecht"].municipality
    kept = next(s for s in first.statements if s.municipality_id == dordrecht.id)
    with in_tenant(dordrecht):
        QuarterStatement.objects.filter(pk=kept.pk).update(status=StatementStatus.APPROVED)

    again = settle_quarter_everywhere(2022, 1, today=AFTER_Q1)

    assert kept.pk not in {s.pk for s in again.statements}
    assert len(again.statements) == 3
    assert not {s.pk for s in first.statements} & {s.pk for s in again.statements}
    assert snapshot(nation) == before
    assert len(claims(nation)) == len(before_claims)
    with in_tenant(dordrecht):
        assert QuarterStatement.objects.get(pk=kept.pk).status == StatementStatus.APPROVED


def test_settling_a_batch_needs_no_wider_tenant_than_the_batch(nation):
    """Only the incoming claims reach outside the batch, and they get their own context."""
    ids = [nation["dordrecht"].municipality.id]
    with in_tenant(nation["dordrecht"].municipality):
        result = settle_municipalities(ids, year=2022, quarter=1, today=AFTER_Q1)
    assert {s.municipality_id for s in result.statements} == set(ids)
    with in_tenant(nation["zwijndrecht"].municipality):
        assert CrossMunicipalClaim.objects.filter(direction=ClaimDirection.INCOMING).count() == 2
        assert not QuarterStatement.objects.exists()


def test_an_unfinished_quarter_is_refused_before_anything_runs(nation):
    with pytest.raises(ValidationError, match="nog niet voorbij"):
        settle_quarter_everywhere(2022, 1, today=D(2022, 3, 31))


def test_the_tasks_settle_a_batch_and_fan_out_the_national_run(nation):
    ids = sorted(side.municipality.id for side in nation.values())
    with transaction.atomic():
        pks = settle_quarter_batch.delay(municipality_ids=ids, year=2022, quarter=1).get()
        assert len(pks) == 4
        transaction.set_rollback(True)
    # Three municipalities, two at a time: two tasks, Meierijstad (no tariffs) skipped.
    assert settle_everywhere_task.delay(year=2022, quarter=1, batch_size=2).get() == 2
    assert sum(len(statements) for statements in snapshot(nation).values()) == 4


def test_the_command_runs_everywhere(nation):
    out = StringIO()
    call_command("settle_quarter", "--everywhere", "2022", "1", stdout=out)
    assert out.getvalue().startswith("4 statements in 2 municipalities; no tariffs for 2022:")
    assert "meierijstad" in out.getvalue()
