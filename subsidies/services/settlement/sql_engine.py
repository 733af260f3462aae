"""The PostgreSQL engine: the per-row work of a batch of municipalities in one statement.

Window functions over the approved step decisions cut each placement's history into segments,
clamped to the quarter and the placement, with their day counts; the drafts and their lines are
inserted directly, each line's amount looked up in a table that ``subsidies.calculations``
computed for every (annual tariff, day count) of the quarter. Python then only sums each
statement from the rounded line amounts the statement returns, with ``calculations`` (base fee,
total, advance split), and writes the totals in one UPDATE: no row of a line crosses the wire,
except the few that become cross-municipal claims (``claims``, shared with the Python engine).
``tests/subsidies_statements/test_engine.py`` proves it agrees with
``calculations.quarter_statement``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import connection, models
from django.utils import timezone

from participatie.kernel.statistics import analyze_filled
from participatie.models import Placement, Step, StepDecision
from participatie.placements.choices import StepDecisionStatus
from subsidies import calculations
from subsidies.choices import StatementStatus
from subsidies.models import QuarterStatement, StatementLine
from subsidies.services.settlement.claims import claims_write
from subsidies.services.settlement.drafts import draft_statement
from subsidies.services.settlement.inputs import SettlementInput, no_tariff

# The whole quarter of a batch of municipalities in one statement, driven by the companies so
# that every step is an index lookup per company or per placement (no join whose plan depends
# on row estimates, which row-level security makes unreliable, and which are wrong altogether
# straight after a bulk load: on never-analysed tables, estimating one decision per
# municipality, the planner scanned a municipality's whole decision table for each company and
# probed the company's placements once per decision, work that grows with the square of the
# municipality's size: 1.67 million placement probes and 419 s for the batch holding a
# municipality of 5,000 placements, test_bench_settlement_fresh.py with
# BENCH_STATISTICS=never). The decisions of a placement are therefore a
# LATERAL subquery with OFFSET 0, which the planner cannot flatten into a join it may reorder,
# and a decision's step code a scalar subquery on the step's key (issue 18 item 2):
#
# * ``company``: every company with a placement that overlaps the year up to the quarter's end
#   and has an approved step, except those whose statement is past draft;
# * ``statement``: its draft, written with zero amounts (the totals follow below);
# * ``segment``: per statement, the approved step history of each of its placements: runs of
#   consecutive decisions for the same step code (as in calculations.step_segments), a run
#   ending the day before the next one starts, clamped to the placement and the quarter (LEAST
#   and GREATEST skip NULLs: an open end is the quarter's end; a quarter never crosses
#   1 January). Runs outside the quarter end before they start. ``tariff`` is the position of
#   the (municipality, step code) in the tariff arrays, ``bad`` marks a history that starts
#   after the placement (which calculations refuses);
# * ``line``: a line per segment inside the quarter; tariff and step from the arrays; the amount
#   from the table that calculations.prorata_amount computed for every (tariff, day count),
#   in cents (an integer array, indexed directly);
# * the result: the statements, per statement its line amounts with their counts (the totals,
#   which calculations then computes), and what makes the run invalid.
SETTLE_SQL = """
WITH company AS (
    SELECT DISTINCT p.municipality_id, p.enrolment_id
    FROM {placement} p
    WHERE p.municipality_id = ANY(%(ids)s::bigint[])
      AND p.start_date <= %(end)s AND (p.end_date IS NULL OR p.end_date >= %(year_start)s)
      AND p.enrolment_id <> ALL(%(approved)s::bigint[])
      AND (  -- a probe per placement, never a scan of all decisions
          SELECT TRUE FROM {decision} d
          WHERE d.municipality_id = p.municipality_id AND d.placement_id = p.id
            AND d.status = %(approved_step)s
          LIMIT 1
      )
), statement AS (
    INSERT INTO {statement} (municipality_id, enrolment_id, advance_model, {columns})
    SELECT municipality_id, enrolment_id,
           (%(advance_model)s::text[])[array_position(%(ids)s::bigint[], municipality_id)],
           {values}
    FROM company
    RETURNING id, municipality_id, enrolment_id
), segment AS MATERIALIZED (
    SELECT s.id AS statement_id, s.municipality_id, g.placement_id, g.code, g.bad, g.date_from,
           g.date_to, g.date_to - g.date_from + 1 AS days,
           array_position(%(tariff_key)s::text[], s.municipality_id || ':' || g.code) AS tariff
    FROM statement s
    CROSS JOIN LATERAL (
        SELECT placement_id, code, first_from > start_date AS bad,
               greatest(valid_from, start_date, %(start)s) AS date_from,
               least(
                   lead(valid_from) OVER (PARTITION BY placement_id ORDER BY valid_from) - 1,
                   end_date,
                   %(end)s
               ) AS date_to
        FROM (
            SELECT p.id AS placement_id, p.start_date, p.end_date, d.code, d.valid_from,
                   lag(d.code) OVER w AS previous_code,
                   first_value(d.valid_from) OVER w AS first_from
            FROM {placement} p
            CROSS JOIN LATERAL (  -- per placement its decisions: an index probe, see above
                SELECT d.valid_from, (
                    SELECT st.code FROM {step} st
                    WHERE st.municipality_id = d.municipality_id AND st.id = d.step_id
                ) AS code
                FROM {decision} d
                WHERE d.municipality_id = p.municipality_id AND d.placement_id = p.id
                  AND d.status = %(approved_step)s
                OFFSET 0
            ) d
            WHERE p.municipality_id = s.municipality_id AND p.enrolment_id = s.enrolment_id
              AND p.start_date <= %(end)s
              AND (p.end_date IS NULL OR p.end_date >= %(year_start)s)
            WINDOW w AS (PARTITION BY p.id ORDER BY d.valid_from)
        ) history
        WHERE previous_code IS DISTINCT FROM code
    ) g
), line AS (
    INSERT INTO {line} (
        municipality_id, statement_id, placement_id, step_id, date_from, date_to, days,
        annual_tariff, amount
    )
    SELECT municipality_id, statement_id, placement_id, (%(tariff_step)s::bigint[])[tariff],
           date_from, date_to, days, (%(tariff_annual)s::numeric[])[tariff],
           (%(amount_cents)s::bigint[])[(tariff - 1) * %(quarter_days)s + days] * 0.01
    FROM segment
    WHERE date_from <= date_to AND tariff IS NOT NULL
    RETURNING statement_id, amount
)
SELECT id, municipality_id, enrolment_id, NULL::numeric, 0::bigint, NULL::text, NULL::bigint
FROM statement
UNION ALL
SELECT statement_id, NULL, NULL, amount, count(*), NULL, NULL
FROM line
GROUP BY statement_id, amount
UNION ALL (
    SELECT NULL, municipality_id, NULL, NULL, NULL, code, NULL
    FROM segment
    WHERE date_from <= date_to AND tariff IS NULL
    LIMIT 1
) UNION ALL (
    SELECT NULL, municipality_id, NULL, NULL, NULL, NULL, placement_id
    FROM segment
    WHERE bad
    LIMIT 1
)
"""

UPDATE_SQL = """
UPDATE {statement} q
SET lines_total = u.lines_total, base_fee = u.base_fee, total = u.total,
    payable_now = u.payable_now, held = u.held
