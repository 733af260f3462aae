"""The spreadsheets the import writes: the published template, the file back with its problems
marked, and a caseload exported in the template (a transfer). Every cell goes through the
kernel's safe writer (``participatie.kernel.spreadsheets``): text from the data never becomes
a formula."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from matching.imports.columns import COLUMNS, FULL_NAME_LABEL, TemplateColumn, column_letter
from matching.imports.engine import ERROR, Problem
from matching.imports.parsing import MAX_ROWS, Sheet
from participatie.kernel.spreadsheets import xlsx_cell

SHEET = "Deelnemers"
EXPLANATION_SHEET = "Toelichting"
PROBLEM_SHEET = "Meldingen"
DATE_FORMAT = "dd-mm-yyyy"
ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook() -> Any:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    # Fixed properties: the generated template is the same file content every time.
    workbook.properties.creator = "Participatie"
    workbook.properties.created = datetime(2022, 1, 1)
    workbook.properties.modified = datetime(2022, 1, 1)
    return workbook


def _save(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold() -> Any:
    from openpyxl.styles import Font

    return Font(bold=True)


def _cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, datetime):
        value = value.date() if not (value.hour or value.minute or value.second) else value
    if isinstance(value, date):
        return xlsx_cell(sheet, value, number_format=DATE_FORMAT)
    return xlsx_cell(sheet, value)


def _validations(sheet: Any, step_codes: Sequence[str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    for index, column in enumerate(COLUMNS):
        codes = list(column.codes)
        if column.name == "trede" and step_codes:
            codes = list(step_codes)
        if not codes:
            continue
        letter = column_letter(index)
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(codes) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Onbekende waarde"),
            error=_("Kies een van: %(codes)s.") % {"codes": ", ".join(codes)},
            showInputMessage=True,
            promptTitle=str(column.label),
            prompt=", ".join(codes)[:255],
        )
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.data_validations.append(validation)


def _caseload_sheet(
    workbook: Any, rows: Iterable[Sequence[Any]], step_codes: Sequence[str]
) -> None:
    sheet = workbook.create_sheet(SHEET)
    for index, column in enumerate(COLUMNS):
        sheet.column_dimensions[column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    _validations(sheet, step_codes)
    bold = _bold()
    sheet.append([xlsx_cell(sheet, column.name, font=bold) for column in COLUMNS])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _required_text(column: TemplateColumn) -> str:
    if column.required:
        return _("ja")
    if column.name in ("toestemming_door", "toestemming_op"):
        return _("bij een uitkering")
    if column.name == "werkgever_orientatie":
        return _("bij een oriëntatieplek")
    return _("nee")


def _explanation_sheet(workbook: Any) -> None:
    sheet = workbook.create_sheet(EXPLANATION_SHEET)
    for letter, width in zip("ABCD", (22, 16, 90, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = _bold()
    sheet.append([xlsx_cell(sheet, _("Hoe vult u dit sjabloon in?"), font=bold)])
    for line in (
        _(
            "Eén regel per plaatsing. Heeft een deelnemer twee plaatsingen, dan staat hij op "
            "twee regels."
        ),
        _(
            "Eerst controleert de import elke regel; er wordt niets opgeslagen zolang er een fout "
            "in staat. Daarna importeert u alles in één keer, of niets."
        ),
        _(
            "Een deelnemer die al bekend is (hetzelfde BSN in deze gemeente) wordt bijgewerkt, "
            "niet dubbel aangemaakt. Hetzelfde bestand nog eens importeren verandert niets."
        ),
        _(
            "Eigen spreadsheet? Dat kan ook: op de importpagina koppelt u uw kolommen aan die van "
            "dit sjabloon. Een kolom met de hele naam koppelt u aan: %(label)s."
        )
        % {"label": FULL_NAME_LABEL},
    ):
        sheet.append([xlsx_cell(sheet, line)])
    sheet.append([])
    sheet.append(
        [
            xlsx_cell(sheet, text, font=bold)
            for text in (_("Kolom"), _("Verplicht"), _("Uitleg"), _("Toegestane waarden"))
        ]
    )
    for column in COLUMNS:
        sheet.append(
            [
                xlsx_cell(sheet, column.name),
                xlsx_cell(sheet, _required_text(column)),
                xlsx_cell(sheet, str(column.explanation)),
                xlsx_cell(sheet, ", ".join(column.codes)),
            ]
        )


def template_bytes(*, step_codes: Sequence[str] = ()) -> bytes:
    """The template: sheet ``Deelnemers`` with the column names and Excel data validation on
    the coded columns (and on ``trede`` with the municipality's codes, when given), and sheet
    ``Toelichting`` that explains each column. Always in Dutch."""
    with translation.override("nl"):
        workbook = _workbook()
        _caseload_sheet(workbook, [], step_codes)
        _explanation_sheet(workbook)
        return _save(workbook)


def caseload_bytes(rows: Iterable[Sequence[Any]], *, step_codes: Sequence[str] = ()) -> bytes:
    """A caseload in the template (a transfer): the template with one row per placement."""
    with translation.override("nl"):
        workbook = _workbook()
        _caseload_sheet(workbook, rows, step_codes)
        _explanation_sheet(workbook)
        return _save(workbook)


def error_file_bytes(sheet: Sheet, problems: Sequence[Problem]) -> bytes:
    """The uploaded sheet back, each row at its own row number, with the problem cells marked
    (a fill and a comment) and a ``fouten`` column that says it in words; a second sheet lists
    every problem, also those about the file as a whole."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    by_row: dict[int, list[Problem]] = {}
    for problem in problems:
        if problem.row is not None:
            by_row.setdefault(problem.row, []).append(problem)
    fills = {
        ERROR: PatternFill("solid", start_color=ERROR_FILL, end_color=ERROR_FILL),
        "warning": PatternFill("solid", start_color=WARNING_FILL, end_color=WARNING_FILL),
    }
    bold = _bold()
    workbook = _workbook()
    out = workbook.create_sheet((sheet.sheet_name or SHEET)[:31])
    width = max(1, len(sheet.headers), *(len(values) for _n, values in sheet.rows))
    out.freeze_panes = f"A{sheet.header_row + 1}"
    out.column_dimensions[column_letter(width)].width = 60
    for _gap in range(1, sheet.header_row):
        out.append([])
    headers = [*sheet.headers, *([""] * (width - len(sheet.headers)))]
    out.append(
        [*(xlsx_cell(out, h, font=bold) for h in headers), xlsx_cell(out, "fouten", font=bold)]
    )
    current = sheet.header_row
    for number, values in sheet.rows:
        for _gap in range(current + 1, number):
            out.append([])
        current = number
        found = by_row.get(number, [])
        marked: dict[str, list[Problem]] = {}
        for problem in found:
            marked.setdefault(problem.column, []).append(problem)
        row = []
        for index in range(width):
            value = values[index] if index < len(values) else None
            cell = _cell(out, value)
            here = marked.get(column_letter(index))
            if here:
                level = ERROR if any(p.level == ERROR for p in here) else "warning"
                cell.fill = fills[level]
                cell.comment = Comment("\n".join(p.message for p in here), "Participatie")
            row.append(cell)
        words = "; ".join(_in_words(p) for p in found)
        summary = xlsx_cell(out, words)
        if found:
            summary.fill = fills[ERROR if any(p.level == ERROR for p in found) else "warning"]
        row.append(summary)
        out.append(row)
    listing = workbook.create_sheet(PROBLEM_SHEET)
    listing.append(
        [
            xlsx_cell(listing, text, font=bold)
            for text in (_("Regel"), _("Kolom"), _("Veld"), _("Soort"), _("Melding"))
        ]
    )
    for problem in problems:
        listing.append(
            [
                xlsx_cell(listing, problem.row),
                xlsx_cell(listing, problem.column),
                xlsx_cell(listing, problem.field),
                xlsx_cell(listing, _("fout") if problem.level == ERROR else _("let op")),
                xlsx_cell(listing, problem.message),
            ]
        )
    return _save(workbook)


def _in_words(problem: Problem) -> str:
    kind = _("fout") if problem.level == ERROR else _("let op")
    where = f"{problem.column} ({problem.field})" if problem.column else problem.field
    return f"{kind} {where}: {problem.message}" if where else f"{kind}: {problem.message}"
