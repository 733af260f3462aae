"""The pages of the learning-work companies (enrolments) of a municipality.

Tenant pages run inside the tenancy middleware's transaction and scope: ``request.municipality``
and ``request.access`` are set before the view runs. Which companies a user sees is
``enrolments_visible_to``'s decision.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie.enrolments import selectors, services
from participatie.enrolments.forms import EnrolmentRegisterForm, EnrolmentTransitionForm
from participatie.kernel.web import add_service_errors
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
    return render(
        request,
        "participatie/enrolments/detail.html",
        {
            "enrolment": enrolment,
            "history": audit.change_log(enrolment),
            "can_manage": can_manage,
            "can_transition": can_manage and bool(services.allowed_transitions(enrolment)),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.ENROLMENTS_MANAGE)
def enrolment_register(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    form = EnrolmentRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_register(
                municipality=request.municipality, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is aangemeld als kandidaat-leerwerkbedrijf.")
                % {"name": enrolment.organisation.name},
            )
            return redirect(
                "participatie:enrolment-detail",
                municipality_slug=request.municipality.slug,
                pk=enrolment.pk,
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "participatie/enrolments/register.html", {"form": form}, status=status)


# The permission check comes first, so a forbidden user learns nothing about which ids exist.
@require_http_methods(["GET", "POST"])
@permission_required(Perm.ENROLMENTS_MANAGE)
def enrolment_transition(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_visible(request.access, pk)
    allowed = services.allowed_transitions(enrolment)
    form = EnrolmentTransitionForm(
        request.POST or None,
        allowed=allowed,
        initial={"notes": enrolment.assessment_notes, "max_places": enrolment.max_places},
    )
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
            messages.success(
                request,
                _("De status van %(name)s is nu ‘%(status)s’.")
                % {"name": enrolment.organisation.name, "status": enrolment.get_status_display()},
            )
            return redirect(
                "participatie:enrolment-detail",
                municipality_slug=request.municipality.slug,
                pk=enrolment.pk,
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "participatie/enrolments/transition.html",
        {"form": form, "enrolment": enrolment, "allowed": allowed},
        status=status,
    )
