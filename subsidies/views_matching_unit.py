"""Pages of the matching unit's own subsidy, under ``/<municipality>/subsidies/matchingsunit/``.

One overview per year (from the menu) lists the applications, the decisions and the realised
quarter costs with what was planned, granted and paid; from there the matching unit applies
and records its costs, and an account holder drafts, proposes, approves (another one than who
drafted it), sends, and approves the costs. Who sees which rows is up to
``subsidies.selectors_matching_unit``; another municipality's or another unit's rows are 404.
Actions accept GET (back to the page), so an object URL never answers 405 to a GET.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from participatie.kernel.web import add_service_errors
from participatie.privacy.files import file_download
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from subsidies import selectors_matching_unit as selectors
from subsidies.choices import DecisionStatus, MatchingUnitApplicationStatus
from subsidies.forms_matching_unit import ApplicationForm, CostForm, DecisionForm
from subsidies.forms_years import amount_text
from subsidies.letters import matching_unit_schedule_rows
from subsidies.mail import MATCHING_UNIT_LETTER, mu_letter_filename
from subsidies.models import MatchingUnitCost, MatchingUnitDecision
from subsidies.services import matching_unit as services
from subsidies.views_years import year_setup_link


def _year(request: TenantRequest, name: str = "jaar") -> int:
    raw = request.GET.get(name, "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def _overview_url(municipality_slug: str, year: int) -> str:
    return f"{reverse('subsidies:mu-overview', args=[municipality_slug])}?jaar={year}"


def _errors(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@require_GET
@permission_required(Perm.MU_SUBSIDY_VIEW)
def overview(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    access = request.access
    year = _year(request)
    officer = selectors.unit_scope(access) is None
    can_approve_costs = access.has(Perm.STATEMENTS_APPROVE)
    costs = list(selectors.costs_visible_to(access).filter(year=year))
    for cost in costs:
        cost.may_approve = can_approve_costs and services.may_approve_cost(cost, request.user)
    return render(
        request,
        "subsidies/matching_unit/overview.html",
        {
            "year": year,
            "years": range(year - 2, year + 2),
            "officer": officer,
            "planned": selectors.planned_cost(request.municipality, year) if officer else None,
            "figures": selectors.unit_year(access, year),
            "applications": selectors.applications_visible_to(access).filter(year=year),
            "decisions": selectors.decisions_visible_to(access).filter(year=year),
            "costs": costs,
            "can_apply": access.has(Perm.MU_SUBSIDY_APPLY),
            "can_decide": access.has(Perm.SUBSIDIES_DECIDE),
            "can_record": access.has(Perm.MU_COSTS_RECORD),
            "can_approve_costs": can_approve_costs,
            "visible_to_units": selectors.DECISIONS_VISIBLE_TO_UNITS,
            "open": MatchingUnitApplicationStatus.OPEN,
        },
    )


# -- applications --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(Perm.MU_SUBSIDY_APPLY)
def application_submit(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    units = selectors.units_of(request.access)
    if not units:
        raise Http404(_("Uw organisatie werkt niet als matchingsunit voor deze gemeente."))
    form = ApplicationForm(request.POST or None, units=units, initial={"year": _year(request)})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.mu_application_submit(
                municipality=request.municipality,
                matching_unit=services.choose_unit(units, form.chosen_unit()),
                year=form.cleaned_data["year"],
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Uw aanvraag is ingediend."))
            return redirect(_overview_url(municipality_slug, application.year))
    return render(
        request,
        "subsidies/matching_unit/application_form.html",
        {"form": form, "units": units, "year": _year(request)},
        status=400 if form.errors else 200,
    )


# -- decisions -----------------------------------------------------------------------------------


def _decision(request: TenantRequest, pk: int) -> MatchingUnitDecision:
    return get_object_or_404(selectors.decisions_visible_to(request.access), pk=pk)


def _form_page(
    request: TenantRequest,
    *,
    form: DecisionForm,
    application: Any,
    decision: MatchingUnitDecision | None = None,
) -> HttpResponse:
    return render(
        request,
        "subsidies/matching_unit/decision_form.html",
        {
            "form": form,
            "application": application,
            "decision": decision,
            "year": application.year,
            "room": services.mu_budget_room(request.municipality, application.year),
            "setup_year": year_setup_link(request, application.year, form),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.SUBSIDIES_DECIDE)
def decision_draft(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    """Draft the decision on an application (from the overview's list of applications)."""
    application = get_object_or_404(selectors.applications_visible_to(request.access), pk=pk)
    if application.decision_id is not None:
        return redirect(
            "subsidies:mu-decision-detail",
            municipality_slug=municipality_slug,
            pk=application.decision_id,
        )
    form = DecisionForm(request.POST or None, initial={"amount": amount_text(application.amount)})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.mu_decision_draft(
                application=application,
                amount=form.cleaned_data["amount"],
                over_budget_confirmed=form.cleaned_data["over_budget_confirmed"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De conceptbeschikking is opgesteld."))
            return redirect(
                "subsidies:mu-decision-detail", municipality_slug=municipality_slug, pk=decision.pk
            )
    return _form_page(request, form=form, application=application)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.SUBSIDIES_DECIDE)
def decision_edit(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    if decision.status in services.DONE:
        messages.error(
            request,
            _(
                "Deze beschikking is al goedgekeurd en kan niet meer worden gewijzigd. Voor "
                "een extra bedrag dient de matchingsunit een nieuwe aanvraag in."
            ),
        )
        return redirect("subsidies:mu-decision-detail", municipality_slug=municipality_slug, pk=pk)
    form = DecisionForm(
        request.POST or None,
        initial={
            "amount": amount_text(decision.amount),
            "over_budget_confirmed": decision.over_budget_confirmed,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mu_decision_update(
                decision=decision,
                amount=form.cleaned_data["amount"],
                over_budget_confirmed=form.cleaned_data["over_budget_confirmed"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De beschikking is gewijzigd."))
            return redirect(
                "subsidies:mu-decision-detail", municipality_slug=municipality_slug, pk=pk
            )
    return _form_page(request, form=form, application=decision.application, decision=decision)


@require_GET
@permission_required(Perm.MU_SUBSIDY_VIEW)
def decision_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    holder = request.access.has(Perm.SUBSIDIES_DECIDE)
    proposed = decision.status == DecisionStatus.PROPOSED
    return render(
        request,
        "subsidies/matching_unit/decision_detail.html",
        {
            "decision": decision,
            "application": decision.application,
            # Who drafted and approved: for the municipality's staff, never for the unit.
            "officer": selectors.unit_scope(request.access) is None,
            "schedule": matching_unit_schedule_rows(decision),
            "payments": decision.payments.all(),
            "can_edit": holder and decision.status not in services.DONE,
            "can_propose": holder and decision.status == DecisionStatus.DRAFT,
            "can_approve": holder and services.may_approve(decision, request.user),
            "own_proposal": holder and proposed and decision.drafted_by_id == request.user.pk,
            "can_send": holder and decision.status == DecisionStatus.APPROVED,
            "recipient": decision.application.matching_unit,
            "letter_mail": MATCHING_UNIT_LETTER.latest_mail(decision) if holder else None,
        },
    )


TRANSITIONS = {
    "propose": (
        services.mu_decision_propose,
        gettext_lazy("De beschikking is ter goedkeuring voorgelegd."),
    ),
    "approve": (services.mu_decision_approve, gettext_lazy("De beschikking is goedgekeurd.")),
    "send": (services.mu_decision_send, gettext_lazy("De beschikking is verzonden.")),
}


@require_http_methods(["GET", "POST"])
@permission_required(Perm.SUBSIDIES_DECIDE)
def decision_transition(
    request: TenantRequest, municipality_slug: str, pk: int, action: str
) -> HttpResponse:
    decision = _decision(request, pk)
    if request.method == "POST":
        service, done = TRANSITIONS[action]
        options = {}
        if action == "send":
            options["without_email_confirmed"] = request.POST.get("without_email_confirmed") == "1"
        try:
            service(decision=decision, actor=request.user, **options)
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, str(done))
    return redirect("subsidies:mu-decision-detail", municipality_slug=municipality_slug, pk=pk)


@require_GET
@permission_required(Perm.MU_SUBSIDY_VIEW)
def decision_pdf(request: TenantRequest, municipality_slug: str, pk: int) -> FileResponse:
    """The letter, only through this view (its stored name is random; the name given to the
    browser holds no id)."""
    decision = _decision(request, pk)
    if not decision.letter:
        raise Http404(_("Er is nog geen brief."))
    return file_download(
        request,
        decision.letter,
        obj=decision,
        filename=mu_letter_filename(decision),
        content_type="application/pdf",
        inline=request.GET.get("weergave") == "1",
    )


# -- realised cost per quarter -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(Perm.MU_COSTS_RECORD)
def cost_record(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """Record (or, before approval, correct) a quarter's realised cost."""
    units = selectors.units_to_record_for(request.access)
    year = _year(request)
    initial: dict[str, Any] = {"year": year}
    quarter = request.GET.get("kwartaal", "")
    if quarter in {"1", "2", "3", "4"}:
        initial["quarter"] = int(quarter)
        if len(units) == 1:
            existing = (
                selectors.costs_visible_to(request.access)
                .filter(matching_unit=units[0], year=year, quarter=int(quarter))
                .first()
            )
            if existing is not None:
                initial |= {"amount": amount_text(existing.amount), "account": existing.account}
    form = CostForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cost = services.mu_cost_record(
                municipality=request.municipality,
                matching_unit=services.choose_unit(units, form.chosen_unit()),
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
                amount=form.cleaned_data["amount"],
                account=form.cleaned_data["account"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "De kosten van kwartaal %(q)s %(y)s zijn vastgelegd. Een accounthouder "
                    "keurt ze goed."
                )
                % {"q": cost.quarter, "y": cost.year},
            )
            return redirect(_overview_url(municipality_slug, cost.year))
    return render(
        request,
        "subsidies/matching_unit/cost_form.html",
        {"form": form, "units": units, "year": year},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.STATEMENTS_APPROVE)
def cost_approve(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    cost: MatchingUnitCost = get_object_or_404(selectors.costs_visible_to(request.access), pk=pk)
    if request.method == "POST":
        try:
            services.mu_cost_approve(cost=cost, actor=request.user)
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("De kosten van kwartaal %(q)s %(y)s zijn goedgekeurd.")
                % {"q": cost.quarter, "y": cost.year},
            )
    return redirect(_overview_url(municipality_slug, cost.year))
