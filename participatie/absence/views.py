"""Absence signal pages: the matching unit's queue and follow-up; the company sees its own open
signals read-only. Another company's or municipality's signal is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie.absence import selectors, services
from participatie.absence.forms import SignalFollowUpForm
from participatie.choices import LWB_ROLES, MATCHING_UNIT_ROLES
from participatie.web import add_service_errors, roles_required

VIEW_ROLES = (*MATCHING_UNIT_ROLES, *LWB_ROLES)


def _is_consultant(request: HttpRequest) -> bool:
    return bool(request.roles & MATCHING_UNIT_ROLES)  # type: ignore[attr-defined]


def _own_organisations(request: HttpRequest) -> set[int]:
    return {
        m.organisation_id
        for m in request.tenant_memberships  # type: ignore[attr-defined]
        if m.role in LWB_ROLES
    }


@require_GET
@roles_required(*VIEW_ROLES)
def signal_list(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    if _is_consultant(request):
        signals = selectors.signal_queue(municipality=municipality)
    else:
        signals = selectors.signals_open_for_companies(
            municipality=municipality, organisation_ids=_own_organisations(request)
        )
    return render(
        request,
        "absence/list.html",
        {"signals": list(signals), "is_consultant": _is_consultant(request)},
    )


@require_http_methods(["GET", "POST"])
@roles_required(*VIEW_ROLES)
def signal_detail(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    signal = selectors.signal_get_visible(
        municipality=request.municipality,  # type: ignore[attr-defined]
        memberships=request.tenant_memberships,  # type: ignore[attr-defined]
        pk=pk,
    )
    consultant = _is_consultant(request)
    if request.method == "POST" and not consultant:
        raise PermissionDenied(_("Alleen de matchingsunit volgt een signaal op."))
    form = SignalFollowUpForm(request.POST or None) if consultant else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.absence_signal_follow_up(
                signal=signal,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De opvolging van het signaal is vastgelegd."))
            return redirect(
                "participatie:absence:signal-detail",
                municipality_slug=request.municipality.slug,  # type: ignore[attr-defined]
                pk=signal.pk,
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "absence/detail.html",
        {"signal": signal, "form": form, "placement": signal.placement},
        status=status,
    )
