"""Enrolments at each step, made through the services like the pages do."""

from __future__ import annotations

import datetime

from participatie.enrolments import services
from participatie.models import Enrolment
from tests.conftest import Side, in_tenant
from tests.factories import PlacementFactory

ASSESSMENT = {
    "kind_of_work": "Fietsen repareren en verkopen.",
    "guidance_offered": "Een vaste werkbegeleider, elke dag aanwezig.",
    "no_displacement": True,
    "displacement_reason": "Het werk komt bovenop het werk van de vaste monteurs.",
}


def candidate(side: Side, name: str = "Fietsenmakerij De Spaak", kvk: str = "87654321"):
    with in_tenant(side.municipality):
        return services.enrolment_register(
            municipality=side.municipality,
            name=name,
            kvk_number=kvk,
            sector="fietsen",
            actor=side.account_holder,
        )


def assessed(side: Side, **assessment) -> Enrolment:
    enrolment = candidate(side)
    with in_tenant(side.municipality):
        return services.enrolment_assess(
            enrolment=enrolment, actor=side.account_holder, **{**ASSESSMENT, **assessment}
        )


def active(side: Side, max_places: int = 3) -> Enrolment:
    enrolment = assessed(side)
    with in_tenant(side.municipality):
        return services.enrolment_transition(
            enrolment=enrolment,
            to_status="active",
            max_places=max_places,
            actor=side.account_holder,
        )


def fresh(side: Side, enrolment: Enrolment) -> Enrolment:
    with in_tenant(side.municipality):
        return Enrolment.objects.select_related("displacement_judged_by").get(pk=enrolment.pk)


def place(side: Side, enrolment: Enrolment, count: int, **kwargs) -> None:
    """``count`` running placements at this company (and, with ``end_date``, ended ones)."""
    kwargs.setdefault("start_date", datetime.date.today() - datetime.timedelta(days=30))
    with in_tenant(side.municipality):
        for _ in range(count):
            PlacementFactory(municipality=side.municipality, enrolment=enrolment, **kwargs)
