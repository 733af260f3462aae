"""The report worker: build a run's report and write its files, safely against crashes.

A run goes queued -> running -> done (or failed). The task works in three short steps, each in
its own transaction: claim the run (running, one more attempt), build the report inside the
owner's tenant context and render its files, then, in one transaction, attach the files and
mark the run done. A worker that dies on the way leaves a running run without files: the
message comes back (``acks_late`` + ``reject_on_worker_lost``) or the sweeper re-sends stale
runs, and the next attempt starts over. A half-written file is never marked done.

Live progress goes to the cache (shared by web and worker processes), not to the run row:
the build runs inside one transaction, whose writes nobody sees before it ends.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import structlog
from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participatie.kernel.calendar import quarter_of
from participatie.models import Municipality, Region, RegionalReportRun, ReportRun
from participatie.reports import content, render, services
from participatie.reports.models import REPORT_FORMATS, ReportStatus
from participatie.reports.registry import NoData, ReportContext
from participatie.tenancy.context import all_tenants, atomic_tenant_context

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 3
BUILD_SHARE = 0.8  # of the progress bar; rendering the files is the rest


def progress_key(run: services.AnyRun) -> str:
    return f"reports:progress:{run.reference}"


def progress_write(run: services.AnyRun, fraction: float, label: str) -> None:
    percent = max(0, min(100, round(fraction * 100)))
    cache.set(
        progress_key(run),
        {"percent": percent, "label": str(label), "at": timezone.now().timestamp()},
        timeout=settings.REPORT_STALE_MINUTES * 60 * 4,
    )


@contextmanager
def _owner(regional: bool, owner_id: int, ids: tuple[int, ...] | None = None):
    """A transaction in which the run row is visible: the municipality's tenant for a
    municipal run; the region's run table is global (aggregates only)."""
    if regional:
        with transaction.atomic():
            yield
    else:
        with atomic_tenant_context(ids or owner_id):
            yield


def _run_model(regional: bool) -> type[services.AnyRun]:
    return RegionalReportRun if regional else ReportRun


def _claim(regional: bool, owner_id: int, run_id: int, task_id: str) -> services.AnyRun | None:
    with _owner(regional, owner_id):
        run = _run_model(regional).objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in (ReportStatus.DONE, ReportStatus.EXPIRED):
            return None
        if run.attempts >= MAX_ATTEMPTS:
            _fail(run, _("De rapportage is na %(n)s pogingen niet gelukt.") % {"n": run.attempts})
            return None
        run.status = ReportStatus.RUNNING
        run.attempts += 1
        run.progress = 0
        run.progress_label = ""
        run.started_at = run.heartbeat_at = timezone.now()
        run.task_id = task_id or ""
        run.message = ""
        run.save()
    progress_write(run, 0, _("Gestart"))
    return run


def _fail(run: services.AnyRun, message: str) -> None:
    run.status = ReportStatus.FAILED
    run.message = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    cache.delete(progress_key(run))


def fail_unsent_run(run: services.AnyRun, message: str) -> None:
    """Mark a run failed whose task could not be sent (its own transaction, in its owner)."""
    regional = isinstance(run, RegionalReportRun)
    owner_id = run.region_id if regional else run.municipality_id
    with _owner(regional, owner_id):
        fresh = _run_model(regional).objects.select_for_update().filter(pk=run.pk).first()
        if fresh is not None and fresh.status == ReportStatus.QUEUED:
            _fail(fresh, message)


def _build(run: services.AnyRun, regional: bool) -> tuple[content.Report, str]:
    """Validate the stored parameters again and build the report in the owner's tenant."""
    scope = services.REGION if regional else services.MUNICIPALITY
    kind = services.kind_for(run.kind, scope)
    if regional:
        region = Region.objects.get(pk=run.region_id)
        municipality, ids = None, services.region_municipality_ids(region)
    else:
        region, municipality = None, Municipality.objects.get(pk=run.municipality_id)
        ids = (municipality.id,)
    with atomic_tenant_context(ids):
        form = kind.form(data=run.parameters)
        if not form.is_valid():
            raise NoData(form.errors.as_text())
        context: ReportContext = services.run_context(
            kind=kind, form=form, municipality=municipality, region=region, municipality_ids=ids
        )
        context.progress = lambda fraction, label="": progress_write(
            run, BUILD_SHARE * fraction, label
        )
        report = kind.build(context)
    if regional:
        report.sections = [
            content.suppress_small_cells(s) if isinstance(s, content.Table) else s
            for s in report.sections
        ]
    return report, context.scope_name


def _render(run: services.AnyRun, report: content.Report, scope_name: str) -> dict[str, bytes]:
    files = {}
    for number, fmt in enumerate(REPORT_FORMATS):
        progress_write(
            run,
            BUILD_SHARE + (1 - BUILD_SHARE) * number / len(REPORT_FORMATS),
            _("Bestand %(fmt)s maken") % {"fmt": fmt.upper()},
        )
        files[fmt] = render.RENDERERS[fmt](report, scope_name)
    return files


