"""Issue 6: the occupancy report. A region of seven municipalities with 630 places and 505
occupied, with 90 days of snapshots for the line (< 0.5 s); and national scale, 342
municipalities with 100,000 placements, over a quarter (< 3 s; place-days summed in SQL).
Both time the kind's fingerprint and build as the report task runs them, inside the tenant
context of every municipality of the scope (the national one as a region of all 342).

    RUN_BENCHMARKS=1 DATABASE_URL=postgres://... pytest \
        tests/benchmarks/test_bench_reports_occupancy.py -s
"""

from __future__ import annotations

import datetime
import math
import time

from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import (
    Enrolment,
    Municipality,
    Placement,
    Region,
    RegionalReportRun,
    ReportStatus,
)
from participatie.reports import services
from participatie.reports.kinds.figures import percent_shown
from participatie.reports.registry import REGION, ReportContext, report_kind
from participatie.reports.snapshots import occupancy_snapshot_take
from participatie.tenancy.context import atomic_tenant_context
from tests.benchmarks import data
from tests.benchmarks.timing import measure, peak_rss
from tests.conftest import in_tenant, make_steps
from tests.factories import MunicipalityFactory, OrganisationFactory, ServiceAreaFactory

ON = datetime.date(2022, 9, 1)
AFTER_Q3 = datetime.date(2022, 10, 5)

# Seed 000: Drechtsteden's 630 places, 505 occupied, and the matching units per municipality.
DRECHTSTEDEN = {
    "Dordrecht": (330, "MEE"),
    "Zwijndrecht": (90, "ZwijndrechtWerkt"),
    "Alblasserdam": (40, "Smile"),
    "Hardinxveld-Giessendam": (30, "MEE"),
    "Hendrik-Ido-Ambacht": (40, "Ambachtse Bedrijven"),
    "Papendrecht": (50, "MEE"),
    "Sliedrecht": (50, "MEE"),
}
OCCUPIED = 505


def occupied_shares(places: dict[str, int], occupied: int) -> dict[str, int]:
    """``occupied`` spread over the municipalities in proportion to their places, summing
    exactly (largest remainders)."""
    whole = sum(places.values())
    exact = {name: occupied * count / whole for name, count in places.items()}
    shares = {name: math.floor(value) for name, value in exact.items()}
    for name in sorted(exact, key=lambda n: exact[n] - shares[n], reverse=True)[
        : occupied - sum(shares.values())
    ]:
        shares[name] += 1
    return shares


