"""Issue 6: the budget report as PDF < 2 s. The regional report of a Drechtsteden-sized region
(7 municipalities, 630 placements at 45 companies, three settled quarters, one decision per
company) in its fourth quarter, so the forecast runs for every municipality; and Dordrecht's
own report. Timed as the report task does it: fingerprint and build inside the tenant context,
then the PDF.

    RUN_BENCHMARKS=1 pytest tests/benchmarks/test_bench_reports_budget.py -s   # on PostgreSQL
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from participatie.models import Municipality
from participatie.reports import render
from participatie.reports.registry import MUNICIPALITY, REGION, ReportContext, report_kind
from subsidies.choices import DecisionStatus, StatementStatus
from subsidies.models import MunicipalBudget, QuarterStatement, SubsidyDecision
from subsidies.services.budgets import budget_key_allocate
from subsidies.services.settlement import quarter_settle
from tests.benchmarks import data
from tests.benchmarks.test_bench_settlement import tariffs
from tests.benchmarks.timing import measure
from tests.conftest import in_tenant, make_steps
from tests.factories import MunicipalityFactory
from tests.money.test_budget_key import DRECHTSTEDEN_CONTRIBUTIONS

YEAR = 2022
TODAY = datetime.date(2022, 10, 20)  # fourth quarter: forecast from 1 October
LIMIT_MS = 2000
# Placements and companies per municipality: the region's 630 places (seed 000).
SIZES = {
    "Dordrecht": (330, 25),
    "Zwijndrecht": (110, 8),
    "Sliedrecht": (50, 3),
    "Papendrecht": (45, 3),
    "Alblasserdam": (40, 2),
    "Hendrik-Ido-Ambacht": (35, 2),
    "Hardinxveld-Giessendam": (20, 2),
}
MATCHING_UNIT_2019 = {  # seed 000, "Totale kosten MU 2019"
    "Alblasserdam": 15_629,
    "Dordrecht": 225_336,
    "Hardinxveld-Giessendam": 6_943,
    "Hendrik-Ido-Ambacht": 4_628,
    "Papendrecht": 26_573,
    "Sliedrecht": 21_798,
    "Zwijndrecht": 48_564,
}


def populate(dordrecht, zwijndrecht) -> dict[str, Municipality]:
    region = dordrecht.municipality.region
    municipalities = {"Dordrecht": dordrecht.municipality, "Zwijndrecht": zwijndrecht.municipality}
    for n, name in enumerate(sorted(set(SIZES) - set(municipalities))):
        municipalities[name] = MunicipalityFactory(name=name, slug=f"bench-{n}", region=region)
    for offset, (name, municipality) in enumerate(municipalities.items()):
        municipality.budget_key_contribution = Decimal(DRECHTSTEDEN_CONTRIBUTIONS[name])
        municipality.save(update_fields=["budget_key_contribution"])
        places, companies = SIZES[name]
        make_steps(municipality, years=range(YEAR, YEAR + 1))
        tariffs(municipality)
        enrolments = data.companies(municipality, companies, prefix="budget")
        people = data.participants(municipality, places, offset=10_000 * (offset + 1))
        data.placements(municipality, people, enrolments, dordrecht.consultant)
        with in_tenant(municipality):
            for quarter in (1, 2, 3):
                quarter_settle(municipality=municipality, year=YEAR, quarter=quarter, today=TODAY)
            # Q1 and Q2 approved (realised), Q3 still open (pending).
            QuarterStatement.objects.filter(municipality=municipality, quarter__lt=3).update(
                status=StatementStatus.APPROVED, approved_at=timezone.now()
            )
            SubsidyDecision.objects.bulk_create(
                SubsidyDecision(
                    municipality=municipality,
                    enrolment=enrolment,
                    year=YEAR,
                    status=DecisionStatus.APPROVED,
                    advance_model="quarterly_80_20",
                    base_fee=Decimal("300"),
                    amount=Decimal("30000"),
                    drafted_by=dordrecht.policy_officer,
                    approved_by=dordrecht.account_holder,
                    approved_at=timezone.now(),
                )
                for enrolment in enrolments
            )
    budget_key_allocate(region=region, year=YEAR, total="1845000")
    for name, municipality in municipalities.items():
        with in_tenant(municipality):
            MunicipalBudget.objects.filter(municipality=municipality, year=YEAR).update(
                matching_unit_cost=MATCHING_UNIT_2019[name]
            )
    data.analyze()
    return municipalities


def budget_pdf(ctx: ReportContext, opened: list[Municipality], scope_name: str) -> bytes:
    kind = report_kind("budget")
    with in_tenant(*opened):
        kind.fingerprint(ctx)
        report = kind.build(ctx)
    return render.pdf_bytes(report, scope_name=scope_name)


def test_bench_budget_report_pdf(dordrecht, zwijndrecht):
    municipalities = populate(dordrecht, zwijndrecht)
    region = dordrecht.municipality.region
    opened = list(municipalities.values())
    with in_tenant(*opened):
        statements = QuarterStatement.objects.count()
    size = (
        f"7 municipalities, 630 placements, 45 companies, {statements} statements, "
        f"45 decisions, {YEAR} Q4 (forecast per municipality)"
    )
    regional = ReportContext(
        scope=REGION,
        municipality_ids=tuple(m.pk for m in opened),
        parameters={"year": YEAR},
        region=region,
        today=TODAY,
    )
    assert budget_pdf(regional, opened, region.name).startswith(b"%PDF")
    region_timing = measure(
        "budget report PDF, region (fingerprint + build + WeasyPrint)",
        lambda: budget_pdf(regional, opened, region.name),
        data=size,
        runs=10,
        warmup=2,
    )

    def build_only():
        with in_tenant(*opened):
            report_kind("budget").fingerprint(regional)
            return report_kind("budget").build(regional)

    measure("budget report build only, region", build_only, data=size, runs=10, warmup=2)

    own = ReportContext(
        scope=MUNICIPALITY,
        municipality_ids=(dordrecht.municipality.pk,),
        parameters={"year": YEAR},
        municipality=dordrecht.municipality,
        today=TODAY,
    )
    municipal_timing = measure(
        "budget report PDF, Dordrecht",
        lambda: budget_pdf(own, [dordrecht.municipality], "Dordrecht"),
        data="Dordrecht: 330 placements, 27 companies, same year",
        runs=10,
        warmup=2,
    )
    assert region_timing.p50 < LIMIT_MS
    assert municipal_timing.p50 < LIMIT_MS
