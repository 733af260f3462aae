"""Each kind through the real machinery: the form's submitted strings are stored, validated
again in the worker, built and rendered; the PDF holds the figure the kind computed."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.db import transaction

from participatie.choices import Role
from participatie.models import ReportStatus
from participatie.reports import services
from participatie.tenancy.context import all_tenants
from tests.conftest import in_tenant, make_steps
from tests.reports_kinds.conftest import TEXTS_FOR_TESTS, enrolment_of, place, set_enrolment

JAN = datetime.date(2022, 1, 1)


def pdf_text(run, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(run.pdf.read())
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def finished(run):
    with transaction.atomic(), all_tenants(reason="test reads a run back"):
        return type(run).objects.get(pk=run.pk)


@pytest.fixture
def data(dordrecht, zwijndrecht):
    """Drechtsteden's 630 places with 505 occupied since March 2020, steps, and outflow."""
    for side, (places_a, places_b), (taken_a, taken_b) in (
        (dordrecht, (300, 100), (250, 80)),
        (zwijndrecht, (130, 100), (100, 75)),
    ):
        make_steps(side.municipality)
        set_enrolment(side, side.lwb_a, max_places=places_a)
        set_enrolment(side, side.lwb_b, max_places=places_b)
        place(side, side.lwb_a, taken_a, start=datetime.date(2020, 3, 1))
        place(side, side.lwb_b, taken_b, start=datetime.date(2020, 3, 1))
        place(side, side.lwb_a, 6, start=JAN, end=datetime.date(2022, 5, 1), reason="paid_work")
    return dordrecht.municipality.region


CASES = [
    ("occupancy", "municipality", {"date": "2020-10-01"}, "82,5 %"),
    ("occupancy", "region", {"date": "2020-10-01"}, "80,2 %"),
    ("occupancy", "region", {"year": "2022", "quarter": "3"}, "Bezette plekdagen"),
    ("regional_balance", "region", {"year": "2022"}, "Plek in Zwijndrecht"),
    ("outflow", "region", {"year": "2022"}, "Betaald werk"),
    ("step_distribution", "municipality", {"date": "2022-09-01"}, "Nog geen trede vastgesteld"),
    ("annual_accountability", "municipality", {"year": "2022", **TEXTS_FOR_TESTS}, "Terugblik"),
]


@pytest.mark.parametrize(("slug", "scope", "form_data", "expected"), CASES)
def test_the_kind_runs_and_its_pdf_shows_the_figures(
    data, dordrecht, slug, scope, form_data, expected, django_capture_on_commit_callbacks, tmp_path
):
    owner = {"region": data} if scope == "region" else {"municipality": dordrecht.municipality}
    with django_capture_on_commit_callbacks(execute=True), in_tenant(dordrecht.municipality):
        run = services.report_request(
            kind_slug=slug,
            data=form_data,
            user=dordrecht.account_holder,
            roles={Role.ACCOUNT_HOLDER},
            **owner,
        ).run
    run = finished(run)
    assert run.status == ReportStatus.DONE, run.message
    assert expected in pdf_text(run, tmp_path)


def test_a_company_chosen_for_the_accountability_report_survives_the_round_trip(
    data, dordrecht, django_capture_on_commit_callbacks, tmp_path
):
    company = enrolment_of(dordrecht, dordrecht.lwb_b)
    form_data = {"year": "2022", "company": str(company.pk), **TEXTS_FOR_TESTS}
    with django_capture_on_commit_callbacks(execute=True), in_tenant(dordrecht.municipality):
        run = services.report_request(
            kind_slug="annual_accountability",
            data=form_data,
            user=dordrecht.consultant,
            roles={Role.MU_CONSULTANT},
            municipality=dordrecht.municipality,
        ).run
    run = finished(run)
    assert run.parameters["company"] == company.pk
    text = pdf_text(run, tmp_path)
    assert "Dierenweide Dordrecht, Dordrecht" in text and "Kringloop" not in text
