"""The home page costs the same number of queries for 1 and for 50 memberships."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.choices import Role
from participatie.enrolments.choices import EnrolmentStatus
from tests.conftest import in_tenant, login
from tests.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, UserFactory


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_home_query_count_is_constant_in_memberships(
    client, dordrecht, django_assert_max_num_queries
):
    # The same three kinds of role for both users (each kind adds its section to the page), one
    # company for the first, 48 for the second.
    one = UserFactory(email="een@example.nl")
    MembershipFactory(user=one, organisation=dordrecht.office, role=Role.ACCOUNT_HOLDER)
    MembershipFactory(user=one, organisation=dordrecht.matching_unit, role=Role.MU_CONSULTANT)
    MembershipFactory(user=one, organisation=dordrecht.lwb_a, role=Role.LWB_ADMIN)
    many = UserFactory(email="vijftig@example.nl")
    MembershipFactory(user=many, organisation=dordrecht.office, role=Role.ACCOUNT_HOLDER)
    MembershipFactory(user=many, organisation=dordrecht.matching_unit, role=Role.MU_CONSULTANT)
    for number in range(48):
        company = OrganisationFactory(slug=f"bedrijf-{number}", name=f"Bedrijf {number}")
        with in_tenant(dordrecht.municipality):
            EnrolmentFactory(
                municipality=dordrecht.municipality,
                organisation=company,
                status=EnrolmentStatus.CANDIDATE if number % 2 else EnrolmentStatus.ACTIVE,
            )
        MembershipFactory(user=many, organisation=company, role=Role.LWB_ADMIN)
    assert many.memberships.count() == 50

    login(client, one)
    _queries(client, "/dordrecht/")  # warm the session
    baseline = _queries(client, "/dordrecht/")

    login(client, many)
    _queries(client, "/dordrecht/")
    with django_assert_max_num_queries(baseline):
        response = client.get("/dordrecht/")
    assert "Bedrijf 47" in response.content.decode()


def test_home_query_count_same_for_1_and_50_lwb_memberships(
    client, dordrecht, django_assert_max_num_queries
):
    one = UserFactory(email="een-lwb@example.nl")
    MembershipFactory(user=one, organisation=dordrecht.lwb_a, role=Role.LWB_ADMIN)
    many = UserFactory(email="vijftig-lwb@example.nl")
    MembershipFactory(user=many, organisation=dordrecht.lwb_a, role=Role.LWB_ADMIN)
    for number in range(49):
        company = OrganisationFactory(slug=f"lwb-{number}", name=f"Leerwerk {number}")
        with in_tenant(dordrecht.municipality):
            EnrolmentFactory(municipality=dordrecht.municipality, organisation=company)
        MembershipFactory(user=many, organisation=company, role=Role.LWB_SUPERVISOR)

    login(client, one)
    _queries(client, "/dordrecht/")
    baseline = _queries(client, "/dordrecht/")

    login(client, many)
    _queries(client, "/dordrecht/")
    with django_assert_max_num_queries(baseline):
        client.get("/dordrecht/")
