"""The account holder's pages: queue, statements per quarter, one statement with its lines and
attendance, the buttons per role, the budget dashboard and the custom-budget page."""

from __future__ import annotations

import datetime
from decimal import Decimal

from participatie.attendance.choices import AttendanceStatus
from subsidies.choices import StatementStatus
from subsidies.models import CustomBudgetExpense, PaymentInstruction
from tests.conftest import in_tenant, login
from tests.factories import AttendanceFactory
from tests.factories_subsidies import MunicipalBudgetFactory
from tests.subsidies_statements.conftest import reload

D = datetime.date


def url(statement, action=""):
    return f"/dordrecht/subsidies/declaraties/{statement.pk}/{action}"


def test_company_confirms_and_account_holder_approves_in_the_browser(client, dordrecht, draft):
    login(client, dordrecht.lwb_a_admin)
    page = client.get(url(draft)).content.decode()
    assert "Declaratie bevestigen" in page and "Declaratie goedkeuren" not in page
    assert client.post(url(draft, "bevestigen/")).status_code == 302
    assert reload(dordrecht, draft).status == StatementStatus.CONFIRMED

    login(client, dordrecht.account_holder)
    queue = client.get("/dordrecht/subsidies/").content.decode()
    assert "Kringloop Dordrecht" in queue and url(draft) in queue
    assert "Declaratie goedkeuren" in client.get(url(draft)).content.decode()
    response = client.post(url(draft, "goedkeuren/"), follow=True)
    assert "De declaratie is goedgekeurd." in response.content.decode()
    response = client.post(url(draft, "goedkeuren/"), follow=True)
    assert "al goedgekeurd" in response.content.decode()
    with in_tenant(dordrecht.municipality):
        assert PaymentInstruction.objects.count() == 1
    assert "Correctie berekenen" in client.get(url(draft)).content.decode()


def test_review_shows_lines_and_the_attendance_behind_them(client, dordrecht, draft):
    with in_tenant(dordrecht.municipality):
        for day, status in [
            (D(2022, 2, 15), AttendanceStatus.PRESENT),
            (D(2022, 2, 16), AttendanceStatus.PRESENT),
            (D(2022, 2, 17), AttendanceStatus.SICK),
            (D(2022, 4, 4), AttendanceStatus.PRESENT),  # next quarter: not counted
        ]:
            AttendanceFactory(
                municipality=dordrecht.municipality,
                placement=draft.placement,
                day=day,
                status=status,
                entered_by=dordrecht.lwb_a_supervisor,
            )
    login(client, dordrecht.account_holder)
    response = client.get(url(draft))
    rows = response.context["rows"]
    assert [str(row["line"].amount) for row in rows] == ["157.53", "210.96"]
    assert (rows[0]["attendance"]["present"], rows[0]["attendance"]["absent"]) == (2, 1)


def test_company_users_see_only_their_own_statements(client, dordrecht, draft):
    login(client, dordrecht.lwb_b_admin)
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft, "bevestigen/")).status_code == 404
    assert (
        "Kringloop"
        not in client.get("/dordrecht/subsidies/declaraties/?jaar=2022").content.decode()
    )
    login(client, dordrecht.lwb_a_supervisor)
    page = client.get("/dordrecht/subsidies/declaraties/?jaar=2022&kwartaal=1").content.decode()
    assert url(draft) in page
    assert client.get("/dordrecht/subsidies/").status_code == 403


def test_other_municipality_gets_404(client, dordrecht, zwijndrecht, draft):
    login(client, zwijndrecht.account_holder)
    assert client.get(f"/zwijndrecht/subsidies/declaraties/{draft.pk}/").status_code == 404
    assert (
        client.post(f"/zwijndrecht/subsidies/declaraties/{draft.pk}/goedkeuren/").status_code == 404
    )


def test_budget_dashboard_has_an_accessible_chart_and_the_same_figures_in_a_table(
    client, dordrecht
):
    with in_tenant(dordrecht.municipality):
        MunicipalBudgetFactory(municipality=dordrecht.municipality, year=2022)
    login(client, dordrecht.policy_officer)
    response = client.get("/dordrecht/subsidies/budget/?jaar=2022")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "<title" in page and "<desc" in page and "style=" not in page
    assert "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert page.count("1.162.448") >= 2  # in the chart's text and in the table
    login(client, dordrecht.lwb_a_admin)
    assert client.get("/dordrecht/subsidies/budget/?jaar=2022").status_code == 403


def test_custom_budget_page_records_and_refuses_overspend(client, dordrecht, draft):
    login(client, dordrecht.account_holder)
    page = "/dordrecht/subsidies/maatwerkbudget/?jaar=2022"
    ok = client.post(page, {"spent_on": "2022-05-01", "description": "Fiets", "amount": "250,50"})
    assert ok.status_code == 302
    bad = client.post(page, {"spent_on": "2022-05-02", "description": "Auto", "amount": "20000"})
    assert bad.status_code == 400 and "overschrijdt het maatwerkbudget" in bad.content.decode()
    bad = client.post(page, {"spent_on": "2022-05-02", "description": "Min", "amount": "-5"})
    assert bad.status_code == 400
    with in_tenant(dordrecht.municipality):
        assert list(CustomBudgetExpense.objects.values_list("amount", flat=True)) == [
            Decimal("250.50")
        ]
    login(client, dordrecht.policy_officer)
    assert "Uitgave vastleggen" not in client.get(page).content.decode()
