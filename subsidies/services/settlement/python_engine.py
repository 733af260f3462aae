"""The engine for other databases (SQLite, the embedded default): per municipality, each
company's statement straight from ``calculations.quarter_statement``, the reference the
PostgreSQL engine is tested against."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from subsidies import calculations
from subsidies.models import QuarterStatement
from subsidies.services.settlement.claims import claims_write
from subsidies.services.settlement.drafts import draft_statement, drafts_write
from subsidies.services.settlement.inputs import (
    SettlementInput,
    no_tariff,
    placements_by_enrolment,
)


def settle_in_python(
    municipality_id: int,
    given: SettlementInput,
    year: int,
    quarter: int,
    approved: set[tuple[int, int]],
) -> list[QuarterStatement]:
    """Settle one municipality (open in the tenant context); the companies in ``approved``
    are left out."""
    _start, end = given.period
    placements = placements_by_enrolment(municipality_id, date(year, 1, 1), end)
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
        } - given.priced_codes
        if missing:
            raise no_tariff(min(missing), year)
        result = calculations.quarter_statement(
            placements[enrolment_id],
            year=year,
            quarter=quarter,
            tariffs=given.versions,
            annual_base_fee=given.tariff.base_fee,
            advance_model=given.tariff.advance_model,
        )
        statements.append(
            draft_statement(
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
    drafts_write(municipality_id, given, statements, computed)
    claims_write(
        [municipality_id], year=year, quarter=quarter, statement_ids=[s.pk for s in statements]
    )
    return statements
