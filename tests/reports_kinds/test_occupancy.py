"""Occupancy on a date and over a quarter, per company, matching unit and municipality."""

from __future__ import annotations

import datetime

import pytest

from participatie.enrolments.choices import EnrolmentStatus
from participatie.reports.content import Chart
from participatie.reports.registry import NoData
from participatie.reports.render import cell_text
from participatie.reports.snapshots import occupancy_snapshot_take
from tests.conftest import in_tenant
from tests.factories import EnrolmentFactory, OrganisationFactory
from tests.reports_kinds.conftest import (
    build,
    every_cell,
    fingerprint,
    place,
    rows_by_label,
    set_enrolment,
    table,
)

SEPT_1 = datetime.date(2022, 9, 1)


def test_on_a_date_counts_the_placements_active_that_day_against_the_places(dordrecht, zwijndrecht):
    place(dordrecht, dordrecht.lwb_a, 3, start=datetime.date(2022, 8, 1))
    place(
        dordrecht, dordrecht.lwb_a, start=datetime.date(2022, 1, 1), end=datetime.date(2022, 8, 31)
    )
    place(dordrecht, dordrecht.lwb_a, start=datetime.date(2022, 9, 2))
    place(dordrecht, dordrecht.lwb_b, start=datetime.date(2022, 1, 1), end=SEPT_1)
    place(zwijndrecht, zwijndrecht.lwb_a, 7, start=datetime.date(2022, 1, 1))

    report = build("occupancy", dordrecht.municipality, date=SEPT_1)

    companies = table(report, "Bezetting per leerwerkbedrijf")
    assert rows_by_label(companies) == {
        "Dierenweide Dordrecht": [10, 1, 9, 0.1],
        "Kringloop Dordrecht": [10, 3, 7, 0.3],
    }
    assert companies.totals == ["Totaal", 20, 4, 16, 0.2]
    assert rows_by_label(table(report, "Bezetting per matchingsunit")) == {
        "MU Dordrecht": [20, 4, 16, 0.2]
    }
    assert "Zwijndrecht" not in every_cell(report)


def test_over_a_quarter_place_days_and_capacity_days_come_from_the_overlap(dordrecht):
    # Q3 2022 has 92 days. Dierenweide was active from 1 January to 15 August: 46 of them.
    set_enrolment(
        dordrecht,
        dordrecht.lwb_b,
        status=EnrolmentStatus.ENDED,
        started_on=datetime.date(2022, 1, 1),
        ended_on=datetime.date(2022, 8, 15),
    )
    with in_tenant(dordrecht.municipality):
        EnrolmentFactory(
            municipality=dordrecht.municipality,
            organisation=OrganisationFactory(name="Kandidaat Dordrecht"),
            status=EnrolmentStatus.CANDIDATE,
            max_places=5,
        )
    place(dordrecht, dordrecht.lwb_a, start=datetime.date(2022, 6, 1))  # 92 days
    place(
        dordrecht, dordrecht.lwb_a, start=datetime.date(2022, 8, 1), end=datetime.date(2022, 8, 10)
    )  # 10 days
    place(
        dordrecht, dordrecht.lwb_a, start=datetime.date(2022, 1, 1), end=datetime.date(2022, 6, 30)
    )  # before the quarter
    place(
        dordrecht, dordrecht.lwb_b, start=datetime.date(2022, 7, 1), end=datetime.date(2022, 8, 15)
    )  # 46 days

    report = build("occupancy", dordrecht.municipality, year=2022, quarter=3)

    companies = table(report, "Bezetting per leerwerkbedrijf")
    assert rows_by_label(companies) == {
        "Dierenweide Dordrecht": [1, 460, 46, 0.1],
        "Kringloop Dordrecht": [2, 920, 102, 102 / 920],
    }
    assert companies.totals == ["Totaal", 3, 1380, 148, 148 / 1380]


def test_a_running_quarter_counts_up_to_today(dordrecht):
    place(dordrecht, dordrecht.lwb_a, start=datetime.date(2022, 12, 1))
    report = build("occupancy", dordrecht.municipality, year=2023, quarter=1)
    # Today is 1 February 2023: 32 days of the quarter have passed.
    assert table(report, "Bezetting per leerwerkbedrijf").totals == [
        "Totaal",
        1,
        640,
        32,
        0.05,
    ]


