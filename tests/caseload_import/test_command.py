"""``manage.py import_caseload``: the same engine; ``--json``; exit 1 on errors, nothing written."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from matching.models import CaseloadImport
from participatie.models import Participant, Placement
from tests.caseload_import.conftest import kvks
from tests.caseload_import.helpers import person, row, xlsx
from tests.conftest import in_tenant


def run(capsys, *args):
    try:
        call_command("import_caseload", *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr().out


def test_json_dry_run_then_import(tmp_path, capsys, place):
    path = tmp_path / "caseload.xlsx"
    path.write_bytes(
        xlsx(
            [
                row(
                    **person(n),
                    leerwerkbedrijf=kvks(place)[0],
                    startdatum="01-03-2022",
                    uren_per_week=12,
                )
                for n in range(3)
            ]
        )
    )
    code, out = run(capsys, place.municipality.slug, str(path), "--dry-run", "--json")
    result = json.loads(out)
    assert code == 0
    assert {
        k: result[k]
        for k in (
            "rows",
            "errors",
            "participants_created",
            "participants_updated",
            "placements_created",
            "unchanged",
        )
    } == {
        "rows": 3,
        "errors": [],
        "participants_created": 3,
        "participants_updated": 0,
        "placements_created": 3,
        "unchanged": 0,
    }
    assert isinstance(result["warnings"], list)
    with in_tenant(place.municipality):
        assert Placement.objects.count() == 0 and CaseloadImport.objects.count() == 0
    code, out = run(
        capsys, place.municipality.slug, str(path), "--json", "--user", place.consultant.email
    )
    assert code == 0 and json.loads(out)["placements_created"] == 3
    code, out = run(
        capsys, place.municipality.slug, str(path), "--json", "--user", place.consultant.email
    )
    assert json.loads(out)["unchanged"] == 3
    with in_tenant(place.municipality):
        assert Placement.objects.count() == 3
        assert CaseloadImport.objects.filter(source="command", status="committed").count() == 2


def test_errors_exit_1_and_write_nothing(tmp_path, capsys, place):
    path = tmp_path / "caseload.csv"
    path.write_text(
        "bsn;voornaam;achternaam;geboortedatum;leerwerkbedrijf;startdatum;uren_per_week\r\n"
        f"{person(1)['bsn']};Anna;Smit;01-01-1980;{kvks(place)[0]};01-03-2022;12\r\n"
        f"{person(2)['bsn']};Bram;Smit;01-01-1980;{kvks(place)[0]};31-02-2022;12\r\n",
        encoding="utf-8",
    )
    code, out = run(
        capsys, place.municipality.slug, str(path), "--json", "--user", place.consultant.email
    )
    assert code == 1
    assert json.loads(out)["errors"] == [
        {"row": 3, "column": "F", "field": "startdatum", "message": "Deze datum bestaat niet."}
    ]
    with in_tenant(place.municipality):
        assert Participant.objects.count() == 0 and CaseloadImport.objects.count() == 0


def test_a_mapping_file(tmp_path, capsys, place):
    data = tmp_path / "eigen.csv"
    data.write_text(
        "Naam deelnemer;Geb.datum;Plek bij;Start;Uren;BSN-nummer\r\n"
        f"Anna de Vries;01-01-1980;{kvks(place)[0]};01-03-2022;12;{person(1)['bsn']}\r\n",
        encoding="cp1252",
    )
    mapping = tmp_path / "koppeling.json"
    mapping.write_text(json.dumps({"bsn": "BSN-nummer", "uren_per_week": "Uren"}))
    code, out = run(
        capsys,
        place.municipality.slug,
        str(data),
        "--mapping",
        str(mapping),
        "--json",
        "--user",
        place.consultant.email,
    )
    assert code == 0, out
    with in_tenant(place.municipality):
        assert Participant.objects.get().last_name == "de Vries"


def test_refusals(tmp_path, capsys, place):
    path = tmp_path / "leeg.csv"
    path.write_bytes(b"")
    code, out = run(capsys, place.municipality.slug, str(path), "--json", "--dry-run")
    assert code == 1 and "leeg" in json.loads(out)["errors"][0]["message"]
    with pytest.raises(CommandError, match="--user"):
        call_command("import_caseload", place.municipality.slug, str(path))
    with pytest.raises(CommandError, match="may not import"):
        call_command(
            "import_caseload", place.municipality.slug, str(path), "--user", place.lwb_a_admin.email
        )
