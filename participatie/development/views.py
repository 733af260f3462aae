"""Development plan pages of a placement and the overdue-review lists.

Who: the placement's company (LWB administrator and supervisor) and the matching unit write;
municipal roles read. Another company's or municipality's placement is a 404 (the lookup goes
through ``placement_get_visible``); the permission check comes first.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie.development import selectors, services
from participatie.development.forms import DevelopmentPlanForm, DevelopmentTalkForm
from participatie.kernel.web import add_service_errors
from participatie.placements.selectors import placement_get_visible, placements_visible_to
from participatie.privacy import audit
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm


def _to_plan(request: TenantRequest, placement_pk: int) -> HttpResponse:
    return redirect(
        "participatie:development:plan",
        municipality_slug=request.municipality.slug,
        placement_pk=placement_pk,
    )


def _form_page(request: TenantRequest, template: str, context: dict[str, object]) -> HttpResponse:
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@require_GET
@permission_required(Perm.DEVELOPMENT_VIEW)
def plan_detail(request: TenantRequest, municipality_slug: str, placement_pk: int) -> HttpResponse:
    placement = placement_get_visible(request.access, placement_pk)
    audit.record_read(request, placement.participant)
    municipality = request.municipality
    return render(
        request,
        "development/plan.html",
        {
            "placement": placement,
            "plan": selectors.current_plan(placement),
            "talks": list(selectors.talks_of(placement)),
            "review": selectors.next_review(municipality=municipality, placement=placement),
            "can_write": request.access.has(Perm.DEVELOPMENT_WRITE),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.DEVELOPMENT_WRITE)
def plan_edit(request: TenantRequest, municipality_slug: str, placement_pk: int) -> HttpResponse:
    placement = placement_get_visible(request.access, placement_pk)
    plan = selectors.current_plan(placement)
    initial = (
        {"goals": plan.goals, "actions": plan.actions, "is_developing": plan.is_developing}
        if plan
        else None
    )
    form = DevelopmentPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if plan is None:
                services.development_plan_create(placement=placement, actor=request.user, **data)
            else:
                services.development_plan_update(plan=plan, actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het ontwikkelplan is opgeslagen."))
            return _to_plan(request, placement.pk)
    return _form_page(
        request, "development/plan_form.html", {"form": form, "placement": placement, "plan": plan}
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.DEVELOPMENT_WRITE)
def talk_record(request: TenantRequest, municipality_slug: str, placement_pk: int) -> HttpResponse:
    placement = placement_get_visible(request.access, placement_pk)
    plan = selectors.current_plan(placement)
    if plan is None:
        messages.warning(request, _("Stel eerst een ontwikkelplan op."))
        return _to_plan(request, placement.pk)
    plan.placement = placement
    form = DevelopmentTalkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.development_talk_record(
                plan=plan,
                held_on=form.cleaned_data["held_on"],
                summary=form.cleaned_data["summary"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het ontwikkelgesprek is vastgelegd."))
            return _to_plan(request, placement.pk)
    return _form_page(
        request, "development/talk_form.html", {"form": form, "placement": placement, "plan": plan}
    )


@require_GET
@permission_required(Perm.DEVELOPMENT_WRITE)
def overdue_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality
    rows = selectors.reviews_due(
        municipality=municipality,
        placements=placements_visible_to(request.access),
        today=timezone.localdate(),
    )
    return render(request, "development/overdue.html", {"rows": rows})
