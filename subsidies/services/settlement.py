"""Quarter statements: compute per company enrolment the lines (placement, step, tariff, days,
amount) and the base fee, and store them as a draft.

One engine settles a set of municipalities in one pass: one municipality
(:func:`quarter_settle`, the command and the per-municipality task) or a batch of them
(:func:`settle_municipalities`; :func:`settle_quarter_everywhere` and the Celery fan-out run
the whole country batch by batch, each inside a tenant context over exactly its ids).

On PostgreSQL one statement per batch does the per-row work (``SETTLE_SQL``): window functions
over the approved step decisions cut each placement's history into segments, clamped to the
quarter and the placement, with their day counts; the drafts and their lines are inserted
directly, each line's amount looked up in a table that ``subsidies.calculations`` computed for
every (annual tariff, day count) of the quarter. Python then only sums each statement from the
rounded line amounts the statement returns, with ``calculations`` (base fee, total, advance
split), and writes the totals in one UPDATE: no row of a line crosses the wire. Elsewhere
(SQLite) the segments and amounts come from ``calculations.quarter_statement`` per company.
``tests/subsidies_statements/test_engine.py`` proves both agree with
``calculations.quarter_statement``, on the shared fixture and on generated histories.

Re-running replaces drafts (with their lines and claims) and never touches an approved
statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

import structlog
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.choices import StepDecisionStatus
from participatie.models import Municipality, Participant, Placement, Step, StepDecision
from participatie.tenancy.context import atomic_tenant_context, tenant_context
from participatie.tenancy.db import bulk_insert
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

log = structlog.get_logger(__name__)

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

# Municipalities per pass of the national run (and per task of its Celery fan-out). The
# per-row cost grows a little with the batch (the tariff lookup is a search in the batch's
# tariffs), the per-batch cost is a handful of queries; on 342 municipalities with 100,000
# placements (2 cores, medians of 3) batches of 4, 8, 16 and 64 took 5.1, 5.4, 4.4 and 4.8 s.
NATIONAL_BATCH = 16


@dataclass(frozen=True)
class SettlementInput:
    tariff: Tariff
    tariffs_by_code: dict[str, Decimal]
    step_ids_by_code: dict[str, int]
    period: tuple[date, date]


@dataclass
class Settlement:
    """What a run over several municipalities did: the new drafts, and the municipalities it
    could not settle because they have no tariffs for the year."""

    statements: list[QuarterStatement] = field(default_factory=list)
    without_tariffs: list[int] = field(default_factory=list)


def settlement_period(year: int, quarter: int, today: date | None = None) -> tuple[date, date]:
    """The first and last day of a quarter that can be settled, or a Dutch ValidationError
    (not a quarter; not yet over on ``today``)."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Een kwartaal is 1, 2, 3 of 4.")})
    start, end = calculations.quarter_bounds(year, quarter)
    if end >= (today or timezone.localdate()):
        raise ValidationError(
            {
                "quarter": _("Kwartaal %(q)s van %(y)s is nog niet voorbij.")
                % {"q": quarter, "y": year}
            }
        )
    return start, end


def _inputs(
    municipality_ids: Sequence[int], year: int, period: tuple[date, date]
) -> dict[int, SettlementInput]:
    """The tariffs of the year for every given municipality that has them: two queries."""
    step_tariffs = list(
        StepTariff.objects.filter(
            municipality_id__in=municipality_ids, tariff__year=year
        ).select_related("tariff", "step")
    )
    tariffs = {row.municipality_id: row.tariff for row in step_tariffs}
    missing = set(municipality_ids) - set(tariffs)
    if missing:  # a schedule without step tariffs still settles (base fees only)
        tariffs.update(
            (tariff.municipality_id, tariff)
            for tariff in Tariff.objects.filter(municipality_id__in=missing, year=year)
        )
    by_code: dict[int, dict[str, Decimal]] = defaultdict(dict)
    step_ids: dict[int, dict[str, int]] = defaultdict(dict)
    for row in step_tariffs:
        by_code[row.municipality_id][row.step.code] = row.annual_amount
        step_ids[row.municipality_id][row.step.code] = row.step_id
    return {
        municipality_id: SettlementInput(
            tariff=tariff,
            tariffs_by_code=by_code[municipality_id],
            step_ids_by_code=step_ids[municipality_id],
            period=period,
        )
        for municipality_id, tariff in sorted(tariffs.items())
    }


