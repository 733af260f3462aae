"""The regional page: aggregates per municipality of the region, for those with a regional role."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.models import Enrolment
from tests.conftest import in_tenant, login
from tests.factories import PlacementFactory


def test_regional_analyst_sees_occupancy_per_municipality(client, world, regional_analyst):
    dordrecht = world["dordrecht"]
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        PlacementFactory(
            municipality=dordrecht.municipality, enrolment=enrolment, hours_per_week=Decimal(8)
        )
    login(client, regional_analyst)
    response = client.get("/regio/drechtsteden/")
    assert response.status_code == 200
    rows = {row.name: row for row in response.context["rows"]}
    assert set(rows) == {"Dordrecht", "Zwijndrecht"}
    assert (
        rows["Dordrecht"].companies,
        rows["Dordrecht"].capacity,
        rows["Dordrecht"].occupied,
    ) == (2, 20, "<5")
    assert response.context["totals"].capacity == 40
    assert "Meierijstad" not in response.content.decode()
    assert 'href="/regio/drechtsteden/rapportages/"' in response.content.decode()


def test_municipal_staff_of_the_region_may_look(client, world):
    login(client, world["zwijndrecht"].policy_officer)
    assert client.get("/regio/drechtsteden/").status_code == 200


def test_outside_the_region_is_403_and_unknown_region_404(client, world, regional_analyst):
    login(client, world["meierijstad"].account_holder)
    assert client.get("/regio/drechtsteden/").status_code == 403
    login(client, regional_analyst)
    assert client.get("/regio/ibn/").status_code == 403
    assert client.get("/regio/atlantis/").status_code == 404


def test_consultants_and_companies_have_no_regional_view(client, world):
    for user in (world["dordrecht"].consultant, world["dordrecht"].lwb_a_admin):
        login(client, user)
        assert client.get("/regio/drechtsteden/").status_code == 403


def test_region_page_keeps_a_constant_query_count(client, world, regional_analyst):
    login(client, regional_analyst)

    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/regio/drechtsteden/").status_code == 200
        return len(captured)

    count_queries()  # the first request of a session does some one-off work
    before = count_queries()
    dordrecht = world["dordrecht"]
    with in_tenant(dordrecht.municipality):
        for _ in range(10):
            PlacementFactory(municipality=dordrecht.municipality)
    assert count_queries() == before
