"""A municipality with something on every page, for the menu walk: every list has a row, so the
walk can reach every detail page and every action page from the menu.

Built on the base world of ``tests.conftest`` (Dordrecht and Zwijndrecht in the Drechtsteden
region, each with its office, matching unit and two companies) plus a regional administrator and
a platform administrator. Rows are dated this year, so the pages that open on this year (the
statement list, the budget) show them without a year being chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from matching.choices import IntakeOutcome
from participatie.choices import OrganisationKind, Role
from participatie.enrolments.choices import EnrolmentStatus
from participatie.mail.models import MailStatus, MunicipalMail, OutgoingMail
from participatie.models import Invitation, Organisation, Step, User
from participatie.placements.choices import OutflowReason, StepDecisionStatus
from participatie.reports.models import RegionalReportRun, ReportStatus
from subsidies.choices import DecisionStatus, MatchingUnitApplicationStatus, StatementStatus
from tests.conftest import Side, in_tenant, make_steps
from tests.factories import (
    TENANT_FACTORIES,
    AbsenceSignalFactory,
    AttendanceFactory,
    DevelopmentPlanFactory,
    DevelopmentTalkFactory,
    EnrolmentFactory,
    IntakeFactory,
    MembershipFactory,
    ObjectionFactory,
    OrganisationFactory,
    PlacementFactory,
    ReportRunFactory,
    ServiceAreaFactory,
    StepDecisionFactory,
    UserFactory,
)
from tests.factories_matching_unit import (
    MatchingUnitApplicationFactory,
    MatchingUnitDecisionFactory,
)
from tests.factories_partners import PartnerReferralFactory
from tests.factories_subsidies import (
    CrossMunicipalClaimFactory,
    DecisionLineFactory,
    DeterminationFactory,
    MunicipalBudgetFactory,
    QuarterStatementFactory,
    StatementLineFactory,
    StepTariffFactory,
    SubsidyApplicationFactory,
    SubsidyDecisionFactory,
    TariffFactory,
)

PDF = b"%PDF-1.4\n% walk\n"


@dataclass
class World:
    side: Side
    regional_analyst: User
    regional_admin: User
    platform_admin: User
    privacy_officer: User
    client_manager: User
    partner_referrer: User

    def users(self) -> dict[str, User]:
        """One login per role (the names are the test ids)."""
        side = self.side
        return {
            "account_holder": side.account_holder,
            "policy_officer": side.policy_officer,
            "consultant": side.consultant,
            "lwb_admin": side.lwb_a_admin,
            "lwb_supervisor": side.lwb_a_supervisor,
            "regional_analyst": self.regional_analyst,
            "regional_admin": self.regional_admin,
            "platform_admin": self.platform_admin,
            "privacy_officer": self.privacy_officer,
            "client_manager": self.client_manager,
            "partner_referrer": self.partner_referrer,
        }


def _money(side: Side, year: int, basis: Step, placement) -> None:
    m = side.municipality
    enrolment = placement.enrolment
    tariff = TariffFactory(municipality=m, year=year)
    for step, amount in (
        (basis, "2500"),
        (Step.objects.get(municipality=m, year=year, code="plus"), "3500"),
    ):
        StepTariffFactory(municipality=m, tariff=tariff, step=step, annual_amount=Decimal(amount))
    MunicipalBudgetFactory(municipality=m, year=year)
    # Next year is set up but not settled: its tariffs can still be changed in place.
    TariffFactory(municipality=m, year=year + 1)
    application = SubsidyApplicationFactory(
        municipality=m, enrolment=enrolment, year=year, submitted_by=side.lwb_a_admin
    )
    # Approved (the company sees it, with its letter), proposed (waits for the second account
    # holder) and a draft.
    approved = SubsidyDecisionFactory(
        municipality=m,
        enrolment=enrolment,
        year=year,
        application=application,
        status=DecisionStatus.APPROVED,
        drafted_by=side.account_holder,
        approved_by=side.second_account_holder,
        approved_at=timezone.now(),
    )
    approved.letter.save("beschikking.pdf", ContentFile(PDF))
    # Each account holder has a proposed decision of the other one to approve.
    for status, drafter in (
        (DecisionStatus.PROPOSED, side.second_account_holder),
        (DecisionStatus.PROPOSED, side.account_holder),
        (DecisionStatus.DRAFT, side.account_holder),
    ):
        decision = SubsidyDecisionFactory(
            municipality=m, enrolment=enrolment, year=year, status=status, drafted_by=drafter
        )
        DecisionLineFactory(municipality=m, decision=decision, step=basis)
    DecisionLineFactory(municipality=m, decision=approved, step=basis)
    # A statement in each state: to confirm (company), to approve, approved (to correct).
    for quarter, status in (
        (1, StatementStatus.APPROVED),
        (2, StatementStatus.CONFIRMED),
        (3, StatementStatus.DRAFT),
    ):
        statement = QuarterStatementFactory(
            municipality=m,
            enrolment=enrolment,
            year=year,
            quarter=quarter,
            confirmed_by=side.lwb_a_admin if status != StatementStatus.DRAFT else None,
            confirmed_at=timezone.now() if status != StatementStatus.DRAFT else None,
        )
        StatementLineFactory(municipality=m, statement=statement, placement=placement, step=basis)
        if status != StatementStatus.DRAFT:
            # Status last: an approved statement refuses every change after it.
            statement.status = status
            if status == StatementStatus.APPROVED:
                statement.approved_by = side.second_account_holder
                statement.approved_at = timezone.now()
            statement.save()
    done = DeterminationFactory(
        municipality=m,
        enrolment=enrolment,
        year=year - 1,
        approved_by=side.second_account_holder,
        approved_at=timezone.now(),
    )
    done.letter.save("vaststelling.pdf", ContentFile(PDF))
    DeterminationFactory(municipality=m, enrolment=enrolment, year=year - 2)
    # A claim on another municipality (its detail page is linked from the claims page).
    CrossMunicipalClaimFactory(municipality=m, year=year)
    _matching_unit_subsidy(side, year)


def _matching_unit_subsidy(side: Side, year: int) -> None:
    """The matching unit's own subsidy: a decision that is approved (to send; the unit reads
    it) and one proposed by the first account holder (the second approves it)."""
    m = side.municipality
    for status in (DecisionStatus.APPROVED, DecisionStatus.PROPOSED):
        application = MatchingUnitApplicationFactory(
            municipality=m,
            matching_unit=side.matching_unit,
            year=year,
            submitted_by=side.consultant,
            status=(
                MatchingUnitApplicationStatus.DECIDED
                if status == DecisionStatus.APPROVED
                else MatchingUnitApplicationStatus.OPEN
            ),
        )
        approved = status == DecisionStatus.APPROVED
        decision = MatchingUnitDecisionFactory(
            municipality=m,
            application=application,
            status=status,
            # The first account holder approves the second one's proposal.
            drafted_by=side.account_holder if approved else side.second_account_holder,
            approved_by=side.second_account_holder if approved else None,
            approved_at=timezone.now() if approved else None,
        )
        if approved:
            decision.letter.save("beschikking.pdf", ContentFile(PDF))
    # An application of another matching unit that waits for a decision.
    MatchingUnitApplicationFactory(municipality=m, year=year, submitted_by=side.consultant)


def build_world(side: Side, regional_analyst: User) -> World:
    """``side`` is Dordrecht of the base world."""
    m = side.municipality
    today = timezone.localdate()
    year = today.year
    make_steps(m, range(2021, year + 2))
    region_body = Organisation.objects.get(memberships__user=regional_analyst)
    regional_admin = UserFactory(email="regiobeheer@drechtsteden.example.nl")
    MembershipFactory(user=regional_admin, organisation=region_body, role=Role.REGIONAL_ADMIN)
    platform_admin = UserFactory(email="platform@participatie.example.nl")
    MembershipFactory(
        user=platform_admin,
        organisation=OrganisationFactory(
            slug="platformbeheer", name="Platformbeheer", regional_body=True
        ),
        role=Role.PLATFORM_ADMIN,
    )
    with in_tenant(m):
        basis = Step.objects.get(municipality=m, year=year, code="basis")
        plus = Step.objects.get(municipality=m, year=year, code="plus")
        enrolment = side.lwb_a.enrolments.get(municipality=m)
        # A company waiting for its assessment.
        EnrolmentFactory(
            municipality=m,
            organisation=OrganisationFactory(slug="kandidaat", name="Kandidaat BV"),
            status=EnrolmentStatus.CANDIDATE,
        )
        start = date(year, 1, 2)
        placement = PlacementFactory(
            municipality=m, enrolment=enrolment, start_date=start, created_by=side.consultant
        )
        initial = StepDecisionFactory(
            municipality=m,
            placement=placement,
            step=basis,
            valid_from=start,
            is_initial=True,
            advised_by=side.consultant,
            decided_by=side.account_holder,
        )
        StepDecisionFactory(
            municipality=m,
            placement=placement,
            step=plus,
            valid_from=today,
            status=StepDecisionStatus.ADVISED,
            justification="Heeft intensieve begeleiding nodig.",
            advised_by=side.consultant,
        )
        ObjectionFactory(municipality=m, decision=initial, raised_by=side.lwb_a_admin)
        # A second placement with a decided step and no objection: the company may object.
        other = PlacementFactory(
            municipality=m, enrolment=enrolment, start_date=start, created_by=side.consultant
        )
        StepDecisionFactory(
            municipality=m,
            placement=other,
            step=basis,
            valid_from=start,
            is_initial=True,
            advised_by=side.consultant,
            decided_by=side.account_holder,
        )
        StepDecisionFactory(
            municipality=m,
            placement=other,
            step=plus,
            valid_from=start + timedelta(days=1),
            justification="Meer begeleiding nodig.",
            advised_by=side.consultant,
            decided_by=side.account_holder,
        )
        monday = today - timedelta(days=today.weekday())
        for offset in range(3):
            day = monday - timedelta(days=7 - offset)
            if day >= start:
                AttendanceFactory(
                    municipality=m, placement=placement, day=day, entered_by=side.lwb_a_supervisor
                )
        plan = DevelopmentPlanFactory(
            municipality=m, placement=placement, created_by=side.consultant
        )
        DevelopmentTalkFactory(
            municipality=m,
            plan=plan,
            held_on=start + timedelta(days=1),
            recorded_by=side.consultant,
        )
        AbsenceSignalFactory(
            municipality=m,
            placement=other,
            streak_start=max(start, today - timedelta(days=50)),
            raised_on=today,
        )
        IntakeFactory(
            municipality=m,
            referral__matching_unit=side.matching_unit,
            referral__registered_by=side.consultant,
            consultant=side.consultant,
        )
        _money(side, year, basis, placement)
        run = ReportRunFactory(
            municipality=m,
            requested_by=side.account_holder,
            status=ReportStatus.DONE,
            progress=100,
            finished_at=timezone.now(),
        )
        run.pdf.save("bezetting.pdf", ContentFile(PDF))
    regional = RegionalReportRun.objects.create(
        region=m.region,
        kind="occupancy",
        parameters={"date": today.isoformat()},
        run_key="0" * 64,
        requested_by=regional_analyst,
        status=ReportStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
    )
    regional.pdf.save("bezetting-regio.pdf", ContentFile(PDF))
    Invitation.objects.create(
        email="nieuw@dordrecht.example.nl",
        organisation=side.office,
        role=Role.POLICY_OFFICER,
        token_hash="f" * 64,
        created_by=platform_admin,
        expires_at=timezone.now() + timedelta(days=7),
    )
    # A failed mail of each kind of record: the platform administrator may send it again.
    OutgoingMail.objects.create(
        kind="invitation", to_email="nieuw@dordrecht.example.nl", status=MailStatus.FAILED
    )
    with in_tenant(m):
        MunicipalMail.objects.create(
            municipality=m,
            kind="decision_letter",
            to_email="info@kringloop.example.nl",
            status=MailStatus.FAILED,
        )
    _caseload(side)
    _one_of_every_kind(m)
    _lump_sum(side, regional_admin)
    return World(side, regional_analyst, regional_admin, platform_admin, *_partners(side))


def _partners(side: Side) -> tuple[User, User, User]:
    """The privacy officer of the municipality, a client manager of the social service and a
    district team's referrer, both serving it (issues 15 and 16)."""
    m = side.municipality
    privacy_officer = UserFactory(email="privacy@dordrecht.example.nl")
    MembershipFactory(user=privacy_officer, organisation=side.office, role=Role.PRIVACY_OFFICER)
    people = []
    for kind, role, slug in (
        (OrganisationKind.SOCIAL_SERVICE, Role.CLIENT_MANAGER, "sociale-dienst"),
        (OrganisationKind.DISTRICT_TEAM, Role.PARTNER_REFERRER, "wijkteam"),
    ):
        organisation = OrganisationFactory(slug=slug, name=slug.capitalize(), kind=kind)
        with in_tenant(m):
            ServiceAreaFactory(municipality=m, organisation=organisation)
        user = UserFactory(email=f"{role}@{slug}.example.nl")
        MembershipFactory(user=user, organisation=organisation, role=role)
        with in_tenant(m):
            PartnerReferralFactory(municipality=m, organisation=organisation, submitted_by=user)
        people.append(user)
    # The client manager's client who was placed and left for paid work: the signal, and its
    # "gezien" button, are on the client manager's list.
    with in_tenant(m):
        placement = PlacementFactory(
            municipality=m,
            enrolment=side.lwb_a.enrolments.get(municipality=m),
            start_date=date(2022, 1, 3),
            end_date=date(2022, 6, 30),
            outflow_reason=OutflowReason.PAID_WORK,
            created_by=side.consultant,
        )
        intake = IntakeFactory(
            municipality=m,
            referral__participant=placement.participant,
            referral__matching_unit=side.matching_unit,
            consultant=side.consultant,
            outcome=IntakeOutcome.PLACED,
            outcome_on=date(2022, 1, 3),
            placed_in=m,
            placement_reference=placement.reference,
        )
        PartnerReferralFactory(
            municipality=m,
            organisation=people[0].memberships.get().organisation,
            submitted_by=people[0],
            referral=intake.referral,
        )
    return privacy_officer, people[0], people[1]


