"""Data subject rights: the privacy officer produces everything the municipality holds about one
person (PDF and JSON, also ``manage.py export_person``), logged; an unknown BSN gets a clear
message and is logged too. The export holds every table that refers to the person: a test
enumerates them itself and fails when one is missing."""

from __future__ import annotations

import json
import subprocess
import tempfile
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from participatie.models import Participant, ReadEvent
from participatie.privacy.choices import ReadKind
from participatie.privacy.subject import subject_export, subject_sections, unregistered_models
from tests.conftest import in_tenant, login
from tests.privacy_duties.conftest import BSN, make_dossier

# Models written in the same wave as this test that refer to a person and are not in the
# registry yet: the caseload import's change records (their ``previous``/``applied`` hold the
# person's old and new values) and the partners' referrals. Register them in
# matching/privacy.py (fields for the export, ``anonymise`` for their free texts), then empty
# this set.
PENDING: set[str] = set()


def _models_that_refer_to_a_participant() -> set[str]:
    """Found here independently of the registry: a foreign-key path to Participant (through
    any number of tenant-owned rows) or a ``*participant_reference`` UUID."""
    reaching: set[type[models.Model]] = {Participant}
    candidates = [
        m
        for m in apps.get_models()
        if not getattr(m, "tenant_history", False) and m._meta.label != "participatie.ReadEvent"
    ]
    grew = True
    while grew:
        grew = False
        for model in candidates:
            if model in reaching:
                continue
            for field in model._meta.concrete_fields:
                if (field.is_relation and field.related_model in reaching) or (
                    isinstance(field, models.UUIDField)
                    and field.name.endswith("participant_reference")
                ):
                    reaching.add(model)
                    grew = True
                    break
    return {m._meta.label for m in reaching}


def test_every_model_that_refers_to_a_person_is_in_the_registry():
    assert set(unregistered_models()) - PENDING == set()
    registered = {s.model_class._meta.label for s in subject_sections()}
    assert _models_that_refer_to_a_participant() - registered - PENDING == set()


def test_the_export_holds_a_row_of_every_table_that_refers_to_the_person(dordrecht, zwijndrecht):
    dossier = make_dossier(dordrecht, zwijndrecht)
    with in_tenant(dordrecht.municipality):
        data = subject_export(dossier.participant)
    by_model = {s.model_class._meta.label: s.key for s in subject_sections()}
    for label in sorted(_models_that_refer_to_a_participant() - PENDING):
        rows = data["sections"][by_model[label]]["rows"]
        assert rows, f"{label}: no row of the person in the export"
    person = data["sections"]["participant"]["rows"][0]
    assert person["bsn"] == BSN and person["last_name"] == "Vrieslander"
    assert data["sections"]["participant"]["history"]  # the change history is part of it
    assert data["reads"] and data["reads"][0]["by"].startswith("Consulent matchingsunit")
    (shared,) = data["shared_with_other_municipalities"]
    assert shared["municipality"] == "Zwijndrecht" and "BSN" in shared["data"]
    json.dumps(data)  # plain JSON throughout


def _pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], check=True, capture_output=True, text=True
        ).stdout


def _find(client, bsn: str):
    return client.post("/dordrecht/privacy/", {"bsn": bsn})


def test_the_officer_finds_the_person_by_bsn_and_downloads_pdf_and_json(
    client, dordrecht, zwijndrecht, officer
):
    dossier = make_dossier(dordrecht, zwijndrecht)
    login(client, officer)
    response = _find(client, BSN)
    person_url = f"/dordrecht/privacy/personen/{dossier.participant.reference}/"
    assert response.status_code == 302 and response["Location"] == person_url
    assert BSN not in response["Location"]
    page = client.get(person_url)
    assert page.status_code == 200 and "Vrieslander" in page.content.decode()
    assert BSN not in page.content.decode()  # masked on the page

    as_json = client.get(f"{person_url}inzage.json")
    assert as_json.status_code == 200 and "no-store" in as_json["Cache-Control"]
    data = json.loads(b"".join(as_json.streaming_content))
    assert data["sections"]["placements"]["rows"][0]["reference"] == str(
        dossier.placement.reference
    )
    as_pdf = client.get(f"{person_url}inzage.pdf")
    assert as_pdf.status_code == 200
    text = _pdf_text(b"".join(as_pdf.streaming_content))
    for expected in ("Inzage in uw persoonsgegevens", "Vrieslander", "Plaatsingen", "Zwijndrecht"):
        assert expected in text
    with in_tenant(dordrecht.municipality):
        exports = ReadEvent.objects.filter(kind=ReadKind.EXPORT, object_id=dossier.participant.pk)
        assert exports.count() == 2 and {e.user_id for e in exports} == {officer.pk}


def test_an_unknown_bsn_is_said_clearly_and_still_logged(client, dordrecht, officer):
    login(client, officer)
    response = _find(client, "123456782")
    assert response.status_code == 400
    assert "Er is geen deelnemer met dit BSN in Dordrecht" in response.content.decode()
    assert 'value="123456782"' in response.content.decode()  # what was typed stays
    with in_tenant(dordrecht.municipality):
        (event,) = ReadEvent.objects.filter(kind=ReadKind.EXPORT)
    assert event.object_id is None and event.user_id == officer.pk
    assert event.filters["bsn"] == "*****6782" and event.filters["found"] is False
    assert "123456782" not in json.dumps(event.filters) + event.path


def test_an_invalid_bsn_is_refused_on_the_field(client, dordrecht, officer):
    login(client, officer)
    response = _find(client, "12345")
    assert response.status_code == 400
    assert "Dit is geen geldig BSN" in response.content.decode()


def test_export_person_writes_the_json_to_stdout_and_logs_it(dordrecht, zwijndrecht):
    dossier = make_dossier(dordrecht, zwijndrecht)
    out = StringIO()
    call_command("export_person", "dordrecht", BSN, stdout=out)
    data = json.loads(out.getvalue())
    assert data["reference"] == str(dossier.participant.reference)
    with in_tenant(dordrecht.municipality):
        event = ReadEvent.objects.get(kind=ReadKind.EXPORT)
    assert event.route == "manage.py export_person" and event.user_id is None


def test_export_person_with_an_unknown_bsn_fails_clearly_and_is_logged(dordrecht):
    with pytest.raises(CommandError, match="geen deelnemer met dit BSN in Dordrecht"):
        call_command("export_person", "dordrecht", "123456782", stdout=StringIO())
    with in_tenant(dordrecht.municipality):
        assert ReadEvent.objects.filter(kind=ReadKind.EXPORT, object_id=None).count() == 1
    with pytest.raises(CommandError, match="Onbekende gemeente"):
        call_command("export_person", "nergens", "123456782")
