"""Issue 15: the anonymisation job over 100,000 participants of which 10,000 have passed their
retention period: < 60 s, set-based (one statement per table, not one per person).

Each participant has a referral, a placement with its initial step decision and a change-history
row; 10,000 placements ended on 31 December 2022, the rest still run. The job runs on 1 July 2028
(five and a half years later) with the default periods.
"""

from __future__ import annotations

import datetime
import time

from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participatie.models import Participant, Placement, StepDecision
from participatie.privacy.retention import apply_retention
from participatie.tenancy.context import atomic_tenant_context
from tests.benchmarks import data
from tests.benchmarks.timing import machine
from tests.conftest import in_tenant, make_steps

TOTAL = 100_000
EXPIRING = 10_000
TODAY = datetime.date(2028, 7, 1)


def _history(municipality, people) -> None:
    historical = Participant.history.model
    tracked = [
        f.attname
        for f in Participant.history.model._meta.concrete_fields
        if f.attname in {g.attname for g in Participant._meta.concrete_fields}
    ]
    now = timezone.now()
    with in_tenant(municipality):
        historical.objects.bulk_create(
            [
                historical(
                    **{name: getattr(person, name) for name in tracked},
                    history_date=now,
                    history_type="+",
                )
                for person in people
            ],
            batch_size=5000,
        )


def test_bench_anonymise_10000_of_100000(dordrecht):
    municipality = dordrecht.municipality
    make_steps(municipality, range(2022, 2023))
    companies = data.companies(municipality, 50, places=3000)
    people = data.participants(municipality, TOTAL, offset=2_000_000)
    placements = data.placements(municipality, people, companies, dordrecht.consultant)
    data.referrals(municipality, people, dordrecht.matching_unit, dordrecht.consultant)
    _history(municipality, people)
    expiring = [p.pk for p in placements[:EXPIRING]]
    with in_tenant(municipality):
        Participant.objects.update(created_at=timezone.make_aware(datetime.datetime(2021, 12, 1)))
        for start in range(0, EXPIRING, 5000):
            Placement.objects.filter(pk__in=expiring[start : start + 5000]).update(
                end_date=datetime.date(2022, 12, 31),
                outflow_reason="paid_work",
                outflow_note="Werkt nu bij de bakker.",
            )
    data.analyze()

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        with atomic_tenant_context(municipality.pk):
            result = apply_retention(municipality.pk, today=TODAY)
        seconds = time.perf_counter() - started

    assert result.anonymised == EXPIRING
    with in_tenant(municipality):
        assert Participant.objects.filter(anonymised_on=TODAY).count() == EXPIRING
        assert Participant.objects.filter(anonymised_on__isnull=True, bsn="").count() == 0
        assert Participant.history.filter(bsn="").count() == EXPIRING, (
            "the change history is anonymised too"
        )
        assert StepDecision.objects.aggregate(m=Max("id"))["m"] is not None
    print(
        f"BENCH retention: anonymised {EXPIRING:,} of {TOTAL:,} participants in {seconds:.1f} s, "
        f"{len(queries)} queries | data: {TOTAL:,} participants, placements, referrals, "
        f"step decisions and history rows | {machine()}"
    )
    # Set-based: the number of statements does not depend on the number of persons.
    assert len(queries) < 80
    assert seconds < 60
