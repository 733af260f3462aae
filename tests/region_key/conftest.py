"""Drechtsteden with its seven members (seed 000, 3.2) and the regional body's people."""

from __future__ import annotations

from decimal import Decimal

import pytest

from participatie.choices import Role
from participatie.models import Municipality, Organisation, Region, User
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory
from tests.money.test_budget_key import DRECHTSTEDEN_CONTRIBUTIONS

OTHER_MEMBERS = {
    "Alblasserdam": ("alblasserdam", "GM0482"),
    "Hardinxveld-Giessendam": ("hardinxveld-giessendam", "GM0523"),
    "Hendrik-Ido-Ambacht": ("hendrik-ido-ambacht", "GM0531"),
    "Papendrecht": ("papendrecht", "GM0590"),
    "Sliedrecht": ("sliedrecht", "GM0610"),
}


@pytest.fixture
def members(region: Region, dordrecht, zwijndrecht) -> dict[str, Municipality]:
    """All seven, with their contributions on the municipality (what the form starts from)."""
    found = {"Dordrecht": dordrecht.municipality, "Zwijndrecht": zwijndrecht.municipality}
    for name, (slug, cbs) in OTHER_MEMBERS.items():
        found[name] = MunicipalityFactory(name=name, slug=slug, cbs_code=cbs, region=region)
    for name, municipality in found.items():
        municipality.budget_key_contribution = Decimal(DRECHTSTEDEN_CONTRIBUTIONS[name])
        municipality.save(update_fields=["budget_key_contribution"])
    return found


def contributions_by_id(members: dict[str, Municipality]) -> dict[int, str]:
    return {m.pk: str(DRECHTSTEDEN_CONTRIBUTIONS[name]) for name, m in members.items()}


@pytest.fixture
def regional_body(region: Region) -> Organisation:
    return OrganisationFactory(
        slug="regio-drechtsteden", name="Regio Drechtsteden", regional_body=True, region=region
    )


@pytest.fixture
def regional_admin(regional_body: Organisation) -> User:
    user = UserFactory(email="beheer@drechtsteden.example.nl", first_name="Ilse", last_name="Graaf")
    MembershipFactory(user=user, organisation=regional_body, role=Role.REGIONAL_ADMIN)
    return user


@pytest.fixture
def ibn_admin(meierijstad) -> User:
    body = OrganisationFactory(
        slug="regio-ibn",
        name="Regio IBN",
        regional_body=True,
        region=meierijstad.municipality.region,
    )
    user = UserFactory(email="beheer@ibn.example.nl")
    MembershipFactory(user=user, organisation=body, role=Role.REGIONAL_ADMIN)
    return user
