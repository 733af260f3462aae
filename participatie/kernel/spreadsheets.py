"""The one writer of every spreadsheet the product makes (XLSX and CSV): text from the data can
never become a formula.

A participant called ``=HYPERLINK("http://x","y")`` is text, not a link a spreadsheet opens when
clicked (OWASP, "CSV Injection"). So:

* XLSX: every text cell is stored with the string type, whatever it starts with. Excel and
  LibreOffice show it as it was typed and never evaluate it; numbers and dates the product puts
  in a cell stay numbers and dates.
* CSV: a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading apostrophe (OWASP's advice), so a spreadsheet that opens the file reads text. Numbers
  the product formatted itself (``-12,50``) are passed as :class:`Formatted` and left alone.

Import error files and exports use the same functions: never ``csv.writer`` or openpyxl cells
directly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

# The first characters that make a spreadsheet read a cell as a formula (or DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Formatted(str):
    """Text the product made itself from a number or date (``"1.234,50"``, ``"-3"``): a CSV
    cell that is written as it is."""

    __slots__ = ()


def neutralise(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet reads as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_cell(value: Any) -> str:
    """One CSV cell: product-made text as it is, anything else neutralised."""
    if value is None:
        return ""
    if isinstance(value, Formatted):
        return str(value)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, (int, Decimal, float)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return neutralise(str(value))


class SafeCsvWriter:
    """``csv.writer`` with every cell through :func:`csv_cell`. The Dutch form by default:
    semicolons, CRLF line ends (what Dutch Excel opens without an import dialogue)."""

    def __init__(self, buffer: io.StringIO, *, delimiter: str = ";") -> None:
        self._writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_bytes(rows: Iterable[Iterable[Any]], *, bom: bool = True) -> bytes:
    """A whole CSV file in UTF-8 (with a byte-order mark, so Excel reads the accents)."""
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_cell(sheet: Any, value: Any, *, number_format: str | None = None, font: Any = None) -> Any:
    """One cell of a write-only openpyxl sheet. Text is stored as a string, never as a formula;
    numbers and dates keep their type (and ``number_format`` when given)."""
    from openpyxl.cell import WriteOnlyCell

    if value is not None and not isinstance(value, (int, float, Decimal, date, datetime)):
        value = str(value)  # lazy translations and anything else a caller put in a cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl types a text that starts with "=" as a formula: say it is a string.
        cell.data_type = "s"
    elif value is not None and number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def xlsx_row(sheet: Any, values: Iterable[Any], *, font: Any = None) -> list[Any]:
    """A row of :func:`xlsx_cell` cells, for ``sheet.append``."""
    return [xlsx_cell(sheet, value, font=font) for value in values]


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]]) -> bytes:
    """A simple workbook: one sheet per ``(title, rows)``, every cell through
    :func:`xlsx_cell`."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    made = False
    for title, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        made = True
    if not made:
        workbook.create_sheet("Blad1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
