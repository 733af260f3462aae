"""The pages of the learning-work companies (enrolments) of a municipality.

Tenant pages run inside the tenancy middleware's transaction and scope: ``request.municipality``
and ``request.access`` are set before the view runs. Which companies a user sees is
``enrolments_visible_to``'s decision.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie.enrolments import selectors, services
from participatie.enrolments.choices import EnrolmentStatus
from participatie.enrolments.forms import (
    EnrolmentAssessForm,
    EnrolmentMaxPlacesForm,
    EnrolmentRegisterForm,
    EnrolmentTransitionForm,
)
from participatie.kernel.web import add_service_errors
from participatie.models import Enrolment
from participatie.privacy import audit
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm


@require_GET
@permission_required(Perm.TENANT_ENTER)
def enrolment_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    enrolments = selectors.enrolments_visible_to(request.access)
    return render(
        request,
        "participatie/enrolments/list.html",
        {
            "enrolments": enrolments,
            "can_manage": request.access.has(Perm.ENROLMENTS_MANAGE),
        },
    )


@require_GET
@permission_required(Perm.TENANT_ENTER)
def enrolment_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_visible(request.access, pk)
    # Opening a company's file is logged like any dossier: who, which object, which route.
    audit.record_read(request, enrolment)
    can_manage = request.access.has(Perm.ENROLMENTS_MANAGE)
    # The assessment and its history are the municipality's file on the company: staff who see
    # every company read them, a company sees its status and places only.
    municipal = request.access.has(Perm.ENROLMENTS_VIEW_ALL)
    return render(
        request,
        "participatie/enrolments/detail.html",
        {
            "enrolment": enrolment,
            "steps": selectors.enrolment_steps(enrolment),
            "show_assessment": municipal,
            "history": audit.change_log(enrolment) if municipal else [],
            "can_manage": can_manage,
            "can_assess": can_manage and services.can_assess(enrolment),
            "can_activate": can_manage and enrolment.status == EnrolmentStatus.ASSESSED,
            "can_end": can_manage
            and EnrolmentStatus.ENDED in services.allowed_transitions(enrolment),
            "can_change_places": can_manage and enrolment.status != EnrolmentStatus.ENDED,
        },
    )


def _done(request: TenantRequest, enrolment: Enrolment, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(
        "participatie:enrolment-detail",
        municipality_slug=request.municipality.slug,
        pk=enrolment.pk,
    )


def _form_page(
    request: TenantRequest, template: str, form: Form, **context: object
) -> HttpResponse:
    """The form again, with what the user typed and the errors (400 after a failed POST)."""
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **context}, status=status)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.ENROLMENTS_MANAGE)
def enrolment_register(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    companies = selectors.companies_to_enrol(municipality=request.municipality)
    form = EnrolmentRegisterForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_register(
                municipality=request.municipality, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                enrolment,
                _("%(name)s is aangemeld als kandidaat-leerwerkbedrijf.")
                % {"name": enrolment.organisation.name},
            )
    return _form_page(request, "participatie/enrolments/register.html", form)


# The permission check comes first, so a forbidden user learns nothing about which ids exist.
@require_http_methods(["GET", "POST"])
@permission_required(Perm.ENROLMENTS_MANAGE)
def enrolment_assess(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_visible(request.access, pk)
    initial: dict[str, object] = {
        "kind_of_work": enrolment.kind_of_work,
        "guidance_offered": enrolment.guidance_offered,
        "displacement_reason": enrolment.displacement_reason,
    }
    if enrolment.no_displacement is not None:
        initial["no_displacement"] = "yes" if enrolment.no_displacement else "no"
    form = EnrolmentAssessForm(request.POST or None, initial=initial)
    # A company past "assessed" is refused by the service; its error shows above the form.
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_assess(
                enrolment=enrolment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                enrolment,
                _("De beoordeling van %(name)s is opgeslagen.")
                % {"name": enrolment.organisation.name},
            )
    return _form_page(
        request,
        "participatie/enrolments/assess.html",
        form,
        enrolment=enrolment,
        can_assess=services.can_assess(enrolment),
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.ENROLMENTS_MANAGE)
def enrolment_transition(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_visible(request.access, pk)
    allowed = [s for s in services.allowed_transitions(enrolment) if s != EnrolmentStatus.ASSESSED]
    initial: dict[str, object] = {"max_places": enrolment.max_places or None}
    if len(allowed) == 1:
        initial["to_status"] = allowed[0]
    elif request.GET.get("naar") in allowed:
        initial["to_status"] = request.GET["naar"]
    form = EnrolmentTransitionForm(request.POST or None, allowed=allowed, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_transition(
                enrolment=enrolment,
                to_status=form.cleaned_data["to_status"],
                notes=form.cleaned_data["notes"],
                max_places=form.cleaned_data["max_places"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                enrolment,
                _("De status van %(name)s is nu ‘%(status)s’.")
                % {"name": enrolment.organisation.name, "status": enrolment.get_status_display()},
            )
    return _form_page(
        request,
        "participatie/enrolments/transition.html",
        form,
        enrolment=enrolment,
        allowed=allowed,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.ENROLMENTS_MANAGE)
def enrolment_max_places(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_visible(request.access, pk)
    form = EnrolmentMaxPlacesForm(
        request.POST or None, initial={"max_places": enrolment.max_places}
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_set_max_places(
                enrolment=enrolment, max_places=form.cleaned_data["max_places"], actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                enrolment,
                _("Het maximaal aantal plekken van %(name)s is nu %(count)s.")
                % {"name": enrolment.organisation.name, "count": enrolment.max_places},
            )
    return _form_page(
        request,
        "participatie/enrolments/max_places.html",
        form,
        enrolment=enrolment,
        occupied=services.occupied_places(enrolment),
    )
