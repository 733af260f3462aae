"""Instellingen per jaar: the years of the municipality, and one page per year with its step
catalogue, tariffs (with their versions once locked) and budget.

Reading needs ``YEARS_VIEW`` (account holders, policy officers, the platform administrator);
every write ``YEARS_MANAGE`` (account holders), so a policy officer sees the page without any
form. Each write is a POST that goes back to the year's page; with an error the page is shown
again with the failing form and the service's Dutch messages on its fields. The write URLs
accept GET too (back to the page), so an object URL never answers 405 to a GET.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie.kernel.web import add_service_errors
from participatie.models import Step
from participatie.placements.services import YEAR_NOT_SET_UP, setup_year_error
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from subsidies.forms_years import (
    BudgetForm,
    StepForm,
    TariffForm,
    TariffVersionForm,
    YearCreateForm,
    amount_text,
)
from subsidies.selectors_years import YearOverview, year_overview, years_of
from subsidies.services import years as services


def _back(municipality_slug: str, year: int) -> HttpResponse:
    return redirect("subsidies:year-detail", municipality_slug=municipality_slug, year=year)


def _overview(request: TenantRequest, year: int) -> YearOverview:
    """The year's overview; 404 for a year that can be neither shown nor set up."""
    overview = year_overview(request.municipality, year)
    if not overview.exists and setup_year_error(year) is not None:
        raise Http404(_("Dit jaar kan niet worden ingericht."))
    return overview


def _tariff_form(overview: YearOverview, data: Any = None) -> TariffForm:
    tariff = overview.tariff
    base = overview.base_amounts()
    initial: dict[str, Any] = {f"amount_{code}": amount_text(v) for code, v in base.items()}
    if tariff is not None:
        initial.update(
            base_fee=amount_text(tariff.base_fee),
            custom_budget=amount_text(tariff.custom_budget),
            advance_model=tariff.advance_model,
            dual_placement_max_days=tariff.dual_placement_max_days,
        )
    return TariffForm(data, steps=overview.steps, initial=initial)


def _version_form(overview: YearOverview, data: Any = None) -> TariffVersionForm:
    initial = {
        f"amount_{code}": amount_text(amount) for code, amount in overview.latest_amounts().items()
    }
    return TariffVersionForm(data, steps=overview.steps, initial=initial)


def _budget_form(overview: YearOverview, data: Any = None) -> BudgetForm:
    budget = overview.budget
    initial = (
        {
            "allocated": amount_text(budget.allocated),
            "matching_unit_cost": amount_text(budget.matching_unit_cost),
        }
        if budget
        else {}
    )
    return BudgetForm(data, initial=initial)


def _setup_form(
    request: TenantRequest, year: int, data: Any = None, *, hide_year: bool
) -> YearCreateForm:
    """Create a year: a copy of one of the municipality's years (the latest before it first)
    or empty."""
    existing = [summary.year for summary in years_of(request.municipality) if summary.has_tariff]
    earlier = sorted((y for y in existing if y < year), reverse=True)
    later = sorted((y for y in existing if y >= year), reverse=True)
    initial = {"year": year, "copy_from": earlier[0] if earlier else ""}
    return YearCreateForm(data, years=earlier + later, hide_year=hide_year, initial=initial)


def _detail_page(
    request: TenantRequest,
    year: int,
    *,
    status: int = 200,
    overview: YearOverview | None = None,
    **bound: forms.Form | str,
) -> HttpResponse:
    overview = overview or _overview(request, year)
    can_manage = request.access.has(Perm.YEARS_MANAGE)
    context: dict[str, Any] = {
        "year": year,
        "overview": overview,
        "can_manage": can_manage,
        "step_error": bound.get("step_error", ""),
        "previous_year": year - 1 if setup_year_error(year - 1) is None else None,
        "next_year": year + 1 if setup_year_error(year + 1) is None else None,
    }
    if can_manage:
        context["step_form"] = bound.get("step_form") or StepForm()
        context["budget_form"] = bound.get("budget_form") or _budget_form(overview)
        if overview.tariff is None:
            context["setup_form"] = bound.get("setup_form") or _setup_form(
                request, year, hide_year=True
            )
        elif overview.locked:
            context["version_form"] = bound.get("version_form") or _version_form(overview)
            if "tariff_form" in bound:  # a change posted anyway: show why it is refused
                context["tariff_form"] = bound["tariff_form"]
        else:
            context["tariff_form"] = bound.get("tariff_form") or _tariff_form(overview)
    return render(request, "subsidies/years/detail.html", context, status=status)


# -- the years ------------------------------------------------------------------------------


@require_GET
@permission_required(Perm.YEARS_VIEW)
def year_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    return _list_page(request)


