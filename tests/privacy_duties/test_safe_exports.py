"""Why 2: a participant whose first name starts with "=" became a live formula cell in the
matching unit's quarterly report and the occupancy report (XLSX), and an unescaped cell in the
CSV. Every spreadsheet now goes through participatie.kernel.spreadsheets: text from the data
stays text, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from participatie.kernel import spreadsheets
from participatie.models import Organisation, ReadEvent
from participatie.reports import render
from tests.conftest import in_tenant, login
from tests.reports_apps.conftest import context, run
from tests.reports_kinds.conftest import build, place

EVIL_FIRST = '=HYPERLINK("http://x","y")'
EVIL_LAST = "+cmd|' /C calc'!A0"
EVIL_COMPANY = "@SUM(1+1)*cmd|' /C calc'!A0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def evil(dordrecht):
    Organisation.objects.filter(pk=dordrecht.lwb_a.pk).update(name=EVIL_COMPANY)
    placements = place(
        dordrecht,
        dordrecht.lwb_a,
        3,
        start=datetime.date(2022, 1, 10),
        end=datetime.date(2022, 3, 1),
        reason="paid_work",
        first_name=EVIL_FIRST,
    )
    with in_tenant(dordrecht.municipality):
        for placement in placements:
            placement.participant.last_name = EVIL_LAST
            placement.participant.save(update_fields=["last_name"])
    return dordrecht


def _reports(side):
    _fingerprint, quarterly = run(
        "mu_quarterly",
        context(
            municipality=side.municipality,
            parameters={"year": 2022, "quarter": 1},
            today=datetime.date(2022, 4, 15),
        ),
        open_for=[side.municipality],
    )
    occupancy = build("occupancy", side.municipality, date=datetime.date(2022, 2, 1))
    return {"mu_quarterly": quarterly, "occupancy": occupancy}


def _assert_text_not_formula(workbook_bytes: bytes, expected: list[str]) -> None:
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    texts: list[str] = []
    numbers = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # The product makes no formulas at all: any formula cell came from the data.
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                elif isinstance(cell.value, (int, float)):
                    numbers += 1
    for value in expected:
        assert any(value in text for text in texts), value
    assert numbers, "numbers must stay numbers"


def _assert_csv_neutralised(csv_data: bytes, expected: list[str]) -> None:
    rows = list(csv.reader(io.StringIO(csv_data.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            # Only a number the product wrote itself may start with a minus.
            assert cell.startswith("-") and cell[1:].replace(".", "").replace(",", "").isdigit(), (
                cell
            )
    for value in expected:
        assert any(cell == "'" + value or ("'" + value) in cell for cell in cells), value


@pytest.mark.parametrize("slug", ["mu_quarterly", "occupancy"])
def test_names_that_look_like_formulas_are_text_in_xlsx_and_csv(evil, slug):
    report = _reports(evil)[slug]
    expected = [EVIL_COMPANY]
    if slug == "mu_quarterly":
        expected.append(f"{EVIL_FIRST} {EVIL_LAST}")
    _assert_text_not_formula(render.xlsx_bytes(report), expected)
    _assert_csv_neutralised(render.csv_bytes(report), expected)


def test_the_xlsx_keeps_numbers_and_dates_as_numbers_and_dates():
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("t")
    sheet.append(
        spreadsheets.xlsx_row(
            sheet, ["=1+1", -12, Decimal("-3.50"), 0.25, datetime.date(2022, 1, 1), "-uitleg"]
        )
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(iter(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows()))
    assert [c.data_type for c in cells] == ["s", "n", "n", "n", "d", "s"]
    assert cells[0].value == "=1+1" and cells[1].value == -12


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+31612345678", "'+31612345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Jansen", "Jansen"),
        (spreadsheets.Formatted("-12,50"), "-12,50"),
        (Decimal("-3.5"), "-3.5"),
        (-7, "-7"),
        (None, ""),
    ],
)
def test_a_csv_cell_is_neutralised_unless_the_product_wrote_a_number(value, written):
    assert spreadsheets.csv_cell(value) == written


def test_the_read_log_export_neutralises_a_user_name(client, dordrecht, zwijndrecht):
    from participatie.choices import Role
    from tests.factories import MembershipFactory, UserFactory

    officer = UserFactory(email="privacy@dordrecht.example.nl")
    MembershipFactory(user=officer, organisation=dordrecht.office, role=Role.PRIVACY_OFFICER)
    evil_user = UserFactory(first_name="=cmd|' /C calc'!A0", last_name="")
    with in_tenant(dordrecht.municipality):
        ReadEvent.objects.create(
            municipality=dordrecht.municipality,
            user=evil_user,
            object_type="participatie.participant",
            object_id=1,
            route="=route",
            path="/",
        )
    login(client, officer)
    response = client.get("/dordrecht/privacy/inzagelog/export.csv")
    assert response.status_code == 200
    _assert_csv_neutralised(response.content, ["=cmd|' /C calc'!A0", "=route"])
