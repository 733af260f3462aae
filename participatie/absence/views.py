"""Absence signal pages: the matching unit's queue and follow-up; the company sees its own open
signals read-only. Another company's or municipality's signal is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie.absence import selectors, services
from participatie.absence.forms import SignalFollowUpForm
from participatie.kernel.web import add_service_errors
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm


@require_GET
@permission_required(Perm.ABSENCE_VIEW)
def signal_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality
    follows_up = request.access.has(Perm.ABSENCE_FOLLOW_UP)
    if follows_up:
        signals = selectors.signal_queue(municipality=municipality)
    else:
        signals = selectors.signals_open_for_companies(
            municipality=municipality, organisation_ids=request.access.company_ids
        )
    return render(
        request,
        "absence/list.html",
        {"signals": list(signals), "can_follow_up": follows_up},
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.ABSENCE_VIEW)
def signal_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    signal = selectors.signal_get_visible(request.access, pk)
    consultant = request.access.has(Perm.ABSENCE_FOLLOW_UP)
    if request.method == "POST" and not consultant:
        raise PermissionDenied(_("Alleen de matchingsunit volgt een signaal op."))
    form = SignalFollowUpForm(request.POST or None) if consultant else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.absence_signal_follow_up(
                signal=signal,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De opvolging van het signaal is vastgelegd."))
            return redirect(
                "participatie:absence:signal-detail",
                municipality_slug=request.municipality.slug,
                pk=signal.pk,
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "absence/detail.html",
        {"signal": signal, "form": form, "placement": signal.placement},
        status=status,
    )
