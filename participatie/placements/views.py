"""Placement pages: the list and the dossier of a placement, the consultant's step advice and
end of a placement, the account holder's decisions and queue, and the LWB administrator's
objection.

Who sees what: municipal and matching-unit roles see every placement of the municipality, LWB
users only those at their own company (another company's placement is a 404, like one of another
municipality). Of the participant, LWB users see only the name; municipal roles see the BSN
masked; the matching unit sees it in full, with the intake notes. The role check comes before
any lookup, so a forbidden user learns nothing about which ids exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie import audit
from participatie.choices import (
    LWB_ROLES,
    MATCHING_UNIT_ROLES,
    MUNICIPAL_ROLES,
    Role,
    StepDecisionStatus,
)
from participatie.models import DevelopmentPlan, Objection, Placement, StepDecision
from participatie.placements import selectors, services
from participatie.placements.forms import (
    ObjectionHandleForm,
    ObjectionRaiseForm,
    PlacementEndForm,
    PlacementFilterForm,
    StepAdviseForm,
    StepDecideForm,
    steps_for,
)
from participatie.web import add_service_errors, roles_required

PAGE_SIZE = 25
VIEW_ROLES = (*selectors.PLACEMENT_OVERVIEW_ROLES, *LWB_ROLES)
CONSULTANT_ROLES = tuple(MATCHING_UNIT_ROLES)


def _visible(request: HttpRequest):  # type: ignore[no-untyped-def]
    return selectors.placements_visible(
        municipality=request.municipality,  # type: ignore[attr-defined]
        memberships=request.tenant_memberships,  # type: ignore[attr-defined]
    )


def _placement(request: HttpRequest, pk: int) -> Placement:
    return selectors.placement_get_visible(
        municipality=request.municipality,  # type: ignore[attr-defined]
        memberships=request.tenant_memberships,  # type: ignore[attr-defined]
        pk=pk,
    )


def _decision(request: HttpRequest, pk: int) -> StepDecision:
    decision = (
        StepDecision.objects.filter(
            municipality=request.municipality,  # type: ignore[attr-defined]
            pk=pk,
            placement__in=_visible(request),
        )
        .select_related("step", "advised_by", "placement__participant")
        .first()
    )
    if decision is None:
        raise Http404(_("Deze inschaling bestaat niet of u heeft er geen toegang toe."))
    return decision


def _participant_view(roles: frozenset[str]) -> str:
    """How much of the participant this user sees: ``full``, ``masked`` or ``restricted``."""
    if roles & MATCHING_UNIT_ROLES:
        return "full"
    if roles & (MUNICIPAL_ROLES | {Role.PLATFORM_ADMIN}):
        return "masked"
    return "restricted"


def _to_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    return redirect(
        "participatie:placements:placement-detail",
        municipality_slug=request.municipality.slug,  # type: ignore[attr-defined]
        pk=placement_id,
    )


def _form_page(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


# -- list and detail ----------------------------------------------------------------------------


@require_GET
@roles_required(*VIEW_ROLES)
def placement_list(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    filter_form = PlacementFilterForm(request.GET or None)
    chosen = filter_form.chosen()
    today = timezone.localdate()
    queryset = _visible(request)
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
    return render(
        request,
        "placements/list.html",
        {"filter_form": filter_form, "chosen": chosen, "page": page},
    )


@require_GET
@roles_required(*VIEW_ROLES)
def placement_detail(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    participant = placement.participant
    # Every opening of a participant's dossier is logged: who, which object, which route.
    audit.record_read(request, participant)
    roles: frozenset[str] = request.roles  # type: ignore[attr-defined]
    own_admin_of = {
        m.organisation_id
        for m in request.tenant_memberships  # type: ignore[attr-defined]
        if m.role == Role.LWB_ADMIN
    }
    decisions = list(selectors.step_decisions_of(placement))
    plans = DevelopmentPlan.objects.filter(
        municipality=request.municipality,  # type: ignore[attr-defined]
        placement=placement,
    ).select_related("created_by")
    return render(
        request,
        "placements/detail.html",
        {
            "placement": placement,
            "participant": participant,
            "participant_view": _participant_view(roles),
            "decisions": decisions,
            "plans": list(plans),
            "history": audit.change_log(placement),
            "can_advise": bool(roles & MATCHING_UNIT_ROLES),
            "can_end": bool(roles & MATCHING_UNIT_ROLES) and placement.end_date is None,
            "can_decide": Role.ACCOUNT_HOLDER in roles,
            "can_object": placement.enrolment.organisation_id in own_admin_of,
            "advised": StepDecisionStatus.ADVISED,
        },
    )


# -- consultant: step advice, end ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(*CONSULTANT_ROLES)
def step_advise(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
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
                actor=request.user,  # type: ignore[arg-type]
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
@roles_required(*CONSULTANT_ROLES)
def placement_end(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    placement = _placement(request, pk)
    form = PlacementEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_end(
                placement=placement,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De plaatsing is beëindigd."))
            return _to_detail(request, placement.pk)
    return _form_page(request, "placements/end.html", {"form": form, "placement": placement})


# -- account holder: decisions, objections, queue -----------------------------------------------


@require_http_methods(["GET", "POST"])
@roles_required(Role.ACCOUNT_HOLDER)
def step_decide(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = StepDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_decide(
                decision=decision,
                approve=form.approve,
                reason=form.cleaned_data["reason"],
                actor=request.user,  # type: ignore[arg-type]
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
@roles_required(Role.LWB_ADMIN)
def objection_raise(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = ObjectionRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_raise(
                decision=decision,
                reason=form.cleaned_data["reason"],
                actor=request.user,  # type: ignore[arg-type]
                organisation_ids={
                    m.organisation_id
                    for m in request.tenant_memberships  # type: ignore[attr-defined]
                    if m.role == Role.LWB_ADMIN
                },
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
@roles_required(Role.ACCOUNT_HOLDER)
def objection_handle(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    objection = (
        Objection.objects.filter(municipality=request.municipality, pk=pk)  # type: ignore[attr-defined]
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
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het bezwaar is behandeld."))
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
@roles_required(Role.ACCOUNT_HOLDER)
def decision_queue(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality  # type: ignore[attr-defined]
    return render(
        request,
        "placements/queue.html",
        {
            "advices": list(selectors.step_decisions_awaiting(municipality=municipality)),
            "objections": list(selectors.objections_open(municipality=municipality)),
        },
    )
