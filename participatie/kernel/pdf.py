"""PDF from a Django template with WeasyPrint, as tagged PDF/UA-1 (structure tags, document
title and language), so screen readers can read letters and reports. The notation helpers here
call participatie.kernel.formatting in Dutch, so a letter, a report and a page show an amount
the same way."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from participatie.kernel import formatting

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


# The documents are Dutch (render_pdf renders under "nl"), so their amounts are too, whatever
# language the request that made them was in. Pages use participatie.kernel.formatting directly.


def euro(value: Decimal | int) -> str:
    """€ 1.234,56 (and -€ 1.234,56)."""
    return formatting.money(value, language="nl")


def number(value: int | Decimal) -> str:
    """1.234 (thousands with a dot, as in the seeds' tables)."""
    return formatting.number(value, language="nl")


def percent(fraction: float | Decimal, decimals: int = 1) -> str:
    """0.80158... -> "80,2 %"."""
    return formatting.percent(fraction, decimals, language="nl")


def dutch_date(value: date) -> str:
    """01-01-2022."""
    return formatting.short_date(value, language="nl")
