"""Benchmark data in bulk: one municipality with thousands of invented people, companies,
placements, weeks of attendance, settled quarters and open intakes, plus the logins a load test
uses. Built by ``python manage.py build_bench_data``; nothing in the application imports it.

Everything tenant-owned is written inside the municipality's tenant context (both walls apply
to these INSERTs as to any other), in bulk: ``bulk_create`` where the rows are needed again,
``bulk_insert`` (``INSERT ... SELECT FROM unnest``) for the attendance, which nothing reads
back. The people are invented: names from two short lists, BSNs from a series of numbers that
pass the eleven test. Such a number may still be someone's real BSN, one more reason why the
command refuses a production database.
"""

from __future__ import annotations

import base64
import datetime
import random
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from django.utils import timezone

from matching.choices import IntakeOutcome, ReferralSource, ReferralStatus
from matching.models import Intake, Referral
from participatie.accounts.services import member_add
from participatie.accounts.tokens import api_token_issue
from participatie.attendance.choices import AttendanceStatus
from participatie.choices import OrganisationKind, Role
from participatie.demo import demo_load
from participatie.enrolments.choices import EnrolmentStatus
from participatie.kernel.statistics import analyze_filled
from participatie.models import (
    Attendance,
    Enrolment,
    Municipality,
    Organisation,
    Participant,
    Placement,
    Step,
    StepDecision,
    User,
)
from participatie.placements.choices import StepDecisionStatus
from participatie.tenancy.context import atomic_tenant_context
from participatie.tenancy.db import bulk_insert

