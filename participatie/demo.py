"""Demo data: the Drechtsteden region from the seeds, two municipalities elsewhere, and one
login per role. Loaded by ``python manage.py load_demo``.

Loading is idempotent: every row is looked up by a natural key and saved only when a value
differs, so a second run writes nothing (not even a history row in the audit trail). Everything
runs in one transaction: a failure leaves the database as it was.

The companies and their KvK numbers are invented; municipalities, CBS codes, budget-key
contributions and matching units are the ones in the seeds (see DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt, encrypt
from django.db import models, transaction
from django.utils import timezone

from participatie.choices import OrganisationKind, Role
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import (
    Enrolment,
    Membership,
    Municipality,
    Organisation,
    Participant,
    Placement,
    Region,
    ServiceArea,
    Step,
    StepDecision,
    User,
)
from participatie.placements.choices import StepDecisionStatus
from participatie.tenancy.context import tenant_context

# Known on purpose: demo users exist only where DEBUG is on (or when forced explicitly).
DEMO_PASSWORD = "participatie-demo"
# One fixed base32 secret for every demo user, so an authenticator app (or demo_totp) can be
# set up once. Base32 letters only: A-Z and 2-7.
DEMO_TOTP_SECRET = "PARTICIPATIEDEMOPARTICIPATIEDEMO"

REGIONS = [
    {"slug": "drechtsteden", "name": "Drechtsteden"},
    {"slug": "ibn", "name": "IBN"},
]

# Contributions (IU + AU) that weigh each municipality's share of the regional budget (seed 000,
# section 3.2). Meierijstad and Oude IJsselstreek have no Drechtsteden key.
MUNICIPALITIES = [
    ("alblasserdam", "Alblasserdam", "GM0482", "drechtsteden", "551725"),
    ("dordrecht", "Dordrecht", "GM0505", "drechtsteden", "7741339"),
    ("hardinxveld-giessendam", "Hardinxveld-Giessendam", "GM0523", "drechtsteden", "181222"),
    ("hendrik-ido-ambacht", "Hendrik-Ido-Ambacht", "GM0531", "drechtsteden", "363121"),
    ("papendrecht", "Papendrecht", "GM0590", "drechtsteden", "728435"),
    ("sliedrecht", "Sliedrecht", "GM0610", "drechtsteden", "760676"),
    ("zwijndrecht", "Zwijndrecht", "GM0642", "drechtsteden", "1960280"),
    ("meierijstad", "Meierijstad", "GM1948", "ibn", None),
    ("oude-ijsselstreek", "Oude IJsselstreek", "GM1509", None, None),
]

# Matching units and the municipalities they serve (seed 000; DOMAIN.md "Figures").
MATCHING_UNITS = [
    (
        "mee-drechtsteden",
        "MEE Drechtsteden",
        "41123456",
        ["dordrecht", "hardinxveld-giessendam", "papendrecht", "sliedrecht"],
    ),
    ("zwijndrechtwerkt", "ZwijndrechtWerkt", "41234567", ["zwijndrecht"]),
    ("smile", "Smile", "41345678", ["alblasserdam"]),
    ("ambachtse-bedrijven", "Ambachtse Bedrijven", "41456789", ["hendrik-ido-ambacht"]),
]

# (slug, name, sector, KvK, {municipality: (status, max places, notes)})
ACTIVE, ASSESSED, CANDIDATE, ENDED = (
    EnrolmentStatus.ACTIVE,
    EnrolmentStatus.ASSESSED,
    EnrolmentStatus.CANDIDATE,
    EnrolmentStatus.ENDED,
)
COMPANIES: list[tuple[str, str, str, str, dict[str, tuple[str, int, str]]]] = [
    (
        "de-kringloop",
        "De Kringloop",
        "kringloop en winkel",
        "62345671",
        {
            "dordrecht": (ACTIVE, 25, "Sorteren, prijzen en verkopen; begeleiding op de vloer."),
            "zwijndrecht": (ACTIVE, 10, "Tweede vestiging; zelfde werkzaamheden als Dordrecht."),
        },
    ),
    (
        "eetcafe-de-werkplaats",
        "Eetcafé De Werkplaats",
        "horeca",
        "62345682",
        {"dordrecht": (ACTIVE, 12, "Keuken en bediening; taalrijke omgeving.")},
    ),
    (
        "dierenweide-de-hooiberg",
        "Dierenweide De Hooiberg",
        "dierenzorg",
        "62345693",
        {"dordrecht": (ACTIVE, 8, "Verzorging van dieren; prikkelarm werk buiten.")},
    ),
    (
        "groenploeg-biesbosch",
        "Groenploeg Biesbosch",
        "groen",
        "62345704",
        {"dordrecht": (ACTIVE, 15, "Onderhoud van openbaar groen in vaste ploegen.")},
    ),
    (
        "buurtkamer-het-anker",
        "Buurtkamer Het Anker",
        "ontmoetingsplek",
        "62345715",
        {"dordrecht": (ASSESSED, 6, "Gastvrouw/-heer in de buurtkamer; beoordeeld, start later.")},
    ),
    (
        "fietsenwerkplaats-op-wielen",
        "Fietsenwerkplaats Op Wielen",
        "fietsenmaker",
        "62345726",
        {"dordrecht": (CANDIDATE, 0, "")},
    ),
    (
        "webwinkel-drechtkist",
        "Webwinkel De Drechtkist",
        "webshop en logistiek",
        "62345737",
        {"papendrecht": (ACTIVE, 6, "Orders verzamelen en verzenden; nieuwe sector.")},
    ),
    (
        "zorgboerderij-de-alblas",
        "Zorgboerderij De Alblas",
        "dierenzorg en groen",
        "62345748",
        {"alblasserdam": (ACTIVE, 10, "Boerderijwerk met dieren en moestuin.")},
    ),
    (
        "lunchroom-ambacht",
        "Lunchroom Ambacht",
        "horeca",
        "62345759",
        {"hendrik-ido-ambacht": (ACTIVE, 8, "Lunchroom met vaste werkbegeleider.")},
    ),
    (
        "kapsalon-knip-en-kans",
        "Kapsalon Knip & Kans",
        "kapper en schoonheid",
        "62345760",
        {"sliedrecht": (ASSESSED, 4, "Nieuwe sector; geen verdringing van betaald werk.")},
    ),
    (
        "repaircafe-giessen",
        "Repaircafé aan de Giessen",
        "reparatie en techniek",
        "62345771",
        {"hardinxveld-giessendam": (ACTIVE, 5, "Repareren van apparaten met vrijwilligers.")},
    ),
    (
        "sportkantine-de-wissel",
        "Sportkantine De Wissel",
        "sport en horeca",
        "62345782",
        {"zwijndrecht": (ENDED, 4, "Gestopt: te weinig begeleidingscapaciteit.")},
    ),
    (
        "kringloop-de-meierij",
        "Kringloop De Meierij",
        "kringloop en winkel",
        "62345793",
        {"meierijstad": (ACTIVE, 12, "Lid van de IBN-afspraken.")},
    ),
    (
        "groenbedrijf-achterhoek",
        "Groenbedrijf Achterhoek",
        "groen",
        "62345804",
        {"oude-ijsselstreek": (CANDIDATE, 0, "")},
    ),
]

ENROLMENT_DATES = {
    ACTIVE: (date(2022, 1, 1), None),
    ENDED: (date(2022, 1, 1), date(2023, 12, 31)),
}
# Every company past "candidate" was assessed before it started: kind of work (its notes), the
# guidance it gives and the judgement that no paid work is displaced (DOMAIN.md, "Setting up a
# year"). The demo records when, not by whom: its users exist only in development.
DEMO_ASSESSED_AT = datetime(2021, 12, 1, 10, 0, tzinfo=UTC)
DEMO_GUIDANCE = "Een vaste werkbegeleider op de vloer; elke week een kort gesprek."
DEMO_NO_DISPLACEMENT = (
    "Het werk komt naast het werk van de vaste medewerkers; er verdwijnt geen betaalde functie."
)

# (e-mail, first name, last name, organisation slug, role, what the login is for)
DEMO_USERS = [
    (
        "accounthouder@dordrecht.example.nl",
        "Anna",
        "de Vries",
        "gemeente-dordrecht",
        Role.ACCOUNT_HOLDER,
        "accounthouder Dordrecht",
    ),
    (
        "accounthouder2@dordrecht.example.nl",
        "Bram",
        "Jansen",
        "gemeente-dordrecht",
        Role.ACCOUNT_HOLDER,
        "tweede accounthouder Dordrecht (vier ogen)",
    ),
    (
        "beleid@dordrecht.example.nl",
        "Chantal",
        "Bakker",
        "gemeente-dordrecht",
        Role.POLICY_OFFICER,
        "beleidsmedewerker Dordrecht",
    ),
    (
        "privacy@dordrecht.example.nl",
        "Jasmijn",
        "Koster",
        "gemeente-dordrecht",
        Role.PRIVACY_OFFICER,
        "privacyfunctionaris Dordrecht",
    ),
    (
        "privacy2@dordrecht.example.nl",
        "Karim",
        "Bos",
        "gemeente-dordrecht",
        Role.PRIVACY_OFFICER,
        "tweede privacyfunctionaris Dordrecht (vier ogen)",
    ),
    (
        "consulent@mee.example.nl",
        "Daan",
        "Visser",
        "mee-drechtsteden",
        Role.MU_CONSULTANT,
        "consulent MEE (4 gemeenten)",
    ),
    (
        "beheer@dekringloop.example.nl",
        "Eva",
        "Smit",
        "de-kringloop",
        Role.LWB_ADMIN,
        "beheerder leerwerkbedrijf De Kringloop",
    ),
    (
        "begeleider@dekringloop.example.nl",
        "Fatima",
        "El Amrani",
        "de-kringloop",
        Role.LWB_SUPERVISOR,
        "begeleider leerwerkbedrijf De Kringloop",
    ),
    (
        "analist@drechtsteden.example.nl",
        "Gijs",
        "Mulder",
        "regio-drechtsteden",
        Role.REGIONAL_ANALYST,
        "regionaal analist Drechtsteden",
    ),
    (
        "beheer@drechtsteden.example.nl",
        "Ilse",
        "de Graaf",
        "regio-drechtsteden",
        Role.REGIONAL_ADMIN,
        "beheerder regio Drechtsteden (verdeelsleutel, inspanningsverplichting)",
    ),
    (
        "klantmanager@sdd.example.nl",
        "Lotte",
        "van Dijk",
        "sdd",
        Role.CLIENT_MANAGER,
        "klantmanager Sociale Dienst Drechtsteden (toestemming, aanmelden)",
    ),
    (
        "verwijzer@wijkteam-dordrecht.example.nl",
        "Mohamed",
        "Yilmaz",
        "wijkteam-dordrecht",
        Role.PARTNER_REFERRER,
        "verwijzer Sociaal Wijkteam Dordrecht",
    ),
    (
        "beheer@participatie.example.nl",
        "Hanna",
        "Meijer",
        "platformbeheer",
        Role.PLATFORM_ADMIN,
        "platformbeheerder (ook Django-beheer)",
    ),
]


# Step catalogues (issue 3): Dordrecht basis/plus, the other Drechtsteden municipalities the legacy
# four steps of the SDD (step 2, average guidance, is where people start), Meierijstad one flat
# IBN step. (code, label, default)
DORDRECHT_STEPS = [("basis", "Basis", True), ("plus", "Plus", False)]
LEGACY_STEPS = [
    ("1", "Trede 1 (intensief)", False),
    ("2", "Trede 2 (gemiddeld)", True),
    ("3", "Trede 3 (beperkt)", False),
    ("4", "Trede 4 (mbo-entree)", False),
]
IBN_STEPS = [("ibn", "IBN-deelnemer", True)]
STEP_YEARS_FROM = 2021
LAST_HISTORIC_DEMO_YEAR = 2026


def demo_years(first: int) -> range:
    """The demo's years: from ``first`` to the year after the current one (the demo sets up
    this year and the next, as a municipality does before 1 January)."""
    return range(first, max(timezone.localdate().year, LAST_HISTORIC_DEMO_YEAR) + 2)


def step_catalogue(slug: str) -> list[tuple[str, str, bool]]:
    if slug == "dordrecht":
        return DORDRECHT_STEPS
    if slug == "meierijstad":
        return IBN_STEPS
    if slug == "oude-ijsselstreek":
        return []
    return LEGACY_STEPS


# A few residents on a place in Dordrecht, so the pages have something to show.
# (BSN, first name, last name, birth date, company slug, start, home municipality, plus from)
DEMO_PLACEMENTS = [
    (
        "111222333",
        "Anna",
        "de Vries",
        date(1978, 4, 12),
        "de-kringloop",
        date(2022, 2, 15),
        "dordrecht",
        date(2022, 3, 10),
    ),
    (
        "123456782",
        "Mehmet",
        "Yilmaz",
        date(1969, 9, 3),
        "de-kringloop",
        date(2022, 1, 10),
        "zwijndrecht",
        None,
    ),
    (
        "100000009",
        "Els",
        "Bakker",
        date(1985, 1, 28),
        "dierenweide-de-hooiberg",
        date(2022, 5, 2),
        "dordrecht",
        None,
    ),
]

# The demo consultant "placed" the demo participants.
DEMO_CONSULTANT = "consulent@mee.example.nl"

_extra_loaders: list[Callable[[DemoReport, dict[str, Municipality]], None]] = []


def register_demo_loader(loader: Callable[[DemoReport, dict[str, Municipality]], None]) -> None:
    """Other apps add their demo data (e.g. subsidies' tariffs) without participatie importing
    them; loaders run inside the same transaction and must be idempotent too."""
    if loader not in _extra_loaders:
        _extra_loaders.append(loader)


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    users: list[tuple[str, str]] = field(default_factory=list)

    def count(self, what: dict[str, int], model: type[models.Model]) -> None:
        label = model._meta.verbose_name_plural
        what[str(label)] = what.get(str(label), 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def upsert(
    report: DemoReport, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> Any:
    """Create the row, or bring it to ``values`` with a save only when something differs.

    ``update_or_create`` would save (and add an audit history row) on every run.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        report.count(report.created, model)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save(update_fields=changed)
        report.count(report.updated, model)
    return obj


def _demo_user(report: DemoReport, email: str, first_name: str, last_name: str, role: str) -> User:
    # The platform administrator also manages the Django admin.
    admin = role == Role.PLATFORM_ADMIN
    values = {
        "first_name": first_name,
        "last_name": last_name,
        "is_staff": admin,
        "is_superuser": admin,
    }
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, **values)
        report.count(report.created, User)
    else:
        user = upsert(report, User, {"email": email}, values)
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        report.count(report.updated, User)
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        TOTP.activate(user, DEMO_TOTP_SECRET)
        report.count(report.created, Authenticator)
    elif decrypt(totp.data["secret"]) != DEMO_TOTP_SECRET:
        totp.data = {**totp.data, "secret": encrypt(DEMO_TOTP_SECRET)}
        totp.save(update_fields=["data"])
        report.count(report.updated, Authenticator)
    return user


