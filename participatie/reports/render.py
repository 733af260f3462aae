"""One :class:`~participatie.reports.content.Report`, three files: PDF, XLSX and CSV.

* PDF: a Django template through WeasyPrint (tagged PDF/UA), charts as inline SVG.
* XLSX: openpyxl in write-only mode, one sheet per table, numbers stored as numbers with a
  Dutch display format, so a spreadsheet can compute with them.
* CSV: the tables one after another (a title row, a header row, the rows, the totals, an empty
  row), separated by semicolons with decimal commas and a byte-order mark: the form Dutch
  Excel opens without an import dialogue.

Both go through :mod:`participatie.kernel.spreadsheets`, so a name that starts with ``=`` stays
text (no formula injection).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.kernel import formatting, pdf, spreadsheets
from participatie.reports import content
from participatie.reports.content import Column, Report, Table

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def cell_text(value: Any, column: Column) -> str:
    """A cell as a reader sees it, in Dutch notation (participatie.kernel.formatting), as the
    PDF is Dutch."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if column.kind == content.MONEY:
        return pdf.euro(value)
    if column.kind == content.PERCENT:
        return pdf.percent(value)
    if column.kind in (content.COUNT, content.NUMBER):
        return pdf.number(value)
    if isinstance(value, date):
        return pdf.dutch_date(value)
    return str(value)


def _numeric(column: Column) -> bool:
    return column.kind in (content.COUNT, content.NUMBER, content.MONEY, content.PERCENT)


def pdf_bytes(report: Report, *, scope_name: str) -> bytes:
    sections = []
    for section in report.sections:
        if isinstance(section, Table):
            sections.append(
                {
                    "type": "table",
                    "title": section.title,
                    "note": section.note,
                    "columns": [
                        {"label": c.label, "numeric": _numeric(c)} for c in section.columns
                    ],
                    "rows": [_cells(row, section.columns) for row in section.rows],
                    "totals": _cells(section.totals, section.columns) if section.totals else None,
                }
            )
        elif isinstance(section, content.Chart):
            sections.append(
                {
                    "type": "chart",
                    "title": section.title,
                    "svg": section.svg,
                    "description": section.description,
                }
            )
        else:
            sections.append(
                {
                    "type": "text",
                    "title": section.title,
                    "paragraphs": [p for p in re.split(r"\n\s*\n", section.body) if p.strip()],
                }
            )
    return pdf.render_pdf(
        "reports/pdf/report.html",
        {
            "report": report,
            "scope_name": scope_name,
            "sections": sections,
            "made_at": timezone.localtime(),
        },
    )


def _cells(row: Iterable[Any], columns: list[Column]) -> list[dict[str, Any]]:
    return [
        {"text": cell_text(value, column), "numeric": _numeric(column)}
        for value, column in zip(row, columns, strict=True)
    ]


XLSX_FORMATS = {
    content.MONEY: "#,##0.00",
    content.PERCENT: "0.0%",
    content.COUNT: "#,##0",
    content.NUMBER: "#,##0",
    content.DATE: "dd-mm-yyyy",
}


def xlsx_bytes(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for number, table in enumerate(report.tables, start=1):
        sheet = workbook.create_sheet(_sheet_title(str(table.title), number, used))
        sheet.append([spreadsheets.xlsx_cell(sheet, str(table.title))])
        sheet.append([])
        sheet.append(spreadsheets.xlsx_row(sheet, [str(c.label) for c in table.columns], font=bold))
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, v, c) for v, c in zip(row, table.columns, strict=True)])
        if table.totals:
            sheet.append(
                [
                    _xlsx_cell(sheet, v, c, bold)
                    for v, c in zip(table.totals, table.columns, strict=True)
                ]
            )
        if table.note:
            sheet.append([])
            sheet.append([spreadsheets.xlsx_cell(sheet, str(table.note))])
    texts = [section for section in report.sections if isinstance(section, content.Text)]
    if texts:
        sheet = workbook.create_sheet(_sheet_title(_("Toelichting"), 0, used))
        for text in texts:
            sheet.append([spreadsheets.xlsx_cell(sheet, str(text.title), font=bold)])
            sheet.append([spreadsheets.xlsx_cell(sheet, text.body)])
            sheet.append([])
    if not report.sections:
        workbook.create_sheet(_("Rapportage"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str, number: int, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\ and unique in the book."""
    clean = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or _("Tabel")
    name = clean if clean not in used else f"{clean[:25]} ({number})"
    used.add(name)
    return name


def _xlsx_cell(sheet: Any, value: Any, column: Column, font: Any = None) -> Any:
    if isinstance(value, Decimal) and column.kind == content.PERCENT:
        value = float(value)
    return spreadsheets.xlsx_cell(
        sheet, value, number_format=XLSX_FORMATS.get(column.kind), font=font
    )


def _csv_value(value: Any, column: Column) -> Any:
    """A cell as the CSV holds it: numbers in Dutch notation (marked as the product's own
    text), data text as it is (the writer neutralises what could be read as a formula)."""
    if value is None or isinstance(value, str):
        return value
    if column.kind == content.PERCENT:
        text = formatting.plain_decimal(formatting.to_decimal(value) * 100, 1)
    elif column.kind == content.MONEY:
        text = formatting.plain_decimal(value, 2)
    elif isinstance(value, Decimal):
        text = str(value).replace(".", ",")
    elif isinstance(value, float):
        text = f"{value}".replace(".", ",")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, int):
        text = str(value)
    else:
        return str(value)
    return spreadsheets.Formatted(text)


def csv_bytes(report: Report) -> bytes:
    rows: list[list[Any]] = []
    for table in report.tables:
        rows.append([str(table.title)])
        rows.append([str(column.label) for column in table.columns])
        for row in [*table.rows, *([table.totals] if table.totals else [])]:
            rows.append([_csv_value(v, c) for v, c in zip(row, table.columns, strict=True)])
        rows.append([])
    return spreadsheets.csv_bytes(rows)


RENDERERS = {
    "pdf": lambda report, scope_name: pdf_bytes(report, scope_name=scope_name),
    "xlsx": lambda report, scope_name: xlsx_bytes(report),
    "csv": lambda report, scope_name: csv_bytes(report),
}