def _caseload(side: Side) -> None:
    """A committed caseload import with its problems file (it can still be undone) and a
    received transfer not yet imported (issue 14): their buttons and links are on the pages."""
    from matching.imports.choices import ImportStatus, TransferDirection
    from matching.models import CaseloadImport, CaseloadTransfer
    from participatie.models import Municipality

    m = side.municipality
    sender = Municipality.objects.exclude(pk=m.pk).filter(region=m.region).first()
    with in_tenant(m):
        run = CaseloadImport.objects.create(
            municipality=m,
            status=ImportStatus.COMMITTED,
            file_name="caseload.xlsx",
            sha256="1" * 64,
            rows=1,
            warning_count=1,
            problems=[
                {
                    "row": 2,
                    "column": "A",
                    "field": "bsn",
                    "message": "Het BSN had 8 cijfers; er is een 0 voor gezet.",
                    "level": "warning",
                }
            ],
            created_by=side.consultant,
            committed_by=side.consultant,
            committed_at=timezone.now(),
        )
        run.error_file.save("meldingen.xlsx", ContentFile(b"PK"))
        transfer = CaseloadTransfer.objects.create(
            municipality=m,
            direction=TransferDirection.INCOMING,
            counterpart=sender,
            persons=1,
            placements=1,
            sent_by=side.account_holder,
        )
        transfer.file.save("overdracht.xlsx", ContentFile(b"PK"))


