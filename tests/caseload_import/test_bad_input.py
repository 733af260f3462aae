"""Bad input: each file is refused with a clear Dutch reason, and nothing is written."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from matching.imports import parsing, services
from matching.imports.mapping import check as check_mapping
from matching.models import CaseloadImport
from participatie.models import Participant
from tests.caseload_import.conftest import kvks
from tests.caseload_import.helpers import csv_bytes, person, row, xlsx
from tests.conftest import in_tenant, login


def refused(content: bytes, name: str = "bestand.xlsx") -> str:
    with pytest.raises(parsing.FileRefused) as caught:
        parsing.read_sheet(content, name)
    return str(caught.value)


def test_a_pdf_is_not_a_spreadsheet():
    assert "geen spreadsheet" in refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "lijst.pdf")


def test_a_zip_that_is_no_workbook_is_not_a_spreadsheet():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    assert "geen spreadsheet" in refused(buffer.getvalue())


def test_a_password_protected_workbook_is_refused_with_the_reason():
    # An encrypted Office file is an OLE container with these two streams (MS-OFFCRYPTO).
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    content = ole + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    assert "wachtwoord" in refused(content)


def test_an_old_xls_is_refused_with_what_to_do():
    assert ".xlsx" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "oud.xls")


def test_an_empty_file_and_a_header_only_file():
    assert "leeg" in refused(b"")
    assert "leeg" in refused(xlsx([], headers=[]))
    assert "alleen een kopregel" in refused(xlsx([]))
    assert "alleen een kopregel" in refused(csv_bytes([]), "x.csv")


def test_more_than_50000_rows_is_refused():
    lines = ["bsn;voornaam"] + ["123456782;Anna"] * (parsing.MAX_ROWS + 1)
    message = refused("\r\n".join(lines).encode(), "groot.csv")
    assert "meer dan 50.000 regels" in message


def test_a_header_that_maps_no_bsn():
    sheet = parsing.read_sheet(xlsx([{"naam": "Anna"}], headers=["naam", "plek"]))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        check_mapping({"naam": 0}, sheet.headers)
    assert "BSN" in caught.value.message_dict["bsn"][0]


def test_merged_header_cells_are_refused():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["bsn", "naam", ""])
    sheet.append(["123456782", "Anna de Vries", "x"])
    sheet.merge_cells("B1:C1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "samengevoegde cellen (B1:C1)" in refused(buffer.getvalue())


def test_formulas_without_a_stored_result_are_refused_with_the_cells():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["bsn", "uren_per_week"])
    sheet.append(["123456782", "=8+4"])  # openpyxl stores no result: nothing to read
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "formules zonder opgeslagen uitkomst (B2)" in refused(buffer.getvalue())


def test_formulas_with_a_stored_result_use_it_and_say_so(place):
    content = xlsx(
        [
            row(
                **person(1),
                leerwerkbedrijf=kvks(place)[0],
                startdatum="01-03-2022",
                uren_per_week=12,
            )
        ]
    )
    # Put a formula with a cached value into the hours cell (as Excel saves it).
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<c r="P2"([^>]*)><v>12</v></c>',
                    rb'<c r="P2"\1><f>6*2</f><v>12</v></c>',
                    data,
                )
                assert b"<f>6*2</f>" in data
            target.writestr(item, data)
    sheet = parsing.read_sheet(out.getvalue())
    assert sheet.formula_cells == {"P": ["P2"]}
    from tests.caseload_import.conftest import check

    outcome = check(place, out.getvalue())
    assert not outcome.errors
    assert any("formules" in p.message for p in outcome.warnings)


def test_a_csv_in_an_unknown_encoding_is_refused():
    assert "UTF-8" in refused("bsn;voornaam\r\n123456782;Zoë".encode("utf-16"), "x.csv")
    assert "UTF-8" in refused(b"bsn;voornaam\r\n123456782;\x81\x8d", "x.csv")


def test_csv_in_windows_1252_with_commas_is_read():
    sheet = parsing.read_sheet("bsn,voornaam\r\n123456782,Zoë\r\n".encode("cp1252"), "x.csv")
    assert sheet.headers == ["bsn", "voornaam"]
    assert sheet.rows == [(2, ["123456782", "Zoë"])]


def test_a_refused_upload_on_the_page_says_why_and_stores_nothing(client, place):
    login(client, place.consultant)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/{place.municipality.slug}/import/",
        {"file": SimpleUploadedFile("lijst.pdf", b"%PDF-1.4 binary")},
    )
    assert response.status_code == 400
    assert "Dit bestand is geen spreadsheet" in response.content.decode()
    with in_tenant(place.municipality):
        assert CaseloadImport.objects.count() == 0
        assert Participant.objects.count() == 0


def test_the_upload_limit_is_a_refusal(place, settings):
    with in_tenant(place.municipality), pytest.raises(parsing.FileRefused):
        services.import_upload(
            municipality=place.municipality,
            content=b"x" * (services.MAX_UPLOAD_BYTES + 1),
            file_name="x.csv",
            actor=place.consultant,
        )
