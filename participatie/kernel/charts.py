"""Small SVG charts, drawn on the server: the same markup on a page and in a PDF (WeasyPrint
draws SVG), no JavaScript, readable by screen readers (``role="img"``, a title and a text
description). Every chart stands next to a table with the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import escape

# Rijkshuisstijl-like colours with at least 3:1 contrast against white (WCAG 1.4.11).
COLOURS = ("#01689b", "#39870c", "#8f3d00", "#5c2d91", "#a90061", "#275937")
INK = "#1a1a1a"
GRID = "#8a8a8a"
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | float
    shown: str  # the value as the reader sees it, e.g. "€ 82.848" or "80,2 %"


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[str, float]]  # (x label, value)


def _svg(width: int, height: int, title: str, description: str, body: list[str]) -> str:
    n = next(_ids)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'aria-labelledby="chart{n}-title chart{n}-desc" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">'
        f'<title id="chart{n}-title">{escape(title)}</title>'
        f'<desc id="chart{n}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def bar_chart(title: str, bars: Sequence[Bar], *, description: str = "") -> str:
    """Horizontal bars, one per label, scaled to the largest value (negative values as zero)."""
    label_width, value_width, bar_height, gap, width = 220, 110, 22, 10, 760
    largest = max((float(bar.value) for bar in bars), default=0.0) or 1.0
    room = width - label_width - value_width
    body = []
    for i, bar in enumerate(bars):
        y = gap + i * (bar_height + gap)
        length = max(0.0, float(bar.value)) / largest * room
        text_y = y + bar_height * 0.75
        body.append(
            f'<text x="{label_width - 8}" y="{text_y:.1f}" text-anchor="end" font-size="14" '
            f'fill="{INK}">{escape(bar.label[:30])}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{COLOURS[i % len(COLOURS)]}"><title>{escape(bar.label)}: '
            f"{escape(bar.shown)}</title></rect>"
            f'<text x="{label_width + length + 6:.1f}" y="{text_y:.1f}" font-size="14" '
            f'fill="{INK}">{escape(bar.shown)}</text>'
        )
    height = gap + len(bars) * (bar_height + gap)
    description = description or ". ".join(f"{bar.label}: {bar.shown}" for bar in bars)
    return _svg(width, max(height, 40), title, description, body)


def line_chart(
    title: str,
    series: Sequence[Series],
    *,
    y_max: float | None = None,
    y_format: str = "{:.0%}",
    description: str = "",
) -> str:
    """Lines over shared x labels (e.g. days), with a y axis from 0; a legend below."""
    width, height, left, right, top, bottom = 760, 300, 60, 20, 16, 60
    labels = [label for label, _ in series[0].points] if series else []
    values = [value for line in series for _, value in line.points]
    top_value = y_max if y_max is not None else (max(values, default=0.0) or 1.0)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * i / (len(labels) - 1) if len(labels) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - (min(value, top_value) / top_value) * plot_h

    body = []
    for step in range(5):
        value = top_value * step / 4
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="{GRID}" stroke-width="0.5"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{escape(y_format.format(value))}</text>'
        )
    if labels:
        for i in sorted({0, len(labels) // 2, len(labels) - 1}):
            body.append(
                f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
                f'font-size="12" fill="{INK}">{escape(labels[i])}</text>'
            )
    for n, line in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(value):.1f}" for i, (_, value) in enumerate(line.points))
        body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        legend_y = height - 14
        legend_x = left + n * 180
        body.append(
            f'<rect x="{legend_x}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{legend_x + 18}" y="{legend_y}" font-size="12" fill="{INK}">'
            f"{escape(line.label[:24])}</text>"
        )
    return _svg(width, height, title, description or title, body)