FIRST = ["Anna", "Bram", "Cor", "Daan", "Eva", "Fatima", "Gert", "Hanna", "Ismail", "Joke"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Yilmaz"]
SECTORS = ["horeca", "groen", "kringloop", "dierenzorg"]
# Mostly present, as on a real floor; the other statuses keep the grid and the absence
# signals honest.
STATUS_WEIGHTS = [
    (AttendanceStatus.PRESENT, 80),
    (AttendanceStatus.SICK, 8),
    (AttendanceStatus.EXCUSED, 6),
    (AttendanceStatus.UNEXCUSED, 4),
    (AttendanceStatus.CLOSED, 2),
]
# Every bench organisation's slug starts with this: the marker that the data is there.
SLUG_PREFIX = "bench-"
LOGIN_DOMAIN = "bench.example.nl"
# The matching unit and the municipal office of the demo that the logins join.
MATCHING_UNIT = "mee-drechtsteden"
TOKEN_DAYS = 30
OPEN_INTAKES = 50


@dataclass(frozen=True)
class Sizes:
    municipality: str = "dordrecht"
    participants: int = 10_000
    placements: int = 5_000
    companies: int = 500
    attendance_weeks: int = 8
    logins: int = 4
    seed: int = 18


@dataclass
class Login:
    email: str
    role: str
    password: str
    totp_secret: str
    api_token: str = ""


@dataclass
class BenchData:
    """What was built, and what a load test needs to reach it (written to a 0600 file)."""

    municipality: str
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    grid_week: str = ""
    attendance_from: str = ""
    attendance_to: str = ""
    statements_year: int = 0
    search_referrals: list[int] = field(default_factory=list)


def already_built() -> bool:
    return Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def valid_bsn(n: int) -> str:
    """The n-th of a series of distinct nine-digit numbers that pass the eleven test."""
    for prefix in (10_000_000 + 2 * n, 10_000_001 + 2 * n):
        digits = f"{prefix:08d}"
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return f"{digits}{check}"
    raise AssertionError("two neighbouring prefixes without a valid check digit")


def attendance_days(today: datetime.date, weeks: int) -> list[datetime.date]:
    """The working days (Monday to Friday) of the ``weeks`` whole weeks before this one."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    first = this_monday - datetime.timedelta(weeks=weeks)
    return [first + datetime.timedelta(weeks=w, days=d) for w in range(weeks) for d in range(5)]


def finished_quarters(today: datetime.date) -> tuple[int, list[int]]:
    """The year whose finished quarters are settled and those quarters: this year's, or (in
    the first quarter) the whole of last year."""
    current = (today.month - 1) // 3 + 1
    if current == 1:
        return today.year - 1, [1, 2, 3, 4]
    return today.year, list(range(1, current))


def build(sizes: Sizes, *, today: datetime.date | None = None) -> BenchData:
    """Build everything; each stage in its own transaction, analysed before it commits."""
    today = today or timezone.localdate()
    if sizes.placements > sizes.participants:
        raise ValueError("Every placement needs its own participant.")
    demo_load(with_users=False)
    municipality = Municipality.objects.get(slug=sizes.municipality)
    result = BenchData(municipality=municipality.slug)
    days = attendance_days(today, sizes.attendance_weeks)
    result.attendance_from, result.attendance_to = days[0].isoformat(), days[-1].isoformat()
    iso = days[-1].isocalendar()
    result.grid_week = f"{iso.year}-W{iso.week:02d}"
    result.logins = _logins(municipality, sizes)
    consultant = User.objects.get(email=result.logins[0].email)
    organisations = _organisations(municipality, sizes.companies)
    with atomic_tenant_context(municipality.id):
        enrolments = _enrolments(municipality, organisations, sizes)
        people = _participants(municipality, sizes)
        analyze_filled(Participant, Enrolment)
    with atomic_tenant_context(municipality.id):
        placements = _placements(
            municipality, people[: sizes.placements], enrolments, consultant, days[0]
        )
        analyze_filled(Placement, StepDecision)
    with atomic_tenant_context(municipality.id):
        written = _attendance(municipality, placements, days, consultant, sizes.seed)
        analyze_filled(Attendance)
    with atomic_tenant_context(municipality.id):
        result.search_referrals = _referrals(municipality, people[sizes.placements :], consultant)
        analyze_filled(Referral, Intake)
    result.statements_year, quarters = finished_quarters(today)
    statements = _settle(municipality, result.statements_year, quarters, today)
    result.counts = {
        "deelnemers": len(people),
        "leerwerkbedrijven": len(enrolments),
        "plaatsingen": len(placements),
        "aanwezigheidsdagen": written,
        "aanmeldingen": len(people) - sizes.placements,
        "declaraties": statements,
    }
    return result


def _logins(municipality: Municipality, sizes: Sizes) -> list[Login]:
    """``logins`` consultants of the matching unit (the first also holds an API token) and as
    many account holders of the municipality, each with a random password and TOTP secret:
    every simulated browser logs in as a person of its own, as the TOTP step allows a code only
    once per person."""
    unit = Organisation.objects.get(slug=MATCHING_UNIT)
    office = Organisation.objects.get(slug=f"gemeente-{municipality.slug}")
    logins = []
    for n in range(1, sizes.logins + 1):
        for role, organisation, who in (
            (Role.MU_CONSULTANT, unit, "consulent"),
            (Role.ACCOUNT_HOLDER, office, "accounthouder"),
        ):
            login = Login(
                email=f"{who}{n}@{LOGIN_DOMAIN}",
                role=str(role),
                password=secrets.token_urlsafe(18),
                totp_secret=base64.b32encode(secrets.token_bytes(20)).decode(),
            )
            user, _created = member_add(
                email=login.email,
                organisation=organisation,
                role=role,
                password=login.password,
                first_name=who.capitalize(),
                last_name=f"Bench {n}",
            )
            TOTP.activate(user, login.totp_secret)
            if role == Role.MU_CONSULTANT:
                _token, login.api_token = api_token_issue(
                    user=user, name="Belastingtest", days=TOKEN_DAYS
                )
            logins.append(login)
    return logins


def _organisations(municipality: Municipality, count: int) -> list[Organisation]:
    return Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Leerwerkbedrijf Bench {n}",
                slug=f"{SLUG_PREFIX}{municipality.slug}-{n}",
                kind=OrganisationKind.LEARNING_WORK_COMPANY,
                kvk_number=f"{90000000 + n:08d}",
                sector=SECTORS[n % len(SECTORS)],
                contact_email=f"info@bench-{n}.example.nl",
            )
            for n in range(count)
        ]
    )


def _enrolments(
    municipality: Municipality, organisations: list[Organisation], sizes: Sizes
) -> list[Enrolment]:
    places = -(-sizes.placements // max(1, len(organisations))) + 2
    return Enrolment.objects.bulk_create(
        [
            Enrolment(
                municipality=municipality,
                organisation=organisation,
                status=EnrolmentStatus.ACTIVE,
                max_places=places,
                started_on=datetime.date(2021, 1, 1),
                kind_of_work=f"Werk in de {organisation.sector}.",
                work_environment=["low_stimulus", "language_rich", "mixed"][n % 3],
                guidance_kind=["individual", "group", "job_coaching"][n % 3],
            )
            for n, organisation in enumerate(organisations)
        ]
    )


def _participants(municipality: Municipality, sizes: Sizes) -> list[Participant]:
    rng = random.Random(sizes.seed)  # noqa: S311 (invented data, reproducible by its seed)
    return Participant.objects.bulk_create(
        [
            Participant(
                municipality=municipality,
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                bsn=valid_bsn(n),
                birth_date=datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                postcode="3311 AB",
                city=municipality.name,
                home_municipality=municipality,
            )
            for n in range(sizes.participants)
        ],
        batch_size=2000,
    )


def _placements(
    municipality: Municipality,
    people: list[Participant],
    enrolments: list[Enrolment],
    actor: User,
    first_day: datetime.date,
) -> list[Placement]:
    """One running placement per person, spread over the companies, started in the 200 days
    before the first attendance day (spread over all of them, whatever the count), each with
    its approved default step of its start year."""
    steps = {
        step.year: step for step in Step.objects.filter(municipality=municipality, is_default=True)
    }
    rows = Placement.objects.bulk_create(
        [
            Placement(
                municipality=municipality,
                participant=person,
                enrolment=enrolments[n % len(enrolments)],
                start_date=first_day - datetime.timedelta(days=1 + (n * 37) % 200),
                hours_per_week=Decimal(12 + 4 * (n % 3)),
                created_by=actor,
            )
            for n, person in enumerate(people)
        ],
        batch_size=2000,
    )
    StepDecision.objects.bulk_create(
        [
            StepDecision(
                municipality=municipality,
                placement=placement,
                step=steps[placement.start_date.year],
                valid_from=placement.start_date,
                justification="Start in de standaardtrede.",
                status=StepDecisionStatus.APPROVED,
                is_initial=True,
                advised_by=actor,
            )
            for placement in rows
        ],
        batch_size=2000,
    )
    return rows


def _attendance(
    municipality: Municipality,
    placements: list[Placement],
    days: list[datetime.date],
    actor: User,
    seed: int,
) -> int:
    rng = random.Random(seed)  # noqa: S311 (invented data, reproducible by its seed)
    statuses = [status for status, _weight in STATUS_WEIGHTS]
    weights = [weight for _status, weight in STATUS_WEIGHTS]
    entered_at = timezone.now()
    rows = []
    for placement in placements:
        picked = rng.choices(statuses, weights, k=len(days))
        for day, status in zip(days, picked, strict=True):
            hours = Decimal("4.00") if status == AttendanceStatus.PRESENT else None
            rows.append(
                (municipality.id, placement.pk, day, str(status), hours, actor.pk, entered_at)
            )
    bulk_insert(
        Attendance,
        ["municipality", "placement", "day", "status", "hours", "entered_by", "entered_at"],
        rows,
    )
    return len(rows)


def _referrals(municipality: Municipality, people: list[Participant], actor: User) -> list[int]:
    """A referral for every person without a place; the first ``OPEN_INTAKES`` have had their
    intake and wait for a place (the matching search works on those). Returns their ids."""
    unit = Organisation.objects.get(slug=MATCHING_UNIT)
    referrals = Referral.objects.bulk_create(
        [
            Referral(
                municipality=municipality,
                participant=person,
                source=ReferralSource.SELF,
                referred_on=timezone.localdate() - datetime.timedelta(days=1 + n % 300),
                status=ReferralStatus.WAITING if n < OPEN_INTAKES else ReferralStatus.NEW,
                matching_unit=unit,
                registered_by=actor,
            )
            for n, person in enumerate(people)
        ],
        batch_size=2000,
    )
    waiting = referrals[:OPEN_INTAKES]
    Intake.objects.bulk_create(
        [
            Intake(
                municipality=municipality,
                referral=referral,
                intake_date=referral.referred_on,
                consultant=actor,
                informed=True,
                motivated=True,
                consent=True,
                wishes="Buiten werken, met dieren.",
                outcome=IntakeOutcome.WAITING,
            )
            for referral in waiting
        ]
    )
    return [referral.pk for referral in waiting]


def _settle(
    municipality: Municipality, year: int, quarters: list[int], today: datetime.date
) -> int:
    """Draft statements for the finished quarters, as the account holder's button makes them."""
    from subsidies.services.settlement import quarter_settle

    made = 0
    for quarter in quarters:
        with atomic_tenant_context(municipality.id):
            made += len(
                quarter_settle(municipality=municipality, year=year, quarter=quarter, today=today)
            )
    return made


def analyze_everything() -> None:
    """A last ``ANALYZE`` of the whole database (PostgreSQL): the stages analysed their own
    tables, the demo data and the settlement's tables were written through the services."""
    if connection.vendor != "postgresql":
        return
    from participatie.tenancy.db import owner_role

    with owner_role(), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