def _lump_sum(side: Side, regional_admin: User) -> None:
    """The region's lump sum with one computed quarter (issue 16): its agreement, statement
    and edit pages have something to show."""
    from subsidies.lump_sum.services import (
        AgreementInput,
        lump_sum_agreement_save,
        lump_sum_count_record,
        lump_sum_settle,
    )

    region = side.municipality.region
    members = list(region.municipalities.all())
    agreement = lump_sum_agreement_save(
        region=region,
        data=AgreementInput(
            provider=side.lwb_a,
            year=date.today().year,
            amount_per_participant="674,17",
            count_method="reference_date",
            reference_date=date(date.today().year, 1, 1),
            weights={m.pk: "1" for m in members},
            plus={},
        ),
        actor=regional_admin,
    )
    lump_sum_count_record(
        agreement=agreement,
        counted_on=agreement.reference_date,
        participants=40,
        actor=regional_admin,
    )
    lump_sum_settle(agreement=agreement, quarter=1, actor=None)


def _one_of_every_kind(municipality) -> None:
    """A row of every other tenant-owned kind (``TENANT_FACTORIES`` has a factory for each), so
    a page that a feature adds later has a row to show without this file knowing the feature.
    A factory's row that the database refuses here (a uniqueness the rows above already use)
    is left out: the kind has a row already."""
    for model, factory_class in TENANT_FACTORIES.items():
        with in_tenant(municipality):
            if model.objects.filter(municipality=municipality).exists():
                continue
            try:
                with transaction.atomic():
                    factory_class(municipality=municipality)
            except IntegrityError:
                continue
