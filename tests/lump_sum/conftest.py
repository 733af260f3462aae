"""The IBN area (seed 003): eleven municipalities, the provider IBN enrolled in each, and the
regional body's two administrators (four eyes) and an analyst."""

from __future__ import annotations

from decimal import Decimal

import pytest

from participatie.choices import Role
from participatie.models import Municipality, Organisation, Region, User
from subsidies.lump_sum.choices import CountMethod
from subsidies.lump_sum.services import AgreementInput, lump_sum_agreement_save
from subsidies.models import LumpSumAgreement
from tests.conftest import in_tenant
from tests.factories import (
    EnrolmentFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)

# The ten other members with a weight each (their participation budget for new target groups,
# in euros; illustrative, of the size of these municipalities).
OTHERS = {
    "Bernheze": 1_410_000,
    "Boekel": 480_000,
    "Boxmeer": 1_320_000,
    "Cuijk": 1_650_000,
    "Grave": 610_000,
    "Landerd": 690_000,
    "Mill en Sint Hubert": 520_000,
    "Oss": 6_950_000,
    "Sint Anthonis": 430_000,
    "Uden": 3_240_000,
}
MEIERIJSTAD_WEIGHT = 4_870_000
AMOUNT_2022 = Decimal("674.17")


@pytest.fixture
def ibn_region(meierijstad) -> Region:
    return meierijstad.municipality.region


@pytest.fixture
def ibn_members(meierijstad, ibn_region) -> dict[str, Municipality]:
    members = {"Meierijstad": meierijstad.municipality}
    for n, name in enumerate(sorted(OTHERS)):
        slug = name.lower().replace(" ", "-")
        members[name] = MunicipalityFactory(
            name=name, slug=slug, cbs_code=f"GM{9000 + n:04d}", region=ibn_region
        )
    return members


@pytest.fixture
def weights(ibn_members) -> dict[int, str]:
    return {m.pk: str(OTHERS.get(name, MEIERIJSTAD_WEIGHT)) for name, m in ibn_members.items()}


@pytest.fixture
def provider(ibn_members) -> Organisation:
    ibn = OrganisationFactory(slug="ibn-groep", name="IBN Groep")
    for municipality in ibn_members.values():
        with in_tenant(municipality):
            EnrolmentFactory(municipality=municipality, organisation=ibn, max_places=500)
    return ibn


@pytest.fixture
def regional_body(ibn_region) -> Organisation:
    return OrganisationFactory(
        slug="regio-ibn-gebied", name="Regio IBN", regional_body=True, region=ibn_region
    )


def _member(organisation: Organisation, role: str, email: str) -> User:
    user = UserFactory(email=email)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def ibn_admin(regional_body) -> User:
    return _member(regional_body, Role.REGIONAL_ADMIN, "beheer1@ibn.example.nl")


@pytest.fixture
def second_admin(regional_body) -> User:
    return _member(regional_body, Role.REGIONAL_ADMIN, "beheer2@ibn.example.nl")


@pytest.fixture
def ibn_analyst(regional_body) -> User:
    return _member(regional_body, Role.REGIONAL_ANALYST, "analist@ibn.example.nl")


def agreement_input(
    provider: Organisation,
    weights: dict[int, str],
    *,
    year: object = 2022,
    amount: object = "674,17",
    method: str = CountMethod.MONTHLY_AVERAGE,
    reference_date=None,
    plus: dict[int, str] | None = None,
) -> AgreementInput:
    return AgreementInput(
        provider=provider,
        year=year,
        amount_per_participant=amount,
        count_method=method,
        reference_date=reference_date,
        weights=weights,
        plus=plus or {},
    )


@pytest.fixture
def agreement(ibn_region, provider, weights, ibn_admin) -> LumpSumAgreement:
    return lump_sum_agreement_save(
        region=ibn_region, data=agreement_input(provider, weights), actor=ibn_admin
    )
