"""Run a kind's fingerprint and build as the report task does: inside the tenant context of
the municipality, or of every municipality of the region."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from participatie.models import (
    Enrolment,
    Municipality,
    Organisation,
    Participant,
    Placement,
    Region,
)
from participatie.reports.content import Report, Table
from participatie.reports.registry import MUNICIPALITY, REGION, ReportContext, report_kind
from participatie.tenancy.context import atomic_tenant_context
from tests.conftest import Side, in_tenant
from tests.factories import valid_bsn

TODAY = datetime.date(2023, 2, 1)
# The three texts of the annual accountability report.
TEXTS_FOR_TESTS = {
    "review": "Een goed jaar met twee nieuwe deelnemers.",
    "participants": "Eén deelnemer vond betaald werk.",
    "plans": "Meer plekken in de groenvoorziening.",
}


def context(owner: Municipality | Region, **parameters: Any) -> ReportContext:
    if isinstance(owner, Region):
        ids = tuple(owner.municipalities.order_by("id").values_list("id", flat=True))
        return ReportContext(
            scope=REGION, municipality_ids=ids, parameters=parameters, region=owner, today=TODAY
        )
    return ReportContext(
        scope=MUNICIPALITY,
        municipality_ids=(owner.id,),
        parameters=parameters,
        municipality=owner,
        today=TODAY,
    )


def fingerprint(slug: str, owner: Municipality | Region, **parameters: Any) -> str:
    ctx = context(owner, **parameters)
    with atomic_tenant_context(ctx.municipality_ids):
        return report_kind(slug).fingerprint(ctx)


def build(slug: str, owner: Municipality | Region, **parameters: Any) -> Report:
    ctx = context(owner, **parameters)
    with atomic_tenant_context(ctx.municipality_ids):
        return report_kind(slug).build(ctx)


def table(report: Report, title_start: str) -> Table:
    (found,) = [t for t in report.tables if str(t.title).startswith(title_start)]
    return found


def rows_by_label(found: Table) -> dict[str, list]:
    return {row[0]: row[1:] for row in found.rows}


def every_cell(report: Report) -> str:
    """Everything a renderer could print: titles, cells, notes, chart markup and texts."""
    parts = [str(report.title), str(report.subtitle)]
    for section in report.sections:
        parts.append(str(section.title))
        for attribute in ("svg", "description", "body", "note"):
            parts.append(str(getattr(section, attribute, "")))
        if isinstance(section, Table):
            parts.extend(str(cell) for row in section.rows for cell in row)
            parts.extend(str(cell) for cell in section.totals or [])
    return "\n".join(parts)


_serial = itertools.count(700_000)


def place(
    side: Side,
    organisation: Organisation,
    count: int = 1,
    *,
    start: datetime.date,
    end: datetime.date | None = None,
    reason: str = "",
    home: Municipality | None = None,
    first_name: str = "Deelnemer",
) -> list[Placement]:
    """``count`` participants (residents of ``home``, by default of the side's municipality)
    placed at the side's enrolment of ``organisation``, written in bulk as the benchmarks do."""
    municipality = side.municipality
    with in_tenant(municipality):
        enrolment = Enrolment.objects.get(organisation=organisation)
        people = Participant.objects.bulk_create(
            Participant(
                municipality=municipality,
                first_name=first_name,
                last_name=f"Achternaam{n}",
                bsn=valid_bsn(n),
                birth_date=datetime.date(1980, 1, 1),
                home_municipality=home or municipality,
            )
            for n in [next(_serial) for _ in range(count)]
        )
        return Placement.objects.bulk_create(
            Placement(
                municipality=municipality,
                participant=person,
                enrolment=enrolment,
                start_date=start,
                end_date=end,
                outflow_reason=reason,
                hours_per_week=Decimal(12),
                created_by=side.consultant,
            )
            for person in people
        )


def enrolment_of(side: Side, organisation: Organisation) -> Enrolment:
    with in_tenant(side.municipality):
        return Enrolment.objects.get(organisation=organisation)


def set_enrolment(side: Side, organisation: Organisation, **values: Any) -> None:
    with in_tenant(side.municipality):
        Enrolment.objects.filter(organisation=organisation).update(**values)
