"""Many placements at once (bulk inserts) for the figures of the seeds: 505 occupied places in
Drechtsteden, 2,000 participants at IBN."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from participatie.models import Enrolment, Participant, Placement, User
from tests.conftest import in_tenant
from tests.factories import valid_bsn

_serial = itertools.count(500_000)


def bulk_placements(
    enrolment: Enrolment,
    count: int,
    *,
    actor: User,
    start: datetime.date = datetime.date(2021, 1, 1),
    end: datetime.date | None = None,
) -> list[Placement]:
    """``count`` participants, each with one placement at ``enrolment`` from ``start``."""
    municipality = enrolment.municipality
    with in_tenant(municipality):
        people = Participant.objects.bulk_create(
            Participant(
                municipality=municipality,
                first_name="Test",
                last_name=f"Persoon {n}",
                bsn=valid_bsn(next(_serial)),
                birth_date=datetime.date(1980, 1, 1),
                home_municipality=municipality,
            )
            for n in range(count)
        )
        return Placement.objects.bulk_create(
            Placement(
                municipality=municipality,
                participant=person,
                enrolment=enrolment,
                start_date=start,
                end_date=end,
                hours_per_week=Decimal("12.0"),
                created_by=actor,
            )
            for person in people
        )
