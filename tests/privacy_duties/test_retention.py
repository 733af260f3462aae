"""Retention and anonymisation with a frozen clock (the job takes its day as a parameter): a
participant 6 years after the end of the last placement is anonymised, one under legal hold is
not, a running placement keeps everything, and every money total and report figure is the same
afterwards. The job is set-based, idempotent, and ``--dry-run`` changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from matching.models import Intake, Referral
from participatie.models import (
    Attendance,
    DevelopmentPlan,
    Participant,
    Placement,
    ReadEvent,
    ReportStatus,
    StepDecision,
)
from participatie.privacy import services
from participatie.privacy.retention import apply_retention
from participatie.privacy.subject import ANONYMISED
from participatie.reports.content import Table
from participatie.reports.registry import report_kind
from participatie.tenancy.context import atomic_tenant_context
from subsidies.models import (
    CrossMunicipalClaim,
    Determination,
    PaymentInstruction,
    QuarterStatement,
    StatementLine,
)
from tests.conftest import in_tenant, make_steps
from tests.factories import (
    AttendanceFactory,
    DevelopmentPlanFactory,
    IntakeFactory,
    ParticipantFactory,
    PlacementFactory,
    ReadEventFactory,
    ReferralFactory,
    ReportRunFactory,
    StepDecisionFactory,
    StepFactory,
)
from tests.factories_subsidies import (
    CrossMunicipalClaimFactory,
    DeterminationFactory,
    PaymentInstructionFactory,
    QuarterStatementFactory,
    StatementLineFactory,
)
from tests.reports_kinds.conftest import context

D = datetime.date
ENDED = D(2022, 6, 30)
SIX_YEARS_LATER = D(2028, 7, 1)


def _person(side, first, last, *, end, hold=False, open_placement=False):
    municipality = side.municipality
    with in_tenant(municipality):
        person = ParticipantFactory(
            municipality=municipality,
            first_name=first,
            last_name=last,
            address="Voorstraat 1",
            phone="0612345678",
            email=f"{last.lower()}@example.nl",
            intake_notes="Vertelt over de hond.",
        )
        Participant.objects.filter(pk=person.pk).update(
            created_at=timezone.make_aware(datetime.datetime(2021, 12, 1))
        )
        if hold:
            services.legal_hold_set(
                participant=person, on=True, reason="Lopende bezwaarzaak", actor=side.account_holder
            )
        referral = ReferralFactory(
            municipality=municipality,
            participant=person,
            notes=f"Aangemeld door de buurvrouw van {first}.",
            referrer="Wijkteam, mevrouw Pietersen",
        )
        IntakeFactory(municipality=municipality, referral=referral, wishes="Werken met dieren.")
        placement = PlacementFactory(
            municipality=municipality,
            participant=person,
            enrolment=side.enrolment_a,
            start_date=D(2022, 1, 10),
            end_date=None if open_placement else end,
            outflow_reason="" if open_placement else "paid_work",
            outflow_note=f"{first} werkt nu bij de bakker.",
        )
        StepDecisionFactory(
            municipality=municipality,
            placement=placement,
            step=side.step,
            valid_from=placement.start_date,
            justification=f"{first} heeft weinig begeleiding nodig.",
        )
        DevelopmentPlanFactory(
            municipality=municipality, placement=placement, goals=f"{first} leert de kassa."
        )
        AttendanceFactory(municipality=municipality, placement=placement, day=D(2022, 2, 1))
        line = StatementLineFactory(
            municipality=municipality,
            statement=side.statement,
            placement=placement,
            step=side.step,
            date_from=D(2022, 1, 10),
            date_to=D(2022, 3, 31),
            days=81,
            amount=Decimal("554.79"),
        )
        CrossMunicipalClaimFactory(
            municipality=municipality,
            counterpart=side.other,
            participant_reference=person.reference,
            amount=Decimal("554.79"),
        )
        ReadEventFactory(
            municipality=municipality,
            object_type="participatie.participant",
            object_id=person.pk,
            path=f"/dordrecht/plaatsingen/{placement.pk}/",
        )
    return person, placement, line


@pytest.fixture
def world_of_money(dordrecht, zwijndrecht):
    from participatie.models import Enrolment

    make_steps(dordrecht.municipality, range(2022, 2023))
    with in_tenant(dordrecht.municipality):
        dordrecht.enrolment_a = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        dordrecht.step = StepFactory(municipality=dordrecht.municipality, year=2022, code="basis")
        dordrecht.statement = QuarterStatementFactory(
            municipality=dordrecht.municipality, enrolment=dordrecht.enrolment_a
        )
        DeterminationFactory(municipality=dordrecht.municipality, enrolment=dordrecht.enrolment_a)
        PaymentInstructionFactory(
            municipality=dordrecht.municipality, enrolment=dordrecht.enrolment_a
        )
    dordrecht.other = zwijndrecht.municipality
    expired = _person(dordrecht, "Vera", "Vrieslander", end=ENDED)
    held = _person(dordrecht, "Henk", "Houdvast", end=ENDED, hold=True)
    running = _person(dordrecht, "Rita", "Renner", end=None, open_placement=True)
    recent = _person(dordrecht, "Ron", "Recent", end=D(2024, 3, 31))
    return {"expired": expired, "held": held, "running": running, "recent": recent}


def _totals(municipality) -> dict[str, object]:
    with in_tenant(municipality):
        return {
            "lines": StatementLine.objects.aggregate(s=Sum("amount"), d=Sum("days")),
            "statements": QuarterStatement.objects.aggregate(s=Sum("total")),
            "payments": PaymentInstruction.objects.aggregate(s=Sum("amount")),
            "determinations": Determination.objects.aggregate(s=Sum("final")),
            "claims": CrossMunicipalClaim.objects.aggregate(s=Sum("amount"), d=Sum("days")),
            "placements": Placement.objects.count(),
            "placement_days": sorted(
                Placement.objects.values_list("pk", "start_date", "end_date", "enrolment_id")
            ),
            "attendance": sorted(
                (a.placement_id, a.day, a.status, a.hours) for a in Attendance.objects.all()
            ),
        }


def _figures(municipality) -> list[object]:
    """Every number of every municipal report kind on the reference day."""
    figures: list[object] = []
    for slug, parameters in (
        ("occupancy", {"date": D(2022, 2, 1)}),
        ("occupancy", {"year": 2022, "quarter": 1}),
        ("outflow", {"year": 2022}),
        ("step_distribution", {"date": D(2022, 2, 1)}),
        ("mu_quarterly", {"year": 2022, "quarter": 1}),
    ):
        kind = report_kind(slug)
        ctx = context(municipality, **parameters)
        with atomic_tenant_context(ctx.municipality_ids):
            report = kind.build(ctx)
        for section in report.sections:
            if isinstance(section, Table):
                for row in [*section.rows, section.totals or []]:
                    figures.append((slug, [c for c in row if isinstance(c, (int, float, Decimal))]))
    return figures


def _retention(side, today, *, dry_run=False):
    with atomic_tenant_context(side.municipality.pk):
        return apply_retention(side.municipality.pk, today=today, dry_run=dry_run)


def test_six_years_after_the_last_placement_the_person_is_anonymised(world_of_money, dordrecht):
    municipality = dordrecht.municipality
    totals, figures = _totals(municipality), _figures(municipality)

    result = _retention(dordrecht, SIX_YEARS_LATER)

    assert result.anonymised == 1 and result.on_hold == 1
    person, placement, _line = world_of_money["expired"]
    with in_tenant(municipality):
        person.refresh_from_db()
        assert person.anonymised_on == SIX_YEARS_LATER
        assert (person.first_name, person.last_name, person.bsn) == (ANONYMISED, "", "")
        assert person.birth_date == D(1980, 1, 1)  # the year stays
        assert (person.address, person.phone, person.email, person.intake_notes) == ("",) * 4
        assert person.reference == world_of_money["expired"][0].reference
        history = list(person.history.all())
        assert history and all(h.bsn == "" and h.last_name == "" for h in history)
        assert all(h.first_name == ANONYMISED for h in history)
        placement.refresh_from_db()
        assert placement.outflow_note == "" and placement.end_date == ENDED
        assert "Vera" not in StepDecision.objects.get(placement=placement).justification
        assert "Vera" not in DevelopmentPlan.objects.get(placement=placement).goals
        referral = Referral.objects.get(participant=person)
        assert (referral.notes, referral.referrer) == ("", "")
        assert Intake.objects.get(referral=referral).wishes == ""
        assert ReadEvent.objects.get(object_id=person.pk).path == ""
        every_text = repr(list(Participant.history.values())) + repr(
            list(Placement.history.values())
        )
        assert "Vrieslander" not in every_text and "Vera" not in every_text

        for key in ("held", "running", "recent"):
            kept = world_of_money[key][0]
            kept.refresh_from_db()
            assert kept.anonymised_on is None and kept.bsn, key

    assert _totals(municipality) == totals
    assert _figures(municipality) == figures


def test_a_second_run_changes_nothing_and_a_dry_run_changes_nothing(world_of_money, dordrecht):
    dry = _retention(dordrecht, SIX_YEARS_LATER, dry_run=True)
    assert dry.anonymised == 1
    with in_tenant(dordrecht.municipality):
        assert not Participant.objects.filter(anonymised_on__isnull=False).exists()
    _retention(dordrecht, SIX_YEARS_LATER)
    again = _retention(dordrecht, SIX_YEARS_LATER)
    assert again.anonymised == 0
    assert again.rows_cleared == {} or not any(again.rows_cleared.values())


def test_five_years_less_a_day_keeps_everything(world_of_money, dordrecht):
    assert _retention(dordrecht, D(2027, 6, 30)).anonymised == 0
    assert _retention(dordrecht, D(2027, 7, 1)).anonymised == 1


def test_the_municipalitys_own_period_counts(world_of_money, dordrecht):
    with in_tenant(dordrecht.municipality):
        services.retention_policy_update(
            municipality=dordrecht.municipality,
            actor=dordrecht.account_holder,
            reason="Selectielijst 2020, categorie 1.1",
            personal_data_years=10,
            financial_years=7,
            read_log_years=2,
            report_file_days=90,
        )
    assert _retention(dordrecht, SIX_YEARS_LATER).anonymised == 0


def test_old_read_events_and_report_files_are_deleted(world_of_money, dordrecht, settings):
    with in_tenant(dordrecht.municipality):
        ReadEvent.objects.update(at=timezone.make_aware(datetime.datetime(2025, 1, 1)))
        fresh = ReadEventFactory(municipality=dordrecht.municipality)
        run = ReportRunFactory(
            municipality=dordrecht.municipality,
            status=ReportStatus.DONE,
            finished_at=timezone.make_aware(datetime.datetime(2028, 3, 1)),
        )
        run.csv.save("occupancy.csv", ContentFile(b"Vrieslander;1"), save=True)
        path = run.csv.path
    result = _retention(dordrecht, SIX_YEARS_LATER)
    assert result.read_events_deleted == 4 and result.report_files_deleted == 1
    with in_tenant(dordrecht.municipality):
        assert list(ReadEvent.objects.values_list("pk", flat=True)) == [fresh.pk]
        run.refresh_from_db()
        assert run.status == ReportStatus.EXPIRED and not run.csv
    import os

    assert not os.path.exists(path)


def test_the_command_prints_what_it_did_and_would_do(world_of_money, dordrecht):
    out = StringIO()
    call_command(
        "apply_retention",
        "--today",
        "2028-07-01",
        "--dry-run",
        "--municipality",
        "dordrecht",
        stdout=out,
    )
    text = out.getvalue()
    assert "deelnemers geanonimiseerd: 1" in text and "proefdraai" in text
    with in_tenant(dordrecht.municipality):
        assert not Participant.objects.filter(anonymised_on__isnull=False).exists()
    out = StringIO()
    call_command("apply_retention", "--today", "2028-07-01", stdout=out)
    assert "Dordrecht, peildatum 2028-07-01:" in out.getvalue()
    assert "deelnemers geanonimiseerd: 1" in out.getvalue()
    with in_tenant(dordrecht.municipality):
        assert Participant.objects.filter(anonymised_on=SIX_YEARS_LATER).count() == 1


def test_a_bad_date_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("apply_retention", "--today", "1-7-2028")


def test_declined_partner_referrals_are_anonymised_after_the_period(dordrecht):
    """A partner referral the matching unit declined belongs to no participant: it is
    anonymised after the personal-data period, counted from its closing."""
    from matching.models import PartnerReferral
    from tests.factories_partners import PartnerReferralFactory

    m = dordrecht.municipality
    today = D(2027, 7, 1)
    with in_tenant(m):
        declined = PartnerReferralFactory(
            municipality=m, first_name="Vera", motivation="Wil met dieren werken."
        )
        recent = PartnerReferralFactory(municipality=m, first_name="Wim")
        still_open = PartnerReferralFactory(municipality=m, first_name="Xandra")
        PartnerReferral.objects.filter(pk=declined.pk).update(
            closed_at=timezone.make_aware(datetime.datetime(2021, 6, 1))
        )
        PartnerReferral.objects.filter(pk=recent.pk).update(
            closed_at=timezone.make_aware(datetime.datetime(2026, 1, 1))
        )

    assert list(_retention(dordrecht, today, dry_run=True).other.values()) == [1]
    with in_tenant(m):
        declined.refresh_from_db()
        assert declined.first_name == "Vera"

    assert list(_retention(dordrecht, today).other.values()) == [1]
    with in_tenant(m):
        declined.refresh_from_db()
        assert (declined.first_name, declined.last_name, declined.birth_date) == (
            ANONYMISED,
            "",
            None,
        )
        assert (declined.phone, declined.motivation) == ("", "")
        assert PartnerReferral.objects.get(pk=recent.pk).first_name == "Wim"
        assert PartnerReferral.objects.get(pk=still_open.pk).first_name == "Xandra"
    assert list(_retention(dordrecht, today).other.values()) == [0]
