"""Realistic volumes, written in bulk inside the tenant context (no per-row services)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from matching.choices import ReferralSource, ReferralStatus
from matching.models import Referral
from participatie.choices import OrganisationKind
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import (
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
from subsidies.benchdata import FIRST, LAST
from tests.conftest import in_tenant
from tests.factories import valid_bsn


def participants(municipality: Municipality, count: int, *, offset: int = 0) -> list[Participant]:
    rng = random.Random(offset)
    rows = [
        Participant(
            municipality=municipality,
            first_name=rng.choice(FIRST),
            last_name=f"{rng.choice(LAST)} {n}",
            bsn=valid_bsn(offset + n),
            birth_date=datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
            postcode="3311 AB",
            city=municipality.name,
            home_municipality=municipality,
        )
        for n in range(count)
    ]
    with in_tenant(municipality):
        return Participant.objects.bulk_create(rows, batch_size=2000)


def referrals(
    municipality: Municipality, people: list[Participant], unit: Organisation, actor: User
) -> None:
    statuses = list(ReferralStatus.values)
    with in_tenant(municipality):
        Referral.objects.bulk_create(
            [
                Referral(
                    municipality=municipality,
                    participant=person,
                    source=ReferralSource.SELF,
                    referred_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=n % 300),
                    status=statuses[n % len(statuses)],
                    matching_unit=unit,
                    registered_by=actor,
                )
                for n, person in enumerate(people)
            ],
            batch_size=2000,
        )


def companies(
    municipality: Municipality, count: int, *, places: int = 12, prefix: str = "bench"
) -> list[Enrolment]:
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Leerwerkbedrijf {prefix} {municipality.slug} {n}",
                slug=f"{prefix}-{municipality.slug}-{n}",
                kind=OrganisationKind.LEARNING_WORK_COMPANY,
                kvk_number=f"{90000000 + n:08d}",
                sector=["horeca", "groen", "kringloop", "dierenzorg"][n % 4],
            )
            for n in range(count)
        ]
    )
    with in_tenant(municipality):
        return Enrolment.objects.bulk_create(
            [
                Enrolment(
                    municipality=municipality,
                    organisation=organisation,
                    status=EnrolmentStatus.ACTIVE,
                    max_places=places,
                    work_environment=["low_stimulus", "language_rich", "mixed"][n % 3],
                    guidance_kind=["individual", "group", "job_coaching"][n % 3],
                )
                for n, organisation in enumerate(organisations)
            ]
        )


def placements(
    municipality: Municipality, people: list[Participant], enrolments: list[Enrolment], actor: User
) -> list[Placement]:
    """One active placement per person, spread over the companies, each in the default step."""
    with in_tenant(municipality):
        step = Step.objects.get(municipality=municipality, year=2022, is_default=True)
        rows = Placement.objects.bulk_create(
            [
                Placement(
                    municipality=municipality,
                    participant=person,
                    enrolment=enrolments[n % len(enrolments)],
                    start_date=datetime.date(2022, 1, 3) + datetime.timedelta(days=n % 200),
                    hours_per_week=Decimal(12),
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
                    step=step,
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


def analyze() -> None:
    """Refresh planner statistics after a bulk load, as autovacuum would in production: every
    table, inside the test's transaction (so its new rows count), through the function the
    application's own bulk writers use (the app role owns no table)."""
    from django.apps import apps

    from participatie.kernel.statistics import analyze_filled

    analyze_filled(*(model for model in apps.get_models() if model._meta.managed))


@contextmanager
def owner_cursor() -> Iterator[Any]:
    """A cursor of a connection of its own, logged in as the owner in autocommit: for the DDL a
    benchmark needs (the test's connection is the app role's, inside the test's transaction,
    where ``owner_role()`` cannot start)."""
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    with (
        psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
        ) as owner,
        owner.cursor() as cursor,
    ):
        yield cursor
