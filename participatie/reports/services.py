"""Requesting a report: check the kind, the role and the parameters, reuse a run for the same
data or create one, and hand it to the worker once the transaction commits.

A run's key is a hash over the kind, its parameters and the kind's fingerprint of the data it
reads: asking again for unchanged data gives the finished (or still running) run back;
``force`` makes a new one. Municipal runs are tenant-owned and need the municipality's tenant
context; regional runs need the region's (every municipality of the region open).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import structlog
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.kernel.jobs import JobQueueUnavailable, job_queue_check
from participatie.models import Municipality, Region, RegionalReportRun, ReportRun, User
from participatie.reports.models import ReportStatus
from participatie.reports.registry import (
    MUNICIPALITY,
    REGION,
    NoData,
    ReportContext,
    ReportKind,
    report_kind,
    report_kinds,
)

log = structlog.get_logger(__name__)
AnyRun = ReportRun | RegionalReportRun


class UnknownReportKind(LookupError):
    pass


class ReportParametersInvalid(Exception):
    """Bad parameters, or parameters that select no data; ``form`` holds the Dutch errors."""

    def __init__(self, form: forms.Form) -> None:
        super().__init__(form.errors.as_text())
        self.form = form


@dataclass(frozen=True)
class RunRequest:
    run: AnyRun
    reused: bool


def kind_for(slug: str, scope: str) -> ReportKind:
    kind = report_kind(slug)
    if kind is None or scope not in kind.scopes:
        raise UnknownReportKind(slug)
    return kind


def may_request(kind: ReportKind, roles: set[str] | None, scope: str) -> bool:
    """``roles=None`` is the system itself (the schedule, an operator's command). A region's
    reports are open to whoever has the regional view (the middleware checked that)."""
    return roles is None or scope == REGION or bool(kind.roles & roles)


def parameters_for_storage(form: forms.Form) -> dict[str, Any]:
    """The cleaned values as JSON that the same form accepts again."""
    stored: dict[str, Any] = {}
    for name, value in form.cleaned_data.items():
        if isinstance(value, models.Model):
            stored[name] = value.pk
        elif isinstance(value, date):
            stored[name] = value.isoformat()
        elif value is None:
            stored[name] = ""
        else:
            stored[name] = value
    return stored


def run_context(
    *,
    kind: ReportKind,
    form: forms.Form,
    municipality: Municipality | None,
    region: Region | None,
    municipality_ids: tuple[int, ...],
) -> ReportContext:
    return ReportContext(
        scope=REGION if region is not None else MUNICIPALITY,
        municipality_ids=municipality_ids,
        parameters=form.cleaned_data,
        municipality=municipality,
        region=region,
        today=timezone.localdate(),
    )


def region_municipality_ids(region: Region) -> tuple[int, ...]:
    return tuple(region.municipalities.order_by("id").values_list("id", flat=True))


def owner_municipality_ids(
    *, municipality: Municipality | None, region: Region | None
) -> tuple[int, ...]:
    """The municipalities whose tenant context a run of this owner reads."""
    if municipality is not None:
        return (municipality.id,)
    if region is not None:
        return region_municipality_ids(region)
    raise TypeError("A report run belongs to a municipality or a region.")


def run_key(kind: ReportKind, parameters: dict[str, Any], fingerprint: str) -> str:
    payload = json.dumps(
        {"kind": kind.slug, "parameters": parameters, "data": fingerprint},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock(key: str) -> None:
    """Serialise two identical requests, so they share one run (PostgreSQL; SQLite writes
    one transaction at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _reusable(runs: models.QuerySet) -> AnyRun | None:
    now = timezone.now()
    for run in runs.exclude(status__in=[ReportStatus.FAILED, ReportStatus.EXPIRED]).order_by(
        "-requested_at"
    )[:1]:
        if run.status != ReportStatus.DONE or run.expires_at is None or run.expires_at > now:
            return run
    return None


@transaction.atomic
def report_request(
    *,
    kind_slug: str,
    data: Mapping[str, Any],
    user: User | None,
    roles: set[str] | None,
    municipality: Municipality | None = None,
    region: Region | None = None,
    force: bool = False,
    scheduled: bool = False,
) -> RunRequest:
    """Create (or reuse) a run of ``kind_slug`` for a municipality or a region.

    Call inside the owner's tenant context. Raises :class:`UnknownReportKind`,
    ``PermissionDenied``, :class:`ReportParametersInvalid` or
    :class:`~participatie.kernel.jobs.JobQueueUnavailable` (nothing is written then).
    """
    if (municipality is None) == (region is None):
        raise TypeError("report_request needs a municipality or a region, not both.")
    scope = REGION if region is not None else MUNICIPALITY
    kind = kind_for(kind_slug, scope)
    if not may_request(kind, roles, scope):
        raise PermissionDenied(_("U mag deze rapportage niet aanvragen."))
    form = kind.form(data=data)
    if not form.is_valid():
        raise ReportParametersInvalid(form)
    ids = owner_municipality_ids(municipality=municipality, region=region)
    context = run_context(
        kind=kind, form=form, municipality=municipality, region=region, municipality_ids=ids
    )
    try:
        fingerprint = kind.fingerprint(context)
    except NoData as empty:
        form.add_error(None, str(empty))
        raise ReportParametersInvalid(form) from None
    parameters = parameters_for_storage(form)
    key = run_key(kind, parameters, fingerprint)
    _lock(key)
    if municipality is not None:
        existing = ReportRun.objects.filter(municipality=municipality, kind=kind.slug, run_key=key)
    else:
        existing = RegionalReportRun.objects.filter(region=region, kind=kind.slug, run_key=key)
    if not force and (run := _reusable(existing)) is not None:
        if scheduled and not run.scheduled:
            run.scheduled = True
            run.save(update_fields=["scheduled"])
        return RunRequest(run=run, reused=True)
    # Before anything is written: a broker that is away would leave a run no worker sees.
    job_queue_check()
    owner = {"municipality": municipality} if municipality is not None else {"region": region}
    model = ReportRun if municipality is not None else RegionalReportRun
    run = model.objects.create(
        **owner,
        kind=kind.slug,
        parameters=parameters,
        run_key=key,
        requested_by=user,
        scheduled=scheduled,
    )
    log.info("reports.requested", kind=kind.slug, run=str(run.reference), forced=force)
    enqueue(run)
    return RunRequest(run=run, reused=False)


def enqueue(run: AnyRun) -> None:
    """Send the build task once the run row is committed."""
    from participatie.reports.tasks import build_report_run

    payload = {
        "run_id": run.pk,
        "regional": isinstance(run, RegionalReportRun),
        "owner_id": run.region_id if isinstance(run, RegionalReportRun) else run.municipality_id,
    }

    def send() -> None:
        try:
            build_report_run.apply_async(kwargs=payload)
        except Exception as error:  # kombu's and the transport's connection errors
            # The broker went away between the check and the commit: the run would wait
            # forever. It is marked failed, so asking again makes a new one.
            log.warning(
                "reports.enqueue_failed", run=str(run.reference), error=type(error).__name__
            )
            _fail_unsent(run)

    transaction.on_commit(send)


def _fail_unsent(run: AnyRun) -> None:
    from participatie.reports.tasks import fail_unsent_run

    fail_unsent_run(run, str(JobQueueUnavailable.message))


def retention_deadline() -> datetime:
    return timezone.now() + timedelta(days=settings.REPORT_RETENTION_DAYS)


def scheduled_kinds(scope: str) -> list[ReportKind]:
    return [kind for kind in report_kinds(scope=scope) if kind.quarterly]
