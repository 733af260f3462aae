"""The company's home section: this week's attendance to fill, reviews due, open signals, own
participants; another company sees none of it; constant query count."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.absence.tasks import raise_absence_signals
from participatie.attendance.home import attendance_to_fill, days_to_fill
from tests.absence.conftest import days_ago, mark, place, today
from tests.conftest import in_tenant, login


def test_days_to_fill_are_this_weeks_weekdays_up_to_today():
    wednesday = datetime.date(2024, 5, 15)
    assert days_to_fill(wednesday) == [
        datetime.date(2024, 5, 13),
        datetime.date(2024, 5, 14),
        datetime.date(2024, 5, 15),
    ]
    assert len(days_to_fill(datetime.date(2024, 5, 19))) == 5  # Sunday: the whole week


def test_attendance_to_fill_counts_active_placement_days_without_a_row(dordrecht):
    days = days_to_fill(today())
    first = place(dordrecht, start=days_ago(100))
    place(dordrecht, start=days_ago(100))
    place(dordrecht, start=days_ago(100), company="lwb_b")  # another company's
    place(dordrecht, start=days_ago(300), end=days_ago(100))  # ended
    mark(dordrecht, first, days[0])
    with in_tenant(dordrecht.municipality):
        count = attendance_to_fill(
            municipality=dordrecht.municipality,
            organisation_ids={dordrecht.lwb_a.id},
            days=days,
        )
    assert count == 2 * len(days) - 1


def test_company_home_shows_signals_reviews_and_own_participants(client, dordrecht):
    absent = place(dordrecht, start=days_ago(400))
    present = place(dordrecht, start=days_ago(20))
    mark(dordrecht, present, days_ago(1))
    theirs = place(dordrecht, start=days_ago(400), company="lwb_b")
    raise_absence_signals.apply(kwargs={"municipality_ids": [dordrecht.municipality.id]}).get()
    html = login(client, dordrecht.lwb_a_supervisor).get("/dordrecht/").content.decode()
    assert "Uw deelnemers" in html
    assert "/dordrecht/aanwezigheid/" in html
    with in_tenant(dordrecht.municipality):
        names = {p.pk: p.participant.full_name for p in (absent, present, theirs)}
    assert names[absent.pk] in html and names[present.pk] in html
    assert names[theirs.pk] not in html
    assert f"/plaatsingen/{absent.pk}/ontwikkelplan/" in html  # review overdue (no plan, 400 d)
    assert "/dordrecht/signalen/" in html


def test_consultant_does_not_get_the_company_section(client, dordrecht):
    html = login(client, dordrecht.consultant).get("/dordrecht/").content.decode()
    assert "Uw deelnemers" not in html


def test_company_home_query_count_is_constant(client, dordrecht, django_assert_max_num_queries):
    place(dordrecht, start=days_ago(400))
    login(client, dordrecht.lwb_a_admin)
    client.get("/dordrecht/")
    with CaptureQueriesContext(connection) as one:
        client.get("/dordrecht/")
    for n in range(15):
        p = place(dordrecht, start=days_ago(400 - n))
        mark(dordrecht, p, days_ago(n % 3))
    raise_absence_signals.apply(kwargs={"municipality_ids": [dordrecht.municipality.id]}).get()
    with django_assert_max_num_queries(len(one)):
        assert client.get("/dordrecht/").status_code == 200