def _finish(regional: bool, owner_id: int, run_id: int, files: dict[str, bytes]) -> None:
    """Attach the files and mark the run done, in one transaction: all or nothing."""
    with _owner(regional, owner_id):
        run = _run_model(regional).objects.select_for_update().get(pk=run_id)
        for fmt, data in files.items():
            field = getattr(run, fmt)
            name = f"{run.kind}.{fmt}"
            if field:
                field.delete(save=False)
            field.save(name, ContentFile(data), save=False)
        run.status = ReportStatus.DONE
        run.progress = 100
        run.progress_label = _("Klaar")
        run.finished_at = timezone.now()
        run.expires_at = services.retention_deadline()
        run.save()
    cache.delete(progress_key(run))


@shared_task(
    bind=True,
    name="reports.build_run",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    max_retries=MAX_ATTEMPTS - 1,
    retry_backoff=True,
)
def build_report_run(self: Any, *, run_id: int, regional: bool, owner_id: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        run = _claim(regional, owner_id, run_id, self.request.id)
        if run is None:
            return "skipped"
        try:
            report, scope_name = _build(run, regional)
            files = _render(run, report, scope_name)
        except NoData as empty:
            with _owner(regional, owner_id):
                _fail(run, str(empty) or _("Geen gegevens voor deze rapportage."))
            return "no data"
        except OperationalError:
            raise  # retried; the next attempt claims the run again
        except Exception:
            log.exception("reports.failed", run=str(run.reference), kind=run.kind)
            with _owner(regional, owner_id):
                _fail(run, _("Er ging iets mis bij het maken van deze rapportage."))
            return "failed"
        _finish(regional, owner_id, run_id, files)
        log.info("reports.done", run=str(run.reference), kind=run.kind)
        return "done"


@shared_task(name="reports.requeue_stale_runs", acks_late=True, reject_on_worker_lost=True)
def requeue_stale_runs() -> int:
    """Beat entry: re-send runs whose worker went quiet (killed, or a lost message).

    A running run is stale when its last progress (or its start) is older than
    ``REPORT_STALE_MINUTES``; a queued run when it was requested that long ago.
    """
    limit = timezone.now() - timedelta(minutes=settings.REPORT_STALE_MINUTES)
    sent = 0
    with transaction.atomic(), all_tenants(reason="sweep stale report runs"):
        for model in (ReportRun, RegionalReportRun):
            candidates = model.objects.filter(
                status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING], requested_at__lt=limit
            )
            for run in candidates:
                beat = cache.get(progress_key(run))
                last = (
                    datetime.fromtimestamp(beat["at"], tz=UTC)
                    if beat
                    else (run.heartbeat_at or run.requested_at)
                )
                if last < limit:
                    services.enqueue(run)
                    sent += 1
    return sent


@shared_task(name="reports.expire_files", acks_late=True, reject_on_worker_lost=True)
def expire_report_files() -> int:
    """Beat entry: delete the files of runs past ``REPORT_RETENTION_DAYS`` (the run stays, as
    a record of who asked for what, marked expired)."""
    expired = 0
    with transaction.atomic(), all_tenants(reason="expire old report files"):
        for model in (ReportRun, RegionalReportRun):
            for run in model.objects.filter(
                status=ReportStatus.DONE, expires_at__lte=timezone.now()
            ).select_for_update():
                for fmt in REPORT_FORMATS:
                    getattr(run, fmt).delete(save=False)
                run.status = ReportStatus.EXPIRED
                run.save(update_fields=["status", *REPORT_FORMATS])
                expired += 1
    return expired


def previous_quarter(today: date) -> tuple[int, int]:
    quarter = quarter_of(today)
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


@shared_task(name="reports.generate_quarterly", acks_late=True, reject_on_worker_lost=True)
def generate_quarterly_reports(today: str | None = None) -> int:
    """Beat entry, on the 15th day after each quarter's end: every kind marked ``quarterly``
    for the quarter just ended, for every municipality and region; the home pages announce
    them. Kinds with no data for a municipality are skipped; asking twice reuses the runs."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    year, quarter = previous_quarter(day)
    data = {"year": str(year), "quarter": str(quarter)}
    requested = 0
    owners: list[dict[str, Any]] = [
        {"municipality": m} for m in Municipality.objects.order_by("id")
    ] + [{"region": r} for r in Region.objects.order_by("id")]
    for owner in owners:
        scope = services.REGION if "region" in owner else services.MUNICIPALITY
        ids = (
            services.region_municipality_ids(owner["region"])
            if "region" in owner
            else (owner["municipality"].id,)
        )
        if not ids:
            continue
        for kind in services.scheduled_kinds(scope):
            try:
                with atomic_tenant_context(ids):
                    services.report_request(
                        kind_slug=kind.slug,
                        data=data,
                        user=None,
                        roles=None,
                        scheduled=True,
                        **owner,
                    )
                requested += 1
            except services.ReportParametersInvalid as nothing:
                log.info("reports.schedule_skipped", kind=kind.slug, reason=str(nothing))
    return requested
