"""The beat job ``subsidies.settle_due_quarters``: on the first working day after a quarter's
end one scheduled run per municipality whose year is set up; other days nothing; twice is
once."""

from __future__ import annotations

import datetime

import pytest
from structlog.testing import capture_logs

from config.celery import app
from subsidies.choices import SettlementRunStatus
from subsidies.models import SettlementRun
from subsidies.services.settlement_runs import due_quarter
from subsidies.tasks import settle_due_quarters
from tests.conftest import in_tenant
from tests.subsidies_settle.conftest import statements_of

D = datetime.date


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (D(2022, 4, 1), (2022, 1)),
        (D(2022, 4, 4), None),  # the Monday after: the Friday was the first working day
        (D(2024, 4, 1), None),  # Easter Monday
        (D(2024, 4, 2), (2024, 1)),
        (D(2022, 7, 1), (2022, 2)),
        (D(2022, 10, 3), (2022, 3)),  # 1 October 2022 is a Saturday
        (D(2023, 1, 2), (2022, 4)),
        (D(2024, 1, 2), (2023, 4)),
        (D(2022, 5, 16), None),
    ],
)
def test_the_first_working_day_after_a_quarter(day, due):
    assert due_quarter(day) == due


def test_the_job_is_on_the_beat_schedule_every_morning(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["settle-due-quarters-daily"]
    assert entry["task"] == "subsidies.settle_due_quarters"
    assert entry["schedule"].hour == {6}
    assert "subsidies.settle_due_quarters" in app.tasks


def runs(side) -> list[SettlementRun]:
    with in_tenant(side.municipality):
        return list(SettlementRun.objects.all())


def test_one_scheduled_run_per_set_up_municipality_and_twice_is_once(
    configured, zwijndrecht, django_capture_on_commit_callbacks
):
    with capture_logs() as logs, django_capture_on_commit_callbacks(execute=True):
        assert settle_due_quarters.delay(today="2022-04-01").get() == 1
    (run,) = runs(configured)
    assert run.scheduled and run.requested_by is None and (run.year, run.quarter) == (2022, 1)
    assert run.status == SettlementRunStatus.DONE and run.statement_count == 1
    (statement,) = statements_of(configured)
    assert statement.prepared_by is None  # "automatisch berekend"
    # Zwijndrecht has not set up 2022: skipped, logged by id, not an error.
    assert not runs(zwijndrecht)
    skipped = [entry for entry in logs if entry["event"] == "settlement_run.schedule_skipped"]
    assert [entry["municipality_id"] for entry in skipped] == [zwijndrecht.municipality.id]

    with django_capture_on_commit_callbacks(execute=True):
        assert settle_due_quarters.delay(today="2022-04-01").get() == 0
    assert len(runs(configured)) == 1 and len(statements_of(configured)) == 1


def test_other_days_make_nothing(configured, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert settle_due_quarters.delay(today="2022-04-04").get() == 0
        assert settle_due_quarters.delay(today="2022-03-31").get() == 0
    assert not runs(configured)


def test_a_run_by_hand_that_is_still_busy_is_not_doubled(configured):
    from tests.subsidies_settle.conftest import start

    start(configured)  # queued, its job not yet done
    assert settle_due_quarters.delay(today="2022-04-01").get() == 0
    (run,) = runs(configured)
    assert not run.scheduled


def test_the_database_refuses_a_second_scheduled_run(configured):
    from django.db import IntegrityError, transaction

    with in_tenant(configured.municipality):
        SettlementRun.objects.create(
            municipality=configured.municipality,
            year=2022,
            quarter=1,
            scheduled=True,
            status=SettlementRunStatus.DONE,
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            SettlementRun.objects.create(
                municipality=configured.municipality,
                year=2022,
                quarter=1,
                scheduled=True,
                status=SettlementRunStatus.DONE,
            )
