"""Issue 16: a lump-sum quarter for 11 municipalities and 2,000 participants < 1 s: counting
the provider's participants on the three month ends from the registration (one aggregate
query), splitting counted participants x amount / 4 over the key in cents, writing the draft
statement and its shares; and the same through ``settle_lump_sum --json``.

    RUN_BENCHMARKS=1 pytest tests/benchmarks/test_bench_lump_sum.py -s   # on PostgreSQL
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from participatie.models import Enrolment
from subsidies.lump_sum import selectors
from subsidies.lump_sum.services import lump_sum_count_from_registration, lump_sum_settle
from tests.benchmarks.timing import measure
from tests.conftest import in_tenant
from tests.lump_sum import conftest as ibn
from tests.region_partners.data import bulk_placements

# The IBN area of the lump-sum tests: eleven members, the provider enrolled in each.
ibn_region = ibn.ibn_region
ibn_members = ibn.ibn_members
weights = ibn.weights
provider = ibn.provider
regional_body = ibn.regional_body
ibn_admin = ibn.ibn_admin
agreement = ibn.agreement

LIMIT_MS = 1000
PARTICIPANTS = 2000


def test_bench_lump_sum_quarter(agreement, provider, ibn_members, ibn_admin):
    members = list(ibn_members.values())
    assert len(members) == 11
    per_member, rest = divmod(PARTICIPANTS, len(members))
    for n, municipality in enumerate(members):
        with in_tenant(municipality):
            enrolment = Enrolment.objects.select_related("municipality").get(
                municipality=municipality, organisation=provider
            )
        bulk_placements(
            enrolment,
            per_member + (1 if n < rest else 0),
            actor=ibn_admin,
            start=datetime.date(2021, 6, 1),
        )
    days = selectors.count_dates(agreement, 1)
    size = f"11 municipalities, {PARTICIPANTS} participants at the provider, 3 count days"

    def settle() -> None:
        with transaction.atomic():
            lump_sum_count_from_registration(agreement=agreement, days=days, actor=None)
            statement = lump_sum_settle(agreement=agreement, quarter=1, actor=None)
        assert statement.participants == PARTICIPANTS
        assert statement.total == Decimal(PARTICIPANTS) * Decimal("674.17") / 4

    service = measure(
        "lump-sum quarter: count from the registration + settle (service)",
        settle,
        data=size,
        runs=20,
    )
    assert service.p95 < LIMIT_MS

    def command() -> None:
        out = StringIO()
        call_command(
            "settle_lump_sum",
            "ibn",
            "2022",
            "1",
            "--count",
            "--json",
            stdout=out,
            stderr=StringIO(),
        )
        result = json.loads(out.getvalue())
        assert result["participants"] == PARTICIPANTS and len(result["shares"]) == 11

    whole = measure("settle_lump_sum --count --json (command)", command, data=size, runs=20)
    assert whole.p95 < LIMIT_MS


EVALUATION_LIMIT_MS = 2000
OTHER_MEMBERS = {
    "Alblasserdam": ("bench-alblasserdam", 551_725),
    "Hardinxveld-Giessendam": ("bench-hardinxveld", 181_222),
    "Hendrik-Ido-Ambacht": ("bench-hia", 363_121),
    "Papendrecht": ("bench-papendrecht", 728_435),
    "Sliedrecht": ("bench-sliedrecht", 760_676),
}


def test_bench_regional_evaluation_drechtsteden(dordrecht, zwijndrecht, regional_analyst):
    """Issue 16: the regional evaluation of Drechtsteden (7 members, 505 placements, a committed
    key, claims and obligations) < 2 s: the report kind's fingerprint and build."""
    from participatie.reports.registry import REGION, ReportContext
    from subsidies.region_evaluation import REGIONAL_EVALUATION
    from subsidies.services.budgets import budget_key_commit, effort_obligation_set
    from tests.factories import MunicipalityFactory

    region = dordrecht.municipality.region
    members = [dordrecht.municipality, zwijndrecht.municipality]
    for n, (name, (slug, _weight)) in enumerate(OTHER_MEMBERS.items()):
        members.append(
            MunicipalityFactory(name=name, slug=slug, cbs_code=f"GM{8800 + n}", region=region)
        )
    weights = {"dordrecht": 7_741_339, "zwijndrecht": 1_960_280} | {
        slug: weight for slug, weight in OTHER_MEMBERS.values()
    }
    budget_key_commit(
        region=region,
        year=2022,
        total="1845000",
        contributions={m.pk: str(weights[m.slug]) for m in members},
        actor=regional_analyst,
    )
    for side, count in ((dordrecht, 332), (zwijndrecht, 173)):
        with in_tenant(side.municipality):
            enrolment = Enrolment.objects.select_related("municipality").get(
                municipality=side.municipality, organisation=side.lwb_a
            )
            enrolment.max_places = 400
            enrolment.save(update_fields=["max_places"])
        bulk_placements(enrolment, count, actor=regional_analyst, start=datetime.date(2021, 6, 1))
    effort_obligation_set(
        municipality=zwijndrecht.municipality, year=2022, met=False, note="", actor=regional_analyst
    )
    ids = tuple(m.pk for m in members)
    size = "Drechtsteden: 7 municipalities, 505 placements, a committed key"

    def evaluate() -> None:
        with in_tenant(*members):
            ctx = ReportContext(
                scope=REGION,
                municipality_ids=ids,
                parameters={"year": 2022},
                region=region,
                today=datetime.date(2023, 3, 1),
            )
            REGIONAL_EVALUATION.fingerprint(ctx)
            report = REGIONAL_EVALUATION.build(ctx)
        assert len(report.sections[0].rows) == 7

    timing = measure(
        "regional evaluation Drechtsteden (fingerprint + build)", evaluate, data=size, runs=10
    )
    assert timing.p95 < EVALUATION_LIMIT_MS
