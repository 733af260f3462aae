"""Who reaches the report pages: municipal staff and the matching unit, not the companies; a run
of another municipality is a 404 on every route, for GET and for POST."""

from __future__ import annotations

import pytest

from participatie.reports.models import ReportStatus
from tests.conftest import login
from tests.reports_web.conftest import make_run, runs


def _run_urls(slug, run):
    base = f"/{slug}/rapportages/{run.reference}"
    return [f"{base}/", f"{base}/voortgang/", f"{base}/pdf"]


@pytest.mark.parametrize("who", ["account_holder", "policy_officer", "consultant"])
def test_municipal_staff_and_matching_unit_open_the_report_list(client, dordrecht, who):
    login(client, getattr(dordrecht, who))
    assert client.get("/dordrecht/rapportages/").status_code == 200


@pytest.mark.parametrize("who", ["lwb_a_admin", "lwb_a_supervisor"])
def test_company_users_get_403_on_every_report_page(client, dordrecht, who):
    run = make_run(dordrecht)
    login(client, getattr(dordrecht, who))
    urls = ["/dordrecht/rapportages/", "/dordrecht/rapportages/nieuw/telling/"]
    for url in [*urls, *_run_urls("dordrecht", run)]:
        assert client.get(url).status_code == 403, url
    posted = {"year": "2024", "quarter": "1"}
    assert client.post("/dordrecht/rapportages/nieuw/telling/", posted).status_code == 403
    assert client.post(f"/dordrecht/rapportages/{run.reference}/").status_code == 403
    assert len(runs(dordrecht)) == 1


def test_run_of_another_municipality_is_404_for_get_and_post(client, dordrecht, zwijndrecht):
    foreign = make_run(zwijndrecht, requested_by=zwijndrecht.account_holder)
    login(client, dordrecht.account_holder)
    for url in _run_urls("dordrecht", foreign):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/dordrecht/rapportages/{foreign.reference}/").status_code == 404
    assert runs(zwijndrecht) == [foreign]  # "opnieuw maken" made nothing
    # Control: under its own municipality the same references answer.
    login(client, zwijndrecht.account_holder)
    for url in _run_urls("zwijndrecht", foreign):
        assert client.get(url).status_code == 200, url


def test_a_role_sees_only_runs_of_kinds_it_may_request(client, dordrecht):
    """The matching unit's list may hold personal data: the office does not see it, and the
    matching unit does not see the office's runs."""
    office_run = make_run(dordrecht)
    mu_run = make_run(dordrecht, kind="mu-lijst", requested_by=dordrecht.consultant)
    login(client, dordrecht.account_holder)
    assert client.get(f"/dordrecht/rapportages/{mu_run.reference}/").status_code == 404
    assert client.get(f"/dordrecht/rapportages/{mu_run.reference}/pdf").status_code == 404
    login(client, dordrecht.consultant)
    assert client.get(f"/dordrecht/rapportages/{office_run.reference}/").status_code == 404
    assert client.get(f"/dordrecht/rapportages/{mu_run.reference}/").status_code == 200


def test_unknown_kind_and_kind_of_another_scope_are_404(client, dordrecht):
    login(client, dordrecht.account_holder)
    assert client.get("/dordrecht/rapportages/nieuw/atlantis/").status_code == 404
    assert client.post("/dordrecht/rapportages/nieuw/atlantis/", {}).status_code == 404
    assert client.get("/dordrecht/rapportages/nieuw/regio-balans/").status_code == 404


def test_kind_for_another_role_is_403(client, dordrecht):
    login(client, dordrecht.account_holder)
    assert client.get("/dordrecht/rapportages/nieuw/mu-lijst/").status_code == 403
    posted = {"year": "2024", "quarter": "1"}
    assert client.post("/dordrecht/rapportages/nieuw/mu-lijst/", posted).status_code == 403
    assert runs(dordrecht) == []


def test_unknown_reference_and_format_are_404(client, dordrecht):
    run = make_run(dordrecht, status=ReportStatus.DONE)
    login(client, dordrecht.account_holder)
    assert (
        client.get("/dordrecht/rapportages/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )
    assert client.get(f"/dordrecht/rapportages/{run.reference}/docx").status_code == 404
    assert client.get(f"/dordrecht/rapportages/{run.reference}/xlsx").status_code == 404  # not made
