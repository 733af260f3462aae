"""Pages without a tenant (home, errors, health), the tenant's home page and the pages of the
learning-work companies (enrolments) of a municipality.

Tenant pages run inside the tenancy middleware's transaction and scope: ``request.municipality``,
``request.roles`` and ``request.tenant_memberships`` are set before the view runs.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie import audit, selectors, services
from participatie.api.problems import problem_response
from participatie.forms import EnrolmentRegisterForm, EnrolmentTransitionForm
from participatie.home import home_sections_for
from participatie.tenancy.access import accessible_municipalities
from participatie.tenancy.middleware import is_api_path
from participatie.web import add_service_errors, require_roles


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's municipalities; with exactly one, straight to its home page."""
    municipalities = accessible_municipalities(request.user)
    if len(municipalities) == 1:
        return redirect("participatie:tenant-home", municipality_slug=municipalities[0].slug)
    return render(request, "participatie/home.html", {"municipalities": municipalities})


def tenant_home(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    """What waits for me: a section per kind of role the user holds in this municipality."""
    sections = selectors.home_sections(
        municipality=request.municipality, memberships=request.tenant_memberships
    )
    return render(
        request,
        "participatie/tenant_home.html",
        {"sections": sections, "extra_sections": home_sections_for(request)},
    )


@require_GET
def enrolment_list(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    enrolments = selectors.enrolments_visible(
        municipality=request.municipality, memberships=request.tenant_memberships
    )
    return render(
        request,
        "participatie/enrolments/list.html",
        {
            "enrolments": enrolments,
            "can_manage": bool(request.roles & selectors.ENROLMENT_MANAGER_ROLES),
        },
    )


@require_GET
def enrolment_detail(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_visible(
        municipality=request.municipality, memberships=request.tenant_memberships, pk=pk
    )
    # Opening a company's file is logged like any dossier: who, which object, which route.
    audit.record_read(request, enrolment)
    can_manage = bool(request.roles & selectors.ENROLMENT_MANAGER_ROLES)
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
def enrolment_register(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    require_roles(request, selectors.ENROLMENT_MANAGER_ROLES)
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


@require_http_methods(["GET", "POST"])
def enrolment_transition(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    # The role check comes first, so a forbidden user learns nothing about which ids exist.
    require_roles(request, selectors.ENROLMENT_MANAGER_ROLES)
    enrolment = selectors.enrolment_get_visible(
        municipality=request.municipality, memberships=request.tenant_memberships, pk=pk
    )
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


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = (
        str(exception)
        if exception and str(exception)
        else _("U heeft geen toegang tot deze pagina.")
    )
    if is_api_path(request.path_info):
        return problem_response(403, message, request=request)
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request.path_info):
        return problem_response(404, _("Niet gevonden."), request=request)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_path(request.path_info):
        return problem_response(
            500, _("Er ging iets mis. Probeer het later opnieuw."), request=request
        )
    # No context processors and no database: whatever broke must not break the error page too.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)
