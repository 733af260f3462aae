"""The weekly grid, its cell endpoint, week actions, period locks and the monthly check."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from participatie.attendance.choices import AttendanceStatus
from participatie.models import Attendance, AttendanceCheck, AttendanceCorrection, AttendanceLock
from tests.attendance.conftest import D, enrolment_of, make_placements
from tests.conftest import in_tenant, login
from tests.factories import AttendanceLockFactory

GRID = "/dordrecht/aanwezigheid/"
WEEK = "2022-W10"  # 7-13 March 2022
PRESENT = AttendanceStatus.PRESENT.value
SICK = AttendanceStatus.SICK.value


def stored(side):
    with in_tenant(side.municipality):
        return {
            (a.placement_id, a.day): a.status
            for a in Attendance.objects.filter(municipality=side.municipality)
        }


def cell_url(placement) -> str:
    return f"/{placement.municipality.slug}/aanwezigheid/cel/{placement.pk}/"


def test_supervisor_sees_own_company_in_a_table_with_one_control_per_cell(
    client, dordrecht, placement_a, placement_b
):
    login(client, dordrecht.lwb_a_supervisor)
    response = client.get(f"{GRID}?week={WEEK}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<table" in html and escape(placement_a.participant.full_name) in html
    assert escape(placement_b.participant.full_name) not in html
    assert html.count("grid-select") == 7 and 'hx-post="' in html
    assert "Iedereen aanwezig deze week" in html and "Kopieer vorige week" in html
    assert "attendance-grid.js" in html and "?week=2022-W09" in html


def test_consultant_views_read_only(client, dordrecht, placement_a, placement_b):
    login(client, dordrecht.consultant)
    html = client.get(f"{GRID}?week={WEEK}").content.decode()
    assert (
        escape(placement_a.participant.full_name) in html
        and escape(placement_b.participant.full_name) in html
    )
    assert "grid-select" not in html and "Iedereen aanwezig" not in html
    assert (
        client.post(cell_url(placement_a), {"day": "2022-03-07", "status": PRESENT}).status_code
        == 400
    )


def test_account_holder_has_no_grid(client, dordrecht):
    login(client, dordrecht.account_holder)
    assert client.get(GRID).status_code == 403


def test_cell_saves_with_htmx_and_says_so(client, dordrecht, placement_a):
    login(client, dordrecht.lwb_a_supervisor)
    name = f"c-{placement_a.pk}-2022-03-07"
    response = client.post(
        cell_url(placement_a), {"day": "2022-03-07", name: "z"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Opgeslagen" in response.content.decode()
    assert stored(dordrecht) == {(placement_a.pk, D(2022, 3, 7)): SICK}
    refused = client.post(
        cell_url(placement_a), {"day": "2999-03-07", "status": PRESENT}, HTTP_HX_REQUEST="true"
    )
    assert "Niet opgeslagen" in refused.content.decode() and "toekomst" in refused.content.decode()
    # Reload: the grid shows what was saved.
    html = client.get(f"{GRID}?week={WEEK}").content.decode()
    assert f'value="{SICK}" selected' in html


def test_cell_of_another_company_or_municipality_is_404(
    client, dordrecht, placement_b, placement_z
):
    login(client, dordrecht.lwb_a_supervisor)
    for placement in (placement_b, placement_z):
        url = f"/dordrecht/aanwezigheid/cel/{placement.pk}/"
        assert client.post(url, {"day": "2022-03-07", "status": PRESENT}).status_code == 404
        assert client.get(url, {"day": "2022-03-07"}).status_code == 404
    assert stored(dordrecht) == {}


def test_whole_week_form_without_javascript(client, dordrecht, placement_a):
    login(client, dordrecht.lwb_a_supervisor)
    data = {
        "week": WEEK,
        f"c-{placement_a.pk}-2022-03-07": PRESENT,
        f"c-{placement_a.pk}-2022-03-08": "z",
    }
    response = client.post(GRID, data)
    assert response.status_code == 302 and response["Location"].endswith("week=2022-W10")
    assert stored(dordrecht) == {
        (placement_a.pk, D(2022, 3, 7)): PRESENT,
        (placement_a.pk, D(2022, 3, 8)): SICK,
    }
    bad = client.post(GRID, {"week": WEEK, f"c-{placement_a.pk}-2022-03-09": "x"})
    assert bad.status_code == 400 and "Niet opgeslagen" in bad.content.decode()
    assert len(stored(dordrecht)) == 2


def test_week_actions_and_locked_days_message(client, dordrecht, placement_a):
    with in_tenant(dordrecht.municipality):
        AttendanceLockFactory(municipality=dordrecht.municipality, locked_until=D(2022, 3, 8))
    login(client, dordrecht.lwb_a_supervisor)
    url = "/dordrecht/aanwezigheid/week/"
    response = client.post(url, {"week": WEEK, "action": "all_present"}, follow=True)
    html = response.content.decode()
    assert "3 dagen ingevuld" in html and "2 vergrendelde dagen overgeslagen" in html
    response = client.post(url, {"week": "2022-W11", "action": "copy_previous"}, follow=True)
    assert "3 dagen ingevuld" in response.content.decode()
    assert len(stored(dordrecht)) == 6


def _fill(side, placements):
    with in_tenant(side.municipality):
        Attendance.objects.bulk_create(
            Attendance(
                municipality=side.municipality,
                placement=p,
                day=D(2022, 3, 7 + n),
                status=PRESENT,
                entered_by=side.lwb_a_supervisor,
                entered_at="2022-03-07T10:00:00+01:00",
            )
            for p in placements
            for n in range(5)
        )


def test_grid_query_count_is_the_same_for_1_and_60_participants(client, dordrecht):
    login(client, dordrecht.lwb_a_supervisor)
    counts = {}
    for size in (1, 60):
        _fill(dordrecht, make_placements(dordrecht, dordrecht.lwb_a, size - len(counts)))
        client.get(f"{GRID}?week={WEEK}")  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{GRID}?week={WEEK}")
        assert response.content.decode().count("grid-select") == 7 * size
        counts[size] = len(queries)
    assert counts[1] == counts[60] <= 16, counts


def test_account_holder_locks_attendance(client, dordrecht):
    login(client, dordrecht.lwb_a_admin)
    assert client.get("/dordrecht/aanwezigheid/vergrendeling/").status_code == 403
    login(client, dordrecht.account_holder)
    url = "/dordrecht/aanwezigheid/vergrendeling/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"until": "2022-03-31", "reason": ""}).status_code == 400
    response = client.post(url, {"until": "2022-03-31", "reason": "Kwartaal 1 vastgesteld"})
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        assert AttendanceLock.objects.get().locked_until == D(2022, 3, 31)


def test_consultant_checks_a_company_month_and_corrects_a_locked_day(
    client, dordrecht, placement_a, placement_b
):
    login(client, dordrecht.lwb_a_supervisor)
    client.post(
        GRID,
        {
            "week": WEEK,
            f"c-{placement_a.pk}-2022-03-07": PRESENT,
            f"c-{placement_a.pk}-2022-03-08": SICK,
        },
    )
    login(client, dordrecht.consultant)
    html = client.get("/dordrecht/aanwezigheid/controle/?month=2022-03").content.decode()
    assert dordrecht.lwb_a.name in html and dordrecht.lwb_b.name in html
    enrolment = enrolment_of(dordrecht, dordrecht.lwb_a)
    url = f"/dordrecht/aanwezigheid/controle/{enrolment.pk}/?month=2022-03"
    page = client.get(url)
    assert (
        page.status_code == 200
        and escape(placement_a.participant.full_name) in page.content.decode()
    )
    assert client.post(url, {"action": "check", "month": "2022-03"}).status_code == 302
    with in_tenant(dordrecht.municipality):
        assert AttendanceCheck.objects.get().enrolment == enrolment
        AttendanceLockFactory(municipality=dordrecht.municipality, locked_until=D(2022, 3, 31))
    data = {
        "action": "correct",
        "month": "2022-03",
        "correctie-placement": placement_a.pk,
        "correctie-day": "2022-03-07",
        "correctie-status": SICK,
        "correctie-hours": "",
        "correctie-reason": "Toch ziek gemeld",
    }
    assert client.post(url, data).status_code == 302
    with in_tenant(dordrecht.municipality):
        assert AttendanceCorrection.objects.get().flagged_for_statement
    # The company itself can no longer change the locked day.
    login(client, dordrecht.lwb_a_supervisor)
    response = client.post(
        cell_url(placement_a), {"day": "2022-03-08", "status": PRESENT}, HTTP_HX_REQUEST="true"
    )
    assert "vergrendeld" in response.content.decode()


def test_month_counts_are_per_company(client, dordrecht, placement_a):
    login(client, dordrecht.lwb_a_supervisor)
    client.post(
        GRID,
        {
            "week": WEEK,
            f"c-{placement_a.pk}-2022-03-07": PRESENT,
            f"c-{placement_a.pk}-2022-03-08": SICK,
            f"c-{placement_a.pk}-2022-03-09": PRESENT,
        },
    )
    login(client, dordrecht.consultant)
    response = client.get("/dordrecht/aanwezigheid/controle/?month=2022-03")
    companies = {c.organisation.name: c for c in response.context["companies"]}
    a = companies[dordrecht.lwb_a.name]
    assert (a.n_present, a.n_sick, a.n_total, a.checked) == (2, 1, 3, False)
    assert companies[dordrecht.lwb_b.name].n_total == 0


def test_other_company_enrolment_month_is_404_for_other_municipality(
    client, dordrecht, zwijndrecht
):
    login(client, dordrecht.consultant)
    enrolment = enrolment_of(zwijndrecht, zwijndrecht.lwb_a)
    assert client.get(f"/dordrecht/aanwezigheid/controle/{enrolment.pk}/").status_code == 404
