"""A small report kind for testing the machinery: participants per company, with names (a
municipal report) and counts (suppressed in a region)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from participatie.choices import Role
from participatie.models import Placement
from participatie.reports import content, registry
from participatie.reports.forms import YearForm
from participatie.reports.registry import NoData, ReportContext, ReportKind
from tests.conftest import Side, in_tenant
from tests.factories import ParticipantFactory, PlacementFactory

SLUG = "test_people"


def _placements(context: ReportContext):
    year = context.parameters["year"]
    return Placement.objects.filter(
        municipality_id__in=context.municipality_ids, start_date__year=year
    )


def fingerprint(context: ReportContext) -> str:
    state = _placements(context).aggregate(n=Count("id"), last=Max("id"))
    if not state["n"]:
        raise NoData(_("Geen gegevens voor %(y)s.") % {"y": context.parameters["year"]})
    return f"{state['n']}:{state['last']}"


def build(context: ReportContext) -> content.Report:
    context.progress(0.5, "tellen")
    per_company = (
        _placements(context)
        .values("enrolment__organisation__name")
        .annotate(n=Count("id"))
        .order_by("enrolment__organisation__name")
    )
    sections: list[content.Section] = [
        content.Table(
            title="Per bedrijf",
            columns=[content.Column("Bedrijf"), content.Column("Deelnemers", content.COUNT)],
            rows=[[row["enrolment__organisation__name"], row["n"]] for row in per_company],
            totals=["Totaal", sum(row["n"] for row in per_company)],
        )
    ]
    if not context.regional:
        names = _placements(context).order_by("participant__last_name")
        sections.append(
            content.Table(
                title="Deelnemers",
                columns=[content.Column("Naam"), content.Column("Start", content.DATE)],
                rows=[
                    [p.participant.last_name, p.start_date]
                    for p in names.select_related("participant")
                ],
            )
        )
    return content.Report(
        title="Testrapportage", subtitle=str(context.parameters["year"]), sections=sections
    )


KIND = ReportKind(
    slug=SLUG,
    title="Testrapportage",
    description="Alleen voor tests",
    scopes=frozenset({registry.MUNICIPALITY, registry.REGION}),
    roles=frozenset({Role.ACCOUNT_HOLDER}),
    form=YearForm,
    fingerprint=fingerprint,
    build=build,
    quarterly=True,
)


@pytest.fixture
def test_kind() -> Iterator[ReportKind]:
    registry.register_report_kind(KIND)
    yield KIND
    registry._kinds.pop(SLUG, None)


def place(side: Side, last_name: str, start: datetime.date, *, company: int = 0) -> Placement:
    with in_tenant(side.municipality):
        from participatie.models import Enrolment

        enrolment = Enrolment.objects.filter(municipality=side.municipality).order_by("id")[company]
        participant = ParticipantFactory(municipality=side.municipality, last_name=last_name)
        return PlacementFactory(
            municipality=side.municipality,
            participant=participant,
            enrolment=enrolment,
            start_date=start,
        )
