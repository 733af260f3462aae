"""Every text of every chart kind lies inside the chart's viewBox, however long its label:
margins grow with the labels and long labels wrap, none is cut."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from participatie.kernel.charts import Bar, Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Verwacht (gerealiseerd + open + prognose tot het einde van het jaar)"
WORD = "Leerwerkbedrijfsgroenvoorzieningsonderhoudsafdeling"


def text_boxes(svg: str) -> tuple[tuple[float, float, float, float], list[tuple]]:
    """The viewBox and, per <text>, its estimated box: len(text) * font-size * 0.6 wide, from a
    font-size above the baseline to a third below it, placed by its text-anchor."""
    root = ET.fromstring(svg)
    x0, y0, width, height = (float(v) for v in root.attrib["viewBox"].split())
    boxes = []
    for element in root.iter(f"{SVG}text"):
        text = "".join(element.itertext())
        size = float(element.attrib["font-size"])
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        text_width = len(text) * size * 0.6
        anchor = element.attrib.get("text-anchor", "start")
        left = {"start": x, "middle": x - text_width / 2, "end": x - text_width}[anchor]
        boxes.append((text, left, y - size, left + text_width, y + size / 3))
    return (x0, y0, x0 + width, y0 + height), boxes


def assert_every_text_inside(svg: str) -> None:
    (vx0, vy0, vx1, vy1), boxes = text_boxes(svg)
    assert boxes
    for text, left, top, right, bottom in boxes:
        assert vx0 <= left and right <= vx1, (text, left, right, (vx0, vx1))
        assert vy0 <= top and bottom <= vy1, (text, top, bottom, (vy0, vy1))


def all_texts(svg: str) -> str:
    return " ".join(text for text, *_ in text_boxes(svg)[1])


CHARTS = {
    # subsidies.reports and the budget page: money bars with a long label.
    "budget bars": lambda: bar_chart(
        "Budget",
        [
            Bar("Budget", Decimal("1162448"), "€ 1.162.448"),
            Bar("Verleend", Decimal("998280"), "€ 998.280"),
            Bar(LONG, Decimal("1262448.55"), "€ 1.262.448,55"),
        ],
    ),
    # reports.kinds.occupancy: rates per municipality or company.
    "occupancy bars": lambda: bar_chart(
        "Bezettingsgraad per leerwerkbedrijf",
        [Bar(WORD, 0.825, "82,5 %"), Bar("Kringloop Zwijndrecht B.V.", 1.0, "100,0 %")],
    ),
    # reports.kinds.outflow and step_distribution: counts, suppressed ones as "<5".
    "count bars": lambda: bar_chart(
        "Uitstroom per reden",
        [Bar("Betaald werk bij een reguliere werkgever", 12, "12"), Bar("Overig", 0, "<5")],
    ),
    "empty bars": lambda: bar_chart("Leeg", [Bar("", 0, "—")]),
    # reports.kinds.occupancy: the daily snapshots over a quarter.
    "line over time": lambda: line_chart(
        "Bezetting per dag",
        [
            Series(
                LONG + " " + LONG,
                [(f"{day:02d}-12-2022", day / 31) for day in range(1, 32)],
            ),
            Series("Regio Drechtsteden", [(f"{day:02d}-12-2022", 0.5) for day in range(1, 32)]),
            Series(WORD, [(f"{day:02d}-12-2022", 0.7) for day in range(1, 32)]),
        ],
        y_max=1.0,
    ),
    "line of one day": lambda: line_chart(
        "Bezetting", [Series("Dordrecht", [("01-09-2022", 0.8)])], y_max=1.0
    ),
    "line with large numbers": lambda: line_chart(
        "Bedragen",
        [Series("Uitgaven", [("januari 2022", 1_000_000.0), ("december 2022", 2_500_000.0)])],
        y_format="€ {:,.0f}",
    ),
}


@pytest.mark.parametrize("kind", CHARTS)
def test_every_text_of_the_chart_lies_inside_its_viewbox(kind):
    assert_every_text_inside(CHARTS[kind]())


def test_long_labels_are_wrapped_not_cut():
    texts = all_texts(CHARTS["budget bars"]())
    assert "…" not in texts
    assert " ".join(LONG.split()) in " ".join(texts.split())
    line = all_texts(CHARTS["line over time"]())
    assert "31-12-2022" in line and "01-12-2022" in line
    assert WORD in line


def test_a_label_longer_than_the_chart_was_cut_before():
    # The old bar chart cut labels at 30 characters; the whole label is on the chart now.
    svg = bar_chart("Budget", [Bar(LONG, 1, "1")])
    lines = [text for text, *_ in text_boxes(svg)[1]][:-1]
    assert " ".join(lines) == LONG
    assert all(len(text) <= 32 for text in lines)
