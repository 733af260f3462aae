"""The matching unit's signal queue and follow-up; the company's read-only view; walls."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.absence.choices import SignalStatus
from participatie.absence.tasks import raise_absence_signals
from tests.absence.conftest import days_ago, place, signals
from tests.conftest import login


def run(side):
    raise_absence_signals.apply(kwargs={"municipality_ids": [side.municipality.id]}).get()


@pytest.fixture
def signal(dordrecht):
    place(dordrecht, start=days_ago(100), company="lwb_a")
    run(dordrecht)
    return signals(dordrecht)[0]


def url(side, pk=None):
    base = f"/{side.municipality.slug}/signalen/"
    return f"{base}{pk}/" if pk else base


def test_consultant_sees_the_queue_with_participant_company_and_absent_since(
    client, dordrecht, signal
):
    response = login(client, dordrecht.consultant).get(url(dordrecht))
    assert response.status_code == 200
    html = response.content.decode()
    with_people = signals(dordrecht)[0]
    assert "Kringloop Dordrecht" in html
    assert f"/dordrecht/signalen/{signal.pk}/" in html
    assert with_people.streak_start.strftime("%Y") in html


def test_consultant_follows_up_and_the_signal_leaves_the_queue_when_continued(
    client, dordrecht, signal
):
    login(client, dordrecht.consultant)
    response = client.post(url(dordrecht, signal.pk), {"status": "contacted", "note": "Gebeld."})
    assert response.status_code == 302
    [updated] = signals(dordrecht)
    assert updated.status == SignalStatus.CONTACTED
    assert "Gebeld." in updated.follow_up_note
    assert updated.followed_up_by == dordrecht.consultant
    assert f"/dordrecht/signalen/{signal.pk}/" in client.get(url(dordrecht)).content.decode()
    client.post(url(dordrecht, signal.pk), {"status": "continue", "note": "Komt terug."})
    assert f"/dordrecht/signalen/{signal.pk}/" not in client.get(url(dordrecht)).content.decode()
    assert "Gebeld." in signals(dordrecht)[0].follow_up_note  # the log keeps earlier notes


def test_end_placement_records_the_decision_and_links_to_the_end_form(client, dordrecht, signal):
    login(client, dordrecht.consultant)
    client.post(url(dordrecht, signal.pk), {"status": "end_placement", "note": "Geen contact."})
    [updated] = signals(dordrecht)
    assert updated.status == SignalStatus.END_PLACEMENT
    html = client.get(url(dordrecht, signal.pk)).content.decode()
    assert f"/dordrecht/plaatsingen/{signal.placement_id}/beeindigen/" in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"note": "Zonder keuze"}, "Kies: contact opgenomen"),
        ({"status": "open"}, "Kies: contact opgenomen"),
        ({"status": "end_placement", "note": ""}, "Licht toe waarom"),
    ],
)
def test_bad_follow_up_shows_a_dutch_error_and_saves_nothing(
    client, dordrecht, signal, data, message
):
    response = login(client, dordrecht.consultant).post(url(dordrecht, signal.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    [unchanged] = signals(dordrecht)
    assert unchanged.status == SignalStatus.OPEN and unchanged.follow_up_note == ""


def test_company_sees_its_own_open_signals_read_only(client, dordrecht, signal):
    login(client, dordrecht.lwb_a_supervisor)
    assert f"/dordrecht/signalen/{signal.pk}/" in client.get(url(dordrecht)).content.decode()
    detail = client.get(url(dordrecht, signal.pk))
    assert detail.status_code == 200
    assert 'name="status"' not in detail.content.decode()
    assert client.post(url(dordrecht, signal.pk), {"status": "continue"}).status_code == 403
    assert signals(dordrecht)[0].status == SignalStatus.OPEN


def test_other_company_sees_nothing_and_gets_404(client, dordrecht, signal):
    login(client, dordrecht.lwb_b_admin)
    assert f"/signalen/{signal.pk}/" not in client.get(url(dordrecht)).content.decode()
    assert client.get(url(dordrecht, signal.pk)).status_code == 404


def test_other_municipalitys_consultant_gets_404_for_the_signal(
    client, dordrecht, zwijndrecht, signal
):
    login(client, zwijndrecht.consultant)
    assert client.get(url(zwijndrecht, signal.pk)).status_code == 404
    assert client.post(url(zwijndrecht, signal.pk), {"status": "continue"}).status_code == 404
    assert client.get(url(dordrecht)).status_code == 403


def test_account_holder_has_no_signal_pages(client, dordrecht, signal):
    login(client, dordrecht.account_holder)
    assert client.get(url(dordrecht)).status_code == 403


def test_queue_query_count_is_constant(client, dordrecht, django_assert_max_num_queries):
    place(dordrecht, start=days_ago(100))
    run(dordrecht)
    login(client, dordrecht.consultant)
    client.get(url(dordrecht))
    with CaptureQueriesContext(connection) as one:
        client.get(url(dordrecht))
    for _ in range(15):
        place(dordrecht, start=days_ago(100), company="lwb_b")
    run(dordrecht)
    assert len(signals(dordrecht)) == 16
    with django_assert_max_num_queries(len(one)):
        assert client.get(url(dordrecht)).content.decode().count("Dierenweide Dordrecht") == 15


def test_consultant_home_shows_the_open_signal_count(client, dordrecht, signal):
    html = login(client, dordrecht.consultant).get("/dordrecht/").content.decode()
    # In "Wat wacht op mij" (participatie.absence.waiting), with its count and link.
    assert "Verzuimsignaal om op te volgen" in html and 'href="/dordrecht/signalen/"' in html
