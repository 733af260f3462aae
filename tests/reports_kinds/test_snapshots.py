"""The daily occupancy snapshot: one row per company per day, rewritten (never doubled) when
the day is taken again, and a beat task that fans out one task per municipality."""

from __future__ import annotations

import datetime

from django.utils import timezone

from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import OccupancySnapshot
from participatie.reports.snapshots import (
    occupancy_snapshot_take,
    snapshot_occupancy,
    snapshot_occupancy_everywhere,
)
from tests.conftest import in_tenant
from tests.reports_kinds.conftest import place, set_enrolment

DAY = datetime.date(2022, 9, 1)


def rows(*sides):
    with in_tenant(*(side.municipality for side in sides)):
        return sorted(
            OccupancySnapshot.objects.values_list(
                "municipality__name", "day", "enrolment__organisation__name", "capacity", "occupied"
            )
        )


def test_a_day_is_written_once_and_corrected_when_taken_again(dordrecht):
    place(dordrecht, dordrecht.lwb_a, 2, start=datetime.date(2022, 8, 1))
    place(
        dordrecht, dordrecht.lwb_a, start=datetime.date(2022, 1, 1), end=datetime.date(2022, 8, 31)
    )
    with in_tenant(dordrecht.municipality):
        occupancy_snapshot_take(municipality_id=dordrecht.municipality.id, day=DAY)
    assert rows(dordrecht) == [
        ("Dordrecht", DAY, "Dierenweide Dordrecht", 10, 0),
        ("Dordrecht", DAY, "Kringloop Dordrecht", 10, 2),
    ]

    place(dordrecht, dordrecht.lwb_a, start=DAY)
    set_enrolment(
        dordrecht,
        dordrecht.lwb_b,
        status=EnrolmentStatus.ENDED,
        started_on=datetime.date(2021, 1, 1),
        ended_on=datetime.date(2022, 8, 31),
    )
    with in_tenant(dordrecht.municipality):
        occupancy_snapshot_take(municipality_id=dordrecht.municipality.id, day=DAY)
    assert rows(dordrecht) == [
        ("Dordrecht", DAY, "Dierenweide Dordrecht", 0, 0),
        ("Dordrecht", DAY, "Kringloop Dordrecht", 10, 3),
    ]


def test_the_tenant_task_writes_only_its_own_municipality(dordrecht, zwijndrecht):
    place(zwijndrecht, zwijndrecht.lwb_b, start=datetime.date(2022, 1, 1))
    result = snapshot_occupancy.apply(
        kwargs={"municipality_ids": [zwijndrecht.municipality.id], "day": DAY.isoformat()}
    ).get()
    assert result == {str(zwijndrecht.municipality.id): 2}
    assert rows(dordrecht) == []
    assert rows(zwijndrecht) == [
        ("Zwijndrecht", DAY, "Dierenweide Zwijndrecht", 10, 1),
        ("Zwijndrecht", DAY, "Kringloop Zwijndrecht", 10, 0),
    ]


def test_the_beat_task_snapshots_every_municipality_today(
    dordrecht, zwijndrecht, meierijstad, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert snapshot_occupancy_everywhere() == 3
    taken = rows(dordrecht, zwijndrecht, meierijstad)
    assert len(taken) == 6
    assert {day for _name, day, *_rest in taken} == {timezone.localdate()}


def test_an_enrolment_without_places_or_placements_gets_no_row(dordrecht):
    set_enrolment(dordrecht, dordrecht.lwb_b, status=EnrolmentStatus.CANDIDATE)
    with in_tenant(dordrecht.municipality):
        written = occupancy_snapshot_take(municipality_id=dordrecht.municipality.id, day=DAY)
    assert written == 1
    assert [row[2] for row in rows(dordrecht)] == ["Kringloop Dordrecht"]
