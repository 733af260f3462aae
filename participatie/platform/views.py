"""The pages of the platform administration (``/beheer/``) and, for a municipality's own staff,
the read-only list of the matching units that serve it.

Platform pages are not tenant pages: the tenancy middleware resolves no municipality for them.
Every one of them carries :func:`~participatie.platform.access.platform_admin_required`; the
services open a tenant where they write a tenant-owned row. Thin views: forms carry the input,
services decide, and a refused input re-renders the bound form with the service's errors.
The guard comes before the method check: a user who may not be here gets 403 whatever the
method, and learns nothing about which pages or ids exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from participatie.accounts import services as account_services
from participatie.choices import OrganisationKind
from participatie.kernel.web import add_service_errors
from participatie.mail.selectors import failed_mail_count
from participatie.models import Invitation, Municipality, Organisation, Region
from participatie.platform import selectors, services
from participatie.platform.access import platform_admin_required
from participatie.platform.forms import (
    InvitationForm,
    MunicipalityForm,
    OrganisationFilterForm,
    OrganisationForm,
    RegionForm,
    ServiceAreaAddForm,
)
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm


def _status(request: HttpRequest) -> int:
    """A refused form comes back with 400, so a test (and a browser tool) sees the refusal."""
    return 400 if request.method == "POST" else 200


@platform_admin_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "platform/home.html",
        {"counts": selectors.platform_counts(), "failed_mails": failed_mail_count()},
    )


# -- regions ---------------------------------------------------------------------------------


@platform_admin_required
@require_GET
def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "platform/region_list.html", {"regions": selectors.region_list()})


@platform_admin_required
@require_http_methods(["GET", "POST"])
def region_create(request: HttpRequest) -> HttpResponse:
    form = RegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            region = services.region_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Regio %(name)s is aangemaakt.") % {"name": region.name})
            return redirect("platform:region-list")
    return render(
        request,
        "platform/form.html",
        {
            "form": form,
            "title": _("Nieuwe regio"),
            "submit": _("Regio opslaan"),
            "back_url": "platform:region-list",
            "back_label": _("Terug naar regio's"),
        },
        status=_status(request),
    )


@platform_admin_required
@require_http_methods(["GET", "POST"])
def region_edit(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(Region, pk=pk)
    form = RegionForm(request.POST or None, initial={"name": region.name, "slug": region.slug})
    if request.method == "POST" and form.is_valid():
        try:
            services.region_update(region=region, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Regio %(name)s is opgeslagen.") % {"name": region.name})
            return redirect("platform:region-list")
    return render(
        request,
        "platform/form.html",
        {
            "form": form,
            "title": _("Regio %(name)s wijzigen") % {"name": region.name},
            "submit": _("Regio opslaan"),
            "back_url": "platform:region-list",
            "back_label": _("Terug naar regio's"),
        },
        status=_status(request),
    )


# -- municipalities --------------------------------------------------------------------------


@platform_admin_required
@require_GET
def municipality_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "platform/municipality_list.html",
        {"municipalities": selectors.municipality_list()},
    )


@platform_admin_required
@require_http_methods(["GET", "POST"])
def municipality_create(request: HttpRequest) -> HttpResponse:
    form = MunicipalityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            municipality = services.municipality_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Gemeente %(name)s is aangemaakt. Maak nu de gemeentelijke organisatie aan en "
                    "nodig de accounthouder uit."
                )
                % {"name": municipality.name},
            )
            return redirect("platform:municipality-list")
    return render(
        request,
        "platform/form.html",
        {
            "form": form,
            "title": _("Nieuwe gemeente"),
            "intro": _(
                "Een nieuwe gemeente begint leeg. De accounthouder van de gemeente stelt daarna "
                "zelf het jaar in: treden, tarieven en budget."
            ),
            "submit": _("Gemeente opslaan"),
            "back_url": "platform:municipality-list",
            "back_label": _("Terug naar gemeenten"),
        },
        status=_status(request),
    )


@platform_admin_required
@require_http_methods(["GET", "POST"])
def municipality_edit(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(Municipality, pk=pk)
    initial = {
        "name": municipality.name,
        "slug": municipality.slug,
        "cbs_code": municipality.cbs_code,
        "region": municipality.region_id,
        "budget_key_contribution": municipality.budget_key_contribution,
    }
    form = MunicipalityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.municipality_update(
                municipality=municipality,
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Gemeente %(name)s is opgeslagen.") % {"name": municipality.name}
            )
            return redirect("platform:municipality-list")
    return render(
        request,
        "platform/form.html",
        {
            "form": form,
            "title": _("Gemeente %(name)s wijzigen") % {"name": municipality.name},
            "submit": _("Gemeente opslaan"),
            "back_url": "platform:municipality-list",
            "back_label": _("Terug naar gemeenten"),
        },
        status=_status(request),
    )


# -- organisations ---------------------------------------------------------------------------


@platform_admin_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    filter_form = OrganisationFilterForm(request.GET or None)
    kind = filter_form.chosen()
    organisations = list(selectors.organisation_list(kind=kind or None))
    served = selectors.served_municipalities_by(
        [o.pk for o in organisations if o.kind in selectors.SERVICE_AREA_KINDS]
    )
    rows = [(o, served.get(o.pk, [])) for o in organisations]
    return render(
        request,
        "platform/organisation_list.html",
        {
            "filter_form": filter_form,
            "rows": rows,
            "kind": kind,
            "service_area_kinds": selectors.SERVICE_AREA_KINDS,
        },
    )


def _organisation_form_page(
    request: HttpRequest, form: OrganisationForm, context: dict[str, Any]
) -> HttpResponse:
    return render(
        request,
        "platform/form.html",
        {
            "form": form,
            "submit": _("Organisatie opslaan"),
            "back_url": "platform:organisation-list",
            "back_label": _("Terug naar organisaties"),
            **context,
        },
        status=_status(request),
    )


@platform_admin_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("kind") in OrganisationKind.values:
        initial["kind"] = request.GET["kind"]
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Organisatie %(name)s is aangemaakt.") % {"name": organisation.name}
            )
            return redirect("platform:organisation-edit", pk=organisation.pk)
    return _organisation_form_page(
        request,
        form,
        {
            "title": _("Nieuwe organisatie"),
            "intro": _(
                "Een gemeentelijke organisatie hoort bij één gemeente. Een leerwerkbedrijf heeft "
                "een KvK-nummer. Een regionaal samenwerkingsverband hoort bij een regio."
            ),
        },
    )


@platform_admin_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "kvk_number": organisation.kvk_number,
        "municipality": organisation.municipality_id,
        "region": organisation.region_id,
        "sector": organisation.sector,
        "contact_email": organisation.contact_email,
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Organisatie %(name)s is opgeslagen.") % {"name": organisation.name}
            )
            return redirect("platform:organisation-edit", pk=organisation.pk)
    return _organisation_form_page(
        request,
        form,
        {
            "title": _("Organisatie %(name)s wijzigen") % {"name": organisation.name},
            "organisation": organisation,
            "has_service_area": organisation.kind in selectors.SERVICE_AREA_KINDS,
        },
    )


# -- service areas ---------------------------------------------------------------------------


def _service_area_organisation(pk: int) -> Organisation:
    return get_object_or_404(
        Organisation.objects.filter(kind__in=selectors.SERVICE_AREA_KINDS), pk=pk
    )


@platform_admin_required
@require_http_methods(["GET", "POST"])
def service_area(request: HttpRequest, pk: int) -> HttpResponse:
    """Which municipalities a matching unit serves: the list, and a form to add one."""
    organisation = _service_area_organisation(pk)
    areas = selectors.service_areas_of(organisation)
    free = Municipality.objects.exclude(pk__in=[a.municipality_id for a in areas]).order_by("name")
    form = ServiceAreaAddForm(request.POST or None, municipalities=free)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.service_area_add(
                organisation=organisation,
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(org)s werkt nu ook voor %(name)s.")
                % {"org": organisation.name, "name": area.municipality.name},
            )
            return redirect("platform:service-area", pk=organisation.pk)
    return render(
        request,
        "platform/service_area.html",
        {"organisation": organisation, "areas": areas, "form": form},
        status=_status(request),
    )


@platform_admin_required
@require_POST
def service_area_remove(request: HttpRequest, pk: int, municipality_pk: int) -> HttpResponse:
    organisation = _service_area_organisation(pk)
    municipality = get_object_or_404(Municipality, pk=municipality_pk)
    try:
        services.service_area_remove(
            organisation=organisation,
            municipality=municipality,
            actor=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(org)s werkt niet meer voor %(name)s.")
            % {"org": organisation.name, "name": municipality.name},
        )
    return redirect("platform:service-area", pk=organisation.pk)


# -- invitations -----------------------------------------------------------------------------


def _preselected_organisation(request: HttpRequest) -> Organisation | None:
    value = request.GET.get("organisatie", "")
    if not value.isdigit():
        return None
    return Organisation.objects.filter(pk=int(value)).first()


@platform_admin_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    """Invite a person into an organisation in a role; the open invitations below."""
    organisation = None if request.method == "POST" else _preselected_organisation(request)
    form = InvitationForm(
        request.POST or None,
        organisation=organisation,
        initial={"organisation": organisation.pk} if organisation is not None else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = account_services.invitation_create(
                inviter=request.user,  # type: ignore[arg-type]
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Uitnodiging verstuurd naar %(email)s.") % {"email": invitation.email}
            )
            return redirect("platform:invitation-list")
    return render(
        request,
        "platform/invitation_list.html",
        {
            "form": form,
            "organisation": organisation,
            "invitations": selectors.open_invitations(),
        },
        status=_status(request),
    )


def _open_invitation(pk: int) -> Invitation:
    return get_object_or_404(selectors.open_invitations(), pk=pk)


@platform_admin_required
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _open_invitation(pk)
    try:
        services.invitation_withdraw(invitation=invitation, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("De uitnodiging voor %(email)s is ingetrokken.") % {"email": invitation.email},
        )
    return redirect("platform:invitation-list")


@platform_admin_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _open_invitation(pk)
    try:
        services.invitation_resend(
            invitation=invitation,
            actor=request.user,  # type: ignore[arg-type]
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(email)s krijgt een nieuwe uitnodiging. De oude link werkt niet meer.")
            % {"email": invitation.email},
        )
    return redirect("platform:invitation-list")


# -- the municipality's own view -------------------------------------------------------------


@require_GET
@permission_required(Perm.ENROLMENTS_VIEW_ALL)
def matching_units(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """Which matching units work for this municipality (set by the platform administrator)."""
    return render(
        request,
        "platform/matching_units.html",
        {"areas": selectors.matching_units_serving(request.municipality)},
    )
