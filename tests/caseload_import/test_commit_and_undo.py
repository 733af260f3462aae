"""Commit: all or nothing through the services, the same file again changes nothing, known
people are updated, the step history names the import; undo restores the tenant as before."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from matching.imports import services
from matching.imports.choices import ImportStatus
from matching.models import CaseloadImport
from participatie.models import (
    Participant,
    Placement,
    StepDecision,
)
from participatie.placements.choices import StepDecisionStatus
from participatie.tenancy.base import tenant_models
from tests.caseload_import.conftest import kvks
from tests.caseload_import.helpers import messy_rows, person, row, xlsx
from tests.conftest import in_tenant
from tests.factories import AttendanceFactory, ParticipantFactory


def upload_and_check(side, content, *, actor=None, name="caseload.xlsx"):
    with in_tenant(side.municipality):
        run = services.import_upload(
            municipality=side.municipality,
            content=content,
            file_name=name,
            actor=actor or side.consultant,
        )
        return services.import_check(run=run, actor=actor or side.consultant, background=False)


def commit(side, run, actor=None):
    with in_tenant(side.municipality):
        return services.import_commit(run=run, actor=actor or side.consultant, background=False)


def test_500_messy_rows_then_the_same_file_again_changes_nothing(place):
    content = xlsx(messy_rows(500, kvks(place)))
    run = upload_and_check(place, content)
    assert run.error_count == 0, run.problems[:5]
    assert run.warning_count > 0  # the BSNs that lost their leading zero, said so
    run = commit(place, run)
    assert run.status == ImportStatus.COMMITTED
    assert run.placements_created == 500
    with in_tenant(place.municipality):
        people = Participant.objects.count()
        assert people == run.participants_created
        assert Placement.objects.count() == 500
        assert not Participant.objects.filter(first_name__endswith=" ").exists()
        assert not Participant.objects.exclude(bsn__regex=r"^\d{9}$").exists()
        assert Participant.objects.filter(bsn__startswith="0").exists()
    again = commit(place, upload_and_check(place, content))
    assert again.unchanged == 500
    assert (again.participants_created, again.participants_updated, again.placements_created) == (
        0,
        0,
        0,
    )
    with in_tenant(place.municipality):
        assert Participant.objects.count() == people and Placement.objects.count() == 500


def test_a_known_participant_is_updated_not_duplicated(place):
    bsn = person(1)["bsn"]
    with in_tenant(place.municipality):
        known = ParticipantFactory(
            municipality=place.municipality, bsn=bsn, first_name="Anne", birth_date=date(1961, 2, 2)
        )
    values = row(
        **person(1), leerwerkbedrijf=kvks(place)[0], startdatum="01-03-2022", uren_per_week=12
    )
    run = upload_and_check(place, xlsx([values]))
    assert run.participants_updated == 1 and run.participants_created == 0
    assert any("al bekend" in p["message"] for p in run.problems)
    commit(place, run)
    with in_tenant(place.municipality):
        assert Participant.objects.filter(bsn=bsn).count() == 1
        known.refresh_from_db()
        assert known.first_name == person(1)["voornaam"]
        assert known.history.first().history_change_reason == "Import caseload.xlsx"


def test_the_step_decision_history_names_the_import(place):
    values = row(
        **person(1),
        leerwerkbedrijf=kvks(place)[0],
        startdatum="01-03-2022",
        uren_per_week=12,
        trede="plus",
        trede_vanaf="01-06-2022",
    )
    run = commit(place, upload_and_check(place, xlsx([values])))
    with in_tenant(place.municipality):
        decisions = list(StepDecision.objects.order_by("valid_from").select_related("step"))
        assert [(d.step.code, d.valid_from, d.status) for d in decisions] == [
            ("basis", date(2022, 3, 1), StepDecisionStatus.APPROVED),
            ("plus", date(2022, 6, 1), StepDecisionStatus.APPROVED),
        ]
        assert "import van caseload.xlsx" in decisions[1].justification
        assert all(
            d.history.first().history_change_reason == "Import caseload.xlsx" for d in decisions
        )
        assert all(d.history.first().history_user == place.consultant for d in decisions)
    assert run.status == ImportStatus.COMMITTED


def _counts(side):
    with in_tenant(side.municipality):
        # Every table of the tenant's data; the audit trail and the import's own record
        # rightly keep what happened.
        own = {
            "matching.CaseloadImport",
            "matching.CaseloadImportChange",
            "matching.CaseloadTransfer",
        }
        return {
            model._meta.label: model.objects.count()
            for model in tenant_models()
            if not getattr(model, "tenant_history", False) and model._meta.label not in own
        }


def test_undo_restores_the_tenant_as_it_was(place):
    bsn = person(1)["bsn"]
    with in_tenant(place.municipality):
        known = ParticipantFactory(
            municipality=place.municipality,
            bsn=bsn,
            first_name="Anne",
            birth_date=person(1)["geboortedatum"],
        )
    before = _counts(place)
    content = xlsx(messy_rows(60, kvks(place)))
    run = commit(place, upload_and_check(place, content))
    assert run.status == ImportStatus.COMMITTED and _counts(place) != before
    with in_tenant(place.municipality):
        services.import_undo(run=run, actor=place.account_holder)
        known.refresh_from_db()
        assert known.first_name == "Anne"
        run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE and run.undone_by == place.account_holder
    assert _counts(place) == before


def test_undo_is_refused_after_30_days(place):
    run = commit(
        place,
        upload_and_check(
            place,
            xlsx(
                [
                    row(
                        **person(1),
                        leerwerkbedrijf=kvks(place)[0],
                        startdatum="01-03-2022",
                        uren_per_week=12,
                    )
                ]
            ),
        ),
    )
    with in_tenant(place.municipality):
        CaseloadImport.objects.filter(pk=run.pk).update(
            committed_at=timezone.now() - timedelta(days=31)
        )
        run.refresh_from_db()
        with pytest.raises(ValidationError, match="30 dagen"):
            services.import_undo(run=run, actor=place.consultant)
        assert Placement.objects.count() == 1


def test_undo_is_refused_when_work_was_recorded_since(place):
    run = commit(
        place,
        upload_and_check(
            place,
            xlsx(
                [
                    row(
                        **person(1),
                        leerwerkbedrijf=kvks(place)[0],
                        startdatum="01-03-2022",
                        uren_per_week=12,
                    )
                ]
            ),
        ),
    )
    with in_tenant(place.municipality):
        placement = Placement.objects.get()
        AttendanceFactory(
            municipality=place.municipality, placement=placement, day=date(2022, 3, 2)
        )
        with pytest.raises(ValidationError, match="werk"):
            services.import_undo(run=run, actor=place.consultant)
        assert Placement.objects.count() == 1 and Participant.objects.count() == 1


def test_undo_is_refused_when_a_placement_is_in_an_approved_statement(place):
    from tests.factories_subsidies import QuarterStatementFactory, StatementLineFactory

    run = commit(
        place,
        upload_and_check(
            place,
            xlsx(
                [
                    row(
                        **person(1),
                        leerwerkbedrijf=kvks(place)[0],
                        startdatum="01-03-2022",
                        uren_per_week=12,
                    )
                ]
            ),
        ),
    )
    with in_tenant(place.municipality):
        placement = Placement.objects.select_related("enrolment").get()
        statement = QuarterStatementFactory(
            municipality=place.municipality, enrolment=placement.enrolment
        )
        StatementLineFactory(
            municipality=place.municipality, statement=statement, placement=placement
        )
        type(statement).objects.filter(pk=statement.pk).update(status="approved")
        with pytest.raises(ValidationError, match="goedgekeurde kwartaaldeclaratie"):
            services.import_undo(run=run, actor=place.consultant)


def test_commit_without_a_clean_check_is_refused(place):
    run = upload_and_check(
        place,
        xlsx(
            [
                row(
                    **person(1),
                    leerwerkbedrijf="onbekend",
                    startdatum="01-03-2022",
                    uren_per_week=12,
                )
            ]
        ),
    )
    assert run.error_count == 1
    with pytest.raises(ValidationError, match="fouten"):
        commit(place, run)
    with in_tenant(place.municipality):
        assert Participant.objects.count() == 0


def test_an_ended_placement_in_a_later_file_ends_the_open_one(place):
    first = row(
        **person(1), leerwerkbedrijf=kvks(place)[0], startdatum="01-03-2022", uren_per_week=12
    )
    commit(place, upload_and_check(place, xlsx([first])))
    later = {**first, "einddatum": "30-09-2022", "uitstroomreden": "betaald_werk"}
    run = commit(place, upload_and_check(place, xlsx([later])))
    assert run.placements_updated == 1 and run.placements_created == 0
    with in_tenant(place.municipality):
        placement = Placement.objects.get()
        assert (placement.end_date, placement.outflow_reason) == (date(2022, 9, 30), "paid_work")