def _list_page(
    request: TenantRequest, form: YearCreateForm | None = None, status: int = 200
) -> HttpResponse:
    years = years_of(request.municipality)
    can_manage = request.access.has(Perm.YEARS_MANAGE)
    if can_manage and form is None:
        next_year = (years[0].year + 1) if years else None
        existing = [summary.year for summary in years if summary.has_tariff]
        proposed = next_year if next_year and setup_year_error(next_year) is None else None
        form = YearCreateForm(
            years=existing,
            initial={"year": proposed, "copy_from": existing[0] if existing else ""},
        )
    return render(
        request,
        "subsidies/years/list.html",
        {"years": years, "can_manage": can_manage, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.YEARS_MANAGE)
def year_create(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    if request.method == "GET":
        return redirect("subsidies:year-list", municipality_slug=municipality_slug)
    existing = [s.year for s in years_of(request.municipality) if s.has_tariff]
    form = YearCreateForm(request.POST, years=existing)
    if form.is_valid() and _year_created(request, form, form.cleaned_data["year"]):
        return _back(municipality_slug, form.cleaned_data["year"])
    return _list_page(request, form, status=400)


def _year_created(request: TenantRequest, form: YearCreateForm, year: int) -> bool:
    """Set up ``year`` as the valid ``form`` asks (a copy or empty): True with its message, or
    False with the service's errors on the form."""
    try:
        services.year_create(
            municipality=request.municipality,
            year=year,
            copy_from=form.cleaned_data["copy_from"],
            actor=request.user,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, _("%(year)s is ingericht.") % {"year": year})
    return True


# -- one year -------------------------------------------------------------------------------


@require_GET
@permission_required(Perm.YEARS_VIEW)
def year_detail(request: TenantRequest, municipality_slug: str, year: int) -> HttpResponse:
    return _detail_page(request, year)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.YEARS_MANAGE)
def year_setup(request: TenantRequest, municipality_slug: str, year: int) -> HttpResponse:
    """Set up the year of this page (a copy or empty)."""
    if request.method == "GET":
        return _back(municipality_slug, year)
    data = request.POST.copy()
    data["year"] = str(year)
    form = _setup_form(request, year, data, hide_year=True)
    if form.is_valid() and _year_created(request, form, year):
        return _back(municipality_slug, year)
    return _detail_page(request, year, status=400, setup_form=form)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.YEARS_MANAGE)
def step_create(request: TenantRequest, municipality_slug: str, year: int) -> HttpResponse:
    if request.method == "GET":
        return _back(municipality_slug, year)
    _overview(request, year)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            step = services.step_create(
                municipality=request.municipality,
                actor=request.user,
                year=year,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Trede %(label)s is toegevoegd aan %(year)s.")
                % {"label": step.label, "year": year},
            )
            return _back(municipality_slug, year)
    return _detail_page(request, year, status=400, step_form=form)


def _step(request: TenantRequest, year: int, pk: int) -> Step:
    return get_object_or_404(Step, municipality=request.municipality, year=year, pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.YEARS_MANAGE)
def step_edit(request: TenantRequest, municipality_slug: str, year: int, pk: int) -> HttpResponse:
    step = _step(request, year, pk)
    form = StepForm(
        request.POST or None,
        initial={"code": step.code, "label": step.label, "is_default": step.is_default},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(step=step, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De trede is gewijzigd."))
            return _back(municipality_slug, year)
    return render(
        request,
        "subsidies/years/step_form.html",
        {"year": year, "step": step, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.YEARS_MANAGE)
def step_delete(request: TenantRequest, municipality_slug: str, year: int, pk: int) -> HttpResponse:
    step = _step(request, year, pk)
    if request.method == "GET":
        return _back(municipality_slug, year)
    try:
        services.step_delete(step=step, actor=request.user)
    except ValidationError as error:
        return _detail_page(request, year, status=400, step_error=" ".join(error.messages))
    messages.success(request, _("Trede %(label)s is verwijderd.") % {"label": step.label})
    return _back(municipality_slug, year)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.YEARS_MANAGE)
def tariff_update(request: TenantRequest, municipality_slug: str, year: int) -> HttpResponse:
    if request.method == "GET":
        return _back(municipality_slug, year)
    overview = _overview(request, year)
    if overview.tariff is None:
        return _back(municipality_slug, year)
    form = _tariff_form(overview, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.tariff_update(
                tariff=overview.tariff,
                base_fee=data["base_fee"],
                custom_budget=data["custom_budget"],
                advance_model=data["advance_model"],
                dual_placement_max_days=data["dual_placement_max_days"],
                amounts=form.amounts(),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("De tarieven van %(year)s zijn opgeslagen.") % {"year": year}
            )
            return _back(municipality_slug, year)
    return _detail_page(request, year, status=400, overview=overview, tariff_form=form)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.YEARS_MANAGE)
def tariff_version(request: TenantRequest, municipality_slug: str, year: int) -> HttpResponse:
    if request.method == "GET":
        return _back(municipality_slug, year)
    overview = _overview(request, year)
    if overview.tariff is None:
        return _back(municipality_slug, year)
    form = _version_form(overview, request.POST)
    if form.is_valid():
        try:
            services.tariff_version_create(
                tariff=overview.tariff,
                effective_from=form.cleaned_data["effective_from"],
                amounts=form.amounts(),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De nieuwe versie van de tarieven is vastgelegd."))
            return _back(municipality_slug, year)
    return _detail_page(request, year, status=400, overview=overview, version_form=form)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.YEARS_MANAGE)
def budget_set(request: TenantRequest, municipality_slug: str, year: int) -> HttpResponse:
    if request.method == "GET":
        return _back(municipality_slug, year)
    overview = _overview(request, year)
    form = _budget_form(overview, request.POST)
    if form.is_valid():
        try:
            services.budget_set(
                municipality=request.municipality,
                year=year,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het budget van %(year)s is opgeslagen.") % {"year": year})
            return _back(municipality_slug, year)
    return _detail_page(request, year, status=400, overview=overview, budget_form=form)


# -- links from other pages ------------------------------------------------------------------


def year_setup_link(
    request: TenantRequest, year: int, form: forms.BaseForm | None = None
) -> int | None:
    """The year whose settings page another page links to: when its form got an error that
    the year is not set up (or ``form`` is None: the page itself found it missing), and only
    for users who may open the year page."""
    if not request.access.has(Perm.YEARS_VIEW):
        return None
    if form is None:
        return year
    found = any(
        error.code == YEAR_NOT_SET_UP
        for errors in form.errors.as_data().values()
        for error in errors
    )
    return year if found else None