def test_region_with_630_places_and_505_occupied_shows_80_2_percent(dordrecht, zwijndrecht):
    for side, (places_a, places_b), (taken_a, taken_b) in (
        (dordrecht, (300, 100), (250, 80)),
        (zwijndrecht, (130, 100), (100, 75)),
    ):
        set_enrolment(side, side.lwb_a, max_places=places_a)
        set_enrolment(side, side.lwb_b, max_places=places_b)
        place(side, side.lwb_a, taken_a, start=datetime.date(2020, 3, 1))
        place(side, side.lwb_b, taken_b, start=datetime.date(2020, 3, 1))

    report = build("occupancy", dordrecht.municipality.region, date=datetime.date(2020, 10, 1))

    municipalities = table(report, "Bezetting per gemeente")
    assert rows_by_label(municipalities) == {
        "Dordrecht": [400, 330, 330 / 400],
        "Zwijndrecht": [230, 175, 175 / 230],
    }
    assert municipalities.totals == ["Totaal", 630, 505, 505 / 630]
    assert cell_text(municipalities.totals[-1], municipalities.columns[-1]) == "80,2\u00a0%"
    assert report.subtitle.endswith("80,2\u00a0%")
    assert set(rows_by_label(table(report, "Bezetting per matchingsunit"))) == {
        "MU Dordrecht",
        "MU Zwijndrecht",
    }
    assert not [t for t in report.tables if "leerwerkbedrijf" in str(t.title)]


def test_a_regional_rate_next_to_a_small_count_stays_empty(dordrecht, zwijndrecht):
    place(dordrecht, dordrecht.lwb_a, 6, start=datetime.date(2022, 1, 1))
    place(zwijndrecht, zwijndrecht.lwb_a, 3, start=datetime.date(2022, 1, 1))
    report = build("occupancy", dordrecht.municipality.region, date=SEPT_1)
    rows = rows_by_label(table(report, "Bezetting per gemeente"))
    assert rows == {"Dordrecht": [20, 6, 0.3], "Zwijndrecht": [20, 3, None]}


def test_empty_selection_is_no_data(meierijstad):
    set_enrolment(meierijstad, meierijstad.lwb_a, started_on=datetime.date(2022, 6, 1))
    set_enrolment(meierijstad, meierijstad.lwb_b, started_on=datetime.date(2022, 6, 1))
    with pytest.raises(NoData, match="Meierijstad"):
        fingerprint("occupancy", meierijstad.municipality, date=datetime.date(2021, 1, 1))
    with pytest.raises(NoData):
        build("occupancy", meierijstad.municipality, year=2021, quarter=2)


def test_fingerprint_moves_with_the_data_and_only_then(dordrecht):
    place(dordrecht, dordrecht.lwb_a, start=datetime.date(2022, 1, 1))
    first = fingerprint("occupancy", dordrecht.municipality, date=SEPT_1)
    assert fingerprint("occupancy", dordrecht.municipality, date=SEPT_1) == first
    set_enrolment(dordrecht, dordrecht.lwb_a, max_places=12)
    second = fingerprint("occupancy", dordrecht.municipality, date=SEPT_1)
    assert second != first
    place(dordrecht, dordrecht.lwb_b, start=datetime.date(2022, 1, 1))
    assert fingerprint("occupancy", dordrecht.municipality, date=SEPT_1) != second


def test_the_line_over_time_comes_from_the_daily_snapshots(dordrecht):
    place(dordrecht, dordrecht.lwb_a, 5, start=datetime.date(2022, 8, 30))
    report = build("occupancy", dordrecht.municipality, date=SEPT_1)
    assert not [s for s in report.sections if str(s.title).startswith("Bezetting per dag")]

    with in_tenant(dordrecht.municipality):
        for day in (29, 30, 31):
            occupancy_snapshot_take(
                municipality_id=dordrecht.municipality.id, day=datetime.date(2022, 8, day)
            )
    report = build("occupancy", dordrecht.municipality, date=SEPT_1)
    (line,) = [s for s in report.sections if str(s.title).startswith("Bezetting per dag")]
    assert isinstance(line, Chart) and "<polyline" in line.svg
    # 29 August: 0 of 20 places; 31 August: 5 of 20.
    assert line.description == "Van 0,0\u00a0% op 29-08-2022 tot 25,0\u00a0% op 31-08-2022."
