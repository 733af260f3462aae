"""Column mapping for a foreign spreadsheet (saved per matching unit), the Celery job for a
large file with its progress, and statements that grow with batches, not with rows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.imports import mapping, services
from matching.imports.choices import ImportStatus
from matching.models import ImportMapping
from participatie.models import Participant, Placement
from tests.caseload_import.conftest import check, kvks
from tests.caseload_import.helpers import person, row, xlsx
from tests.conftest import in_tenant, login

FOREIGN = ["BSN-nr", "Naam deelnemer", "Geb.datum", "Plek bij", "Start", "Uren p/w", "Uitkering?"]


def foreign_rows(place, count=3):
    rows = []
    for n in range(count):
        who = person(n)
        rows.append(
            {
                "BSN-nr": who["bsn"],
                "Naam deelnemer": f"{who['voornaam']} {who['achternaam']}",
                "Geb.datum": who["geboortedatum"],
                "Plek bij": kvks(place)[n % 8],
                "Start": "01-04-2022",
                "Uren p/w": "12,5",
                "Uitkering?": "nee",
            }
        )
    return rows


def test_the_headings_we_know_are_suggested():
    suggested = mapping.suggest(FOREIGN)
    assert suggested == {
        "naam": 1,
        "geboortedatum": 2,
        "leerwerkbedrijf": 3,
        "startdatum": 4,
        "uitkering": 6,
    }


def test_a_foreign_header_row_is_mapped_on_the_page_saved_and_imported(client, place):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, place.consultant)
    slug = place.municipality.slug
    content = xlsx(foreign_rows(place), headers=FOREIGN, sheet="Caseload MEE")
    response = client.post(f"/{slug}/import/", {"file": SimpleUploadedFile("mee.xlsx", content)})
    assert response.status_code == 302
    detail = response["Location"]
    page = client.get(detail).content.decode()
    assert "Kolommen koppelen" in page and "A: BSN-nr" in page
    # Without a BSN column the page says so on the field, and keeps the choices.
    response = client.post(detail, {"col_naam": "1", "col_geboortedatum": "2"})
    assert (
        response.status_code == 400 and "Geen kolom gekoppeld aan BSN" in response.content.decode()
    )
    choices = {
        "col_bsn": "0",
        "col_naam": "1",
        "col_geboortedatum": "2",
        "col_leerwerkbedrijf": "3",
        "col_startdatum": "4",
        "col_uren_per_week": "5",
        "col_uitkering": "6",
        "save_mapping": "on",
    }
    response = client.post(detail, choices)
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "Geen fouten gevonden" in page, page[page.find("Meldingen") :][:2000]
    assert ImportMapping.objects.get(organisation=place.matching_unit).columns["bsn"] == "BSN-nr"
    response = client.post(detail + "importeren/")
    assert response.status_code == 302
    with in_tenant(place.municipality):
        assert Placement.objects.count() == 3
        first = Participant.objects.get(bsn=person(0)["bsn"])
        assert (first.first_name, first.last_name) == (
            person(0)["voornaam"],
            person(0)["achternaam"],
        )
    # The next file of this matching unit is mapped by the saved mapping at once.
    response = client.post(f"/{slug}/import/", {"file": SimpleUploadedFile("mee-2.xlsx", content)})
    with in_tenant(place.municipality):
        from matching.models import CaseloadImport

        latest = CaseloadImport.objects.order_by("-id").first()
    assert latest.mapping["bsn"] == 0 and latest.mapping["uren_per_week"] == 5
    page = client.get(f"/{slug}/deelnemers/").content.decode()
    assert person(0)["achternaam"] in page


def test_a_large_file_runs_as_a_job_with_progress(
    client, place, settings, django_capture_on_commit_callbacks
):
    settings.CASELOAD_IMPORT_SYNC_BYTES = 10
    login(client, place.consultant)
    content = xlsx(
        [
            row(
                **person(n),
                leerwerkbedrijf=kvks(place)[0],
                startdatum="01-03-2022",
                uren_per_week=12,
            )
            for n in range(20)
        ]
    )
    with in_tenant(place.municipality):
        run = services.import_upload(
            municipality=place.municipality,
            content=content,
            file_name="groot.xlsx",
            actor=place.consultant,
        )
    assert run.rows == 0  # only the header was read in the request
    slug = place.municipality.slug
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            f"/{slug}/import/{run.reference}/", {f"col_{k}": str(v) for k, v in run.mapping.items()}
        )
    assert response.status_code == 302
    with in_tenant(place.municipality):
        run.refresh_from_db()
    assert run.status == ImportStatus.CHECKING
    page = client.get(f"/{slug}/import/{run.reference}/voortgang/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    for callback in callbacks:
        callback()  # the job (eager Celery in the tests)
    with in_tenant(place.municipality):
        run.refresh_from_db()
    assert (run.status, run.rows, run.error_count) == (ImportStatus.CHECKED, 20, 0)
    response = client.get(f"/{slug}/import/{run.reference}/voortgang/", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/{slug}/import/{run.reference}/importeren/")
    with in_tenant(place.municipality):
        run.refresh_from_db()
        assert run.status == ImportStatus.COMMITTED and Placement.objects.count() == 20


def _statements(place, count, offset):
    content = xlsx(
        [
            row(
                **person(n, offset=offset),
                leerwerkbedrijf=kvks(place)[n % 8],
                startdatum="01-03-2022",
                uren_per_week=12,
            )
            for n in range(count)
        ]
    )
    with CaptureQueriesContext(connection) as queries:
        outcome = check(place, content, commit=True)
    assert outcome.committed and outcome.placements_created == count
    return len(queries)


def test_statements_grow_with_batches_not_with_rows(place):
    small = _statements(place, 20, 600_000)
    large = _statements(place, 400, 700_000)
    # 380 more rows: the statements grow by the extra batches (SQLite takes fewer rows per
    # INSERT than PostgreSQL), far from one statement per row.
    assert large - small < (400 - 20) / 5, (small, large)


def test_uploaded_files_go_after_the_undo_period(place):
    from datetime import timedelta

    from django.utils import timezone

    from matching.imports.tasks import expire_import_files
    from matching.models import CaseloadImport

    content = xlsx(
        [row(**person(1), leerwerkbedrijf="x", startdatum="01-03-2022", uren_per_week=1)]
    )
    with in_tenant(place.municipality):
        run = services.import_check(
            run=services.import_upload(
                municipality=place.municipality,
                content=content,
                file_name="a.xlsx",
                actor=place.consultant,
            ),
            actor=place.consultant,
            background=False,
        )
        assert run.file and run.error_file
        CaseloadImport.objects.filter(pk=run.pk).update(
            created_at=timezone.now() - timedelta(days=31)
        )
    assert expire_import_files() == 1
    with in_tenant(place.municipality):
        run.refresh_from_db()
    assert not run.file and not run.error_file and run.sha256
