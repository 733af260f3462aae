"""Transfer between municipalities: export in the template by an account holder, logged, read
only by the receiving municipality's account holders, who import it; every field round-trips."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from matching.imports import files, selectors, services
from matching.imports.choices import ImportSource, ImportStatus, TransferDirection
from matching.imports.columns import NAMES
from matching.models import CaseloadTransfer
from tests.caseload_import.conftest import kvks
from tests.caseload_import.helpers import person, row, xlsx
from tests.caseload_import.test_commit_and_undo import commit, upload_and_check
from tests.conftest import in_tenant, login
from tests.factories_caseload_import import CaseloadTransferFactory


def full_rows(place):
    """Rows that use every column of the template."""
    a, b, c = person(1), person(2), person(4)
    return [
        row(
            **a,
            woongemeente="GM0642",
            uitkering="sdd",
            toestemming_door="K. de Klantmanager",
            toestemming_op=date(2021, 5, 1),
            leerwerkbedrijf=kvks(place)[0],
            soort_plek="regulier",
            startdatum=date(2021, 6, 1),
            einddatum=date(2022, 5, 31),
            uitstroomreden="betaald_werk",
            trede="plus",
            trede_vanaf=date(2021, 9, 1),
            uren_per_week=12.5,
            opmerking="Wil buiten werken.",
        ),
        row(
            **a,
            woongemeente="GM0642",
            uitkering="sdd",
            toestemming_door="K. de Klantmanager",
            toestemming_op=date(2021, 5, 1),
            leerwerkbedrijf=kvks(place)[1],
            soort_plek="orientatie",
            werkgever_orientatie="Bakkerij Van Dam",
            startdatum=date(2022, 6, 1),
            trede="basis",
            trede_vanaf=date(2022, 6, 1),
            uren_per_week=8,
            opmerking="Wil buiten werken.",
        ),
        row(
            **b,
            woongemeente="GM0505",
            uitkering="geen",
            leerwerkbedrijf=kvks(place)[2],
            soort_plek="regulier",
            startdatum=date(2020, 1, 6),
            trede="basis",
            trede_vanaf=date(2020, 1, 6),
            uren_per_week=20,
        ),
        row(
            **c,
            woongemeente="GM0505",
            uitkering="uwv",
            toestemming_door="UWV, J. Jansen",
            toestemming_op=date(2019, 12, 1),
            leerwerkbedrijf=kvks(place)[3],
            soort_plek="regulier",
            startdatum=date(2020, 2, 3),
            einddatum=date(2020, 12, 31),
            uitstroomreden="verhuisd",
            trede="basis",
            trede_vanaf=date(2020, 2, 3),
            uren_per_week=16,
        ),
    ]


def exported(content):
    sheet = load_workbook(io.BytesIO(content), read_only=True)["Deelnemers"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(NAMES)
    return sorted([list(r) for r in rows[1:]], key=lambda r: (r[0], r[10]))


def normalised(rows):
    out = []
    for values in rows:
        values = [v.date() if hasattr(v, "date") and callable(v.date) else v for v in values]
        values = [None if v == "" else v for v in values]
        values[15] = float(values[15])
        out.append(values)
    return sorted(out, key=lambda r: (r[0], str(r[10])))


def test_export_from_one_municipality_import_into_another_round_trips_every_field(
    place, zwijndrecht
):
    run = commit(place, upload_and_check(place, xlsx(full_rows(place))))
    assert run.status == ImportStatus.COMMITTED, run.problems
    with in_tenant(place.municipality):
        sent = services.transfer_send(
            municipality=place.municipality,
            to=zwijndrecht.municipality,
            selection=selectors.Selection(),
            actor=place.account_holder,
        )
        source_rows, _persons = selectors.caseload_rows(
            municipality=place.municipality, selection=selectors.Selection(), today=date(2026, 1, 1)
        )
    assert (sent.persons, sent.placements) == (3, 4)
    with in_tenant(zwijndrecht.municipality):
        incoming = CaseloadTransfer.objects.get(direction=TransferDirection.INCOMING)
        assert incoming.reference == sent.reference and incoming.counterpart == place.municipality
        run = services.transfer_import(transfer=incoming, actor=zwijndrecht.account_holder)
        assert run.source == ImportSource.TRANSFER
        run = services.import_check(run=run, actor=zwijndrecht.account_holder, background=False)
        assert run.error_count == 0, run.problems
        run = services.import_commit(run=run, actor=zwijndrecht.account_holder, background=False)
        assert run.placements_created == 4 and run.participants_created == 3
        back, _n = selectors.caseload_rows(
            municipality=zwijndrecht.municipality,
            selection=selectors.Selection(),
            today=date(2026, 1, 1),
        )
    assert normalised(back) == normalised(source_rows)
    # And the file itself holds what was put in, field for field.
    with in_tenant(zwijndrecht.municipality):
        with incoming.file.open("rb") as handle:
            content = handle.read()
    assert normalised(exported(content)) == normalised(source_rows)
    given = normalised([[r[name] for name in NAMES] for r in full_rows(place)])
    assert [r[0] for r in normalised(source_rows)] == [r[0] for r in given]
    assert normalised(source_rows) == given


def test_a_transfer_is_logged_on_both_sides_and_only_the_receiver_has_the_file(
    client, place, zwijndrecht
):
    commit(place, upload_and_check(place, xlsx(full_rows(place))))
    login(client, place.account_holder)
    response = client.post(
        f"/{place.municipality.slug}/overdrachten/",
        {"to": zwijndrecht.municipality.pk, "current_only": ""},
    )
    assert response.status_code == 302
    with in_tenant(place.municipality):
        outgoing = CaseloadTransfer.objects.get()
        assert outgoing.direction == TransferDirection.OUTGOING
        assert (outgoing.sent_by, outgoing.counterpart, outgoing.persons) == (
            place.account_holder,
            zwijndrecht.municipality,
            3,
        )
        assert not outgoing.file
    # The sender's account holder cannot read the file, not even by its reference.
    url = f"/{place.municipality.slug}/overdrachten/{outgoing.reference}/bestand.xlsx"
    assert client.get(url).status_code == 404
    # The receiver's consultant (no account holder) cannot either; its account holder can.
    other = f"/{zwijndrecht.municipality.slug}/overdrachten/{outgoing.reference}/bestand.xlsx"
    login(client, zwijndrecht.consultant)
    assert client.get(other).status_code == 403
    login(client, zwijndrecht.account_holder)
    response = client.get(other)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="overdracht-dordrecht-')
    page = client.get(f"/{zwijndrecht.municipality.slug}/overdrachten/").content.decode()
    assert "Dordrecht" in page and "Overdracht van Dordrecht importeren" in page
    response = client.post(
        f"/{zwijndrecht.municipality.slug}/overdrachten/{outgoing.reference}/importeren/"
    )
    assert response.status_code == 302 and "/import/" in response["Location"]


def test_a_selection_and_the_refusals(place, zwijndrecht):
    commit(place, upload_and_check(place, xlsx(full_rows(place))))
    with in_tenant(place.municipality):
        enrolment = place.extra["companies"][2].enrolments.get(municipality=place.municipality)
        sent = services.transfer_send(
            municipality=place.municipality,
            to=zwijndrecht.municipality,
            selection=selectors.Selection(enrolment_id=enrolment.pk),
            actor=place.account_holder,
        )
        assert (sent.persons, sent.placements) == (1, 1)
        assert "Werkplaats 2" in sent.selection
        movers = services.transfer_send(
            municipality=place.municipality,
            to=zwijndrecht.municipality,
            selection=selectors.Selection(home_municipality_id=zwijndrecht.municipality.pk),
            actor=place.account_holder,
        )
        assert movers.persons == 1 and movers.placements == 2
        with pytest.raises(ValidationError):
            services.transfer_send(
                municipality=place.municipality,
                to=place.municipality,
                selection=selectors.Selection(),
                actor=place.account_holder,
            )
        with pytest.raises(ValidationError, match="geen plaatsingen"):
            services.transfer_send(
                municipality=place.municipality,
                to=zwijndrecht.municipality,
                selection=selectors.Selection(home_municipality_id=999_999),
                actor=place.account_holder,
            )


def test_exported_text_never_becomes_a_formula(place):
    content = files.caseload_bytes(
        [["123456782", '=HYPERLINK("http://x","y")', "+31", *[None] * 15]]
    )
    sheet = load_workbook(io.BytesIO(content))["Deelnemers"]
    assert sheet["B2"].data_type == "s" and sheet["B2"].value == '=HYPERLINK("http://x","y")'


def test_received_and_sent_transfers_page_each_on_their_own(client, place, zwijndrecht):
    """A busy sender does not push what the municipality received off the page: each table has
    at most 100 rows and its own page links, which keep the other table's page."""
    municipality = place.municipality
    with in_tenant(municipality):
        for n in range(101):
            CaseloadTransferFactory(
                municipality=municipality,
                counterpart=zwijndrecht.municipality,
                sent_by=place.account_holder,
                persons=n + 1,
            )
        CaseloadTransferFactory(
            municipality=municipality,
            counterpart=zwijndrecht.municipality,
            sent_by=place.account_holder,
            direction=TransferDirection.INCOMING,
        )
    login(client, place.account_holder)
    url = f"/{municipality.slug}/overdrachten/"
    first = client.get(url)
    assert len(first.context["outgoing"]["page"].object_list) == 100
    assert len(first.context["incoming"]["page"].object_list) == 1
    html = first.content.decode()
    assert 'rel="next" href="?verzonden=2"' in html
    second = client.get(url, {"verzonden": "2", "ontvangen": "1"})
    assert len(second.context["outgoing"]["page"].object_list) == 1
    assert len(second.context["incoming"]["page"].object_list) == 1
    assert 'rel="prev" href="?ontvangen=1&amp;verzonden=1"' in second.content.decode()
