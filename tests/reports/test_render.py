"""Cells in Dutch notation, and files that open: the renderers on plain report content."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from participatie.reports import content, render
from participatie.reports.content import Column, Report, Table


def test_cells_read_as_dutch():
    assert render.cell_text(505 / 630, Column("", content.PERCENT)) == "80,2\u00a0%"
    assert render.cell_text(Decimal("-18447"), Column("", content.MONEY)) == "-€\u00a018.447,00"
    assert render.cell_text(1845000, Column("", content.NUMBER)) == "1.845.000"
    assert render.cell_text(datetime.date(2022, 3, 10), Column("", content.DATE)) == "10-03-2022"
    assert render.cell_text(None, Column("", content.COUNT)) == ""
    assert render.cell_text(content.SUPPRESSED, Column("", content.COUNT)) == "<5"


def test_spreadsheet_keeps_numbers_and_accepts_lazy_text_and_awkward_titles():
    table = Table(
        title="Bezetting: Q1/2022 [regio]",
        columns=[
            Column(gettext_lazy("Gemeente")),
            Column("Bezet", content.PERCENT),
            Column("Bedrag", content.MONEY),
        ],
        rows=[[gettext_lazy("Totaal"), 505 / 630, Decimal("82848.00")]],
    )
    book = load_workbook(io.BytesIO(render.xlsx_bytes(Report(title="T", sections=[table]))))
    (sheet,) = book.worksheets
    assert "/" not in sheet.title and ":" not in sheet.title
    row = next(sheet.iter_rows(min_row=4, max_row=4))
    assert [row[0].value, round(row[1].value, 4), row[2].value] == ["Totaal", 0.8016, 82848]
    assert row[1].number_format == "0.0%"


def test_csv_is_semicolon_separated_with_decimal_commas():
    table = Table(
        title="Budget",
        columns=[
            Column("Gemeente"),
            Column("Verschil", content.MONEY),
            Column("Bezet", content.PERCENT),
        ],
        rows=[["Alblasserdam", Decimal("-18447"), 505 / 630]],
    )
    text = render.csv_bytes(Report(title="T", sections=[table])).decode("utf-8")
    assert text.startswith("\ufeffBudget\r\nGemeente;Verschil;Bezet\r\n")
    assert "Alblasserdam;-18447,00;80,2" in text


def test_a_row_of_the_wrong_width_is_a_programming_error():
    with pytest.raises(ValueError, match="2 cells for 1 columns"):
        Table(title="x", columns=[Column("a")], rows=[["a", "b"]])
