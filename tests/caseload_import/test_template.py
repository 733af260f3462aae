"""The published template: made by code, the committed docs/import-template.xlsx is what the
code makes, data validation on the coded columns, a Toelichting sheet, and the page's
download with the municipality's step codes."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from openpyxl import load_workbook

from matching.imports.columns import COLUMNS, NAMES
from matching.imports.files import template_bytes
from tests.conftest import login

DOCS = Path(settings.BASE_DIR) / "docs" / "import-template.xlsx"


def content_of(data: bytes) -> dict:
    """What a reader sees: every sheet's cell values, widths, frozen panes and validations."""
    book = load_workbook(io.BytesIO(data))
    found = {}
    for sheet in book.worksheets:
        found[sheet.title] = {
            "cells": [list(r) for r in sheet.iter_rows(values_only=True)],
            "validations": sorted(
                (str(v.sqref), v.formula1, v.type) for v in sheet.data_validations.dataValidation
            ),
            "freeze": sheet.freeze_panes,
        }
    return found


def test_the_committed_template_is_what_the_code_makes():
    assert DOCS.exists(), "run `make import-template`"
    assert content_of(DOCS.read_bytes()) == content_of(template_bytes()), (
        "docs/import-template.xlsx is out of date: run `make import-template`"
    )


def test_the_template_has_the_columns_an_explanation_and_validation():
    book = content_of(template_bytes())
    assert list(book) == ["Deelnemers", "Toelichting"]
    assert book["Deelnemers"]["cells"] == [list(NAMES)]
    assert book["Deelnemers"]["freeze"] == "A2"
    validations = {
        sqref.split(":")[0]: formula for sqref, formula, _type in book["Deelnemers"]["validations"]
    }
    assert validations == {
        "F2": '"geen,sdd,uwv"',
        "J2": '"regulier,orientatie,tweede"',
        "M2": '"betaald_werk,vrijwilligerswerk,opleiding,dagbesteding,verhuisd,gezondheid,'
        'herhaald_verzuim,anders"',
    }
    explained = {r[0]: r for r in book["Toelichting"]["cells"] if r and r[0] in NAMES}
    assert set(explained) == set(NAMES)
    assert explained["bsn"][1] == "ja" and explained["opmerking"][1] == "nee"
    assert all(explained[c.name][2] for c in COLUMNS)


def test_the_download_offers_the_municipalitys_step_codes(client, place):
    login(client, place.consultant)
    response = client.get(f"/{place.municipality.slug}/import/sjabloon.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="import-sjabloon.xlsx"'
    validations = dict(
        (sqref.split(":")[0], formula)
        for sqref, formula, _type in content_of(response.content)["Deelnemers"]["validations"]
    )
    assert validations["N2"] == '"basis,plus"'