@transaction.atomic
def demo_load(*, with_users: bool) -> DemoReport:
    """Load (or bring back) the demo data. ``with_users`` adds the logins with a known password."""
    report = DemoReport()
    regions = {
        spec["slug"]: upsert(report, Region, {"slug": spec["slug"]}, {"name": spec["name"]})
        for spec in REGIONS
    }
    municipalities: dict[str, Municipality] = {}
    for slug, name, cbs_code, region_slug, contribution in MUNICIPALITIES:
        municipalities[slug] = upsert(
            report,
            Municipality,
            {"slug": slug},
            {
                "name": name,
                "cbs_code": cbs_code,
                "region": regions[region_slug] if region_slug else None,
                "budget_key_contribution": Decimal(contribution) if contribution else None,
            },
        )

    def organisation(slug: str, **values: Any) -> Organisation:
        values.setdefault("kvk_number", "")
        values.setdefault("municipality", None)
        values.setdefault("region", None)
        values.setdefault("sector", "")
        return upsert(report, Organisation, {"slug": slug}, values)

    for municipality in municipalities.values():
        organisation(
            f"gemeente-{municipality.slug}",
            name=f"Gemeente {municipality.name}",
            kind=OrganisationKind.MUNICIPAL_OFFICE,
            municipality=municipality,
        )
    drechtsteden = regions["drechtsteden"]
    social_service = organisation(
        "sdd",
        name="Sociale Dienst Drechtsteden",
        kind=OrganisationKind.SOCIAL_SERVICE,
        region=drechtsteden,
    )
    district_team = organisation(
        "wijkteam-dordrecht",
        name="Sociaal Wijkteam Dordrecht",
        kind=OrganisationKind.DISTRICT_TEAM,
        region=drechtsteden,
    )
    organisation(
        "regio-drechtsteden",
        name="Regio Drechtsteden",
        kind=OrganisationKind.REGIONAL_BODY,
        region=drechtsteden,
    )
    # The platform administrator's home organisation: it works for no tenant itself.
    organisation(
        "platformbeheer", name="Platformbeheer Participatie", kind=OrganisationKind.REGIONAL_BODY
    )

    # Tenant-owned links: written per municipality inside its tenant context (both walls).
    links: dict[str, list[tuple[type[models.Model], Organisation, dict[str, Any]]]] = {}
    for slug, name, kvk, served in MATCHING_UNITS:
        unit = organisation(
            slug,
            name=name,
            kind=OrganisationKind.MATCHING_UNIT,
            kvk_number=kvk,
            contact_email=f"info@{slug}.example.nl",
        )
        for municipality_slug in served:
            links.setdefault(municipality_slug, []).append(
                (ServiceArea, unit, {"since": date(2022, 1, 1)})
            )
    # The social service keeps client direction in all of the region; the district team refers
    # from Dordrecht (issue 16).
    for slug, _name, _code, region_slug, _budget in MUNICIPALITIES:
        if region_slug == "drechtsteden":
            links.setdefault(slug, []).append(
                (ServiceArea, social_service, {"since": date(2022, 1, 1)})
            )
    links.setdefault("dordrecht", []).append(
        (ServiceArea, district_team, {"since": date(2022, 1, 1)})
    )
    for slug, name, sector, kvk, enrolments in COMPANIES:
        company = organisation(
            slug,
            name=name,
            kind=OrganisationKind.LEARNING_WORK_COMPANY,
            kvk_number=kvk,
            sector=sector,
            # Decision letters go here (the console in development).
            contact_email=f"info@{slug}.example.nl",
        )
        for municipality_slug, (status, max_places, notes) in enrolments.items():
            started_on, ended_on = ENROLMENT_DATES.get(status, (None, None))
            values = {
                "status": status,
                "max_places": max_places,
                "assessment_notes": notes,
                "started_on": started_on,
                "ended_on": ended_on,
            }
            if status != CANDIDATE:
                values |= {
                    "kind_of_work": notes,
                    "guidance_offered": DEMO_GUIDANCE,
                    "no_displacement": True,
                    "displacement_reason": DEMO_NO_DISPLACEMENT,
                    "displacement_judged_at": DEMO_ASSESSED_AT,
                }
            links.setdefault(municipality_slug, []).append((Enrolment, company, values))
    for municipality_slug, rows in links.items():
        municipality = municipalities[municipality_slug]
        with tenant_context(municipality.id):
            for model, org, values in rows:
                upsert(report, model, {"municipality": municipality, "organisation": org}, values)

    for slug, municipality in municipalities.items():
        with tenant_context(municipality.id):
            for year in demo_years(STEP_YEARS_FROM):
                for position, (code, label, is_default) in enumerate(step_catalogue(slug)):
                    upsert(
                        report,
                        Step,
                        {"municipality": municipality, "year": year, "code": code},
                        {"label": label, "is_default": is_default, "position": position},
                    )
    for loader in _extra_loaders:
        loader(report, municipalities)

    if with_users:
        for email, first_name, last_name, org_slug, role, purpose in DEMO_USERS:
            user = _demo_user(report, email, first_name, last_name, role)
            membership_org = Organisation.objects.get(slug=org_slug)
            upsert(
                report,
                Membership,
                {"user": user, "organisation": membership_org, "role": role},
                {},
            )
            report.users.append((email, purpose))
        _demo_placements(report, municipalities)
        _demo_snapshots(municipalities)
    return report


