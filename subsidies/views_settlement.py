"""Settling a quarter in the browser: the "Kwartaal afrekenen" button of the statement list
starts a run (``subsidies.services.settlement_runs``) and leads to the run's page, whose
progress bar htmx polls until the statements are there; the list of runs.

Only the municipality's officers see runs (``settlement_runs_visible_to``); starting one needs
``Perm.STATEMENTS_SETTLE`` (account holders). Another municipality's run is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participatie.kernel.jobs import JobQueueUnavailable
from participatie.kernel.web import add_service_errors
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from subsidies.choices import SettlementRunStatus
from subsidies.forms_settlement import SettleForm
from subsidies.models import SettlementRun
from subsidies.selectors_settlement import (
    settlement_run_progress,
    settlement_runs_progress,
    settlement_runs_visible_to,
)
from subsidies.services.settlement_runs import settlement_run_start
from subsidies.views_statements import statement_list_page

RUNS_PER_PAGE = 25


@permission_required(Perm.STATEMENTS_SETTLE)
@require_POST
def settle_start(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """The button: a queued run and its page, or the statement list again with the errors on
    the fields (what the user chose stays chosen)."""
    form = SettleForm(request.POST)
    if form.is_valid():
        try:
            started = settlement_run_start(
                municipality=request.municipality,
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except JobQueueUnavailable as unavailable:
            form.add_error(None, str(unavailable))
            return statement_list_page(request, settle_form=form, status=503)
        else:
            if started.created:
                messages.success(request, _("Het afrekenen van het kwartaal is gestart."))
            else:
                messages.info(
                    request, _("Dit kwartaal wordt al afgerekend. Hieronder ziet u hoe ver het is.")
                )
            return redirect("subsidies:settlement-run", request.municipality.slug, started.run.pk)
    return statement_list_page(request, settle_form=form, status=400)


@permission_required(Perm.SUBSIDIES_VIEW_ALL)
def run_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    runs = settlement_runs_visible_to(request.access)
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    progress = settlement_runs_progress(rows)
    return render(
        request,
        "subsidies/settlement/run_list.html",
        {
            "page": page,
            "rows": [{"run": run, "progress": progress[run.pk]} for run in rows],
            "can_settle": request.access.has(Perm.STATEMENTS_SETTLE),
        },
    )


def _run(request: TenantRequest, pk: int) -> SettlementRun:
    return get_object_or_404(settlement_runs_visible_to(request.access), pk=pk)


def progress_context(request: TenantRequest, run: SettlementRun) -> dict[str, Any]:
    """What the progress fragment shows. The status sentence goes to a live region that stays
    on the page; it is sent only when it changed since the page last announced it
    (``gemeld``), so a screen reader hears each stage once."""
    progress = settlement_run_progress(run)
    status = SettlementRunStatus(progress.status)
    if status == SettlementRunStatus.FAILED:
        sentence = _("Het afrekenen is mislukt.")
    elif status == SettlementRunStatus.DONE:
        sentence = _("Het afrekenen is klaar. De declaraties staan klaar.")
    elif progress.label:
        sentence = f"{status.label}: {progress.label} ({progress.percent}%)"
    else:
        sentence = f"{status.label} ({progress.percent}%)"
    slug = request.municipality.slug
    return {
        "run": run,
        "progress": progress,
        "status": status,
        "sentence": sentence,
        "announce": request.GET.get("gemeld") != sentence,
        "poll_url": reverse("subsidies:settlement-run-progress", args=[slug, run.pk]),
        "detail_url": reverse("subsidies:settlement-run", args=[slug, run.pk]),
        "statements_url": reverse("subsidies:statement-list", args=[slug])
        + f"?jaar={run.year}&kwartaal={run.quarter}",
        "can_again": progress.finished and request.access.has(Perm.STATEMENTS_SETTLE),
    }


@permission_required(Perm.SUBSIDIES_VIEW_ALL)
def run_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    run = _run(request, pk)
    context = progress_context(request, run)
    context.update(announce=False)
    return render(request, "subsidies/settlement/run_detail.html", context)


@permission_required(Perm.SUBSIDIES_VIEW_ALL)
def run_progress(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    """The fragment htmx polls every second until the run has finished."""
    run = _run(request, pk)
    return render(request, "subsidies/settlement/_progress.html", progress_context(request, run))