def populate(municipality: Municipality, actor, *, places: int, placements: int, offset: int):
    """Companies of ten places (or ``places`` in five companies when that is more), the
    placements active from 2022, and a fifth as many that ended before the period."""
    make_steps(municipality, years=range(2022, 2023))
    per_company = max(10, math.ceil(places / 5))
    enrolments = data.companies(
        municipality, math.ceil(places / per_company), places=per_company, prefix=f"o{offset}"
    )
    people = data.participants(municipality, placements + placements // 5, offset=offset)
    rows = data.placements(municipality, people, enrolments, actor)
    with in_tenant(municipality):
        Placement.objects.filter(id__in=[row.id for row in rows[placements:]]).update(
            start_date=datetime.date(2021, 3, 1), end_date=datetime.date(2022, 3, 31)
        )


def context(region: Region, ids: tuple[int, ...], parameters: dict, today) -> ReportContext:
    return ReportContext(
        scope=REGION, municipality_ids=ids, parameters=parameters, region=region, today=today
    )


def timed_build(ctx: ReportContext):
    kind = report_kind("occupancy")

    def run():
        with atomic_tenant_context(ctx.municipality_ids):
            kind.fingerprint(ctx)
            return kind.build(ctx)

    return run


def test_bench_region_occupancy_630_places(dordrecht, zwijndrecht):
    region = dordrecht.municipality.region
    # The fixtures' own companies never started, so the region holds exactly the seed's places.
    with in_tenant(dordrecht.municipality, zwijndrecht.municipality):
        Enrolment.objects.update(status=EnrolmentStatus.CANDIDATE)
    sides = {"Dordrecht": dordrecht.municipality, "Zwijndrecht": zwijndrecht.municipality}
    units: dict[str, object] = {}
    shares = occupied_shares({name: p for name, (p, _unit) in DRECHTSTEDEN.items()}, OCCUPIED)
    for n, (name, (places, unit)) in enumerate(DRECHTSTEDEN.items()):
        municipality = sides.get(name) or MunicipalityFactory(
            name=name, slug=name.lower(), cbs_code=f"GM{8000 + n}", region=region
        )
        if unit not in units:
            units[unit] = OrganisationFactory(name=unit, slug=unit.lower(), matching_unit=True)
        with in_tenant(municipality):
            ServiceAreaFactory(municipality=municipality, organisation=units[unit])
        populate(
            municipality,
            dordrecht.consultant,
            places=places,
            placements=shares[name],
            offset=10_000 * (n + 1),
        )
    ids = tuple(region.municipalities.order_by("id").values_list("id", flat=True))
    for day in range(90):
        for municipality_id in ids:
            with atomic_tenant_context(ids):
                occupancy_snapshot_take(
                    municipality_id=municipality_id, day=ON - datetime.timedelta(days=day)
                )
    data.analyze()

    ctx = context(region, ids, {"date": ON}, ON)
    report = timed_build(ctx)()
    totals = report.tables[0].totals
    assert totals[1:3] == [630, 505] and percent_shown(totals[-1]) == "80,2 %"
    with in_tenant(*Municipality.objects.filter(id__in=ids)):
        placements = Placement.objects.count()
    size = (
        f"region of {len(ids)} municipalities, 630 places, 505 occupied, {placements:,} "
        f"placements, 90 days of snapshots"
    )
    timing = measure("occupancy report, region on a date", timed_build(ctx), data=size, runs=20)
    assert timing.p50 < 500

    quarter = context(region, ids, {"year": 2022, "quarter": 3}, AFTER_Q3)
    measure("occupancy report, region over Q3", timed_build(quarter), data=size, runs=20)


def test_bench_national_occupancy_over_a_quarter(dordrecht, django_capture_on_commit_callbacks):
    count, total = 342, 100_000
    nation = Region.objects.create(name="Nederland", slug="nederland")
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            name=f"Gemeente {n}", slug=f"land-{n}", cbs_code=f"GM{6000 + n:04d}", region=nation
        )
        for n in range(count)
    )
    per = total // count
    for n, municipality in enumerate(municipalities):
        placements = per + (1 if n < total - per * count else 0)
        populate(
            municipality,
            dordrecht.consultant,
            places=math.ceil(placements / 0.8),
            placements=placements,
            offset=10_000 * (n + 2),
        )
    data.analyze()
    ids = tuple(municipality.id for municipality in municipalities)
    ctx = context(nation, ids, {"year": 2022, "quarter": 3}, AFTER_Q3)
    report = timed_build(ctx)()
    rows = report.tables[0]
    assert len(rows.rows) == count and rows.totals[1] == total  # placements in Q3
    with in_tenant(*municipalities):
        placements = Placement.objects.count()
    size = (
        f"{count} municipalities, {placements:,} placements ({total:,} in the quarter), "
        f"{rows.totals[2]:,} capacity-days"
    )
    timing = measure(
        "occupancy report, national over Q3", timed_build(ctx), data=size, runs=5, warmup=1
    )
    assert timing.p50 < 3000

    # The whole worker path once: request, fingerprint, build, suppression, PDF, XLSX and CSV.
    def through_the_worker() -> None:
        with django_capture_on_commit_callbacks(execute=True), in_tenant(*municipalities):
            services.report_request(
                kind_slug="occupancy",
                data={"year": "2022", "quarter": "3"},
                user=None,
                roles=None,
                region=nation,
            )

    started = time.perf_counter()
    _before, peak = peak_rss(
        "occupancy report task, national over Q3", through_the_worker, data=size
    )
    print(f"BENCH occupancy report task incl. 3 files: {time.perf_counter() - started:.2f} s")
    run = RegionalReportRun.objects.get(region=nation)
    assert run.status == ReportStatus.DONE, run.message
    assert peak < 500
