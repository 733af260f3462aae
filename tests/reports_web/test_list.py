"""The list of runs: kind, parameters in words, status, who asked and when, a download link per
file; the kinds the user may request; a fixed number of queries however many runs there are."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.reports.models import ReportStatus
from tests.conftest import login
from tests.reports_web.conftest import make_run


def test_list_shows_runs_with_their_files_and_the_kinds_to_request(client, dordrecht):
    done = make_run(dordrecht, files=("pdf", "csv"))
    make_run(
        dordrecht, status=ReportStatus.RUNNING, files=(), requested_by=dordrecht.policy_officer
    )
    login(client, dordrecht.account_holder)
    response = client.get("/dordrecht/rapportages/")
    page = response.content.decode()
    rows = response.context["rows"]
    assert [row.run.status for row in rows] == [ReportStatus.RUNNING, ReportStatus.DONE]
    assert "Jaar 2024, Kwartaal 1" in page
    assert ">Bezig</span>" in page and ">Klaar</span>" in page
    assert dordrecht.policy_officer.get_full_name() in page
    assert [d.fmt for d in rows[1].downloads] == ["pdf", "csv"]
    assert f'href="/dordrecht/rapportages/{done.reference}/pdf"' in page
    assert '<span class="visually-hidden">: Telling, Jaar 2024, Kwartaal 1</span>' in page
    assert [kind.slug for kind, _url in response.context["kinds"]] == ["telling"]
    assert 'href="/dordrecht/rapportages/nieuw/telling/"' in page


def test_the_matching_unit_is_offered_its_own_kind(client, dordrecht):
    login(client, dordrecht.consultant)
    response = client.get("/dordrecht/rapportages/")
    assert [kind.slug for kind, _url in response.context["kinds"]] == ["mu-lijst"]
    assert "Er zijn nog geen rapportages gemaakt." in response.content.decode()


def test_scheduled_runs_say_so_instead_of_a_name(client, dordrecht):
    make_run(dordrecht, scheduled=True, requested_by=None)
    login(client, dordrecht.account_holder)
    assert "Volgens planning" in client.get("/dordrecht/rapportages/").content.decode()


def test_list_costs_the_same_queries_for_one_run_as_for_thirty(
    client, dordrecht, django_assert_max_num_queries
):
    make_run(dordrecht, files=("pdf", "xlsx", "csv"))
    login(client, dordrecht.account_holder)
    client.get("/dordrecht/rapportages/")  # the first request of a session does one-off work
    with CaptureQueriesContext(connection) as one:
        assert client.get("/dordrecht/rapportages/").status_code == 200
    askers = [dordrecht.policy_officer, dordrecht.second_account_holder]
    for n in range(29):
        make_run(dordrecht, files=("pdf",), requested_by=askers[n % 2])
    with django_assert_max_num_queries(len(one)):
        response = client.get("/dordrecht/rapportages/")
    assert len(response.context["rows"]) == 25  # a page; the rest behind "Volgende pagina"
    assert "Volgende pagina" in response.content.decode()
