"""The home page announces the quarterly reports the schedule made in the last 30 days, to
the roles that may see them; and the main menu links to the report pages."""

from __future__ import annotations

from participatie.reports.models import ReportStatus
from tests.conftest import login
from tests.reports_web.conftest import days_ago, make_run


def test_account_holder_sees_new_quarterly_reports_of_the_last_30_days(client, dordrecht):
    new = make_run(dordrecht, scheduled=True, requested_by=None, finished_at=days_ago(10))
    make_run(dordrecht, scheduled=True, requested_by=None, finished_at=days_ago(40))
    make_run(dordrecht, scheduled=False, finished_at=days_ago(2))  # asked for by hand
    make_run(dordrecht, scheduled=True, status=ReportStatus.FAILED, files=())
    login(client, dordrecht.account_holder)
    response = client.get("/dordrecht/")
    page = response.content.decode()
    assert "Nieuwe kwartaalrapportages" in page
    [section] = [s for s in response.context["extra_sections"] if s.template.startswith("reports")]
    assert [row.run for row in section.context["rows"]] == [new]
    assert f'href="/dordrecht/rapportages/{new.reference}/pdf"' in page


def test_no_section_without_new_reports_or_for_other_roles(client, dordrecht):
    make_run(dordrecht, scheduled=True, requested_by=None, finished_at=days_ago(1))
    for user in (dordrecht.consultant, dordrecht.lwb_a_admin):  # the kind is not theirs
        login(client, user)
        assert "Nieuwe kwartaalrapportages" not in client.get("/dordrecht/").content.decode()


def test_other_municipalitys_reports_are_not_announced(client, dordrecht, zwijndrecht):
    make_run(zwijndrecht, scheduled=True, requested_by=None, finished_at=days_ago(1))
    login(client, dordrecht.account_holder)
    assert "Nieuwe kwartaalrapportages" not in client.get("/dordrecht/").content.decode()


def test_menu_links_to_reports_for_staff_and_matching_unit_only(client, dordrecht):
    link = 'href="/dordrecht/rapportages/"'
    for user in (dordrecht.account_holder, dordrecht.policy_officer, dordrecht.consultant):
        login(client, user)
        assert link in client.get("/dordrecht/").content.decode()
    login(client, dordrecht.lwb_a_admin)
    assert link not in client.get("/dordrecht/").content.decode()
