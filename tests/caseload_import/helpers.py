"""Building caseload files for the import tests: the template's columns, rows of realistic
people, and the mess a real spreadsheet has (numeric BSNs, mixed date formats, spaces)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook

from matching.imports.columns import NAMES
from participatie.models import Municipality, Organisation, Step
from tests.conftest import in_tenant
from tests.factories import EnrolmentFactory, OrganisationFactory, valid_bsn

FIRST = ["Anna", "Bram", "Cor", "Daan", "Eva", "Fatima", "Gert", "Hanna", "Ismail", "Joke"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"]


def bsn_with_zero(n: int) -> str:
    """The n-th nine-digit BSN that starts with 0 (it loses that zero when stored as a number)."""
    for prefix in (1_000_000 + 2 * n, 1_000_001 + 2 * n):
        digits = f"0{prefix:07d}"
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return f"{digits}{check}"
    raise AssertionError("no valid check digit")


def row(**values: Any) -> dict[str, Any]:
    """One template row; unspecified columns empty."""
    return {name: values.get(name) for name in NAMES}


def person(n: int, *, offset: int = 500_000) -> dict[str, Any]:
    return {
        "bsn": bsn_with_zero(offset + n) if n % 3 == 0 else valid_bsn(offset + n),
        "voornaam": FIRST[n % len(FIRST)],
        "achternaam": f"{LAST[n % len(LAST)]} {n}",
        "geboortedatum": date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
    }


def xlsx(
    rows: Iterable[dict[str, Any]], headers: Sequence[str] = NAMES, sheet: str = "Deelnemers"
) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(list(headers))
    for values in rows:
        ws.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: Iterable[dict[str, Any]],
    headers: Sequence[str] = NAMES,
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for values in rows:
        out = []
        for h in headers:
            value = values.get(h)
            if isinstance(value, (date, datetime)):
                value = value.strftime("%d-%m-%Y")
            out.append("" if value is None else str(value))
        writer.writerow(out)
    return buffer.getvalue().encode(encoding)


def companies(
    municipality: Municipality, count: int, *, max_places: int = 400
) -> list[Organisation]:
    found = []
    with in_tenant(municipality):
        for n in range(count):
            organisation = OrganisationFactory(
                slug=f"lwb-{municipality.slug}-{n}",
                name=f"Werkplaats {n}",
                kvk_number=f"{70000000 + n:08d}",
            )
            EnrolmentFactory(
                municipality=municipality, organisation=organisation, max_places=max_places
            )
            found.append(organisation)
    return found


def steps_for(municipality: Municipality, years: range = range(2015, 2031)) -> None:
    with in_tenant(municipality):
        for year in years:
            if Step.objects.filter(municipality=municipality, year=year).exists():
                continue
            Step.objects.create(
                municipality=municipality,
                year=year,
                code="basis",
                label="Basis",
                is_default=True,
                position=1,
            )
            Step.objects.create(
                municipality=municipality, year=year, code="plus", label="Plus", position=2
            )


def messy_rows(
    count: int, company_kvks: Sequence[str], *, offset: int = 500_000
) -> list[dict[str, Any]]:
    """``count`` rows, about one in five people with two placements, and the mess of a real
    file: BSNs as numbers (some with the leading zero lost), dates as dd-mm-jjjj text,
    jjjj-mm-dd text, Excel dates and serial numbers, names and companies with spaces around
    them, hours as "12,5"."""
    rows: list[dict[str, Any]] = []
    n = 0
    while len(rows) < count:
        who = person(n, offset=offset)
        placements = 2 if n % 5 == 0 and len(rows) + 2 <= count else 1
        for k in range(placements):
            start = date(2019 + (n + k) % 4, 1 + n % 12, 1 + (n * 3) % 27)
            values = dict(who)
            bsn = values["bsn"]
            if n % 3 == 0:
                values["bsn"] = int(bsn)  # a number: a leading zero is lost
            elif n % 3 == 1:
                values["bsn"] = f" {bsn} "
            birth = values["geboortedatum"]
            if n % 4 == 0:
                values["geboortedatum"] = birth.strftime("%d-%m-%Y")
            elif n % 4 == 1:
                values["geboortedatum"] = birth.isoformat()
            elif n % 4 == 2:
                values["geboortedatum"] = (birth - date(1899, 12, 30)).days  # Excel serial
            values["voornaam"] = f"{values['voornaam']}  "
            values["achternaam"] = f" {values['achternaam']}"
            values["leerwerkbedrijf"] = company_kvks[(n + k * 7) % len(company_kvks)] + (
                " " if n % 2 else ""
            )
            values["startdatum"] = start.strftime("%d-%m-%Y") if (n + k) % 2 else start
            values["uren_per_week"] = "12,5" if n % 2 else 16
            values["uitkering"] = ["geen", "sdd", "uwv", ""][n % 4]
            if values["uitkering"] in ("sdd", "uwv"):
                values["toestemming_door"] = "K. Klantmanager"
                values["toestemming_op"] = date(2018, 6, 1)
            if k == 0 and placements == 2:
                values["einddatum"] = date(start.year, start.month, 1).replace(day=28)
                if values["einddatum"] < start:
                    values["einddatum"] = start
                values["uitstroomreden"] = "betaald werk"
            values["woongemeente"] = "GM0505" if n % 2 else "Dordrecht"
            values["trede"] = "plus" if n % 6 == 1 else ""
            values["opmerking"] = "Wil graag buiten werken." if n % 7 == 0 else ""
            rows.append(values)
        n += 1
    return rows[:count]
