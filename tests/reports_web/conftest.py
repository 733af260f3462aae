"""Report kinds of the tests' own, and runs in every state, so the pages are tested apart from
the real kinds' figures:

* ``telling`` (municipal staff; a municipality or a region, per quarter): counts the companies;
  "no data" before 2020;
* ``mu-lijst`` (the matching unit only, municipalities only);
* ``regio-balans`` (regions only).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.choices import Role
from participatie.models import Enrolment, RegionalReportRun, ReportRun
from participatie.reports import registry
from participatie.reports.content import COUNT, Column, Report, Table
from participatie.reports.forms import QuarterForm
from participatie.reports.models import ReportStatus
from participatie.reports.registry import MUNICIPALITY, REGION, NoData, ReportKind
from tests.conftest import in_tenant
from tests.factories import ReportRunFactory

PDF = b"%PDF-1.4 telling\n"


def _fingerprint(ctx) -> str:
    if ctx.parameters["year"] < 2020:
        raise NoData(_("Geen gegevens voor %(y)s.") % {"y": ctx.parameters["year"]})
    return str(Enrolment.objects.filter(municipality_id__in=ctx.municipality_ids).count())


def _build(ctx) -> Report:
    count = Enrolment.objects.filter(municipality_id__in=ctx.municipality_ids).count()
    table = Table(title="Bedrijven", columns=[Column("Aantal", COUNT)], rows=[[count]])
    return Report(title="Telling", sections=[table])


def kind(slug: str, title: str, *, scopes: set[str], roles: set[str]) -> ReportKind:
    return ReportKind(
        slug=slug,
        title=title,
        description=f"{title}: een soort rapportage voor de tests.",
        scopes=frozenset(scopes),
        roles=frozenset(roles),
        form=QuarterForm,
        fingerprint=_fingerprint,
        build=_build,
        quarterly=True,
    )


TELLING = kind(
    "telling",
    "Telling",
    scopes={MUNICIPALITY, REGION},
    roles={Role.ACCOUNT_HOLDER, Role.POLICY_OFFICER},
)
MU_LIST = kind("mu-lijst", "Matchingsunitlijst", scopes={MUNICIPALITY}, roles={Role.MU_CONSULTANT})
REGIONAL = kind("regio-balans", "Regionale balans", scopes={REGION}, roles=set())


@pytest.fixture(autouse=True)
def kinds(monkeypatch):
    monkeypatch.setattr(registry, "_kinds", {})
    for each in (TELLING, MU_LIST, REGIONAL):
        registry.register_report_kind(each)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def make_run(side, *, kind="telling", status=ReportStatus.DONE, files=("pdf",), **fields):
    """A municipal run of 2024 Q1 in ``status``, with a small file per format in ``files``."""
    municipality = side.municipality
    defaults = {
        "requested_by": side.account_holder,
        "parameters": {"year": 2024, "quarter": 1},
        "finished_at": timezone.now() if status != ReportStatus.QUEUED else None,
    }
    with in_tenant(municipality):
        run = ReportRunFactory(
            municipality=municipality, kind=kind, status=status, **{**defaults, **fields}
        )
        for fmt in files:
            getattr(run, fmt).save(f"{kind}.{fmt}", ContentFile(PDF), save=False)
        run.save()
    return run


def make_regional_run(region, *, status=ReportStatus.DONE, **fields) -> RegionalReportRun:
    run = RegionalReportRun.objects.create(
        region=region,
        kind="regio-balans",
        parameters={"year": 2024, "quarter": 1},
        run_key="r" * 64,
        status=status,
        finished_at=timezone.now(),
        **fields,
    )
    run.pdf.save("regio-balans.pdf", ContentFile(PDF), save=True)
    return run


def runs(side) -> list[ReportRun]:
    with in_tenant(side.municipality):
        return list(ReportRun.objects.filter(municipality=side.municipality).order_by("id"))


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)
