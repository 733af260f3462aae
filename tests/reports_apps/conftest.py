"""Running a report kind the way the report task does: fingerprint, then build, inside the
tenant context of the municipalities the run covers (or more, to prove the kind itself keeps
to its own)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from participatie.models import Municipality, Region
from participatie.reports.content import Chart, Report, Table, Text
from participatie.reports.registry import MUNICIPALITY, REGION, ReportContext, report_kind
from tests.conftest import in_tenant


def context(
    *,
    municipality: Municipality | None = None,
    region: Region | None = None,
    municipalities: Iterable[Municipality] = (),
    parameters: dict,
    today: datetime.date,
) -> ReportContext:
    if region is not None:
        return ReportContext(
            scope=REGION,
            municipality_ids=tuple(m.pk for m in municipalities),
            parameters=parameters,
            region=region,
            today=today,
        )
    assert municipality is not None
    return ReportContext(
        scope=MUNICIPALITY,
        municipality_ids=(municipality.pk,),
        parameters=parameters,
        municipality=municipality,
        today=today,
    )


def run(slug: str, ctx: ReportContext, *, open_for: Iterable[Municipality]) -> tuple[str, Report]:
    """``fingerprint`` and ``build`` of kind ``slug`` with ``open_for`` in the tenant context."""
    kind = report_kind(slug)
    assert kind is not None, f"report kind {slug!r} is not registered"
    with in_tenant(*open_for):
        return kind.fingerprint(ctx), kind.build(ctx)


def fingerprint(slug: str, ctx: ReportContext, *, open_for: Iterable[Municipality]) -> str:
    kind = report_kind(slug)
    assert kind is not None
    with in_tenant(*open_for):
        return kind.fingerprint(ctx)


def text_of(report: Report) -> str:
    """Everything a reader of any output format could see, as one string to search."""
    parts = [str(report.title), str(report.subtitle)]
    for section in report.sections:
        parts.append(str(section.title))
        if isinstance(section, Table):
            parts += [str(column.label) for column in section.columns]
            parts += [str(cell) for row in section.rows for cell in row]
            parts += [str(cell) for cell in section.totals or []]
            parts.append(str(section.note))
        elif isinstance(section, Chart):
            parts += [section.svg, str(section.description)]
        elif isinstance(section, Text):
            parts.append(section.body)
    return "\n".join(parts)
