"""The enrolment detail page: 404 for another municipality's or another company's enrolment."""

from __future__ import annotations

import pytest

from participatie.models import Enrolment
from tests.conftest import in_tenant, login


def _enrolment(side, organisation):
    with in_tenant(side.municipality):
        return Enrolment.objects.get(municipality=side.municipality, organisation=organisation)


def test_account_holder_opens_detail(client, dordrecht):
    enrolment = _enrolment(dordrecht, dordrecht.lwb_a)
    login(client, dordrecht.account_holder)
    response = client.get(f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/")
    assert response.status_code == 200
    assert "Kringloop Dordrecht" in response.content.decode()


def test_lwb_user_opens_own_company(client, dordrecht):
    enrolment = _enrolment(dordrecht, dordrecht.lwb_a)
    login(client, dordrecht.lwb_a_supervisor)
    assert client.get(f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/").status_code == 200


def test_lwb_user_of_other_company_gets_404(client, dordrecht):
    enrolment = _enrolment(dordrecht, dordrecht.lwb_a)
    login(client, dordrecht.lwb_b_admin)
    response = client.get(f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/")
    assert response.status_code == 404
    assert "Kringloop" not in response.content.decode()


def test_id_of_other_municipality_under_own_slug_gets_404(client, dordrecht, zwijndrecht):
    foreign = _enrolment(zwijndrecht, zwijndrecht.lwb_a)
    login(client, dordrecht.account_holder)
    response = client.get(f"/dordrecht/leerwerkbedrijven/{foreign.pk}/")
    assert response.status_code == 404
    assert "Zwijndrecht" not in response.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize("who", ["account_holder", "consultant", "lwb_a_admin"])
def test_user_of_other_municipality_gets_403(client, dordrecht, zwijndrecht, who):
    enrolment = _enrolment(dordrecht, dordrecht.lwb_a)
    login(client, getattr(zwijndrecht, who))
    assert client.get(f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/").status_code == 403


def test_opening_detail_records_a_read_event_and_refusal_does_not(client, dordrecht):
    from participatie.privacy.audit import read_events

    enrolment = _enrolment(dordrecht, dordrecht.lwb_a)
    login(client, dordrecht.lwb_b_admin)
    assert client.get(f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/").status_code == 404
    login(client, dordrecht.account_holder)
    client.get(f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/")
    with in_tenant(dordrecht.municipality):
        (event,) = read_events(enrolment)
    assert event.user == dordrecht.account_holder
    assert event.route == "participatie:enrolment-detail"