def settlement_input(
    *, municipality: Municipality, year: int, quarter: int, today: date | None = None
) -> SettlementInput:
    """What settling needs, or a Dutch ValidationError saying what is missing."""
    period = settlement_period(year, quarter, today)
    given = _inputs([municipality.id], year, period).get(municipality.id)
    if given is None:
        raise ValidationError(
            {"year": _("Er zijn geen tarieven vastgesteld voor %(y)s.") % {"y": year}}
        )
    return given


def _placements_by_enrolment(
    municipality: Municipality | int, year_start: date, end: date
) -> dict[int, list[calculations.Placement]]:
    """Every placement of the municipality that overlaps ``year_start``..``end`` with its
    approved step history, grouped per enrolment: one query."""
    rows = (
        StepDecision.objects.filter(municipality=municipality, status=StepDecisionStatus.APPROVED)
        .filter(placement__start_date__lte=end)
        .filter(Q(placement__end_date__isnull=True) | Q(placement__end_date__gte=year_start))
        .order_by("placement_id", "valid_from")
        .values_list(
            "placement_id",
            "placement__enrolment_id",
            "placement__start_date",
            "placement__end_date",
            "valid_from",
            "step__code",
        )
    )
    steps: dict[int, list[tuple[date, str]]] = defaultdict(list)
    meta: dict[int, tuple[int, date, date | None]] = {}
    for placement_id, enrolment_id, start, placement_end, valid_from, code in rows:
        steps[placement_id].append((valid_from, code))
        meta[placement_id] = (enrolment_id, start, placement_end)
    grouped: dict[int, list[calculations.Placement]] = defaultdict(list)
    for placement_id, (enrolment_id, start, placement_end) in meta.items():
        grouped[enrolment_id].append(
            calculations.Placement(
                id=str(placement_id),
                start=start,
                end=placement_end,
                steps=tuple(steps[placement_id]),
            )
        )
    return grouped


@transaction.atomic
def quarter_settle(
    *, municipality: Municipality, year: int, quarter: int, today: date | None = None
) -> list[QuarterStatement]:
    """Compute and store the draft statements of one quarter for every company of the
    municipality that had a placement that year. Approved statements are left alone (a
    change after approval is a correcting statement). Runs inside the municipality's
    tenant context."""
    given = settlement_input(municipality=municipality, year=year, quarter=quarter, today=today)
    return _settle({municipality.id: given}, year, quarter)


@transaction.atomic
def settle_municipalities(
    municipality_ids: Iterable[int], *, year: int, quarter: int, today: date | None = None
) -> Settlement:
    """:func:`quarter_settle` for several municipalities in one pass (the caller has opened
    ``tenant_context`` over exactly these ids). A municipality without tariffs for the year
    is skipped and reported, not an error: the others still get their statements."""
    ids = sorted({int(i) for i in municipality_ids})
    inputs = _inputs(ids, year, settlement_period(year, quarter, today))
    without = [i for i in ids if i not in inputs]
    if without:
        log.warning("settlement.without_tariffs", year=year, municipalities=without)
    return Settlement(statements=_settle(inputs, year, quarter), without_tariffs=without)


