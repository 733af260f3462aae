"""The placement list: all placements for municipal and matching-unit roles, the own company's
for LWB users, filtered on running/ended, paginated, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.models import Enrolment, Placement
from participatie.placements.services import placement_end
from tests.conftest import in_tenant, login
from tests.placements_web.conftest import D, approved, start

URL = "/dordrecht/plaatsingen/"


@pytest.fixture
def two_companies(dordrecht, zwijndrecht, steps):
    at_a = start(dordrecht, "lwb_a", first_name="Anna", last_name="Aalders")
    at_b = start(dordrecht, "lwb_b", first_name="Bram", last_name="Bakker")
    other = start(zwijndrecht, "lwb_a", first_name="Zeno", last_name="Zwijndrechter")
    return at_a, at_b, other


def _html(client, user, url=URL):
    login(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_municipal_and_matching_unit_roles_see_every_placement(client, dordrecht, two_companies):
    for user in (dordrecht.account_holder, dordrecht.policy_officer, dordrecht.consultant):
        html = _html(client, user)
        assert "Anna Aalders" in html and "Bram Bakker" in html
        assert "Kringloop Dordrecht" in html and "Dierenweide Dordrecht" in html
        assert "Zeno" not in html


def test_lwb_users_see_only_their_own_companys_placements(client, dordrecht, two_companies):
    for user in (dordrecht.lwb_a_admin, dordrecht.lwb_a_supervisor):
        html = _html(client, user)
        assert "Anna Aalders" in html
        assert "Bram Bakker" not in html and "Zeno" not in html
    html = _html(client, dordrecht.lwb_b_admin)
    assert "Bram Bakker" in html and "Anna Aalders" not in html


def test_other_municipality_user_gets_403(client, zwijndrecht, two_companies):
    login(client, zwijndrecht.consultant)
    assert client.get(URL).status_code == 403


def test_columns_show_current_step_kind_and_dates(client, dordrecht, two_companies):
    at_a, _at_b, _other = two_companies
    approved(dordrecht, at_a)
    html = _html(client, dordrecht.consultant)
    assert "Plus" in html and "Basis" in html
    assert "15-02-2022" in html
    assert "Reguliere plek" in html


def test_filter_running_ended_and_all(client, dordrecht, two_companies):
    at_a, _at_b, _other = two_companies
    with in_tenant(dordrecht.municipality):
        placement_end(
            placement=at_a, end_date=D(2022, 6, 30), reason="paid_work", actor=dordrecht.consultant
        )
    running = _html(client, dordrecht.consultant)
    assert "Bram Bakker" in running and "Anna Aalders" not in running
    ended = _html(client, dordrecht.consultant, URL + "?status=beeindigd")
    assert "Anna Aalders" in ended and "Bram Bakker" not in ended
    everything = _html(client, dordrecht.consultant, URL + "?status=alle")
    assert "Anna Aalders" in everything and "Bram Bakker" in everything


def test_unknown_filter_value_shows_a_dutch_error(client, dordrecht, two_companies):
    html = _html(client, dordrecht.consultant, URL + "?status=kapot")
    assert "Kies lopende, beëindigde of alle plaatsingen." in html
    assert 'aria-invalid="true"' in html


def test_pagination(client, dordrecht, steps):
    with in_tenant(dordrecht.municipality):
        Enrolment.objects.filter(municipality=dordrecht.municipality).update(max_places=100)
    for number in range(27):
        start(dordrecht, "lwb_a" if number % 2 else "lwb_b", last_name=f"Persoon{number:02d}")
    first = _html(client, dordrecht.consultant)
    assert "Pagina 1 van 2" in first and "27 plaatsingen" in first
    second = _html(client, dordrecht.consultant, URL + "?pagina=2")
    assert "Pagina 2 van 2" in second
    assert first.count("/dordrecht/plaatsingen/") - second.count("/dordrecht/plaatsingen/") > 20


def _queries(client, url=URL):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["consultant", "lwb_a_admin"])
def test_query_count_is_constant_for_1_and_30_rows(
    client, dordrecht, steps, who, django_assert_max_num_queries
):
    with in_tenant(dordrecht.municipality):
        Enrolment.objects.filter(municipality=dordrecht.municipality).update(max_places=100)
    start(dordrecht, "lwb_a")
    login(client, getattr(dordrecht, who))
    _queries(client)
    one = _queries(client)
    for _ in range(29):
        approved(dordrecht, start(dordrecht, "lwb_a"))
    with in_tenant(dordrecht.municipality):
        assert Placement.objects.filter(municipality=dordrecht.municipality).count() == 30
    with django_assert_max_num_queries(one):
        response = client.get(URL)
    assert response.content.decode().count("Kringloop Dordrecht") >= 25
