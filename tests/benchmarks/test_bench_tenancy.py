"""Issue 2: what the tenancy middleware costs per request, and the home page with many
memberships."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from participatie.choices import Role
from participatie.tenancy.middleware import TenancyMiddleware
from tests.benchmarks.timing import measure
from tests.conftest import in_tenant, login
from tests.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory


def test_bench_tenancy_middleware(dordrecht):
    request_factory = RequestFactory()
    middleware = TenancyMiddleware(lambda request: HttpResponse("ok"))

    def call():
        request = request_factory.get("/dordrecht/")
        request.user = dordrecht.consultant
        middleware(request)

    with CaptureQueriesContext(connection) as captured:
        call()
    queries = [q for q in captured if "SAVEPOINT" not in q["sql"]]
    measure(
        f"tenancy middleware alone ({len(queries)} queries)",
        call,
        data="1 municipality, 1 membership",
        runs=500,
    )


def test_bench_home_page_with_50_memberships(client, dordrecht):
    user = dordrecht.lwb_a_supervisor
    for n in range(49):
        company = OrganisationFactory(slug=f"bench-home-{n}")
        with in_tenant(dordrecht.municipality):
            EnrolmentFactory(municipality=dordrecht.municipality, organisation=company)
        MembershipFactory(user=user, organisation=company, role=Role.LWB_SUPERVISOR)
    login(client, user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/dordrecht/").status_code == 200
    measure(
        f"tenant home page, full request ({len(captured)} queries)",
        lambda: client.get("/dordrecht/"),
        data="50 memberships, 51 enrolments",
        runs=200,
    )
