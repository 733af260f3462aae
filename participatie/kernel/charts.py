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


# Text is measured by estimate, not by a font: an average glyph of a sans-serif font is at most
# this share of the font size wide. Margins and the viewBox are sized with it, so no label is cut.
GLYPH_WIDTH = 0.6
# A label longer than this (in characters) wraps onto more lines instead of widening the chart.
WRAP_AT = 32


def text_width(text: str, font_size: float) -> float:
    """The estimated width of ``text`` at ``font_size``."""
    return len(text) * font_size * GLYPH_WIDTH


def wrap(text: str, limit: int = WRAP_AT) -> list[str]:
    """``text`` in lines of at most ``limit`` characters, broken between words (a single word
    longer than that gets a line of its own). Never cuts a character."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, text: str, size: int, anchor: str = "start") -> str:
    anchor_attribute = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return (
        f'<text x="{x:.1f}" y="{y:.1f}"{anchor_attribute} font-size="{size}" '
        f'fill="{INK}">{escape(text)}</text>'
    )


def _svg(width: float, height: float, title: str, description: str, body: list[str]) -> str:
    n = next(_ids)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'aria-labelledby="chart{n}-title chart{n}-desc" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">'
        f'<title id="chart{n}-title">{escape(title)}</title>'
        f'<desc id="chart{n}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def bar_chart(title: str, bars: Sequence[Bar], *, description: str = "") -> str:
    """Horizontal bars, one per label, scaled to the largest value (negative values as zero).

    The label column is as wide as the longest (wrapped) label, the value column as the longest
    value; a long label wraps onto more lines and its row grows with it."""
    size, line_height, bar_height, gap, room, pad = 14, 17, 22, 10, 430, 8
    labels = [wrap(bar.label) for bar in bars]
    label_width = max((text_width(line, size) for lines in labels for line in lines), default=0)
    label_width = max(label_width, 60.0) + 2 * pad
    value_width = max((text_width(bar.shown, size) for bar in bars), default=0) + 2 * pad
    width = label_width + room + value_width
    largest = max((float(bar.value) for bar in bars), default=0.0) or 1.0
    body = []
    y = float(gap)
    for i, (bar, lines) in enumerate(zip(bars, labels, strict=True)):
        row_height = max(bar_height, len(lines) * line_height + 4)
        bar_y = y + (row_height - bar_height) / 2
        length = max(0.0, float(bar.value)) / largest * room
        # The lines of the label centred on the bar; a font's baseline sits at about 0.35 em
        # below the middle of its capitals.
        first_baseline = y + row_height / 2 - (len(lines) - 1) * line_height / 2 + size * 0.35
        for n, line in enumerate(lines):
            body.append(
                _text(label_width - pad, first_baseline + n * line_height, line, size, "end")
            )
        body.append(
            f'<rect x="{label_width:.1f}" y="{bar_y:.1f}" width="{length:.1f}" '
            f'height="{bar_height}" fill="{COLOURS[i % len(COLOURS)]}">'
            f"<title>{escape(bar.label)}: {escape(bar.shown)}</title></rect>"
        )
        body.append(
            _text(label_width + length + 6, bar_y + bar_height / 2 + size * 0.35, bar.shown, size)
        )
        y += row_height + gap
    description = description or ". ".join(f"{bar.label}: {bar.shown}" for bar in bars)
    return _svg(width, max(y, 40), title, description, body)


def line_chart(
    title: str,
    series: Sequence[Series],
    *,
    y_max: float | None = None,
    y_format: str = "{:.0%}",
    description: str = "",
) -> str:
    """Lines over shared x labels (e.g. days), with a y axis from 0; a legend below.

    The left margin fits the widest y label and half the first x label, the right margin half
    the last x label; legend entries wrap onto new rows, and long legend labels onto two lines.
    """
    size, plot_w, plot_h, top, pad = 12, 680, 224, 16, 6
    line_height, swatch = 15, 12
    labels = [label for label, _ in series[0].points] if series else []
    values = [value for line in series for _, value in line.points]
    top_value = y_max if y_max is not None else (max(values, default=0.0) or 1.0)
    y_labels = [y_format.format(top_value * step / 4) for step in range(5)]
    shown_x = sorted({0, len(labels) // 2, len(labels) - 1}) if labels else []
    # A single day sits in the middle of the plot; the first and last labels hang over its ends.
    ends = [labels[0], labels[-1]] if len(labels) > 1 else ["", ""]
    left = max(
        max((text_width(text, size) for text in y_labels), default=0) + 2 * pad,
        text_width(ends[0], size) / 2 + pad,
        40.0,
    )
    right = max(text_width(ends[1], size) / 2 + pad, 20.0)
    width = left + plot_w + right

    def x(i: int) -> float:
        return left + (plot_w * i / (len(labels) - 1) if len(labels) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - (min(value, top_value) / top_value) * plot_h

    body = []
    for step, text in enumerate(y_labels):
        value = top_value * step / 4
        body.append(
            f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" stroke="{GRID}" stroke-width="0.5"/>'
        )
        body.append(_text(left - pad, y(value) + size * 0.35, text, size, "end"))
    for i in shown_x:
        body.append(_text(x(i), top + plot_h + 18, labels[i], size, "middle"))
    for n, line in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(value):.1f}" for i, (_, value) in enumerate(line.points))
        body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
    # The legend: entries left to right, a new row when the next one would not fit.
    legend_top = top + plot_h + 36
    entry_x, row_top, row_height = left, float(legend_top), 0.0
    legend_right = 0.0
    for n, line in enumerate(series):
        lines = wrap(line.label, 2 * WRAP_AT)
        entry_width = swatch + 6 + max(text_width(text, size) for text in lines)
        if entry_x > left and entry_x + entry_width > left + plot_w:
            entry_x, row_top, row_height = left, row_top + row_height + 8, 0.0
        colour = COLOURS[n % len(COLOURS)]
        body.append(
            f'<rect x="{entry_x:.1f}" y="{row_top:.1f}" width="{swatch}" height="{swatch}" '
            f'fill="{colour}"/>'
        )
        for k, text in enumerate(lines):
            baseline = row_top + swatch / 2 + size * 0.35 + k * line_height
            body.append(_text(entry_x + swatch + 6, baseline, text, size))
        row_height = max(row_height, swatch + (len(lines) - 1) * line_height + 4)
        legend_right = max(legend_right, entry_x + entry_width)
        entry_x += entry_width + 24
    width = max(width, legend_right + pad)
    height = row_top + row_height + 8 if series else legend_top
    return _svg(width, height, title, description or title, body)
