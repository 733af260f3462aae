"""Placement pages: the list and the dossier of a placement, the consultant's step advice and
end of a placement, the account holder's decisions and queue, and the LWB administrator's
objection.

Who sees what is decided by the selectors (``placements_visible_to``: every placement of the
municipality, or only those at the user's own company, another company's being a 404 like one
of another municipality) and ``participant_view`` (name only, masked BSN, or in full with the
intake notes). The permission check comes before any lookup, so a forbidden user learns nothing
about which ids exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie.kernel.web import add_service_errors
from participatie.models import DevelopmentPlan, StepDecision
from participatie.participants.selectors import participant_view
from participatie.placements import selectors, services
from participatie.placements.choices import StepDecisionStatus
from participatie.placements.forms import (
    ObjectionHandleForm,
    ObjectionRaiseForm,
    PlacementEndForm,
    PlacementFilterForm,
    StepAdviseForm,
    StepDecideForm,
    steps_for,
)
from participatie.privacy import audit
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm, roles_with

PAGE_SIZE = 25


def _decision(request: TenantRequest, pk: int) -> StepDecision:
    decision = (
        selectors.step_decisions_visible_to(request.access)
        .filter(pk=pk)
        .select_related("step", "advised_by", "placement__participant")
        .first()
    )
    if decision is None:
        raise Http404(_("Deze inschaling bestaat niet of u heeft er geen toegang toe."))
    return decision


def _objecting_companies(request: TenantRequest) -> frozenset[int]:
    """The companies for which the user holds a role that may raise objections."""
    return request.access.organisation_ids(roles_with(Perm.OBJECTIONS_RAISE))


def _to_detail(request: TenantRequest, placement_id: int) -> HttpResponse:
    return redirect(
        "participatie:placements:placement-detail",
        municipality_slug=request.municipality.slug,
        pk=placement_id,
    )


def _form_page(request: TenantRequest, template: str, context: dict[str, object]) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


# -- list and detail ----------------------------------------------------------------------------


@require_GET
@permission_required(Perm.PLACEMENTS_VIEW)
def placement_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    filter_form = PlacementFilterForm(request.GET or None)
    chosen = filter_form.chosen()
    today = timezone.localdate()
    queryset = selectors.placements_visible_to(request.access)
    if chosen == PlacementFilterForm.ACTIVE:
        queryset = queryset.exclude(end_date__lt=today)
    elif chosen == PlacementFilterForm.ENDED:
        queryset = queryset.filter(end_date__lt=today)
    queryset = selectors.placements_with_step(
        queryset.select_related("participant", "enrolment__organisation").order_by(
            "-start_date", "-pk"
        ),
        on=today,
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    audit.record_list_read(
        request, object_type="participatie.placement", count=len(page.object_list)
    )
    return render(
        request,
        "placements/list.html",
        {"filter_form": filter_form, "chosen": chosen, "page": page},
    )


@require_GET
@permission_required(Perm.PLACEMENTS_VIEW)
def placement_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    placement = selectors.placement_get_visible(request.access, pk)
    participant = placement.participant
    # Every opening of a participant's dossier is logged: who, which object, which route.
    audit.record_read(request, participant)
    access = request.access
    decisions = list(selectors.step_decisions_of(placement))
    plans = DevelopmentPlan.objects.filter(
        municipality=request.municipality,
        placement=placement,
    ).select_related("created_by")
    return render(
        request,
        "placements/detail.html",
        {
            "placement": placement,
            "participant": participant,
            "participant_view": participant_view(access),
            "decisions": decisions,
            "plans": list(plans),
            "history": audit.change_log(placement, viewer=access),
            "authors": audit.author_names(
                access,
                [
                    *(d.advised_by for d in decisions),
                    *(d.decided_by for d in decisions),
                    *(o.raised_by for d in decisions for o in d.objections.all()),
                    *(p.created_by for p in plans),
                ],
            ),
            "can_advise": access.has(Perm.PLACEMENTS_MANAGE),
            "can_end": access.has(Perm.PLACEMENTS_MANAGE) and placement.end_date is None,
            "can_decide": access.has(Perm.STEPS_DECIDE),
            "can_handle": access.has(Perm.OBJECTIONS_HANDLE),
            "can_object": placement.enrolment.organisation_id in _objecting_companies(request),
            "advised": StepDecisionStatus.ADVISED,
        },
    )


# -- consultant: step advice, end ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(Perm.PLACEMENTS_MANAGE)
def step_advise(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    placement = selectors.placement_get_visible(request.access, pk)
    form = StepAdviseForm(
        request.POST or None,
        steps=steps_for(
            municipality_id=placement.municipality_id,
            start=placement.start_date,
            end=placement.end_date,
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.step_advise(
                placement=placement,
                step=form.cleaned_data["step"],
                valid_from=form.cleaned_data["valid_from"],
                justification=form.cleaned_data["justification"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Het trede-advies is vastgelegd. De accounthouder besluit erover.")
            )
            return _to_detail(request, placement.pk)
    return _form_page(
        request, "placements/step_advise.html", {"form": form, "placement": placement}
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.PLACEMENTS_MANAGE)
def placement_end(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    placement = selectors.placement_get_visible(request.access, pk)
    form = PlacementEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_end(
                placement=placement,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De plaatsing is beëindigd."))
            return _to_detail(request, placement.pk)
    return _form_page(request, "placements/end.html", {"form": form, "placement": placement})


# -- account holder: decisions, objections, queue -----------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(Perm.STEPS_DECIDE)
def step_decide(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = StepDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_decide(
                decision=decision,
                approve=form.approve,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Het advies is goedgekeurd.") if form.approve else _("Het advies is afgewezen."),
            )
            return _to_detail(request, decision.placement_id)
    return _form_page(
        request,
        "placements/step_decide.html",
        {"form": form, "decision": decision, "placement": decision.placement},
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.OBJECTIONS_RAISE)
def objection_raise(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = ObjectionRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_raise(
                decision=decision,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                organisation_ids=_objecting_companies(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Uw bezwaar is ingediend. De accounthouder van de gemeente behandelt het."),
            )
            return _to_detail(request, decision.placement_id)
    return _form_page(
        request,
        "placements/objection_raise.html",
        {"form": form, "decision": decision, "placement": decision.placement},
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.OBJECTIONS_HANDLE)
def objection_handle(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    objection = (
        selectors.objections_visible_to(request.access)
        .filter(pk=pk)
        .select_related("raised_by", "decision__step", "decision__placement__participant")
        .first()
    )
    if objection is None:
        raise Http404(_("Dit bezwaar bestaat niet of u heeft er geen toegang toe."))
    form = ObjectionHandleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_handle(
                objection=objection,
                upheld=form.upheld,
                response=form.cleaned_data["response"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Het bezwaar is gegrond verklaard. Het besluit is heropend en staat weer "
                    "bij Besluiten voor een nieuw besluit."
                )
                if form.upheld
                else _("Het bezwaar is ongegrond verklaard. Het besluit blijft zoals het is."),
            )
            return _to_detail(request, objection.decision.placement_id)
    return _form_page(
        request,
        "placements/objection_handle.html",
        {
            "form": form,
            "objection": objection,
            "decision": objection.decision,
            "placement": objection.decision.placement,
        },
    )


@require_GET
@permission_required(Perm.STEPS_DECIDE)
def decision_queue(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality
    return render(
        request,
        "placements/queue.html",
        {
            "advices": list(selectors.step_decisions_awaiting(municipality=municipality)),
            "objections": list(selectors.objections_open(municipality=municipality)),
        },
    )
