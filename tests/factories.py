"""factory_boy factories. Tenant-owned rows are created inside ``tenant_context``."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from matching.choices import ReferralSource
from matching.models import Intake, Referral
from participatie.attendance.choices import AttendanceStatus
from participatie.choices import OrganisationKind, Role
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import (
    AbsenceSignal,
    Attendance,
    AttendanceCheck,
    AttendanceCorrection,
    AttendanceLock,
    DevelopmentPlan,
    DevelopmentTalk,
    Enrolment,
    Membership,
    Municipality,
    MunicipalMail,
    Objection,
    OccupancySnapshot,
    Organisation,
    Participant,
    Placement,
    ReadEvent,
    Region,
    ReportRun,
    ServiceArea,
    Step,
    StepDecision,
    User,
)
from participatie.participants.choices import Benefit
from participatie.placements.choices import StepDecisionStatus
from subsidies.benchdata import valid_bsn

# A fixed base32 secret so tests (and the browser test) can compute TOTP codes.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TEST_PASSWORD = "correct-horse-battery-staple"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    cbs_code = factory.Sequence(lambda n: f"GM{n + 1000:04d}")
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    kind = OrganisationKind.LEARNING_WORK_COMPANY
    kvk_number = factory.Sequence(lambda n: f"{n + 10000000:08d}")
    contact_email = factory.LazyAttribute(lambda o: f"info@{o.slug}.example.nl")

    class Params:
        office = factory.Trait(kind=OrganisationKind.MUNICIPAL_OFFICE, kvk_number="")
        matching_unit = factory.Trait(kind=OrganisationKind.MATCHING_UNIT)
        regional_body = factory.Trait(kind=OrganisationKind.REGIONAL_BODY, kvk_number="")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def mfa(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Users have TOTP unless made with ``mfa=False``."""
        if create and extracted is not False:
            TOTP.activate(self, TEST_TOTP_SECRET)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.LWB_ADMIN


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.SubFactory(OrganisationFactory, matching_unit=True)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = EnrolmentStatus.ACTIVE
    max_places = 10


class ReadEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadEvent

    municipality = factory.SubFactory(MunicipalityFactory)
    object_type = "participatie.enrolment"
    object_id = 1
    route = "participatie:enrolment-detail"
    path = "/"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    municipality = factory.SubFactory(MunicipalityFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    bsn = factory.Sequence(lambda n: valid_bsn(n))
    birth_date = datetime.date(1980, 5, 17)
    postcode = "3311 AB"
    city = "Dordrecht"
    home_municipality = factory.SelfAttribute("municipality")
    benefit = Benefit.NONE


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step
        django_get_or_create = ("municipality", "year", "code")

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2022
    code = "basis"
    label = "Basis"
    is_default = True


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    municipality = factory.SubFactory(MunicipalityFactory)
    participant = factory.SubFactory(
        ParticipantFactory, municipality=factory.SelfAttribute("..municipality")
    )
    enrolment = factory.SubFactory(
        EnrolmentFactory, municipality=factory.SelfAttribute("..municipality")
    )
    start_date = datetime.date(2022, 2, 15)
    hours_per_week = Decimal("12.0")
    created_by = factory.SubFactory(UserFactory, mfa=False)


class StepDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepDecision

    municipality = factory.SubFactory(MunicipalityFactory)
    placement = factory.SubFactory(
        PlacementFactory, municipality=factory.SelfAttribute("..municipality")
    )
    step = factory.SubFactory(StepFactory, municipality=factory.SelfAttribute("..municipality"))
    valid_from = factory.SelfAttribute("placement.start_date")
    justification = "Start in de standaardtrede."
    status = StepDecisionStatus.APPROVED
    advised_by = factory.SubFactory(UserFactory, mfa=False)


class ObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objection

    municipality = factory.SubFactory(MunicipalityFactory)
    decision = factory.SubFactory(
        StepDecisionFactory, municipality=factory.SelfAttribute("..municipality")
    )
    raised_by = factory.SubFactory(UserFactory, mfa=False)
    reason = "De deelnemer heeft meer begeleiding nodig."


class DevelopmentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentPlan

    municipality = factory.SubFactory(MunicipalityFactory)
    placement = factory.SubFactory(
        PlacementFactory, municipality=factory.SelfAttribute("..municipality")
    )
    goals = "Zelfstandig de kassa bedienen."
    created_by = factory.SubFactory(UserFactory, mfa=False)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    municipality = factory.SubFactory(MunicipalityFactory)
    participant = factory.SubFactory(
        ParticipantFactory, municipality=factory.SelfAttribute("..municipality")
    )
    source = ReferralSource.SELF
    referred_on = datetime.date(2022, 1, 10)
    matching_unit = factory.SubFactory(OrganisationFactory, matching_unit=True)
    registered_by = factory.SubFactory(UserFactory, mfa=False)


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    municipality = factory.SubFactory(MunicipalityFactory)
    referral = factory.SubFactory(
        ReferralFactory, municipality=factory.SelfAttribute("..municipality")
    )
    intake_date = datetime.date(2022, 1, 20)
    consultant = factory.SubFactory(UserFactory, mfa=False)
    informed = True
    motivated = True
    consent = True


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    municipality = factory.SubFactory(MunicipalityFactory)
    placement = factory.SubFactory(
        PlacementFactory, municipality=factory.SelfAttribute("..municipality")
    )
    day = factory.SelfAttribute("placement.start_date")
    status = AttendanceStatus.PRESENT
    hours = Decimal("4.0")
    entered_by = factory.SubFactory(UserFactory, mfa=False)
    entered_at = factory.LazyFunction(timezone.now)


class AttendanceCorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceCorrection

    municipality = factory.SubFactory(MunicipalityFactory)
    attendance = factory.SubFactory(
        AttendanceFactory, municipality=factory.SelfAttribute("..municipality")
    )
    previous_status = AttendanceStatus.UNEXCUSED
    new_status = AttendanceStatus.PRESENT
    reason = "Verkeerd ingevoerd."
    corrected_by = factory.SubFactory(UserFactory, mfa=False)


class AttendanceLockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceLock

    municipality = factory.SubFactory(MunicipalityFactory)
    locked_until = datetime.date(2022, 3, 31)
    reason = "Kwartaal 1 2022 vastgesteld"


class AttendanceCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceCheck

    municipality = factory.SubFactory(MunicipalityFactory)
    enrolment = factory.SubFactory(
        EnrolmentFactory, municipality=factory.SelfAttribute("..municipality")
    )
    month = datetime.date(2022, 3, 1)
    checked_by = factory.SubFactory(UserFactory, mfa=False)


class AbsenceSignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AbsenceSignal

    municipality = factory.SubFactory(MunicipalityFactory)
    placement = factory.SubFactory(
        PlacementFactory, municipality=factory.SelfAttribute("..municipality")
    )
    streak_start = datetime.date(2022, 3, 1)
    raised_on = datetime.date(2022, 4, 12)


class DevelopmentTalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentTalk

    municipality = factory.SubFactory(MunicipalityFactory)
    plan = factory.SubFactory(
        DevelopmentPlanFactory, municipality=factory.SelfAttribute("..municipality")
    )
    held_on = datetime.date(2022, 6, 1)
    summary = "Gaat goed; volgende stap: zelfstandig openen."
    recorded_by = factory.SubFactory(UserFactory, mfa=False)


# Every tenant-owned model needs a factory here: the URL-walking test creates one row of each,
# with one fixed id, in another municipality and proves that no URL of this one reaches it.
# Factories take ``municipality=`` and must create their tenant-owned parents in that same one.
class ReportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = "occupancy"
    parameters = factory.LazyFunction(lambda: {"date": "2024-03-01"})
    run_key = factory.Sequence(lambda n: f"{n:064d}")


class OccupancySnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OccupancySnapshot

    municipality = factory.SubFactory(MunicipalityFactory)
    day = datetime.date(2024, 3, 1)
    enrolment = factory.SubFactory(
        EnrolmentFactory, municipality=factory.SelfAttribute("..municipality")
    )
    capacity = 10
    occupied = 7


class MunicipalMailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalMail

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = "decision_letter"
    to_email = factory.Sequence(lambda n: f"info@bedrijf-{n}.example.nl")
    object_id = factory.Sequence(lambda n: n + 1)


TENANT_FACTORIES: dict[type, type[factory.django.DjangoModelFactory]] = {
    Enrolment: EnrolmentFactory,
    ServiceArea: ServiceAreaFactory,
    ReadEvent: ReadEventFactory,
    Participant: ParticipantFactory,
    Step: StepFactory,
    Placement: PlacementFactory,
    StepDecision: StepDecisionFactory,
    Objection: ObjectionFactory,
    DevelopmentPlan: DevelopmentPlanFactory,
    Referral: ReferralFactory,
    Intake: IntakeFactory,
    Attendance: AttendanceFactory,
    AttendanceCorrection: AttendanceCorrectionFactory,
    AttendanceLock: AttendanceLockFactory,
    AttendanceCheck: AttendanceCheckFactory,
    AbsenceSignal: AbsenceSignalFactory,
    DevelopmentTalk: DevelopmentTalkFactory,
    ReportRun: ReportRunFactory,
    OccupancySnapshot: OccupancySnapshotFactory,
    MunicipalMail: MunicipalMailFactory,
}


def _register_app_factories() -> None:
    # Imported late: the subsidies factories build on the core factories above.
    from tests.factories_caseload_import import CASELOAD_IMPORT_FACTORIES
    from tests.factories_matching_unit import MATCHING_UNIT_FACTORIES
    from tests.factories_partners import PARTNER_FACTORIES
    from tests.factories_privacy import PRIVACY_FACTORIES
    from tests.factories_subsidies import SUBSIDY_FACTORIES

    TENANT_FACTORIES.update(SUBSIDY_FACTORIES)
    TENANT_FACTORIES.update(MATCHING_UNIT_FACTORIES)
    TENANT_FACTORIES.update(CASELOAD_IMPORT_FACTORIES)
    TENANT_FACTORIES.update(PRIVACY_FACTORIES)
    TENANT_FACTORIES.update(PARTNER_FACTORIES)


_register_app_factories()
