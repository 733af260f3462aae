"""Quarter statements: compute per company enrolment the lines (placement, step, tariff, days,
amount) and the base fee, and store them as a draft.

One engine settles a set of municipalities in one pass: one municipality
(:func:`quarter_settle`, the command and the per-municipality task) or a batch of them
(:func:`settle_municipalities`; :func:`settle_quarter_everywhere` and the Celery fan-out run
the whole country batch by batch, each inside a tenant context over exactly its ids).

The package, by concern:

* ``inputs``: the quarter, the tariffs, the placements' step histories;
* ``drafts``: replacing a quarter's drafts, building and writing statements and lines;
* ``sql_engine``: on PostgreSQL one statement per batch does the per-row work;
* ``python_engine``: elsewhere (SQLite) ``calculations.quarter_statement`` per company;
* ``claims``: the cross-municipal claims of the new drafts, for both engines.

``tests/subsidies_statements/test_engine.py`` proves both engines agree with
``calculations.quarter_statement``, on the shared fixture and on generated histories.

Re-running replaces drafts (with their lines and claims) and never touches an approved
statement (which the database refuses as well).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import structlog
from django.db import connection, transaction

from participatie.models import Municipality
from participatie.tenancy.context import atomic_tenant_context
from subsidies.models import QuarterStatement
from subsidies.services.settlement.drafts import drafts_replace
from subsidies.services.settlement.inputs import (
    SettlementInput,
    inputs_for,
    placements_by_enrolment,
    settlement_input,
    settlement_period,
)
from subsidies.services.settlement.python_engine import settle_in_python
from subsidies.services.settlement.sql_engine import settle_in_sql

__all__ = [
    "NATIONAL_BATCH",
    "Settlement",
    "SettlementInput",
    "placements_by_enrolment",
    "quarter_settle",
    "settle_municipalities",
    "settle_quarter_everywhere",
    "settlement_input",
    "settlement_period",
]

log = structlog.get_logger(__name__)

# Municipalities per pass of the national run (and per task of its Celery fan-out). The
# per-row cost grows a little with the batch (the tariff lookup is a search in the batch's
# tariffs), the per-batch cost is a handful of queries; on 342 municipalities with 100,000
# placements (2 cores, medians of 3) batches of 4, 8, 16 and 64 took 5.1, 5.4, 4.4 and 4.8 s.
NATIONAL_BATCH = 16


@dataclass
class Settlement:
    """What a run over several municipalities did: the new drafts, and the municipalities it
    could not settle because they have no tariffs for the year."""

    statements: list[QuarterStatement] = field(default_factory=list)
    without_tariffs: list[int] = field(default_factory=list)


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
    inputs = inputs_for(ids, year, settlement_period(year, quarter, today))
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
    approved = drafts_replace(list(inputs), year, quarter)
    statements: list[QuarterStatement] = []
    if connection.vendor == "postgresql":
        # The SQL engine prices a year at one table; a municipality whose tariffs changed
        # during the year settles per day through the reference engine instead.
        in_sql = {i: given for i, given in inputs.items() if not given.is_versioned}
        if in_sql:
            statements += settle_in_sql(in_sql, year, quarter, approved)
        inputs = {i: given for i, given in inputs.items() if given.is_versioned}
    for municipality_id, given in inputs.items():
        statements += settle_in_python(municipality_id, given, year, quarter, approved)
    return statements
