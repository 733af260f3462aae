"""The budget dashboard (budget vs granted vs realised vs forecast, as the kernel's SVG bar
chart with the same figures in a table) and the custom-budget expenses of a year."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.kernel.charts import Bar, bar_chart
from participatie.kernel.formatting import money
from participatie.kernel.web import add_service_errors
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from subsidies.models import CustomBudgetExpense
from subsidies.services import budgets as services
from subsidies.views_years import year_setup_link


def _year(request: TenantRequest) -> int:
    try:
        year = int(request.GET.get("jaar") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@permission_required(Perm.BUDGETS_VIEW)
def budget_dashboard(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    year = _year(request)
    overview = services.budget_overview(municipality=request.municipality, year=year)
    figures = [
        (_("Budget"), overview.budget),
        (_("Verleend"), overview.granted),
        (_("Gerealiseerd"), overview.realised),
        (_("Verwacht (gerealiseerd + open + prognose)"), overview.expected),
    ]
    # Whole euros on the bars; the cents are in the table below the chart.
    chart = bar_chart(
        _("Budget, verleend, gerealiseerd en verwacht in %(year)s") % {"year": year},
        [Bar(str(label), value, money(value, 0)) for label, value in figures],
        description=" ".join(f"{label}: {money(value)}." for label, value in figures),
    )
    return render(
        request,
        "subsidies/budgets/dashboard.html",
        {
            "year": year,
            "overview": overview,
            "chart": chart,
            "years": range(year - 2, year + 2),
            "show_matching_unit": request.access.has(Perm.MU_SUBSIDY_VIEW),
        },
    )


class ExpenseForm(forms.Form):
    spent_on = forms.DateField(
        label=gettext_lazy("Datum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(label=gettext_lazy("Omschrijving"), max_length=200)
    # Text, not a number field: the service explains non-numeric or negative input in Dutch.
    amount = forms.CharField(label=gettext_lazy("Bedrag (€)"), max_length=20)


@permission_required(Perm.BUDGETS_VIEW)
def custom_budget(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    year = _year(request)
    municipality = request.municipality
    can_record = request.access.has(Perm.BUDGETS_RECORD)
    form = ExpenseForm(request.POST or None)
    if request.method == "POST":
        if not can_record:
            messages.error(request, _("Alleen een budgethouder kan uitgaven vastleggen."))
            return redirect(f"{request.path}?jaar={year}")
        if form.is_valid():
            try:
                services.custom_budget_expense_record(
                    municipality=municipality,
                    year=year,
                    actor=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De uitgave is vastgelegd."))
                return redirect(f"{request.path}?jaar={year}")
    overview = services.budget_overview(municipality=municipality, year=year)
    expenses = CustomBudgetExpense.objects.filter(
        municipality=municipality, year=year
    ).select_related("recorded_by")
    return render(
        request,
        "subsidies/budgets/custom_budget.html",
        {
            "year": year,
            "form": form,
            "expenses": expenses,
            "overview": overview,
            "can_record": can_record,
            "setup_year": year_setup_link(request, year, form),
        },
        status=400 if form.errors else 200,
    )
