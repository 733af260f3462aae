"""The run page: a real <progress> bar that htmx polls every second while the run is under
way, the stage announced once in a live region, the files when it is done, the Dutch message
when it failed; without JavaScript a "Vernieuwen" link."""

from __future__ import annotations

import re

from participatie.reports.models import ReportStatus
from participatie.reports.tasks import progress_write
from tests.conftest import login
from tests.reports_web.conftest import make_run


def _bar(page: str) -> str:
    return re.search(r"<progress [^>]*>", page).group(0)


def test_queued_run_polls_its_fragment_every_second(client, dordrecht):
    run = make_run(dordrecht, status=ReportStatus.QUEUED, files=())
    login(client, dordrecht.account_holder)
    page = client.get(f"/dordrecht/rapportages/{run.reference}/").content.decode()
    fragment = f"/dordrecht/rapportages/{run.reference}/voortgang/"
    assert f'hx-get="{fragment}?gemeld=In%20de%20wachtrij%20%280%25%29"' in page
    assert 'hx-trigger="every 1s"' in page
    assert 'max="100" value="0"' in _bar(page)
    assert (
        '<label class="utrecht-form-label report-progress__label" for="report-progress-bar">'
        in page
    )
    assert '<p id="report-status" class="report-status" role="status" aria-live="polite">' in page
    noscript = re.search(r"<noscript>(.*?)</noscript>", page, re.S).group(1)
    assert f'href="/dordrecht/rapportages/{run.reference}/">Vernieuwen</a>' in noscript
    assert "Opnieuw maken" not in page


def test_fragment_shows_the_workers_progress_and_announces_a_new_stage_once(client, dordrecht):
    run = make_run(dordrecht, status=ReportStatus.RUNNING, files=())
    progress_write(run, 0.4, "Tabellen maken")
    login(client, dordrecht.account_holder)
    url = f"/dordrecht/rapportages/{run.reference}/voortgang/"
    fragment = client.get(url, {"gemeld": "Bezig: Gestart (0%)"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert 'value="40"' in _bar(body)
    assert 'hx-trigger="every 1s"' in body
    assert "?gemeld=Bezig%3A%20Tabellen%20maken%20%2840%25%29" in body
    assert '<p id="report-status" hx-swap-oob="innerHTML">Bezig: Tabellen maken (40%)</p>' in body
    again = client.get(url, {"gemeld": "Bezig: Tabellen maken (40%)"}).content.decode()
    assert "hx-swap-oob" not in again


def test_finished_fragment_stops_polling_and_offers_the_files(client, dordrecht):
    run = make_run(dordrecht, status=ReportStatus.DONE, files=("pdf", "xlsx", "csv"))
    login(client, dordrecht.account_holder)
    body = client.get(f"/dordrecht/rapportages/{run.reference}/voortgang/").content.decode()
    assert "hx-get" not in body and "hx-trigger" not in body
    assert 'value="100"' in _bar(body)
    for fmt in ("pdf", "xlsx", "csv"):
        assert f'href="/dordrecht/rapportages/{run.reference}/{fmt}"' in body
    assert "De rapportage is klaar. U kunt de bestanden downloaden." in body
    assert "Opnieuw maken" in body


def test_failed_run_shows_the_dutch_message_and_no_bar(client, dordrecht):
    run = make_run(
        dordrecht,
        status=ReportStatus.FAILED,
        files=(),
        message="Geen gegevens voor kwartaal 1 van 2024.",
    )
    login(client, dordrecht.account_holder)
    page = client.get(f"/dordrecht/rapportages/{run.reference}/").content.decode()
    assert "Geen gegevens voor kwartaal 1 van 2024." in page
    assert "De rapportage is mislukt." in page
    assert "<progress" not in page and "hx-trigger" not in page


def test_run_page_names_the_kind_its_parameters_and_who_asked(client, dordrecht):
    run = make_run(dordrecht)
    login(client, dordrecht.policy_officer)
    page = client.get(f"/dordrecht/rapportages/{run.reference}/").content.decode()
    assert '<h1 class="utrecht-heading-1">Telling</h1>' in page
    assert "Jaar 2024, Kwartaal 1" in page
    assert dordrecht.account_holder.get_full_name() in page
