"""Reading an uploaded spreadsheet into a header row and data rows, or refusing it with the
reason in Dutch.

XLSX is read in openpyxl's streaming mode with the cached values of formulas; one pass also
notes formula cells (a formula without a stored result is refused: there is no value to read)
and merged cells (a merged header cannot be mapped). CSV may be UTF-8 (with or without a
byte-order mark) or Windows-1252, separated by ``;`` or ``,``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from matching.imports.columns import column_letter
from participatie.kernel.formatting import number

MAX_ROWS = 50_000
XLSX = "xlsx"
CSV = "csv"
PREFERRED_SHEET = "Deelnemers"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office files encrypted with a password are OLE containers with these streams.
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF")


class FileRefused(Exception):
    """The file cannot be read as a caseload spreadsheet; the message says why, in Dutch."""


@dataclass
class Sheet:
    """The header row and the non-empty data rows of the sheet that holds the caseload."""

    file_format: str
    sheet_name: str
    header_row: int
    headers: list[str]
    # (row number as the spreadsheet shows it, cell values)
    rows: list[tuple[int, list[Any]]]
    # Cells whose formula's stored result was used, by column letter: ["D5", "D6", ...].
    formula_cells: dict[str, list[str]] = field(default_factory=dict)
    # Merged ranges below the header row ("B5:B7").
    merged_ranges: list[str] = field(default_factory=list)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _is_empty(values: list[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _too_many() -> FileRefused:
    return FileRefused(
        _(
            "Het bestand heeft meer dan %(max)s regels met deelnemers. Splits het in delen van "
            "hoogstens %(max)s regels en importeer die na elkaar."
        )
        % {"max": number(MAX_ROWS)}
    )


def _collect(
    rows: Iterator[tuple[int, list[Any]]], header_only: bool = False
) -> tuple[int, list[str], list]:
    """The first non-empty row is the header; the non-empty rows after it are data (not read
    with ``header_only``)."""
    header_row = 0
    headers: list[str] = []
    data: list[tuple[int, list[Any]]] = []
    for number_, values in rows:
        if _is_empty(values):
            continue
        if not header_row:
            header_row = number_
            headers = [_cell_text(value) for value in values]
            while headers and not headers[-1]:
                headers.pop()
            if header_only:
                return header_row, headers, []
            continue
        data.append((number_, values))
        if len(data) > MAX_ROWS:
            raise _too_many()
    if not header_row:
        raise FileRefused(_("Het bestand is leeg: er staan geen gegevens in."))
    if not data:
        raise FileRefused(_("Het bestand heeft alleen een kopregel en geen regels met deelnemers."))
    return header_row, headers, data


def read_sheet(content: bytes, file_name: str = "", *, header_only: bool = False) -> Sheet:
    """The caseload sheet of ``content`` (XLSX or CSV), or :class:`FileRefused`. With
    ``header_only`` only the header row is read (no rows; the checks of the whole file, such
    as merged header cells and formulas without a result, wait for the full read)."""
    if not content:
        raise FileRefused(_("Het bestand is leeg: er staan geen gegevens in."))
    if content.startswith(_OLE_MAGIC):
        if any(marker in content for marker in _ENCRYPTED_MARKERS):
            raise FileRefused(
                _(
                    "Het bestand is beveiligd met een wachtwoord. Haal de beveiliging eraf "
                    "(in Excel: Bestand, Info, Werkmap beveiligen) en upload het opnieuw."
                )
            )
        raise FileRefused(
            _(
                "Dit is een oud Excel-bestand (.xls). Sla het op als Excel-werkmap (.xlsx) of als "
                "CSV en upload het opnieuw."
            )
        )
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content, header_only)
    if content.startswith(_BINARY_SIGNATURES):
        raise FileRefused(_not_a_spreadsheet())
    return _read_csv(content, file_name, header_only)


def _not_a_spreadsheet() -> str:
    return _(
        "Dit bestand is geen spreadsheet. Upload een Excel-bestand (.xlsx) of een CSV-bestand."
    )


# -- XLSX -----------------------------------------------------------------------------------------


def _read_xlsx(content: bytes, header_only: bool = False) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise FileRefused(_not_a_spreadsheet()) from None
    except Exception:  # openpyxl raises its own kinds for a broken package
        raise FileRefused(_not_a_spreadsheet()) from None
    try:
        names = workbook.sheetnames
        if not names:
            raise FileRefused(_("Het bestand heeft geen werkbladen."))
        name = next((n for n in names if n.strip().lower() == PREFERRED_SHEET.lower()), names[0])
        worksheet = workbook[name]
        if not hasattr(worksheet, "_worksheet_path"):
            raise FileRefused(
                _("Het werkblad %(name)s bevat geen tabel (het is een grafiekblad).")
                % {"name": name}
            )
        parser = _parser(workbook, worksheet)
        rows = _xlsx_rows(parser)
        header_row, headers, data = _collect(rows, header_only)
        if header_only:
            rows.close()
            return Sheet(XLSX, name, header_row, headers, [])
        # Merged ranges and the formula notes are complete once the whole sheet has been read.
        merged = [
            str(ref) for ref in (parser.merged_cells.mergeCell if parser.merged_cells else [])
        ]
    finally:
        workbook.close()
    _check_formulas(parser)
    merged_in_header = [ref for ref in merged if _touches_row(ref, header_row)]
    if merged_in_header:
        raise FileRefused(
            _(
                "De kopregel heeft samengevoegde cellen (%(cells)s). Maak de samenvoeging "
                "ongedaan, zodat elke kolom een eigen kop heeft, en upload het bestand opnieuw."
            )
            % {"cells": ", ".join(merged_in_header)}
        )
    return Sheet(
        file_format=XLSX,
        sheet_name=name,
        header_row=header_row,
        headers=headers,
        rows=data,
        formula_cells=parser.formula_cells_by_column(),
        merged_ranges=[ref for ref in merged if _first_row(ref) > header_row],
    )


def _parser(workbook: Any, worksheet: Any) -> Any:
    """A streaming parser of the sheet that also notes formula cells. openpyxl's parser is
    private API; it is what ``iter_rows`` uses inside, so the values are exactly openpyxl's."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class NotingParser(WorkSheetParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.formulas_with_value: list[tuple[int, int]] = []
            self.formulas_without_value: list[tuple[int, int]] = []

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell = super().parse_cell(element)
            if element.find(FORMULA_TAG) is not None:
                where = (cell["row"], cell["column"])
                if cell["value"] is None:
                    self.formulas_without_value.append(where)
                else:
                    self.formulas_with_value.append(where)
            return cell

        def formula_cells_by_column(self) -> dict[str, list[str]]:
            found: dict[str, list[str]] = {}
            for row, column in self.formulas_with_value:
                letter = column_letter(column - 1)
                found.setdefault(letter, []).append(f"{letter}{row}")
            return found

    source = workbook._archive.open(worksheet._worksheet_path)
    return NotingParser(
        source,
        worksheet._shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )


def _xlsx_rows(parser: Any) -> Iterator[tuple[int, list[Any]]]:
    try:
        for number_, cells in parser.parse():
            if not cells:
                continue
            width = max(cell["column"] for cell in cells)
            values: list[Any] = [None] * width
            for cell in cells:
                value = cell["value"]
                if cell["data_type"] == "e":
                    value = None  # #N/B, #WAARDE!: no value to read
                values[cell["column"] - 1] = value
            yield number_, values
    finally:
        parser.source.close()


def _check_formulas(parser: Any) -> None:
    missing = parser.formulas_without_value
    if missing:
        shown = ", ".join(f"{column_letter(c - 1)}{r}" for r, c in missing[:5])
        raise FileRefused(
            _(
                "Het bestand bevat formules zonder opgeslagen uitkomst (%(cells)s). Open het in "
                "Excel, sla het op (dan bewaart Excel de uitkomsten) of vervang de formules door "
                "waarden, en upload het opnieuw."
            )
            % {"cells": shown + (" …" if len(missing) > 5 else "")}
        )


def _range_rows(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import range_boundaries

    _min_col, min_row, _max_col, max_row = range_boundaries(ref)
    return int(min_row or 0), int(max_row or 0)


def _first_row(ref: str) -> int:
    return _range_rows(ref)[0]


def _touches_row(ref: str, row: int) -> bool:
    first, last = _range_rows(ref)
    return first <= row <= last


# -- CSV ------------------------------------------------------------------------------------------


def _decode(content: bytes, file_name: str) -> str:
    unknown = _(
        "De tekens in dit CSV-bestand zijn niet te lezen: het is geen UTF-8 en geen Windows-1252. "
        "Sla het in Excel op als 'CSV UTF-8 (door komma's gescheiden)' en upload het opnieuw."
    )
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:4096]:
        # UTF-16 (or a binary file): say so for a .csv, otherwise it is no spreadsheet at all.
        if file_name.lower().endswith((".csv", ".txt")) or content.startswith(
            (b"\xff\xfe", b"\xfe\xff")
        ):
            raise FileRefused(unknown)
        raise FileRefused(_not_a_spreadsheet())
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise FileRefused(unknown) from None


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") >= first.count(",") else ","


def _read_csv(content: bytes, file_name: str, header_only: bool = False) -> Sheet:
    text = _decode(content, file_name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header_row, headers, data = _collect(
            ((number_, list(values)) for number_, values in enumerate(reader, start=1)),
            header_only,
        )
    except csv.Error:
        raise FileRefused(_not_a_spreadsheet()) from None
    return Sheet(file_format=CSV, sheet_name="", header_row=header_row, headers=headers, rows=data)
