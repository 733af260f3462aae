"""Opening an enrolment in the API records who opened it and through which route; another
municipality sees none of those read events."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from participatie.models import ReadEvent
from participatie.privacy.audit import read_events
from tests.conftest import in_tenant, login
from tests.privacy.conftest import first_enrolment


def test_opening_an_enrolment_in_the_api_records_who_and_route(client, world):
    dordrecht = world["dordrecht"]
    enrolment = first_enrolment(dordrecht)
    login(client, dordrecht.account_holder)

    # An unknown parameter is refused before anything is read (issue 17): no read event.
    refused = client.get(f"/api/v1/dordrecht/enrolments/{enrolment.pk}?bsn=123456789")
    assert refused.status_code == 400
    with in_tenant(dordrecht.municipality):
        assert not read_events(enrolment).exists()

    response = client.get(f"/api/v1/dordrecht/enrolments/{enrolment.pk}")

    assert response.status_code == 200
    with in_tenant(dordrecht.municipality):
        (event,) = read_events(enrolment)
    assert event.user == dordrecht.account_holder
    assert event.municipality_id == dordrecht.municipality.id
    assert event.object_type == "participatie.enrolment"
    assert event.object_id == enrolment.pk
    assert event.route == "api-enrolment-detail"
    assert event.path == f"/api/v1/dordrecht/enrolments/{enrolment.pk}"
    assert event.at is not None


def test_each_opening_is_a_new_read_event(client, world):
    dordrecht = world["dordrecht"]
    enrolment = first_enrolment(dordrecht)
    login(client, dordrecht.account_holder)

    client.get(f"/api/v1/dordrecht/enrolments/{enrolment.pk}")
    client.get(f"/api/v1/dordrecht/enrolments/{enrolment.pk}")

    with in_tenant(dordrecht.municipality):
        assert read_events(enrolment).count() == 2


def test_the_list_and_a_refused_detail_record_no_read_event(client, world):
    dordrecht, zwijndrecht = world["dordrecht"], world["zwijndrecht"]
    other = first_enrolment(zwijndrecht)
    login(client, dordrecht.account_holder)

    assert client.get("/api/v1/dordrecht/enrolments").status_code == 200
    assert client.get(f"/api/v1/dordrecht/enrolments/{other.pk}").status_code == 404

    for side in (dordrecht, zwijndrecht):
        with in_tenant(side.municipality):
            assert ReadEvent.objects.count() == 0


def test_zwijndrecht_sees_none_of_dordrechts_read_events(client, world):
    dordrecht, zwijndrecht = world["dordrecht"], world["zwijndrecht"]
    enrolment = first_enrolment(dordrecht)
    login(client, dordrecht.account_holder)
    client.get(f"/api/v1/dordrecht/enrolments/{enrolment.pk}")

    with in_tenant(zwijndrecht.municipality):
        assert ReadEvent.objects.count() == 0
        assert read_events(enrolment).count() == 0
    with in_tenant(dordrecht.municipality):
        assert ReadEvent.objects.count() == 1


@pytest.mark.postgres
def test_raw_select_of_read_events_under_zwijndrechts_rls_returns_nothing(client, world):
    dordrecht, zwijndrecht = world["dordrecht"], world["zwijndrecht"]
    enrolment = first_enrolment(dordrecht)
    login(client, dordrecht.account_holder)
    client.get(f"/api/v1/dordrecht/enrolments/{enrolment.pk}")

    def count(municipality_id: int) -> int:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('app.municipality_ids', %s, true)", [str(municipality_id)]
            )
            cursor.execute(f'SELECT count(*) FROM "{ReadEvent._meta.db_table}"')
            return cursor.fetchone()[0]

    assert count(zwijndrecht.municipality.id) == 0
    assert count(dordrecht.municipality.id) == 1
