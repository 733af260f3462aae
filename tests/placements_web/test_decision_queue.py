"""The account holder's queue: step advices waiting for a decision and open objections, in a
constant number of queries, only of this municipality."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.models import Enrolment
from tests.conftest import in_tenant, login
from tests.factories import ObjectionFactory
from tests.placements_web.conftest import D, advised, approved, start

URL = "/dordrecht/besluiten/"


def test_queue_lists_advices_and_open_objections(client, dordrecht, zwijndrecht, placed, foreign):
    pending = advised(dordrecht, placed, D(2022, 5, 1))
    with in_tenant(dordrecht.municipality):
        objection = ObjectionFactory(
            municipality=dordrecht.municipality,
            decision=approved(dordrecht, placed),
            raised_by=dordrecht.lwb_a_admin,
        )
    advised(zwijndrecht, foreign)
    login(client, dordrecht.account_holder)
    html = client.get(URL).content.decode()
    assert f"/dordrecht/inschalingen/{pending.pk}/besluiten/" in html
    assert f"/dordrecht/bezwaren/{objection.pk}/behandelen/" in html
    assert f"/dordrecht/plaatsingen/{placed.pk}/" in html
    assert "Anna de Vries" in html and "Kringloop Dordrecht" in html
    assert "Zwijndrechter" not in html


def test_empty_queue(client, dordrecht):
    login(client, dordrecht.account_holder)
    html = client.get(URL).content.decode()
    assert "Er wachten geen trede-adviezen op een besluit." in html
    assert "Er zijn geen open bezwaren." in html


def test_other_municipality_and_lwb_users_get_nothing(client, dordrecht, zwijndrecht):
    for user in (zwijndrecht.account_holder, dordrecht.lwb_a_admin, dordrecht.consultant):
        login(client, user)
        assert client.get(URL).status_code == 403


def test_queue_query_count_is_constant_for_1_and_30_rows(
    client, dordrecht, steps, django_assert_max_num_queries
):
    with in_tenant(dordrecht.municipality):
        Enrolment.objects.filter(municipality=dordrecht.municipality).update(max_places=100)

    def one_of_each():
        placement = start(dordrecht)
        # The open advice first: once plus is in force from 10 March, plus from May changes
        # nothing and is refused.
        advised(dordrecht, placement, valid_from=placement.start_date.replace(month=5))
        with in_tenant(dordrecht.municipality):
            ObjectionFactory(
                municipality=dordrecht.municipality, decision=approved(dordrecht, placement)
            )

    one_of_each()
    login(client, dordrecht.account_holder)
    client.get(URL)
    with CaptureQueriesContext(connection) as baseline:
        client.get(URL)
    for _ in range(29):
        one_of_each()
    with django_assert_max_num_queries(len(baseline)):
        html = client.get(URL).content.decode()
    assert html.count("/behandelen/") == 30 and html.count('/besluiten/"') >= 30
