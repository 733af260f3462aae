"""Pages for applications, decisions (beschikkingen) and determinations (vaststellingen).

Each page declares its permission: ``SUBSIDIES_VIEW`` to read (municipal and company roles),
``SUBSIDIES_APPLY`` to apply (a company's administrator), ``SUBSIDIES_DECIDE`` to write decisions
and determinations (account holders). Which rows a user sees is up to ``subsidies.selectors``:
a company's users see only their own company's rows, and of decisions and determinations only
approved ones. Everything else, and another municipality's rows, is 404.
Actions accept GET (back to the page) so an object URL never answers 405 to a GET.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from participatie.kernel.paging import page_of
from participatie.kernel.web import add_service_errors
from participatie.models import Enrolment
from participatie.privacy.files import file_download
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from subsidies import selectors
from subsidies.choices import DecisionStatus
from subsidies.forms import ApplicationForm, DecisionForm, DeterminationForm
from subsidies.mail import COMPANY_LETTER
from subsidies.models import Determination, SubsidyApplication, SubsidyDecision
from subsidies.services import decisions as services
from subsidies.services import determinations as determination_services
from subsidies.views_years import year_setup_link


def _enrolments(request: TenantRequest) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(municipality=request.municipality)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def _year(request: TenantRequest, default: int | None = None) -> int:
    raw = request.GET.get("jaar", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return default or timezone.localdate().year


def _errors(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


# -- applications --------------------------------------------------------------------------------


@require_GET
@permission_required(Perm.SUBSIDIES_VIEW)
def application_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    return render(
        request,
        "subsidies/decisions/application_list.html",
        {
            **page_of(request, selectors.applications_visible_to(request.access)),
            "can_apply": request.access.has(Perm.SUBSIDIES_APPLY),
            "can_draft": request.access.has(Perm.SUBSIDIES_DECIDE),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.SUBSIDIES_APPLY)
def application_submit(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    enrolment = selectors.enrolments_to_apply_for(request.access).first()
    if enrolment is None:
        raise Http404(_("Uw bedrijf is niet ingeschreven bij deze gemeente."))
    year = _year(request)
    steps = services.catalogue(request.municipality, year)
    form = ApplicationForm(request.POST or None, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                enrolment=enrolment,
                year=year,
                places=form.places(),
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Uw aanvraag is ingediend."))
            return redirect("subsidies:application-list", municipality_slug=municipality_slug)
    return render(
        request,
        "subsidies/decisions/application_form.html",
        {"form": form, "year": year, "enrolment": enrolment, "steps": steps},
    )


# -- decisions -----------------------------------------------------------------------------------


def _decision(request: TenantRequest, pk: int) -> SubsidyDecision:
    return get_object_or_404(
        selectors.decisions_visible_to(request.access).select_related("supersedes"), pk=pk
    )


@require_GET
@permission_required(Perm.SUBSIDIES_VIEW)
def decision_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    decisions = selectors.decisions_visible_to(request.access)
    # ``?status=proposed``: the decisions waiting for approval ("Wat wacht op mij" links here).
    status = request.GET.get("status", "")
    status_label = dict(DecisionStatus.choices).get(status)
    if status_label is not None:
        decisions = decisions.filter(status=status)
    return render(
        request,
        "subsidies/decisions/list.html",
        {
            **page_of(request, decisions),
            "status_label": status_label,
            "can_draft": request.access.has(Perm.SUBSIDIES_DECIDE),
        },
    )


def _form_page(
    request: TenantRequest,
    *,
    form: DecisionForm,
    year: int,
    decision: SubsidyDecision | None = None,
    amend: bool = False,
    application: SubsidyApplication | None = None,
) -> HttpResponse:
    room = services.budget_room(
        request.municipality,
        year,
        replacing=decision if amend else (decision.supersedes if decision else None),
    )
    return render(
        request,
        "subsidies/decisions/form.html",
        {
            "form": form,
            "year": year,
            "decision": decision,
            "amend": amend,
            "application": application,
            "room": room,
            "setup_year": year_setup_link(request, year, form if form.steps else None),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.SUBSIDIES_DECIDE)
def decision_draft(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    municipality = request.municipality
    application = None
    raw = request.GET.get("aanvraag", "")
    if raw.isdigit():
        application = get_object_or_404(
            selectors.applications_visible_to(request.access), pk=int(raw)
        )
    year = application.year if application else _year(request)
    steps = services.catalogue(municipality, year)
    initial: dict[str, Any] = {}
    if application is not None:
        initial["enrolment"] = application.enrolment_id
        initial.update({f"places_{ln.step.code}": ln.places for ln in application.lines.all()})
    form = DecisionForm(
        request.POST or None, initial=initial, steps=steps, enrolments=_enrolments(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_draft(
                enrolment=form.cleaned_data["enrolment"],
                year=year,
                places=form.places(),
                actor=request.user,
                over_budget_confirmed=form.cleaned_data["over_budget_confirmed"],
                application=application,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De conceptbeschikking is opgesteld."))
            return redirect(
                "subsidies:decision-detail", municipality_slug=municipality_slug, pk=decision.pk
            )
    return _form_page(request, form=form, year=year, application=application)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.SUBSIDIES_DECIDE)
def decision_edit(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    """Change a draft; for an approved or sent decision, draft a new one that supersedes it."""
    decision = _decision(request, pk)
    amend = decision.status in services.DONE
    steps = services.catalogue(decision.municipality, decision.year)
    initial = {
        f"places_{line.step.code}": line.places for line in decision.lines.select_related("step")
    }
    form = DecisionForm(request.POST or None, initial=initial, steps=steps)
    if request.method == "POST" and form.is_valid():
        arguments = {
            "decision": decision,
            "places": form.places(),
            "actor": request.user,
            "over_budget_confirmed": form.cleaned_data["over_budget_confirmed"],
        }
        try:
            if amend:
                result = services.decision_amend(**arguments)
            else:
                result = services.decision_update(**arguments)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De nieuwe beschikking is opgesteld als concept.")
                if amend
                else _("De beschikking is gewijzigd."),
            )
            return redirect(
                "subsidies:decision-detail", municipality_slug=municipality_slug, pk=result.pk
            )
    return _form_page(request, form=form, year=decision.year, decision=decision, amend=amend)


@require_GET
@permission_required(Perm.SUBSIDIES_VIEW)
def decision_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    holder = request.access.has(Perm.SUBSIDIES_DECIDE)
    officer = selectors.company_scope(request.access) is None
    proposed = decision.status == DecisionStatus.PROPOSED
    # Four eyes: the drafter and the last changer are told why, instead of a button that fails.
    refusal = services.four_eyes_refusal(decision, request.user) if holder and proposed else ""
    return render(
        request,
        "subsidies/decisions/detail.html",
        {
            "decision": decision,
            "lines": decision.lines.select_related("step").order_by("step__position"),
            "newer": decision.superseded_by.order_by("-pk") if officer else [],
            "payments": decision.payments.all() if officer else [],
            "can_edit": holder,
            "can_propose": holder and decision.status == DecisionStatus.DRAFT,
            "can_approve": holder and proposed and not refusal,
            "approval_note": refusal,
            "can_send": holder and decision.status == DecisionStatus.APPROVED,
            "letter_mail": COMPANY_LETTER.latest_mail(decision) if officer else None,
            "recipient": decision.enrolment.organisation,
        },
    )


TRANSITIONS = {
    "propose": (
        services.decision_propose,
        gettext_lazy("De beschikking is ter goedkeuring voorgelegd."),
    ),
    "approve": (services.decision_approve, gettext_lazy("De beschikking is goedgekeurd.")),
    "send": (services.decision_send, gettext_lazy("De beschikking is verzonden.")),
}


def _sent_message(decision: SubsidyDecision) -> str:
    address = decision.enrolment.organisation.contact_email
    if address:
        return _("De beschikking is verzonden. De brief gaat per e-mail naar %(email)s.") % {
            "email": address
        }
    return _("De beschikking is als verzonden gemarkeerd. U verstuurt de brief zelf.")


@require_http_methods(["GET", "POST"])
@permission_required(Perm.SUBSIDIES_DECIDE)
def decision_transition(
    request: TenantRequest, municipality_slug: str, pk: int, action: str
) -> HttpResponse:
    decision = _decision(request, pk)
    if request.method == "POST":
        service, done = TRANSITIONS[action]
        extra = (
            {"without_email_confirmed": request.POST.get("without_email_confirmed") == "1"}
            if action == "send"
            else {}
        )
        try:
            result = service(decision=decision, actor=request.user, **extra)
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, _sent_message(result) if action == "send" else str(done))
    return redirect("subsidies:decision-detail", municipality_slug=municipality_slug, pk=pk)


def _pdf_response(request: TenantRequest, obj: Any, filename: str) -> FileResponse:
    """The letter of ``obj`` (found through its visibility selector), logged, never cached."""
    if not obj.letter:
        raise Http404(_("Er is nog geen brief."))
    return file_download(
        request,
        obj.letter,
        obj=obj,
        filename=filename,
        content_type="application/pdf",
        inline=request.GET.get("weergave") == "1",
    )


@require_GET
@permission_required(Perm.SUBSIDIES_VIEW)
def decision_pdf(request: TenantRequest, municipality_slug: str, pk: int) -> FileResponse:
    decision = _decision(request, pk)
    return _pdf_response(request, decision, f"beschikking-{decision.year}.pdf")


# -- determinations ------------------------------------------------------------------------------


def _determination(request: TenantRequest, pk: int) -> Determination:
    return get_object_or_404(selectors.determinations_visible_to(request.access), pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.SUBSIDIES_VIEW)
def determination_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    holder = request.access.has(Perm.SUBSIDIES_DECIDE)
    form = (
        DeterminationForm(
            request.POST if request.method == "POST" else None,
            initial={"year": timezone.localdate().year - 1},
            enrolments=_enrolments(request),
        )
        if holder
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                determination = determination_services.determination_compute(
                    enrolment=form.cleaned_data["enrolment"],
                    year=form.cleaned_data["year"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De vaststelling is berekend."))
                return redirect(
                    "subsidies:determination-detail",
                    municipality_slug=municipality_slug,
                    pk=determination.pk,
                )
    return render(
        request,
        "subsidies/decisions/determination_list.html",
        {
            **page_of(request, selectors.determinations_visible_to(request.access)),
            "form": form,
        },
    )


@require_GET
@permission_required(Perm.SUBSIDIES_VIEW)
def determination_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    determination = _determination(request, pk)
    holder = request.access.has(Perm.SUBSIDIES_DECIDE)
    open_ = determination.approved_at is None
    refusal = (
        determination_services.four_eyes_refusal(determination, request.user)
        if holder and open_
        else ""
    )
    return render(
        request,
        "subsidies/decisions/determination_detail.html",
        {
            "determination": determination,
            "payments": determination.payments.all()
            if selectors.company_scope(request.access) is None
            else [],
            "can_approve": holder and open_ and not refusal,
            "approval_note": refusal,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.SUBSIDIES_DECIDE)
def determination_approve(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    determination = _determination(request, pk)
    if request.method == "POST":
        try:
            determination_services.determination_approve(
                determination=determination,
                actor=request.user,
            )
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, _("De vaststelling is goedgekeurd."))
    return redirect("subsidies:determination-detail", municipality_slug=municipality_slug, pk=pk)


@require_GET
@permission_required(Perm.SUBSIDIES_VIEW)
def determination_pdf(request: TenantRequest, municipality_slug: str, pk: int) -> FileResponse:
    determination = _determination(request, pk)
    return _pdf_response(request, determination, f"vaststelling-{determination.year}.pdf")
