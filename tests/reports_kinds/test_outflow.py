"""Outflow per matching unit and end reason, paid work first and over three years."""

from __future__ import annotations

import datetime

import pytest

from participatie.placements.choices import OutflowReason
from participatie.reports.registry import NoData
from tests.conftest import in_tenant
from tests.factories import OrganisationFactory, ServiceAreaFactory
from tests.reports_kinds.conftest import build, every_cell, place, rows_by_label, table

START = datetime.date(2018, 1, 1)


def ended(side, count, year, reason=OutflowReason.PAID_WORK, *, month=6):
    place(
        side,
        side.lwb_a,
        count,
        start=START,
        end=datetime.date(year, month, 15),
        reason=reason,
    )


def test_outflow_per_matching_unit_and_reason_with_paid_work_first(dordrecht, zwijndrecht):
    ended(dordrecht, 3, 2022)
    ended(dordrecht, 2, 2022, OutflowReason.HEALTH)
    ended(dordrecht, 1, 2022, "")
    ended(dordrecht, 4, 2021)
    ended(dordrecht, 1, 2020)
    ended(dordrecht, 7, 2019)  # before the three years
    place(dordrecht, dordrecht.lwb_b, 2, start=START)  # still active
    ended(zwijndrecht, 5, 2022)

    report = build("outflow", dordrecht.municipality, year=2022)

    by_reason = table(report, "Uitstroom per matchingsunit en reden")
    labels = [str(column.label) for column in by_reason.columns]
    assert labels[:3] == ["Matchingsunit", "Betaald werk", "Regulier vrijwilligerswerk"]
    assert labels[-2:] == ["Geen reden vastgelegd", "Totaal"]
    (row,) = by_reason.rows
    cells = dict(zip(labels, row, strict=True))
    assert cells["Matchingsunit"] == "MU Dordrecht"
    assert (cells["Betaald werk"], cells["Gezondheid"], cells["Geen reden vastgelegd"]) == (3, 2, 1)
    assert cells["Totaal"] == 6
    over_years = table(report, "Uitstroom naar betaald werk")
    assert [str(column.label) for column in over_years.columns] == [
        "Matchingsunit",
        "2020",
        "2021",
        "2022",
    ]
    assert rows_by_label(over_years) == {"MU Dordrecht": [1, 4, 3]}
    assert "Zwijndrecht" not in every_cell(report)


def test_regional_outflow_has_a_row_per_matching_unit_and_no_row_totals(dordrecht, zwijndrecht):
    mee = OrganisationFactory(name="MEE Drechtsteden", slug="mee", matching_unit=True)
    for side in (dordrecht, zwijndrecht):
        with in_tenant(side.municipality):
            ServiceAreaFactory(municipality=side.municipality, organisation=mee)
    ended(dordrecht, 6, 2022)
    ended(zwijndrecht, 12, 2022)
    ended(zwijndrecht, 2, 2022, OutflowReason.MOVED)

    report = build("outflow", dordrecht.municipality.region, year=2022)

    by_reason = table(report, "Uitstroom per matchingsunit en reden")
    assert "Totaal" not in [str(column.label) for column in by_reason.columns]
    rows = rows_by_label(by_reason)
    # A municipality served by two units counts once, under both names together.
    assert set(rows) == {"MEE Drechtsteden / MU Dordrecht", "MEE Drechtsteden / MU Zwijndrecht"}
    assert rows["MEE Drechtsteden / MU Dordrecht"][0] == 6
    assert rows["MEE Drechtsteden / MU Zwijndrecht"][0] == 12
    assert by_reason.totals[1] == 18


def test_a_year_without_ended_placements_is_no_data(dordrecht):
    ended(dordrecht, 2, 2021)
    with pytest.raises(NoData, match="2022"):
        build("outflow", dordrecht.municipality, year=2022)