def settle_quarter_everywhere(
    year: int, quarter: int, *, today: date | None = None, batch_size: int = NATIONAL_BATCH
) -> Settlement:
    """The national run: every municipality, ``batch_size`` at a time, each batch in its own
    transaction and tenant context over exactly its ids. The Celery fan-out
    (``subsidies.settle_quarter_everywhere``) sends the same batches to workers instead."""
    settlement_period(year, quarter, today)  # refuse an unfinished quarter before anything else
    ids = list(Municipality.objects.order_by("id").values_list("id", flat=True))
    result = Settlement()
    for offset in range(0, len(ids), batch_size):
        batch = ids[offset : offset + batch_size]
        with atomic_tenant_context(batch):
            done = settle_municipalities(batch, year=year, quarter=quarter, today=today)
        result.statements += done.statements
        result.without_tariffs += done.without_tariffs
    return result


def _settle(inputs: dict[int, SettlementInput], year: int, quarter: int) -> list[QuarterStatement]:
    if not inputs:
        return []
    approved = _replace_drafts(list(inputs), year, quarter)
    if connection.vendor == "postgresql":
        return _settle_in_sql(inputs, year, quarter, approved)
    return [
        statement
        for municipality_id, given in inputs.items()
        for statement in _settle_in_python(municipality_id, given, year, quarter, approved)
    ]


def _replace_drafts(ids: list[int], year: int, quarter: int) -> set[tuple[int, int]]:
    """Delete this quarter's drafts (with their lines and claims, on both sides of each
    claim); return the (municipality, enrolment) pairs whose statement is past draft."""
    existing = list(
        QuarterStatement.objects.filter(
            municipality_id__in=ids, year=year, quarter=quarter, corrects__isnull=True
        ).values_list("id", "municipality_id", "enrolment_id", "status")
    )
    drafts = [pk for pk, _m, _e, status in existing if status == StatementStatus.DRAFT]
    if drafts:  # the first run of a quarter has nothing to replace: no queries for it
        _delete_drafts(ids, drafts)
    return {(m, e) for _pk, m, e, status in existing if status != StatementStatus.DRAFT}


def _delete_drafts(ids: list[int], draft_ids: list[int]) -> None:
    outgoing = CrossMunicipalClaim.objects.filter(
        municipality_id__in=ids, statement_id__in=draft_ids
    )
    counterparts = set(outgoing.values_list("counterpart_id", flat=True))
    if counterparts:
        with tenant_context([*ids, *counterparts]):
            if connection.vendor == "postgresql":
                _execute(
                    f"DELETE FROM {_table(CrossMunicipalClaim)} incoming "  # noqa: S608
                    f"USING {_table(CrossMunicipalClaim)} outgoing "
                    "WHERE outgoing.municipality_id = ANY(%(ids)s::bigint[]) "
                    "AND outgoing.statement_id = ANY(%(drafts)s::bigint[]) "
                    "AND incoming.municipality_id = outgoing.counterpart_id "
                    "AND incoming.counterpart_id = outgoing.municipality_id "
                    "AND incoming.direction = %(incoming)s "
                    "AND incoming.claim_reference = outgoing.claim_reference",
                    {"ids": ids, "drafts": draft_ids, "incoming": ClaimDirection.INCOMING},
                )
            else:
                for municipality_id, references in _group_pairs(
                    outgoing.values_list("municipality_id", "claim_reference")
                ).items():
                    CrossMunicipalClaim.objects.filter(
                        direction=ClaimDirection.INCOMING,
                        counterpart_id=municipality_id,
                        claim_reference__in=references,
                    ).delete()
    # Lines and outgoing claims go in one statement each; the ORM then deletes the drafts
    # and still refuses (PROTECT) if anything else refers to one.
    if connection.vendor == "postgresql":
        for model in (StatementLine, CrossMunicipalClaim):
            _execute(
                f"DELETE FROM {_table(model)} WHERE municipality_id = ANY(%(ids)s::bigint[]) "  # noqa: S608
                "AND statement_id = ANY(%(drafts)s::bigint[])",
                {"ids": ids, "drafts": draft_ids},
            )
    QuarterStatement.objects.filter(municipality_id__in=ids, id__in=draft_ids).delete()


