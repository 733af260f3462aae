"""Reads for settlement runs: who sees them, and how far a run is.

Runs are the municipality's own business: its officers (``Perm.SUBSIDIES_VIEW_ALL``) see every
run of the municipality, nobody else sees any (a company sees the statements, not the jobs
that made them). Web pages and the API both ask :func:`settlement_runs_visible_to`.

While a worker is busy, the run row does not change (the whole job is one transaction, so the
drafts and "done" appear together); the worker's latest figure is in the cache, under
:func:`progress_key`, shared by web and worker processes. Once the run has finished, the row
has the answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet

from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from subsidies.choices import SettlementRunStatus
from subsidies.models import SettlementRun

# On the statement list: the latest runs of the municipality.
RECENT_RUNS = 5


def settlement_runs_visible_to(access: Access) -> QuerySet[SettlementRun]:
    """The municipality's runs for its officers; nothing for anyone else."""
    if access.municipality is None or not access.has(Perm.SUBSIDIES_VIEW_ALL):
        return SettlementRun.objects.none()
    return (
        SettlementRun.objects.filter(municipality=access.municipality)
        .select_related("requested_by")
        .order_by("-requested_at", "-id")
    )


def progress_key(municipality_id: int, run_id: int) -> str:
    return f"subsidies:settlement-run:{municipality_id}:{run_id}"


@dataclass(frozen=True)
class RunProgress:
    percent: int
    label: str
    status: str
    finished: bool


def _progress(run: SettlementRun, live: dict | None) -> RunProgress:
    if run.is_finished:
        percent = 100 if run.status == SettlementRunStatus.DONE else run.progress
        return RunProgress(percent, "", run.status, True)
    if live:
        return RunProgress(int(live["percent"]), str(live["label"]), str(live["status"]), False)
    return RunProgress(run.progress, "", run.status, False)


def settlement_run_progress(run: SettlementRun) -> RunProgress:
    """The worker's latest figure while the run is queued or running; the row once finished."""
    live = None if run.is_finished else cache.get(progress_key(run.municipality_id, run.pk))
    return _progress(run, live)


def settlement_runs_progress(runs: Iterable[SettlementRun]) -> dict[int, RunProgress]:
    """:func:`settlement_run_progress` for a list of runs: one cache read for all of them."""
    runs = list(runs)
    keys = {progress_key(run.municipality_id, run.pk): run for run in runs if not run.is_finished}
    live = cache.get_many(list(keys)) if keys else {}
    by_run = {run.pk: key for key, run in keys.items()}
    return {run.pk: _progress(run, live.get(by_run.get(run.pk, ""))) for run in runs}
