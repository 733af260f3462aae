"""Requesting a report: the kind's form, a run per request, the same data reused unless
"opnieuw maken" is ticked, and bad parameters as Dutch form errors without a run."""

from __future__ import annotations

from django.contrib.messages import get_messages

from participatie.reports.models import ReportStatus
from tests.conftest import login
from tests.reports_web.conftest import make_run, runs

URL = "/dordrecht/rapportages/nieuw/telling/"
Q1_2024 = {"year": "2024", "quarter": "1"}


def test_form_shows_the_kinds_fields_and_the_force_checkbox(client, dordrecht):
    login(client, dordrecht.account_holder)
    page = client.get(URL).content.decode()
    assert "Telling aanvragen" in page
    assert 'name="year"' in page and 'name="quarter"' in page
    assert 'type="checkbox" name="force"' in page
    assert '<label class="utrecht-form-label" for="id_year">Jaar</label>' in page


def test_request_creates_a_run_and_goes_to_its_page(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.post(URL, Q1_2024)
    [run] = runs(dordrecht)
    assert response.status_code == 302
    assert response["Location"] == f"/dordrecht/rapportages/{run.reference}/"
    assert (run.kind, run.parameters, run.requested_by) == (
        "telling",
        {"year": 2024, "quarter": 1},
        dordrecht.account_holder,
    )
    assert run.status == ReportStatus.QUEUED


def test_same_request_reuses_the_run_and_says_so(client, dordrecht):
    login(client, dordrecht.account_holder)
    first = client.post(URL, Q1_2024)
    second = client.post(URL, Q1_2024)
    assert second["Location"] == first["Location"]
    assert len(runs(dordrecht)) == 1
    notes = [str(m) for m in get_messages(second.wsgi_request)]
    assert notes == ["Deze rapportage bestond al voor deze gegevens."]


def test_force_makes_a_new_run(client, dordrecht):
    login(client, dordrecht.account_holder)
    first = client.post(URL, Q1_2024)
    forced = client.post(URL, {**Q1_2024, "force": "on"})
    assert forced["Location"] != first["Location"]
    assert len(runs(dordrecht)) == 2


def test_future_quarter_is_a_dutch_field_error_and_no_run(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.post(URL, {"year": "2100", "quarter": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "2100 ligt in de toekomst." in page
    assert 'aria-invalid="true"' in page and 'id="form-errors"' in page
    assert runs(dordrecht) == []


def test_parameters_without_data_say_so_and_make_no_run(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.post(URL, {"year": "2019", "quarter": "2"})
    assert response.status_code == 400
    assert "Geen gegevens voor 2019." in response.content.decode()
    assert runs(dordrecht) == []


def test_missing_parameters_are_field_errors(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"year", "quarter"}
    assert runs(dordrecht) == []


def test_opnieuw_maken_on_a_run_page_makes_a_new_run_with_its_parameters(client, dordrecht):
    old = make_run(dordrecht, status=ReportStatus.EXPIRED, files=())
    login(client, dordrecht.account_holder)
    page = client.get(f"/dordrecht/rapportages/{old.reference}/").content.decode()
    assert "Opnieuw maken" in page
    response = client.post(f"/dordrecht/rapportages/{old.reference}/")
    assert response.status_code == 302
    new = runs(dordrecht)[-1]
    assert new.pk != old.pk and response["Location"] == f"/dordrecht/rapportages/{new.reference}/"
    assert new.parameters == old.parameters and new.status == ReportStatus.QUEUED


def test_opnieuw_maken_without_data_any_more_says_why(client, dordrecht):
    old = make_run(dordrecht, parameters={"year": 2019, "quarter": 1})
    login(client, dordrecht.account_holder)
    response = client.post(f"/dordrecht/rapportages/{old.reference}/", follow=True)
    assert "Geen gegevens voor 2019." in response.content.decode()
    assert runs(dordrecht) == [old]
