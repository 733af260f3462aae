"""Drechtsteden's regional body (its administrator sets the ceiling and the targets), and the
matching unit's partners in Dordrecht: the SDD with a client manager, UWV, a district team."""

from __future__ import annotations

import pytest

from participatie.choices import OrganisationKind, Role
from participatie.models import Organisation, Region, User
from tests.conftest import in_tenant
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ServiceAreaFactory,
    UserFactory,
)


@pytest.fixture
def regional_body(region: Region) -> Organisation:
    return OrganisationFactory(
        slug="regio-drechtsteden", name="Regio Drechtsteden", regional_body=True, region=region
    )


@pytest.fixture
def regional_admin(regional_body: Organisation) -> User:
    user = UserFactory(email="beheer@drechtsteden.example.nl")
    MembershipFactory(user=user, organisation=regional_body, role=Role.REGIONAL_ADMIN)
    return user


def _member(organisation: Organisation, role: str, email: str) -> User:
    user = UserFactory(email=email, first_name="Kim", last_name="Klant")
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def social_service(dordrecht) -> Organisation:
    """The SDD, working for Dordrecht only in these tests."""
    sdd = OrganisationFactory(
        slug="sdd", name="Sociale Dienst Drechtsteden", kind=OrganisationKind.SOCIAL_SERVICE
    )
    with in_tenant(dordrecht.municipality):
        ServiceAreaFactory(municipality=dordrecht.municipality, organisation=sdd)
    return sdd


@pytest.fixture
def client_manager(social_service) -> User:
    return _member(social_service, Role.CLIENT_MANAGER, "klantmanager@sdd.example.nl")


@pytest.fixture
def other_client_manager(dordrecht) -> User:
    """A client manager of UWV, also working for Dordrecht."""
    uwv = OrganisationFactory(slug="uwv", name="UWV", kind=OrganisationKind.UWV)
    with in_tenant(dordrecht.municipality):
        ServiceAreaFactory(municipality=dordrecht.municipality, organisation=uwv)
    return _member(uwv, Role.CLIENT_MANAGER, "klantmanager@uwv.example.nl")


@pytest.fixture
def district_referrer(dordrecht) -> User:
    team = OrganisationFactory(
        slug="wijkteam-noord", name="Sociaal Wijkteam Noord", kind=OrganisationKind.DISTRICT_TEAM
    )
    with in_tenant(dordrecht.municipality):
        ServiceAreaFactory(municipality=dordrecht.municipality, organisation=team)
    return _member(team, Role.PARTNER_REFERRER, "verwijzer@wijkteam.example.nl")
