"""Downloads: the stored file as an attachment with a readable Dutch name and the right type;
nothing for files that were never made or have expired."""

from __future__ import annotations

from participatie.reports.models import ReportStatus
from participatie.reports.views import download_filename
from tests.conftest import login
from tests.reports_web.conftest import MU_LIST, PDF, TELLING, make_run


def test_pdf_downloads_as_an_attachment_named_after_kind_and_period(client, dordrecht):
    run = make_run(dordrecht, files=("pdf", "xlsx", "csv"))
    login(client, dordrecht.account_holder)
    response = client.get(f"/dordrecht/rapportages/{run.reference}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="telling-2024-k1.pdf"'
    assert b"".join(response.streaming_content) == PDF
    types = {
        fmt: client.get(f"/dordrecht/rapportages/{run.reference}/{fmt}")["Content-Type"]
        for fmt in ("xlsx", "csv")
    }
    assert types == {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8",
    }


def test_expired_or_unfinished_runs_have_nothing_to_download(client, dordrecht):
    expired = make_run(dordrecht, status=ReportStatus.EXPIRED)
    running = make_run(dordrecht, status=ReportStatus.RUNNING)
    login(client, dordrecht.account_holder)
    for run in (expired, running):
        assert client.get(f"/dordrecht/rapportages/{run.reference}/pdf").status_code == 404
        page = client.get(f"/dordrecht/rapportages/{run.reference}/").content.decode()
        assert f"/{run.reference}/pdf" not in page


def test_file_names_follow_the_parameters(dordrecht):
    on_a_day = make_run(dordrecht, parameters={"date": "2024-03-01", "year": "", "quarter": ""})
    assert download_filename(on_a_day, TELLING, "csv") == "telling-2024-03-01.csv"
    quarterly = make_run(dordrecht, kind="mu-lijst", parameters={"year": 2023, "quarter": 4})
    assert download_filename(quarterly, MU_LIST, "xlsx") == "matchingsunitlijst-2023-k4.xlsx"
