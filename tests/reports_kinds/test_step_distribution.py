"""The share of active placements per step in force on a date, against 17-20 % in plus."""

from __future__ import annotations

import datetime

import pytest

from participatie.models import Step
from participatie.placements.choices import StepDecisionStatus
from participatie.reports.kinds.step_distribution import assessment
from participatie.reports.registry import NoData
from tests.conftest import in_tenant, make_steps
from tests.factories import StepDecisionFactory
from tests.reports_kinds.conftest import build, every_cell, place, rows_by_label, table

ON = datetime.date(2022, 9, 1)
JAN = datetime.date(2022, 1, 1)


def decide(side, placement, code, valid_from, status=StepDecisionStatus.APPROVED):
    with in_tenant(side.municipality):
        step = Step.objects.get(municipality=side.municipality, year=valid_from.year, code=code)
        StepDecisionFactory(
            municipality=side.municipality,
            placement=placement,
            step=step,
            valid_from=valid_from,
            status=status,
            advised_by=side.consultant,
        )


def test_each_placement_counts_in_the_step_in_force_on_the_date(dordrecht, zwijndrecht):
    make_steps(dordrecht.municipality)
    make_steps(zwijndrecht.municipality)
    at_a = place(dordrecht, dordrecht.lwb_a, 7, start=JAN)
    for placement in at_a:
        decide(dordrecht, placement, "basis", JAN)
    decide(dordrecht, at_a[0], "plus", datetime.date(2022, 6, 1))
    decide(dordrecht, at_a[1], "plus", datetime.date(2022, 10, 1))  # after the date
    decide(dordrecht, at_a[2], "plus", datetime.date(2022, 5, 1), StepDecisionStatus.ADVISED)
    (since_2021,) = place(dordrecht, dordrecht.lwb_a, start=datetime.date(2021, 3, 1))
    decide(dordrecht, since_2021, "basis", datetime.date(2021, 3, 1))
    decide(dordrecht, since_2021, "plus", datetime.date(2021, 11, 1))  # a 2021 step row
    place(dordrecht, dordrecht.lwb_b, start=JAN)  # no decision yet
    place(dordrecht, dordrecht.lwb_b, start=JAN, end=datetime.date(2022, 8, 31))  # ended
    for placement in place(zwijndrecht, zwijndrecht.lwb_a, 4, start=JAN):
        decide(zwijndrecht, placement, "plus", JAN)

    report = build("step_distribution", dordrecht.municipality, date=ON)

    steps = table(report, "Verdeling over de treden")
    assert rows_by_label(steps) == {
        "Basis": [6, 6 / 9, "", ""],
        "Plus": [2, 2 / 9, "17-20 %", "hoger dan verwacht"],
        "Nog geen trede vastgesteld": [1, 1 / 9, "", ""],
    }
    assert steps.totals == ["Totaal", 9, 1.0, "", ""]
    assert rows_by_label(table(report, "Trede plus per leerwerkbedrijf")) == {
        "Dierenweide Dordrecht": [1, 0, 0.0, "lager dan verwacht"],
        "Kringloop Dordrecht": [8, 2, 0.25, "hoger dan verwacht"],
    }
    assert "Zwijndrecht" not in every_cell(report)


def test_regional_distribution_is_per_municipality(dordrecht, zwijndrecht):
    make_steps(dordrecht.municipality)
    make_steps(zwijndrecht.municipality)
    for number, placement in enumerate(place(dordrecht, dordrecht.lwb_a, 30, start=JAN)):
        decide(dordrecht, placement, "plus" if number < 6 else "basis", JAN)
    for placement in place(zwijndrecht, zwijndrecht.lwb_a, 10, start=JAN):
        decide(zwijndrecht, placement, "basis", JAN)

    report = build("step_distribution", dordrecht.municipality.region, date=ON)

    assert rows_by_label(table(report, "Trede plus per gemeente")) == {
        "Dordrecht": [30, 6, 0.2, "binnen de verwachting"],
        "Zwijndrecht": [10, 0, 0.0, "lager dan verwacht"],
    }


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (0.1699, "lager dan verwacht"),
        (0.17, "binnen de verwachting"),
        (0.20, "binnen de verwachting"),
        (0.2001, "hoger dan verwacht"),
        (None, ""),
    ],
)
def test_the_plus_share_is_judged_against_17_to_20_percent(share, words):
    assert assessment(share) == words


def test_a_date_without_active_placements_is_no_data(dordrecht):
    place(dordrecht, dordrecht.lwb_a, start=datetime.date(2022, 10, 1))
    with pytest.raises(NoData, match="Dordrecht"):
        build("step_distribution", dordrecht.municipality, date=ON)
