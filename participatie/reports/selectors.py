"""Reading report runs: which runs a user may see, their live progress, their files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.http import Http404

from participatie.models import Municipality, Region, RegionalReportRun, ReportRun
from participatie.reports import services
from participatie.reports.models import REPORT_FORMATS, ReportStatus
from participatie.reports.registry import MUNICIPALITY, REGION, report_kinds


def visible_kind_slugs(*, scope: str, roles: set[str]) -> list[str]:
    return [kind.slug for kind in report_kinds(scope=scope, roles=roles)]


def report_runs(
    *, roles: set[str], municipality: Municipality | None = None, region: Region | None = None
) -> QuerySet:
    """The runs of a municipality (of the kinds the roles may see) or of a region, newest
    first. A municipal run may hold personal data: a role sees only its kinds' runs."""
    if municipality is not None:
        runs = ReportRun.objects.filter(
            municipality=municipality,
            kind__in=visible_kind_slugs(scope=MUNICIPALITY, roles=roles),
        )
    elif region is not None:
        runs = RegionalReportRun.objects.filter(
            region=region, kind__in=visible_kind_slugs(scope=REGION, roles=roles)
        )
    else:
        raise TypeError("report_runs needs a municipality or a region.")
    return runs.select_related("requested_by").order_by("-requested_at", "-id")


def report_run_get(
    *,
    reference: UUID,
    roles: set[str],
    municipality: Municipality | None = None,
    region: Region | None = None,
) -> services.AnyRun:
    run = (
        report_runs(roles=roles, municipality=municipality, region=region)
        .filter(reference=reference)
        .first()
    )
    if run is None:
        raise Http404
    return run


@dataclass(frozen=True)
class Progress:
    percent: int
    label: str
    status: str
    finished: bool


def report_progress(run: services.AnyRun) -> Progress:
    """The worker's latest figure from the cache while it runs; the row once it is done."""
    from participatie.reports.tasks import progress_key

    if run.status in (ReportStatus.QUEUED, ReportStatus.RUNNING):
        live = cache.get(progress_key(run))
        if live:
            return Progress(live["percent"], live["label"], run.status, False)
        return Progress(run.progress, run.progress_label, run.status, False)
    return Progress(
        100 if run.status == ReportStatus.DONE else run.progress,
        run.progress_label,
        run.status,
        True,
    )


def report_file(run: services.AnyRun, fmt: str) -> FieldFile:
    if fmt not in REPORT_FORMATS or run.status != ReportStatus.DONE:
        raise Http404
    field = getattr(run, fmt)
    if not field or not field.storage.exists(field.name):
        raise Http404
    return field


def announced_runs(
    *, municipality: Municipality, roles: set[str], since: date
) -> QuerySet[ReportRun]:
    """Runs the quarterly schedule made since ``since``, for the home page."""
    return report_runs(roles=roles, municipality=municipality).filter(
        scheduled=True, status=ReportStatus.DONE, finished_at__date__gte=since
    )
