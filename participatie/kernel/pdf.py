"""PDF from a Django template with WeasyPrint, as tagged PDF/UA-1 (structure tags, document
title and language), so screen readers can read letters and reports. Dutch notation helpers
live here too, so a letter, a report and a page show an amount the same way."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}

_local = threading.local()


def _font_config() -> Any:
    """One font configuration per thread (Pango's font map is not shared across threads).
    A new one per document reloads fontconfig and leaks memory in long batches."""
    if not hasattr(_local, "font_config"):
        from weasyprint.text.fonts import FontConfiguration

        _local.font_config = FontConfiguration()
    return _local.font_config


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango and fonts

    with translation.override("nl"):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf(font_config=_font_config(), **PDF_OPTIONS)


def _grouped(value: Decimal | int, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"-{text}" if value < 0 else text


def euro(value: Decimal) -> str:
    """Dutch notation: € 1.234,56 (and -€ 1.234,56)."""
    text = _grouped(value, 2)
    return f"-€ {text[1:]}" if text.startswith("-") else f"€ {text}"


def number(value: int | Decimal) -> str:
    """1.234 (thousands with a dot, as in the seeds' tables)."""
    return _grouped(value, 0)


def percent(fraction: float | Decimal, decimals: int = 1) -> str:
    """0.80158... -> "80,2 %"."""
    return f"{_grouped(Decimal(str(fraction)) * 100, decimals)} %"


def dutch_date(value: date) -> str:
    return value.strftime("%d-%m-%Y")
