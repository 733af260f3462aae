"""The report run machinery: request, reuse, force, files, failures, crashes, sweep, expiry,
the schedule and the walls between municipalities."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from openpyxl import load_workbook

from participatie.choices import Role
from participatie.models import RegionalReportRun, ReportRun, ReportStatus
from participatie.reports import render, selectors, services, tasks
from participatie.tenancy.context import all_tenants
from tests.conftest import Side, in_tenant
from tests.reports.conftest import SLUG, place

pytestmark = pytest.mark.django_db
YEAR = "2022"


def request(side: Side, *, data=None, roles=frozenset({Role.ACCOUNT_HOLDER}), force=False):
    with in_tenant(side.municipality):
        return services.report_request(
            kind_slug=SLUG,
            data={"year": YEAR} if data is None else data,
            user=side.account_holder,
            roles=set(roles),
            municipality=side.municipality,
            force=force,
        )


def fresh(run: ReportRun | RegionalReportRun) -> ReportRun | RegionalReportRun:
    with transaction.atomic(), all_tenants(reason="test reads a run back"):
        return type(run).objects.get(pk=run.pk)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_a_request_builds_the_three_files(
    test_kind, dordrecht, django_capture_on_commit_callbacks, tmp_path
):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    place(dordrecht, "Bakker", datetime.date(2022, 5, 1), company=1)
    with django_capture_on_commit_callbacks(execute=True):
        result = request(dordrecht)
    assert not result.reused
    run = fresh(result.run)
    assert run.status == ReportStatus.DONE
    assert run.progress == 100 and run.attempts == 1 and run.finished_at
    assert run.expires_at > timezone.now() + timedelta(days=89)

    text = pdf_text(run.pdf.read(), tmp_path)
    assert "Testrapportage" in text and "Jansen" in text and "Dordrecht" in text
    sheet = load_workbook(io.BytesIO(run.xlsx.read()))["Per bedrijf"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Totaal", 2] in values  # numbers stay numbers in the spreadsheet
    csv_text = run.csv.read().decode("utf-8-sig")
    assert "Bedrijf;Deelnemers" in csv_text and "Totaal;2" in csv_text


def test_asking_again_for_the_same_data_reuses_the_run_and_force_makes_a_new_one(
    test_kind, dordrecht, django_capture_on_commit_callbacks
):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        first = request(dordrecht).run
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = request(dordrecht)
    assert again.reused and again.run.pk == first.pk and not callbacks
    with django_capture_on_commit_callbacks(execute=True):
        forced = request(dordrecht, force=True)
    assert not forced.reused and forced.run.pk != first.pk
    assert fresh(forced.run).status == ReportStatus.DONE


def test_changed_data_gives_a_new_run(test_kind, dordrecht, django_capture_on_commit_callbacks):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        first = request(dordrecht).run
    place(dordrecht, "Visser", datetime.date(2022, 4, 1))
    with django_capture_on_commit_callbacks(execute=True):
        second = request(dordrecht)
    assert not second.reused and second.run.run_key != first.run_key


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2021"}, "Geen gegevens voor 2021"),
        ({"year": "2099"}, "ligt in de toekomst"),
        ({"year": "tweeduizend"}, "geheel getal"),
        ({}, "vereist"),
    ],
)
def test_bad_parameters_or_no_data_give_a_dutch_error_and_no_run(
    test_kind, dordrecht, data, message
):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    with pytest.raises(services.ReportParametersInvalid) as invalid:
        request(dordrecht, data=data)
    assert message in invalid.value.form.errors.as_text()
    with in_tenant(dordrecht.municipality):
        assert not ReportRun.objects.exists()


def test_unknown_kinds_and_roles_without_the_kind_are_refused(test_kind, dordrecht):
    with in_tenant(dordrecht.municipality):
        with pytest.raises(services.UnknownReportKind):
            services.report_request(
                kind_slug="horoscope",
                data={},
                user=None,
                roles=None,
                municipality=dordrecht.municipality,
            )
    with pytest.raises(PermissionDenied):
        request(dordrecht, roles={Role.LWB_ADMIN})


def test_a_run_of_one_municipality_is_invisible_to_another(
    test_kind, dordrecht, zwijndrecht, django_capture_on_commit_callbacks
):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        run = request(dordrecht).run
    roles = {Role.ACCOUNT_HOLDER}
    with in_tenant(zwijndrecht.municipality):
        assert not selectors.report_runs(roles=roles, municipality=zwijndrecht.municipality)
        with pytest.raises(Http404):
            selectors.report_run_get(
                reference=run.reference, roles=roles, municipality=zwijndrecht.municipality
            )
    with in_tenant(dordrecht.municipality):
        assert (
            selectors.report_run_get(
                reference=run.reference, roles=roles, municipality=dordrecht.municipality
            ).pk
            == run.pk
        )
        # A role that may not request the kind does not see its runs either.
        assert not selectors.report_runs(
            roles={Role.LWB_ADMIN}, municipality=dordrecht.municipality
        )


def test_a_regional_run_suppresses_small_counts_and_holds_no_names(
    test_kind, region, dordrecht, zwijndrecht, django_capture_on_commit_callbacks, tmp_path
):
    for n in range(6):
        place(dordrecht, f"Dordtenaar{n}", datetime.date(2022, 3, 1))
    place(zwijndrecht, "Zwijnaar", datetime.date(2022, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        with in_tenant(dordrecht.municipality, zwijndrecht.municipality):
            run = services.report_request(
                kind_slug=SLUG, data={"year": YEAR}, user=None, roles=None, region=region
            ).run
    run = fresh(run)
    assert isinstance(run, RegionalReportRun) and run.status == ReportStatus.DONE
    csv_text = run.csv.read().decode("utf-8-sig")
    assert f"{dordrecht.lwb_a.name};6" in csv_text
    assert f"{zwijndrecht.lwb_a.name};<5" in csv_text
    assert "Totaal;<5" in csv_text  # 7 minus the 6 would give the 1 away
    everything = csv_text + pdf_text(run.pdf.read(), tmp_path) + str(run.xlsx.read())
    assert "Dordtenaar" not in everything and "Zwijnaar" not in everything


def test_a_worker_killed_mid_run_leaves_no_file_marked_done_and_the_retry_finishes(
    test_kind, dordrecht, django_capture_on_commit_callbacks, monkeypatch
):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))

    def killed(report, scope_name):
        raise SystemExit("worker killed")  # not an Exception: nothing in the task catches it

    monkeypatch.setitem(render.RENDERERS, "xlsx", killed)
    with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
        run = request(dordrecht).run
    with in_tenant(dordrecht.municipality):
        run = ReportRun.objects.get()
    assert run.status == ReportStatus.RUNNING and not run.pdf and not run.xlsx
    assert selectors.report_progress(run).finished is False

    monkeypatch.undo()
    # The broker hands the message out again (acks_late, reject_on_worker_lost).
    tasks.build_report_run(run_id=run.pk, regional=False, owner_id=dordrecht.municipality.id)
    run = fresh(run)
    assert run.status == ReportStatus.DONE and run.attempts == 2 and run.pdf and run.xlsx


def test_an_error_in_a_kind_fails_the_run_with_a_dutch_message(
    test_kind, dordrecht, django_capture_on_commit_callbacks, monkeypatch
):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    monkeypatch.setitem(render.RENDERERS, "csv", lambda report, scope_name: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        run = request(dordrecht).run
    run = fresh(run)
    assert run.status == ReportStatus.FAILED and "ging iets mis" in run.message
    assert not run.pdf
    assert selectors.report_progress(run).finished


def test_the_sweeper_resends_a_run_whose_worker_went_quiet(
    test_kind, dordrecht, django_capture_on_commit_callbacks
):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    with django_capture_on_commit_callbacks(execute=False):  # the message is lost
        run = request(dordrecht).run
    long_ago = timezone.now() - timedelta(hours=2)
    with in_tenant(dordrecht.municipality):
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportStatus.RUNNING, requested_at=long_ago, heartbeat_at=long_ago
        )
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stale_runs() == 1
    assert fresh(run).status == ReportStatus.DONE
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stale_runs() == 0


def test_files_expire_after_the_retention_period(
    test_kind, dordrecht, django_capture_on_commit_callbacks
):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        run = request(dordrecht).run
    run = fresh(run)
    path = run.pdf.path
    with in_tenant(dordrecht.municipality):
        ReportRun.objects.filter(pk=run.pk).update(expires_at=timezone.now() - timedelta(1))
    assert tasks.expire_report_files() == 1
    run = fresh(run)
    assert run.status == ReportStatus.EXPIRED and not run.pdf
    assert not os.path.exists(path)
    with pytest.raises(Http404):
        selectors.report_file(run, "pdf")
    # An expired run is not reused: asking again builds the report again.
    with django_capture_on_commit_callbacks(execute=True):
        again = request(dordrecht)
    assert not again.reused


def test_progress_comes_from_the_worker_while_it_runs(test_kind, dordrecht):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    with transaction.atomic():
        run = request(dordrecht).run
        tasks.progress_write(run, 0.4, "tellen")
        progress = selectors.report_progress(run)
    assert (progress.percent, progress.label, progress.finished) == (40, "tellen", False)


def test_the_quarterly_schedule_requests_every_quarterly_kind_once(
    test_kind, region, dordrecht, zwijndrecht, django_capture_on_commit_callbacks
):
    place(dordrecht, "Jansen", datetime.date(2022, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.generate_quarterly_reports(today="2022-04-15")
    with in_tenant(dordrecht.municipality):
        run = ReportRun.objects.get(kind=SLUG)
    assert run.scheduled and run.parameters == {"year": 2022} and run.status == ReportStatus.DONE
    with in_tenant(zwijndrecht.municipality):  # nothing placed there: nothing made
        assert not ReportRun.objects.filter(kind=SLUG).exists()
    assert RegionalReportRun.objects.filter(kind=SLUG, region=region, scheduled=True).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        tasks.generate_quarterly_reports(today="2022-04-15")
    with in_tenant(dordrecht.municipality):
        assert ReportRun.objects.filter(kind=SLUG).count() == 1
        assert list(
            selectors.announced_runs(
                municipality=dordrecht.municipality,
                roles={Role.ACCOUNT_HOLDER},
                since=datetime.date(2000, 1, 1),
            ).filter(kind=SLUG)
        ) == [run]


def test_previous_quarter():
    assert tasks.previous_quarter(datetime.date(2022, 4, 15)) == (2022, 1)
    assert tasks.previous_quarter(datetime.date(2023, 1, 15)) == (2022, 4)
