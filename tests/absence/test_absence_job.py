"""The daily absence job: a 6-week gap raises one signal, a second run raises none, a present
day closes the streak, and a later streak raises a new one. Run eagerly through Celery, as the
beat schedule would (the fan-out task sends one task per municipality on commit)."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from participatie.absence import services
from participatie.absence.choices import SignalStatus
from participatie.absence.tasks import raise_absence_signals, raise_absence_signals_everywhere
from participatie.attendance.choices import AttendanceStatus
from participatie.models import Placement
from tests.absence.conftest import days_ago, mark, place, signals, today
from tests.conftest import in_tenant


def run(side):
    return raise_absence_signals.apply(kwargs={"municipality_ids": [side.municipality.id]}).get()


def test_six_week_gap_raises_one_signal_then_none_then_present_day_closes(dordrecht):
    placement = place(dordrecht, start=days_ago(100))
    mark(dordrecht, placement, days_ago(60), days_ago(59))
    mark(dordrecht, placement, days_ago(30), days_ago(20), status=AttendanceStatus.SICK)

    assert run(dordrecht) == [
        {"municipality_id": dordrecht.municipality.id, "closed": 0, "raised": 1}
    ]
    [signal] = signals(dordrecht)
    assert signal.placement_id == placement.pk
    assert signal.streak_start == days_ago(58)
    assert signal.raised_on == today()
    assert signal.status == SignalStatus.OPEN and signal.closed_on is None

    assert run(dordrecht)[0]["raised"] == 0
    assert len(signals(dordrecht)) == 1

    mark(dordrecht, placement, days_ago(1))
    assert run(dordrecht)[0] == {
        "municipality_id": dordrecht.municipality.id,
        "closed": 1,
        "raised": 0,
    }
    [signal] = signals(dordrecht)
    assert signal.closed_on == days_ago(1)
    with in_tenant(dordrecht.municipality):
        assert Placement.objects.get(pk=placement.pk).end_date is None  # never ended by the job


def test_exactly_six_weeks_counts_and_one_day_less_does_not(dordrecht):
    weeks = dordrecht.municipality.absence_signal_weeks
    assert weeks == 6
    gap = place(dordrecht, start=days_ago(200))
    mark(dordrecht, gap, days_ago(7 * weeks))  # last present day is just outside the window
    within = place(dordrecht, start=days_ago(200))
    mark(dordrecht, within, days_ago(7 * weeks - 1))
    run(dordrecht)
    assert [s.placement_id for s in signals(dordrecht)] == [gap.pk]


def test_never_present_streak_starts_at_placement_start(dordrecht):
    placement = place(dordrecht, start=days_ago(50))
    run(dordrecht)
    [signal] = signals(dordrecht)
    assert signal.streak_start == placement.start_date


def test_placement_younger_than_the_window_is_not_signalled(dordrecht):
    place(dordrecht, start=days_ago(41))
    assert run(dordrecht)[0]["raised"] == 0


def test_ended_and_future_placements_are_not_signalled(dordrecht):
    place(dordrecht, start=days_ago(300), end=days_ago(1))
    place(dordrecht, start=today() + datetime.timedelta(days=3))
    assert run(dordrecht)[0]["raised"] == 0


def test_a_new_streak_after_a_closed_one_raises_a_new_signal(dordrecht):
    placement = place(dordrecht, start=days_ago(200))
    mark(dordrecht, placement, days_ago(190))
    with in_tenant(dordrecht.municipality):
        first = services.absence_signals_raise(
            municipality=dordrecht.municipality, today=days_ago(100)
        )
    assert first.raised == 1
    mark(dordrecht, placement, days_ago(90))  # back: closes the first streak
    run(dordrecht)  # today: absent again since 89 days ago -> closes the first, raises a second
    first_signal, second_signal = signals(dordrecht)
    assert first_signal.streak_start == days_ago(189)
    assert first_signal.closed_on == days_ago(90)
    assert second_signal.streak_start == days_ago(89)
    assert second_signal.closed_on is None


def test_followed_up_signal_is_not_raised_again_in_the_same_streak(dordrecht):
    placement = place(dordrecht, start=days_ago(100))
    run(dordrecht)
    [signal] = signals(dordrecht)
    with in_tenant(dordrecht.municipality):
        services.absence_signal_follow_up(
            signal=signal,
            status=SignalStatus.CONTINUE,
            note="Belt volgende week.",
            actor=dordrecht.consultant,
        )
    assert run(dordrecht)[0]["raised"] == 0
    assert [s.status for s in signals(dordrecht)] == [SignalStatus.CONTINUE]
    assert placement.pk == signals(dordrecht)[0].placement_id


def test_the_weeks_are_configurable_per_municipality(dordrecht):
    dordrecht.municipality.absence_signal_weeks = 2
    dordrecht.municipality.save(update_fields=["absence_signal_weeks"])
    placement = place(dordrecht, start=days_ago(60))
    mark(dordrecht, placement, days_ago(15))
    run(dordrecht)
    [signal] = signals(dordrecht)
    assert signal.streak_start == days_ago(14)


def test_a_municipalitys_job_touches_only_its_own_placements(dordrecht, zwijndrecht):
    place(dordrecht, start=days_ago(100))
    place(zwijndrecht, start=days_ago(100))
    run(dordrecht)
    assert len(signals(dordrecht)) == 1
    assert signals(zwijndrecht) == []


def test_the_job_refuses_to_run_outside_the_tenant(dordrecht):
    from participatie.tenancy.context import TenantContextError

    with pytest.raises(TenantContextError):
        services.absence_signals_raise(municipality=dordrecht.municipality)


def test_fan_out_sends_one_task_per_municipality_on_commit(
    world, django_capture_on_commit_callbacks
):
    for side in world.values():
        place(side, start=days_ago(100))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert raise_absence_signals_everywhere.apply().get() == 3
    assert len(callbacks) == 1
    for side in world.values():
        assert len(signals(side)) == 1


def test_beat_schedule_runs_the_fan_out_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["absence-signals-daily"]
    assert entry["task"] == raise_absence_signals_everywhere.name
