"""Regional report pages under /regio/<region>/rapportages/: for whoever has the regional view
(regional analysts, municipal staff of the region); 403 for a region without a role there;
a run of another region is a 404."""

from __future__ import annotations

from participatie.models import RegionalReportRun
from participatie.reports.models import ReportStatus
from tests.conftest import login
from tests.reports_web.conftest import PDF, make_regional_run

BASE = "/regio/drechtsteden/rapportages/"


def test_analyst_sees_regional_runs_and_regional_kinds(client, world, regional_analyst, region):
    run = make_regional_run(region)
    login(client, regional_analyst)
    response = client.get(BASE)
    assert response.status_code == 200
    assert [kind.slug for kind, _url in response.context["kinds"]] == ["regio-balans", "telling"]
    page = response.content.decode()
    assert "alleen totalen, geen personen" in page
    assert f'href="{BASE}{run.reference}/pdf"' in page
    download = client.get(f"{BASE}{run.reference}/pdf")
    assert download["Content-Disposition"] == 'attachment; filename="regionale-balans-2024-k1.pdf"'
    assert b"".join(download.streaming_content) == PDF


def test_analyst_requests_a_regional_run(client, world, regional_analyst, region):
    login(client, regional_analyst)
    response = client.post(f"{BASE}nieuw/regio-balans/", {"year": "2024", "quarter": "2"})
    run = RegionalReportRun.objects.get()
    assert response["Location"] == f"{BASE}{run.reference}/"
    assert (run.region, run.requested_by, run.status) == (
        region,
        regional_analyst,
        ReportStatus.QUEUED,
    )
    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="{BASE}{run.reference}/voortgang/' in page


def test_municipal_staff_of_the_region_may_use_them(client, world):
    login(client, world["zwijndrecht"].policy_officer)
    assert client.get(BASE).status_code == 200
    assert client.get(f"{BASE}nieuw/regio-balans/").status_code == 200


def test_no_role_in_the_region_is_403(client, world, regional_analyst):
    for user in (world["meierijstad"].account_holder, world["dordrecht"].consultant):
        login(client, user)
        assert client.get(BASE).status_code == 403
        posted = {"year": "2024", "quarter": "2"}
        assert client.post(f"{BASE}nieuw/regio-balans/", posted).status_code == 403
    assert not RegionalReportRun.objects.exists()


def test_run_of_another_region_is_404(client, world, regional_analyst):
    other = make_regional_run(world["meierijstad"].municipality.region)
    login(client, regional_analyst)
    for url in (f"{BASE}{other.reference}/", f"{BASE}{other.reference}/voortgang/"):
        assert client.get(url).status_code == 404
    assert client.get(f"{BASE}{other.reference}/pdf").status_code == 404
    assert client.post(f"{BASE}{other.reference}/").status_code == 404


def test_municipal_only_kind_is_404_for_a_region(client, world, regional_analyst):
    login(client, regional_analyst)
    assert client.get(f"{BASE}nieuw/mu-lijst/").status_code == 404