def _group_pairs(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _execute(sql: str, params: dict[str, Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _statement(
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


def _no_tariff(code: str, year: int) -> ValidationError:
    return ValidationError(
        {"year": _("Trede %(code)s heeft geen tarief in %(y)s.") % {"code": code, "y": year}}
    )


# --------------------------------------------------------------------------------------------
# PostgreSQL: segments in SQL, amounts in calculations, writes in bulk
# --------------------------------------------------------------------------------------------

# The whole quarter of a batch of municipalities in one statement, driven by the companies so
# that every step is an index lookup per company or per placement (no join whose plan depends
# on row estimates, which row-level security makes unreliable):
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
            SELECT p.id AS placement_id, p.start_date, p.end_date, st.code, d.valid_from,
                   lag(st.code) OVER w AS previous_code,
                   first_value(d.valid_from) OVER w AS first_from
            FROM {placement} p
            JOIN {decision} d ON d.municipality_id = p.municipality_id AND d.placement_id = p.id
            JOIN {step} st ON st.municipality_id = d.municipality_id AND st.id = d.step_id
            WHERE p.municipality_id = s.municipality_id AND p.enrolment_id = s.enrolment_id
              AND p.start_date <= %(end)s
              AND (p.end_date IS NULL OR p.end_date >= %(year_start)s)
              AND d.status = %(approved_step)s
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

# Lines of residents of a municipality that did not meet its effort obligation become claims
# towards it: an outgoing row in the placement municipality (part of the draft) and an
# incoming row in the home municipality, with one reference. Pseudonymised: the participant's
# reference, never a name or BSN.
CLAIMS_SQL = """
WITH claim AS MATERIALIZED (
    SELECT gen_random_uuid() AS reference, l.municipality_id, l.statement_id,
           pa.home_municipality_id AS home_id, pa.reference AS participant_reference,
           st.code, l.days, l.amount
    FROM {line} l
    JOIN {placement} p ON p.municipality_id = l.municipality_id AND p.id = l.placement_id
    JOIN {participant} pa ON pa.municipality_id = p.municipality_id AND pa.id = p.participant_id
    JOIN {step} st ON st.municipality_id = l.municipality_id AND st.id = l.step_id
    WHERE l.municipality_id = ANY(%(ids)s::bigint[])
      AND l.statement_id = ANY(%(statements)s::bigint[])
      AND p.municipality_id = ANY(%(ids)s::bigint[])
      AND pa.home_municipality_id = ANY(%(defaulting)s::bigint[])
      AND pa.home_municipality_id <> l.municipality_id
)
INSERT INTO {claim} (
    municipality_id, direction, statement_id, counterpart_id, claim_reference,
    participant_reference, year, quarter, step_code, days, amount, created_at
)
SELECT side.municipality_id, side.direction, side.statement_id, side.counterpart_id,
       c.reference, c.participant_reference, %(year)s, %(quarter)s, c.code, c.days, c.amount,
       %(now)s
FROM claim c
CROSS JOIN LATERAL (
    VALUES (c.municipality_id, %(outgoing)s, c.statement_id, c.home_id),
           (c.home_id, %(incoming)s, NULL::bigint, c.municipality_id)
) AS side (municipality_id, direction, statement_id, counterpart_id)
"""


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


def _settle_in_sql(
    inputs: dict[int, SettlementInput],
    year: int,
    quarter: int,
    approved: set[tuple[int, int]],
) -> list[QuarterStatement]:
    ids = list(inputs)
    start, end = calculations.quarter_bounds(year, quarter)
    quarter_days = (end - start).days + 1
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
            raise _no_tariff(code, year)
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
        statement = _statement(
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
    _claim_in_sql(ids, year, quarter, statements, now)
    return statements


def _defaulting(year: int) -> list[int]:
    return list(
        EffortObligation.objects.filter(year=year, met=False).values_list(
            "municipality_id", flat=True
        )
    )


def _claim_in_sql(
    ids: list[int], year: int, quarter: int, statements: list[QuarterStatement], now: datetime
) -> None:
    defaulting = _defaulting(year)
    if not statements or not defaulting:
        return
    sql = CLAIMS_SQL.format(
        line=_table(StatementLine),
        placement=_table(Placement),
        participant=_table(Participant),
        step=_table(Step),
        claim=_table(CrossMunicipalClaim),
    )
    # The incoming rows belong to the home municipalities: open them too, for this write only.
    with tenant_context([*ids, *defaulting]):
        _execute(
            sql,
            {
                "ids": ids,
                "statements": [statement.id for statement in statements],
                "defaulting": defaulting,
                "year": year,
                "quarter": quarter,
                "now": now,
                "outgoing": ClaimDirection.OUTGOING,
                "incoming": ClaimDirection.INCOMING,
            },
        )


# --------------------------------------------------------------------------------------------
# Other databases: segments from calculations, per municipality
# --------------------------------------------------------------------------------------------


def _settle_in_python(
    municipality_id: int,
    given: SettlementInput,
    year: int,
    quarter: int,
    approved: set[tuple[int, int]],
) -> list[QuarterStatement]:
    _start, end = given.period
    placements = _placements_by_enrolment(municipality_id, date(year, 1, 1), end)
    now = timezone.now()
    statements: list[QuarterStatement] = []
    computed: list[calculations.QuarterStatement] = []
    for enrolment_id in sorted(set(placements)):
        if (municipality_id, enrolment_id) in approved:
            continue
        missing = {
            segment.step
            for placement in placements[enrolment_id]
            for segment in calculations.step_segments(placement, *given.period)
        } - set(given.tariffs_by_code)
        if missing:
            raise _no_tariff(min(missing), year)
        result = calculations.quarter_statement(
            placements[enrolment_id],
            year=year,
            quarter=quarter,
            tariffs=given.tariffs_by_code,
            annual_base_fee=given.tariff.base_fee,
            advance_model=given.tariff.advance_model,
        )
        statements.append(
            _statement(
                municipality_id,
                enrolment_id,
                given,
                year,
                quarter,
                [line.amount for line in result.lines],
                now,
            )
        )
        computed.append(result)
    QuarterStatement.objects.bulk_create(statements, batch_size=2000)
    lines = [
        (statement, line)
        for statement, result in zip(statements, computed, strict=True)
        for line in result.lines
    ]
    bulk_insert(
        StatementLine,
        LINE_FIELDS,
        [
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
            for statement, line in lines
        ],
    )
    _claim_in_python(municipality_id, year, quarter, lines)
    return statements


def _claim_in_python(
    municipality_id: int,
    year: int,
    quarter: int,
    lines: list[tuple[QuarterStatement, calculations.StatementLine]],
) -> None:
    if not lines:
        return
    defaulting = set(_defaulting(year)) - {municipality_id}
    if not defaulting:
        return
    residents = {
        placement_id: (home_id, reference)
        for placement_id, home_id, reference in Placement.objects.filter(
            municipality_id=municipality_id,
            id__in={int(line.placement) for _statement, line in lines},
            participant__home_municipality_id__in=defaulting,
        ).values_list("id", "participant__home_municipality_id", "participant__reference")
    }
    claims = []
    for statement, line in lines:
        if int(line.placement) not in residents:
            continue
        home_id, reference = residents[int(line.placement)]
        shared = {
            "participant_reference": reference,
            "year": year,
            "quarter": quarter,
            "step_code": line.step,
            "days": line.days,
            "amount": line.amount,
        }
        outgoing = CrossMunicipalClaim(
            municipality_id=municipality_id,
            direction=ClaimDirection.OUTGOING,
            counterpart_id=home_id,
            statement=statement,
            **shared,
        )
        claims += [
            outgoing,
            CrossMunicipalClaim(
                municipality_id=home_id,
                direction=ClaimDirection.INCOMING,
                counterpart_id=municipality_id,
                claim_reference=outgoing.claim_reference,
                **shared,
            ),
        ]
    if claims:
        with tenant_context([municipality_id, *{c.municipality_id for c in claims}]):
            CrossMunicipalClaim.objects.bulk_create(claims)
