"""The regional chart of occupancy per municipality shows the real rates: a municipality whose
rate is suppressed gets a bar that says so instead of vanishing (which left only the 0,0 %
bars of municipalities without placements)."""

from __future__ import annotations

import datetime

from participatie.reports.content import Chart
from participatie.reports.kinds.figures import percent_shown
from tests.reports_kinds.conftest import build, place

SEPT_1 = datetime.date(2022, 9, 1)


def charts(report) -> list[Chart]:
    return [s for s in report.sections if isinstance(s, Chart) and "gemeente" in str(s.title)]


def test_the_chart_shows_the_rates_and_marks_the_suppressed_one(dordrecht, zwijndrecht):
    place(dordrecht, dordrecht.lwb_a, 6, start=datetime.date(2022, 1, 1))
    place(zwijndrecht, zwijndrecht.lwb_a, 3, start=datetime.date(2022, 1, 1))

    (chart,) = charts(build("occupancy", dordrecht.municipality.region, date=SEPT_1))

    assert f"Dordrecht: {percent_shown(6 / 20)}" in chart.svg
    assert "Zwijndrecht: niet getoond (minder dan 5)" in chart.svg
    assert f">{percent_shown(0.0)}<" not in chart.svg


def test_no_chart_of_only_empty_bars(dordrecht, zwijndrecht):
    # Dordrecht's rate is suppressed and Zwijndrecht has places but nobody placed: the old
    # chart showed one 0,0 % bar and nothing else.
    place(dordrecht, dordrecht.lwb_a, 3, start=datetime.date(2022, 1, 1))

    report = build("occupancy", dordrecht.municipality.region, date=SEPT_1)

    assert charts(report) == []