FROM unnest(
    %(id)s::bigint[], %(lines_total)s::numeric[], %(base_fee)s::numeric[], %(total)s::numeric[],
    %(payable_now)s::numeric[], %(held)s::numeric[]
) AS u (id, lines_total, base_fee, total, payable_now, held)
WHERE q.id = u.id AND q.municipality_id = ANY(%(ids)s::bigint[])
"""


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _execute(sql: str, params: dict[str, Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


@lru_cache(maxsize=1 << 16)
def _line_amount(annual: Decimal, days: int, year: int) -> Decimal:
    """calculations.prorata_amount of ``days`` days in ``year``: what a line of that many days
    at that annual tariff comes to. It depends on nothing else (a line never crosses 1
    January), so it is computed once per (tariff, days, year)."""
    first = date(year, 1, 1)
    return calculations.prorata_amount(annual, first, first + timedelta(days=days - 1))


def _refuse_history_after_start(municipality_id: int, placement_id: int) -> None:
    """calculations.Placement says why (its first step applies after its start date)."""
    placement = Placement.objects.get(municipality_id=municipality_id, id=placement_id)
    steps = StepDecision.objects.filter(
        municipality_id=municipality_id, placement=placement, status=StepDecisionStatus.APPROVED
    ).values_list("valid_from", "step__code")
    calculations.Placement(
        id=str(placement.pk),
        start=placement.start_date,
        end=placement.end_date,
        steps=tuple(steps),
    )
    raise AssertionError("unreachable: the history starts after the placement")  # pragma: no cover


def _settle_sql(constant: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """SETTLE_SQL with the tables and the statement columns that are the same for every draft
    (``constant``: field name -> value), as the model converts them."""
    columns: list[str] = []
    values: list[str] = []
    params: dict[str, Any] = {}
    for model_field in QuarterStatement._meta.concrete_fields:
        if model_field.primary_key or model_field.name in (
            "municipality",
            "enrolment",
            "advance_model",
        ):
            continue
        column = str(model_field.column)
        value = constant.get(model_field.name, model_field.get_default())
        columns.append(connection.ops.quote_name(column))
        values.append(f"%(c_{column})s::{model_field.db_type(connection)}")
        params[f"c_{column}"] = model_field.get_db_prep_save(value, connection)
    sql = SETTLE_SQL.format(
        placement=_table(Placement),
        decision=_table(StepDecision),
        step=_table(Step),
        statement=_table(QuarterStatement),
        line=_table(StatementLine),
        columns=", ".join(columns),
        values=", ".join(values),
    )
    return sql, params


def settle_in_sql(
    inputs: dict[int, SettlementInput],
    year: int,
    quarter: int,
    approved: set[tuple[int, int]],
) -> list[QuarterStatement]:
    """Settle a batch of municipalities (open in the tenant context) in one statement; the
    companies in ``approved`` are left out."""
    ids = list(inputs)
    start, end = calculations.quarter_bounds(year, quarter)
    quarter_days = calculations.days_inclusive(start, end)
    now = timezone.now()
    tariffs = [
        (f"{municipality_id}:{code}", given.step_ids_by_code[code], annual)
        for municipality_id, given in inputs.items()
        for code, annual in given.tariffs_by_code.items()
    ]
    sql, params = _settle_sql(
        {
            "year": year,
            "quarter": quarter,
            "status": StatementStatus.DRAFT,
            "lines_total": calculations.ZERO,
            "base_fee": calculations.ZERO,
            "total": calculations.ZERO,
            "payable_now": calculations.ZERO,
            "held": calculations.ZERO,
            "computed_at": now,
        }
    )
    rows = _execute(
        sql,
        {
            **params,
            "ids": ids,
            "start": start,
            "end": end,
            "year_start": date(year, 1, 1),
            "approved_step": StepDecisionStatus.APPROVED,
            "approved": sorted(enrolment_id for _m, enrolment_id in approved),
            "advance_model": [inputs[i].tariff.advance_model for i in ids],
            "tariff_key": [key for key, _step, _annual in tariffs],
            "tariff_step": [step_id for _key, step_id, _annual in tariffs],
            "tariff_annual": [annual for _key, _step, annual in tariffs],
            "quarter_days": quarter_days,
            # Position (tariff - 1) * quarter_days + days: the amount of a line of that many
            # days at that tariff, in cents, as calculations computes it.
            "amount_cents": [
                int(_line_amount(annual, days, year).scaleb(2))
                for _key, _step, annual in tariffs
                for days in range(1, quarter_days + 1)
            ],
        },
    )
    found: dict[int, tuple[int, int]] = {}
    parts: dict[int, list[Decimal]] = defaultdict(list)
    for statement_id, municipality_id, enrolment_id, amount, count, code, bad in rows:
        if code is not None:
            raise no_tariff(code, year)
        if bad is not None:
            _refuse_history_after_start(municipality_id, bad)
        if enrolment_id is not None:
            found[statement_id] = (municipality_id, enrolment_id)
        else:  # the sum of the rounded lines: each distinct amount times its number of lines
            parts[statement_id].append(amount * count)

    statements = []
    for statement_id, (municipality_id, enrolment_id) in sorted(
        found.items(), key=lambda item: item[1]
    ):
        statement = draft_statement(
            municipality_id,
            enrolment_id,
            inputs[municipality_id],
            year,
            quarter,
            parts[statement_id],
            now,
        )
        statement.pk = statement_id
        statement._state.adding = False
        statement._state.db = connection.alias
        statements.append(statement)
    changed = [s for s in statements if s.total or s.lines_total]
    if changed:
        _execute(
            UPDATE_SQL.format(statement=_table(QuarterStatement)),
            {
                "ids": ids,
                "id": [s.pk for s in changed],
                "lines_total": [s.lines_total for s in changed],
                "base_fee": [s.base_fee for s in changed],
                "total": [s.total for s in changed],
                "payable_now": [s.payable_now for s in changed],
                "held": [s.held for s in changed],
            },
        )
    # Settlement is the heavy job: its claims, payments and the next run read these rows.
    analyze_filled(QuarterStatement, StatementLine)
    claims_write(ids, year=year, quarter=quarter, statement_ids=[s.pk for s in statements])
    return statements
