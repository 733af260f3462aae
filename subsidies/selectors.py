"""Reads for subsidies."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from participatie.models import Municipality
from subsidies.models import QuarterStatement, StatementLine


def quarter_statements(
    *, municipality: Municipality, year: int, quarter: int
) -> QuerySet[QuarterStatement]:
    return (
        QuarterStatement.objects.filter(municipality=municipality, year=year, quarter=quarter)
        .select_related("enrolment__organisation")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=StatementLine.objects.filter(municipality=municipality)
                .select_related("step")
                .order_by("placement_id", "date_from"),
            )
        )
        .order_by("enrolment__organisation__name", "id")
    )


def statement_as_dict(statement: QuarterStatement) -> dict[str, Any]:
    """A statement shaped like ``shared/fixtures/settlement_cases.json`` (amounts as strings)."""
    body: dict[str, Any] = {
        "id": statement.id,
        "company": statement.enrolment.organisation.name,
        "enrolment": statement.enrolment_id,
        "status": statement.status,
        "advance_model": statement.advance_model,
        "lines": [
            {
                "placement": line.placement_id,
                "step": line.step.code,
                "from": line.date_from.isoformat(),
                "to": line.date_to.isoformat(),
                "days": line.days,
                "tariff": str(line.annual_tariff),
                "amount": str(line.amount),
            }
            for line in statement.lines.all()
        ],
        "base_fee": str(statement.base_fee),
        "total": str(statement.total),
    }
    if statement.advance_model == "quarterly_80_20":
        body["payable_now"] = str(statement.payable_now)
        body["held_until_determination"] = str(statement.held)
    return body