SNAPSHOT_WEEKS = 13


def _demo_snapshots(municipalities: dict[str, Municipality]) -> None:
    """A weekly occupancy snapshot over the last quarter, so that the occupancy report draws its
    line over time before the daily beat job has run for long. Rewriting a day changes nothing
    when the placements did not change."""
    from participatie.reports.snapshots import occupancy_snapshot_take

    today = timezone.localdate()
    for municipality in municipalities.values():
        with tenant_context(municipality.id):
            for weeks in range(SNAPSHOT_WEEKS, -1, -1):
                occupancy_snapshot_take(
                    municipality_id=municipality.id, day=today - timedelta(weeks=weeks)
                )


def _demo_placements(report: DemoReport, municipalities: dict[str, Municipality]) -> None:
    """Placements in Dordrecht with their approved steps (one moved to plus, as in the worked
    example), written directly rather than through the services, which date-check against
    today. Needs the demo users: the demo consultant placed them."""
    dordrecht = municipalities["dordrecht"]
    consultant = User.objects.get(email=DEMO_CONSULTANT)
    with tenant_context(dordrecht.id):
        for bsn, first, last, born, company, start, home, plus_from in DEMO_PLACEMENTS:
            participant = upsert(
                report,
                Participant,
                {"municipality": dordrecht, "bsn": bsn},
                {
                    "first_name": first,
                    "last_name": last,
                    "birth_date": born,
                    "home_municipality": municipalities[home],
                    "city": municipalities[home].name,
                },
            )
            enrolment = Enrolment.objects.get(municipality=dordrecht, organisation__slug=company)
            placement = upsert(
                report,
                Placement,
                {"municipality": dordrecht, "participant": participant, "enrolment": enrolment},
                {"start_date": start, "hours_per_week": Decimal(16), "created_by": consultant},
            )
            steps = [(start, "basis"), *([(plus_from, "plus")] if plus_from else [])]
            for valid_from, code in steps:
                upsert(
                    report,
                    StepDecision,
                    {
                        "municipality": dordrecht,
                        "placement": placement,
                        "valid_from": valid_from,
                        "status": StepDecisionStatus.APPROVED,
                    },
                    {
                        "step": Step.objects.get(
                            municipality=dordrecht, year=valid_from.year, code=code
                        ),
                        "justification": "Demo: start in de standaardtrede."
                        if code == "basis"
                        else "Demo: heeft intensievere begeleiding nodig.",
                        "is_initial": code == "basis",
                        "advised_by": placement.created_by,
                    },
                )
