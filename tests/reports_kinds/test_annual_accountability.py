"""The annual accountability report of a company or of the matching unit: the year's figures
and the three texts the author writes before the PDF is made."""

from __future__ import annotations

import datetime

import pytest

from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Step
from participatie.placements.choices import OutflowReason
from participatie.reports.content import Text
from participatie.reports.kinds.annual_accountability import MAX_TEXT, AccountabilityForm
from participatie.reports.registry import NoData
from tests.conftest import in_tenant, make_steps
from tests.factories import StepDecisionFactory
from tests.reports_kinds.conftest import (
    TEXTS_FOR_TESTS,
    build,
    enrolment_of,
    every_cell,
    fingerprint,
    place,
    rows_by_label,
    set_enrolment,
    table,
)

TEXTS = TEXTS_FOR_TESTS


def form_data(**values):
    return {"year": "2022", "company": "", **TEXTS, **values}


def test_the_company_choice_holds_only_this_municipalitys_companies(dordrecht, zwijndrecht):
    own = enrolment_of(dordrecht, dordrecht.lwb_a)
    other = enrolment_of(zwijndrecht, zwijndrecht.lwb_a)
    with in_tenant(dordrecht.municipality):
        labels = [label for _value, label in AccountabilityForm().fields["company"].choices]
        assert labels == [
            "De matchingsunit (alle leerwerkbedrijven)",
            "Dierenweide Dordrecht",
            "Kringloop Dordrecht",
        ]
        assert AccountabilityForm(data=form_data(company=str(own.pk))).is_valid()
        foreign = AccountabilityForm(data=form_data(company=str(other.pk)))
        assert not foreign.is_valid() and "company" in foreign.errors
        unit = AccountabilityForm(data=form_data())
        assert unit.is_valid() and unit.cleaned_data["company"] is None


def test_the_texts_are_required_and_bounded(dordrecht):
    with in_tenant(dordrecht.municipality):
        form = AccountabilityForm(data=form_data(review="", plans="x" * (MAX_TEXT + 1)))
        assert not form.is_valid()
        assert set(form.errors) == {"review", "plans"}


@pytest.fixture
def year_2022(dordrecht, zwijndrecht):
    make_steps(dordrecht.municipality)
    new = place(dordrecht, dordrecht.lwb_a, 2, start=datetime.date(2022, 2, 1))
    place(
        dordrecht,
        dordrecht.lwb_a,
        start=datetime.date(2021, 6, 1),
        end=datetime.date(2022, 5, 31),
        reason=OutflowReason.PAID_WORK,
    )
    place(dordrecht, dordrecht.lwb_b, start=datetime.date(2021, 1, 1))
    place(zwijndrecht, zwijndrecht.lwb_a, 4, start=datetime.date(2022, 1, 1))
    with in_tenant(dordrecht.municipality):
        plus = Step.objects.get(municipality=dordrecht.municipality, year=2022, code="plus")
        for placement in new:
            StepDecisionFactory(
                municipality=dordrecht.municipality,
                placement=placement,
                step=plus,
                advised_by=dordrecht.consultant,
            )
    return dordrecht


def test_a_companys_report_holds_its_figures_and_the_texts(year_2022):
    company = enrolment_of(year_2022, year_2022.lwb_a)

    report = build(
        "annual_accountability", year_2022.municipality, year=2022, company=company, **TEXTS
    )

    assert report.subtitle == "Kringloop Dordrecht, Dordrecht"
    figures = table(report, "Kerncijfers 2022")
    # Two placements from 1 February (334 days each) and one until 31 May (151 days).
    assert rows_by_label(figures) == {"Kringloop Dordrecht": [10, 2, (2 * 334 + 151) / 3650, 2, 1]}
    outflow = rows_by_label(table(report, "Uitstroom naar reden"))
    assert outflow["Betaald werk"] == [1]
    assert rows_by_label(table(report, "Treden op 31 december 2022"))["Plus"][0] == 2
    texts = [(str(s.title), s.body) for s in report.sections if isinstance(s, Text)]
    assert texts == [
        ("Terugblik", TEXTS["review"]),
        ("Ontwikkeling deelnemers", TEXTS["participants"]),
        ("Plannen volgend jaar", TEXTS["plans"]),
    ]
    assert "Dierenweide" not in every_cell(report)


def test_the_matching_units_report_covers_every_company_of_the_municipality(year_2022):
    report = build(
        "annual_accountability", year_2022.municipality, year=2022, company=None, **TEXTS
    )

    assert report.subtitle == "Matchingsunit MU Dordrecht, Dordrecht"
    figures = table(report, "Kerncijfers 2022")
    assert set(rows_by_label(figures)) == {"Dierenweide Dordrecht", "Kringloop Dordrecht"}
    assert figures.totals[1:3] == [20, 3]
    assert "Zwijndrecht" not in every_cell(report)


def test_a_company_without_places_or_placements_that_year_is_no_data(dordrecht):
    set_enrolment(
        dordrecht,
        dordrecht.lwb_b,
        status=EnrolmentStatus.ENDED,
        started_on=datetime.date(2019, 1, 1),
        ended_on=datetime.date(2021, 6, 30),
    )
    company = enrolment_of(dordrecht, dordrecht.lwb_b)
    for step in (fingerprint, build):
        with pytest.raises(NoData, match="Dierenweide Dordrecht"):
            step(
                "annual_accountability", dordrecht.municipality, year=2022, company=company, **TEXTS
            )
