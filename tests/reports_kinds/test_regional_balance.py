"""The yearly regional balance: residents' flows between municipalities and the occupancy of
each municipality's places, plus whatever sections other apps provide."""

from __future__ import annotations

import datetime

import pytest

from participatie.enrolments.choices import EnrolmentStatus
from participatie.placements.choices import PlacementKind
from participatie.reports.content import Column, Table, Text
from participatie.reports.kinds import sections
from participatie.reports.kinds.sections import SectionProvider, register_section_provider
from participatie.reports.registry import NoData, report_kind
from tests.conftest import in_tenant
from tests.factories import PlacementFactory
from tests.reports_kinds.conftest import (
    build,
    enrolment_of,
    fingerprint,
    place,
    rows_by_label,
    set_enrolment,
    table,
)

JAN = datetime.date(2022, 1, 1)


@pytest.fixture
def flows(dordrecht, zwijndrecht, meierijstad):
    region = dordrecht.municipality.region
    # One resident with a second place at another company counts once.
    (twice,) = place(dordrecht, dordrecht.lwb_a, start=JAN)
    with in_tenant(dordrecht.municipality):
        PlacementFactory(
            municipality=dordrecht.municipality,
            participant=twice.participant,
            enrolment=enrolment_of(dordrecht, dordrecht.lwb_b),
            kind=PlacementKind.SECOND,
            start_date=datetime.date(2022, 3, 1),
            end_date=datetime.date(2022, 12, 31),
        )
    place(dordrecht, dordrecht.lwb_a, 5, start=JAN)
    place(dordrecht, dordrecht.lwb_b, 5, start=JAN, home=zwijndrecht.municipality)
    place(dordrecht, dordrecht.lwb_b, 2, start=JAN, home=meierijstad.municipality)
    place(zwijndrecht, zwijndrecht.lwb_a, 7, start=JAN)
    place(zwijndrecht, zwijndrecht.lwb_a, start=JAN, home=dordrecht.municipality)
    place(
        zwijndrecht,
        zwijndrecht.lwb_a,
        3,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2021, 12, 31),
    )
    return region


def test_flows_count_each_resident_once_per_home_and_place_municipality(flows):
    report = build("regional_balance", flows, year=2022)

    matrix = table(report, "Inwoners met een plek")
    assert [str(column.label) for column in matrix.columns] == [
        "Woongemeente",
        "Plek in Dordrecht",
        "Plek in Zwijndrecht",
    ]
    assert rows_by_label(matrix) == {
        "Dordrecht": [6, 1],
        "Zwijndrecht": [5, 7],
        "Meierijstad": [2, 0],
    }
    assert [row[0] for row in matrix.rows][-1] == "Meierijstad"  # outside the region: last
    assert matrix.totals == ["Totaal", 13, 8]


def test_occupancy_per_municipality_over_the_year(flows):
    report = build("regional_balance", flows, year=2022)
    occupancy = rows_by_label(table(report, "Bezetting per gemeente"))
    # 20 places all year; Dordrecht has 13 placements all year and one from 1 March (306 days).
    assert occupancy["Dordrecht"] == [14, 7300, 13 * 365 + 306, (13 * 365 + 306) / 7300]
    assert occupancy["Zwijndrecht"] == [8, 7300, 8 * 365, 8 * 365 / 7300]


def test_the_kind_is_regional_only():
    assert report_kind("regional_balance").scopes == frozenset({"region"})


def test_a_year_without_places_or_placements_is_no_data(meierijstad):
    for organisation in (meierijstad.lwb_a, meierijstad.lwb_b):
        set_enrolment(meierijstad, organisation, status=EnrolmentStatus.CANDIDATE)
    with pytest.raises(NoData, match="IBN"):
        fingerprint("regional_balance", meierijstad.municipality.region, year=2022)


def test_other_apps_add_sections_and_their_data_state(flows, monkeypatch):
    monkeypatch.setattr(sections, "_providers", {})
    state = {"claims": 3}
    register_section_provider(
        SectionProvider(
            kind="regional_balance",
            name="tests.charges",
            fingerprint=lambda ctx: str(state["claims"]),
            build=lambda ctx: [
                Table("Doorbelaste plaatsingen", [Column("Aantal", "count")], [[state["claims"]]]),
                Text("Toelichting", "Gesloten beurs tenzij de inspanningsverplichting ..."),
            ],
        )
    )
    first = fingerprint("regional_balance", flows, year=2022)
    report = build("regional_balance", flows, year=2022)
    assert [str(s.title) for s in report.sections][-2:] == [
        "Doorbelaste plaatsingen",
        "Toelichting",
    ]
    state["claims"] = 4
    assert fingerprint("regional_balance", flows, year=2022) != first
    with pytest.raises(ValueError, match="twice"):
        register_section_provider(SectionProvider("regional_balance", "tests.charges", str, list))
