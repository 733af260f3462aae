"""``settlement_run_start`` and the job: what it refuses (in Dutch, on the field), a run's
life from queued to done with its progress, failures, and who prepared the drafts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from subsidies.choices import SettlementRunStatus, StatementStatus
from subsidies.models import SettlementRun, StepTariff
from subsidies.selectors_settlement import settlement_run_progress
from subsidies.services import settlement_runs
from tests.conftest import in_tenant
from tests.subsidies_settle.conftest import (
    place_example,
    run_of,
    set_up_year,
    start,
    statements_of,
)

D = datetime.date


def refusal(side, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        start(side, **kwargs)
    with in_tenant(side.municipality):
        assert not SettlementRun.objects.exists()
    return refused.value.message_dict


def test_a_quarter_that_has_not_ended_is_refused_on_the_quarter(configured):
    errors = refusal(configured, quarter=2)
    assert errors == {"quarter": ["Kwartaal 2 van 2022 is nog niet voorbij."]}
    errors = refusal(configured, quarter=1, today=D(2022, 3, 31))
    assert errors == {"quarter": ["Kwartaal 1 van 2022 is nog niet voorbij."]}


def test_a_quarter_outside_1_to_4_and_a_year_out_of_range_are_refused(configured):
    assert refusal(configured, quarter=5) == {"quarter": ["Een kwartaal is 1, 2, 3 of 4."]}
    assert refusal(configured, year=1999) == {"year": ["Vul een jaar in van 2000 tot en met 2100."]}


def test_a_year_that_is_not_set_up_names_what_is_missing(dordrecht):
    errors = refusal(dordrecht, year=2021, quarter=4)
    (message,) = errors["year"]
    assert message.startswith("Het jaar 2021 is nog niet ingericht. Nog nodig: ")
    for missing in ("de tredecatalogus van 2021", "de tarieven van 2021", "het budget van 2021"):
        assert missing in message
    assert " en het budget van 2021." in message


def test_a_year_without_a_budget_is_not_set_up_either(dordrecht):
    set_up_year(dordrecht, budget=False)
    assert refusal(dordrecht) == {
        "year": ["Het jaar 2022 is nog niet ingericht. Nog nodig: het budget van 2022."]
    }


def test_only_an_account_holder_starts_a_run(configured):
    for someone in (configured.policy_officer, configured.lwb_a_admin, configured.consultant):
        with pytest.raises(ValidationError, match="Alleen een accounthouder"):
            start(configured, someone)


def test_a_run_goes_from_queued_through_running_to_done(
    configured, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    real_settle = settlement_runs.quarter_settle

    def watched(**kwargs):
        seen.append(settlement_run_progress(run_of(configured, started.run)))
        return real_settle(**kwargs)

    monkeypatch.setattr(settlement_runs, "quarter_settle", watched)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        started = start(configured)
        queued = run_of(configured, started.run)
        assert started.created and queued.status == SettlementRunStatus.QUEUED
        assert queued.task_id and queued.requested_by == configured.account_holder
        assert settlement_run_progress(queued).percent == 0
    assert len(callbacks) == 1
    # While the worker computes, the page reads its figure from the cache: running, part way.
    (during,) = seen
    assert during.status == SettlementRunStatus.RUNNING and not during.finished
    assert 0 < during.percent < 100 and during.label
    done = run_of(configured, started.run)
    assert done.status == SettlementRunStatus.DONE and done.progress == 100
    assert done.statement_count == 1 and done.message == ""
    assert done.started_at <= done.finished_at and done.task_id == queued.task_id
    assert settlement_run_progress(done).finished
    (statement,) = statements_of(configured)
    assert statement.total == Decimal("443.49") and statement.status == StatementStatus.DRAFT
    assert statement.prepared_by == configured.account_holder


def test_asking_again_while_a_run_is_queued_gives_that_run_back(configured):
    first = start(configured)
    again = start(configured, configured.second_account_holder)
    assert not again.created and again.run.pk == first.run.pk
    with in_tenant(configured.municipality):
        assert SettlementRun.objects.count() == 1


def test_a_queued_run_whose_message_got_lost_is_sent_again(
    configured, django_capture_on_commit_callbacks
):
    first = start(configured)  # its job is never sent: the callback is dropped
    with in_tenant(configured.municipality):
        SettlementRun.objects.filter(pk=first.run.pk).update(
            requested_at=first.run.requested_at - settlement_runs.STALE_AFTER * 2
        )
    with django_capture_on_commit_callbacks(execute=True):
        again = start(configured)
    assert not again.created
    assert run_of(configured, first.run).status == SettlementRunStatus.DONE


def test_a_finished_run_does_not_run_twice(configured, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        started = start(configured)
    with in_tenant(configured.municipality):
        assert (
            settlement_runs.settlement_run_execute(
                municipality_id=configured.municipality.id, run_id=started.run.pk
            )
            == "skipped"
        )
    assert run_of(configured, started.run).statement_count == 1


def test_an_engine_refusal_fails_the_run_with_its_dutch_message(
    configured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = start(configured)
        # Between the button and the job, the plus tariff disappears.
        with in_tenant(configured.municipality):
            StepTariff.objects.filter(step__code="plus").delete()
    failed = run_of(configured, started.run)
    assert failed.status == SettlementRunStatus.FAILED
    assert failed.message == "Trede plus heeft geen tarief in 2022."
    assert failed.finished_at is not None and not statements_of(configured)
    assert settlement_run_progress(failed).finished


def test_an_error_fails_the_run_without_personal_data_and_writes_nothing(
    configured, django_capture_on_commit_callbacks, monkeypatch
):
    real_settle = settlement_runs.quarter_settle

    def broken(**kwargs):
        real_settle(**kwargs)  # the drafts are written, then something breaks
        raise RuntimeError("kapot bij deelnemer Jansen, BSN 123456782")

    monkeypatch.setattr(settlement_runs, "quarter_settle", broken)
    with django_capture_on_commit_callbacks(execute=True):
        started = start(configured)
    failed = run_of(configured, started.run)
    assert failed.status == SettlementRunStatus.FAILED
    assert failed.message.startswith("Het afrekenen van dit kwartaal is niet gelukt.")
    assert "Jansen" not in failed.message and "123456782" not in failed.message
    assert statements_of(configured) == []  # nothing half-written


def test_a_new_run_can_start_once_the_previous_one_finished(
    configured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = start(configured)
    with django_capture_on_commit_callbacks(execute=True):
        second = start(configured, configured.second_account_holder)
    assert second.created and second.run.pk != first.run.pk
    (statement,) = statements_of(configured)
    assert statement.prepared_by == configured.second_account_holder


def test_the_database_allows_one_active_run_per_quarter(configured):
    from django.db import IntegrityError, transaction

    start(configured)
    with in_tenant(configured.municipality):
        with pytest.raises(IntegrityError), transaction.atomic():
            SettlementRun.objects.create(
                municipality=configured.municipality,
                year=2022,
                quarter=1,
                requested_by=configured.second_account_holder,
            )
        # Another quarter is another matter.
        SettlementRun.objects.create(
            municipality=configured.municipality,
            year=2022,
            quarter=2,
            requested_by=configured.second_account_holder,
        )


def test_a_second_company_gets_its_own_draft(configured, django_capture_on_commit_callbacks):
    place_example(configured, configured.lwb_b)
    with django_capture_on_commit_callbacks(execute=True):
        started = start(configured)
    assert run_of(configured, started.run).statement_count == 2
    assert {s.prepared_by for s in statements_of(configured)} == {configured.account_holder}
