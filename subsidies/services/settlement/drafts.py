"""The drafts a run replaces and writes.

A re-run of a quarter deletes that quarter's drafts (with their lines and claims, on both
sides of each claim) and writes new ones; a statement past draft is never touched (the
database refuses it too, see migration ``0003_approved_statements_are_final``). The PostgreSQL
engine inserts its drafts and lines inside its own statement; the Python engine writes them
here, in bulk.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from participatie.kernel.statistics import analyze_filled
from participatie.tenancy.db import bulk_insert
from subsidies import calculations
from subsidies.choices import StatementStatus
from subsidies.models import CrossMunicipalClaim, QuarterStatement, StatementLine
from subsidies.services.settlement.claims import claims_of_drafts_delete
from subsidies.services.settlement.inputs import SettlementInput

LINE_FIELDS = [
    "municipality",
    "statement",
    "placement",
    "step",
    "date_from",
    "date_to",
    "days",
    "annual_tariff",
    "amount",
]


def drafts_replace(ids: Sequence[int], year: int, quarter: int) -> set[tuple[int, int]]:
    """Delete this quarter's drafts of the given municipalities; return the (municipality,
    enrolment) pairs whose statement is past draft (the run leaves those companies alone)."""
    existing = list(
        QuarterStatement.objects.filter(
            municipality_id__in=ids, year=year, quarter=quarter, corrects__isnull=True
        ).values_list("id", "municipality_id", "enrolment_id", "status")
    )
    drafts = [pk for pk, _m, _e, status in existing if status == StatementStatus.DRAFT]
    if drafts:  # the first run of a quarter has nothing to replace: no queries for it
        _drafts_delete(ids, drafts)
    return {(m, e) for _pk, m, e, status in existing if status != StatementStatus.DRAFT}


def _drafts_delete(ids: Sequence[int], draft_ids: list[int]) -> None:
    claims_of_drafts_delete(ids, draft_ids)
    # Lines and outgoing claims go first, one DELETE each on the tenant-first indexes; the ORM
    # then deletes the drafts and still refuses (PROTECT) if anything else refers to one.
    for model in (StatementLine, CrossMunicipalClaim):
        model.objects.filter(municipality_id__in=ids, statement_id__in=draft_ids).delete()
    QuarterStatement.objects.filter(municipality_id__in=ids, id__in=draft_ids).delete()


def draft_statement(
    municipality_id: int,
    enrolment_id: int,
    given: SettlementInput,
    year: int,
    quarter: int,
    amounts: list[Decimal],
    now: datetime,
) -> QuarterStatement:
    """The draft statement of one company from its rounded line amounts, the way
    ``calculations.quarter_statement`` sums them: the base fee when at least one placement was
    active in the quarter (exactly when it has a line), the total, the advance split."""
    lines_total = sum(amounts, calculations.ZERO)
    base_fee = (
        calculations.quarter_base_fee(given.tariff.base_fee) if amounts else calculations.ZERO
    )
    total = lines_total + base_fee
    split = calculations.advance_split(total, given.tariff.advance_model)
    return QuarterStatement(
        municipality_id=municipality_id,
        enrolment_id=enrolment_id,
        year=year,
        quarter=quarter,
        advance_model=given.tariff.advance_model,
        lines_total=lines_total,
        base_fee=base_fee,
        total=total,
        payable_now=split.payable_now,
        held=split.held_until_determination,
        computed_at=now,
    )


def drafts_write(
    municipality_id: int,
    given: SettlementInput,
    statements: list[QuarterStatement],
    computed: Sequence[calculations.QuarterStatement],
) -> None:
    """Insert the drafts, then their lines (``computed[i]`` holds the lines of
    ``statements[i]``) without building a model instance per line."""
    QuarterStatement.objects.bulk_create(statements, batch_size=2000)
    lines = [
        (
            municipality_id,
            statement.id,
            int(line.placement),
            given.step_ids_by_code[line.step],
            line.start,
            line.end,
            line.days,
            line.annual_tariff,
            line.amount,
        )
        for statement, result in zip(statements, computed, strict=True)
        for line in result.lines
    ]
    bulk_insert(StatementLine, LINE_FIELDS, lines)
    # The claims, the payment instructions and the next quarter's settlement read these rows.
    analyze_filled(QuarterStatement, StatementLine, rows=len(statements) + len(lines))
