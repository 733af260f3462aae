"""The budget report (issue 6): per municipality its budget, the matching unit's realised cost
(its approved quarter costs; planned and granted in a table of their own), what was
granted, realised and is still expected this year, and the difference; for a region the roll-up
in the shape of seed 000's cost table of 2019 ("Kosten Leerwerkbedrijven en matchingsunits per
gemeente"), with the municipalities as rows so that a region of any size fits a page.

The figures are :func:`subsidies.services.budgets.budget_overviews`, the same as on the budget
dashboard, for every municipality of the scope at once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.kernel import formatting
from participatie.kernel.charts import Bar, bar_chart
from participatie.kernel.pdf import dutch_date, euro
from participatie.models import Municipality, Placement, StepDecision
from participatie.reports.content import MONEY, TEXT, Chart, Column, Report, Table
from participatie.reports.forms import YearForm
from participatie.reports.registry import (
    MUNICIPALITY,
    REGION,
    NoData,
    ReportContext,
    ReportKind,
)
from participatie.tenancy.permissions import Perm, roles_with
from subsidies.models import (
    CustomBudgetExpense,
    MatchingUnitCost,
    MatchingUnitDecision,
    MunicipalBudget,
    QuarterStatement,
    RegionalBudget,
    StepTariff,
    SubsidyDecision,
    Tariff,
)
from subsidies.services.budgets import ZERO, BudgetOverview, budget_overviews, forecast_from

# -- the kind -----------------------------------------------------------------------------------


def _year_and_today(ctx: ReportContext) -> tuple[int, date]:
    return ctx.parameters["year"], ctx.today or timezone.localdate()


def _newest(rows: QuerySet, field: str) -> Subquery:
    rows = rows.filter(municipality=OuterRef("pk")).order_by(F(field).desc(nulls_last=True))
    return Subquery(rows.values(field)[:1])


def fingerprint(ctx: ReportContext) -> str:
    """One query, one row per municipality: whether it has a budget or tariffs for the year,
    and the newest change to everything the figures read (audit rows where the model keeps
    them; count, newest id and timestamps for the statements, which do not)."""
    year, today = _year_and_today(ctx)
    statements = QuarterStatement.objects.filter(year=year)
    state = {
        "has_budget": Exists(
            MunicipalBudget.objects.filter(municipality=OuterRef("pk"), year=year)
        ),
        "has_tariff": Exists(Tariff.objects.filter(municipality=OuterRef("pk"), year=year)),
        "budget": _newest(MunicipalBudget.history.filter(year=year), "history_id"),
        "tariff": _newest(Tariff.history.filter(year=year), "history_id"),
        "decisions": _newest(SubsidyDecision.history.filter(year=year), "history_id"),
        "expenses": _newest(CustomBudgetExpense.history.filter(year=year), "history_id"),
        "unit_decisions": _newest(MatchingUnitDecision.history.filter(year=year), "history_id"),
        "unit_costs": _newest(MatchingUnitCost.history.filter(year=year), "history_id"),
        "statements": Subquery(
            statements.filter(municipality=OuterRef("pk"))
            .order_by()
            .values("municipality")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        "statement": _newest(statements, "id"),
        "confirmed": _newest(statements, "confirmed_at"),
        "approved": _newest(statements, "approved_at"),
    }
    from_date = forecast_from(year, today)
    if from_date is not None:  # the forecast reads placements, steps and step tariffs too
        state |= {
            "step_tariffs": _newest(StepTariff.history.all(), "history_id"),
            "placements": _newest(Placement.history.all(), "history_id"),
            "steps": _newest(StepDecision.history.all(), "history_id"),
        }
    rows = list(
        Municipality.objects.filter(pk__in=ctx.municipality_ids)
        .order_by("pk")
        .annotate(**state)
        .values_list("pk", *state)
    )
    if not any(has_budget or has_tariff for _pk, has_budget, has_tariff, *_rest in rows):
        raise NoData(
            _("Geen budget of tarieven voor %(y)s in %(scope)s.")
            % {"y": year, "scope": ctx.scope_name}
        )
    return f"{year}:{from_date}:" + ";".join(",".join(str(v) for v in row) for row in rows)


def _money_columns(*labels: str) -> list[Column]:
    return [Column(_("Gemeente"), TEXT), *(Column(label, MONEY) for label in labels)]


def _total(overviews: list[BudgetOverview], figure: str) -> Decimal:
    return sum((getattr(overview, figure) for overview in overviews), ZERO)


def _totals(rows: list[list]) -> list:
    """The row "Totaal": the sum of each amount column (rows start with the municipality)."""
    return [_("Totaal"), *(sum(column, ZERO) for column in list(zip(*rows, strict=True))[1:])]


def build(ctx: ReportContext) -> Report:
    year, today = _year_and_today(ctx)
    ctx.progress(0.1, _("Budgetten, beschikkingen en declaraties"))
    municipalities = list(Municipality.objects.filter(pk__in=ctx.municipality_ids).order_by("name"))
    overviews = budget_overviews(municipalities, year, today)
    ctx.progress(0.7, _("Tabellen en grafiek"))
    names = [municipality.name for municipality in municipalities]
    several = len(overviews) > 1

    # Seed 000's rows: "Totale kosten LWB's", "Totale kosten MU", "Totale kosten",
    # "Totaal budget obv verdeelsleutel", "Verschil" (= budget - total costs).
    cost_rows = [
        [
            name,
            o.expected,
            o.matching_unit_cost,
            o.matching_unit_cost + o.expected,
            o.budget,
            o.difference,
        ]
        for name, o in zip(names, overviews, strict=True)
    ]
    forecast_from = next((o.forecast_from for o in overviews if o.forecast_from), None)
    note = _(
        "Kosten leerwerkbedrijven: goedgekeurde kwartaaldeclaraties, plus declaraties die nog "
        "niet zijn goedgekeurd en de prognose tot het jaareinde (actieve plaatsingen in hun "
        "huidige trede, met de basisvergoeding). Kosten matchingsunit: de goedgekeurde "
        "gerealiseerde kosten per kwartaal. Verschil: budget min totale kosten; negatief is "
        "een tekort."
    )
    if forecast_from is not None:
        note = _("%(note)s Prognose vanaf %(from)s.") % {
            "note": note,
            "from": dutch_date(forecast_from),
        }
    if ctx.regional:
        regional = RegionalBudget.objects.filter(region=ctx.region, year=year).first()
        if regional is not None:
            note = _("%(note)s Regionaal budget %(y)s: %(total)s, verdeeld naar inleg.") % {
                "note": note,
                "y": year,
                "total": euro(regional.total),
            }
    cost_table = Table(
        title=_("Kosten leerwerkbedrijven en matchingsunits per gemeente %(y)s") % {"y": year},
        columns=_money_columns(
            _("Kosten leerwerkbedrijven"),
            _("Kosten matchingsunit"),
            _("Totale kosten"),
            _("Budget obv verdeelsleutel"),
            _("Verschil"),
        ),
        rows=cost_rows,
        totals=_totals(cost_rows) if several else None,
        note=note,
    )

    figures = ("granted", "realised", "pending", "forecast")
    detail_rows = [
        [name, *(getattr(overview, figure) for figure in figures)]
        for name, overview in zip(names, overviews, strict=True)
    ]
    detail_table = Table(
        title=_("Verleend, gerealiseerd en verwacht %(y)s") % {"y": year},
        columns=_money_columns(
            _("Verleend (beschikkingen)"),
            _("Gerealiseerd (goedgekeurd)"),
            _("Nog niet goedgekeurd"),
            _("Prognose tot jaareinde"),
        ),
        rows=detail_rows,
        totals=_totals(detail_rows) if several else None,
    )

    bars = [
        (_("Budget"), _total(overviews, "budget")),
        (_("Verleend"), _total(overviews, "granted")),
        (_("Gerealiseerd"), _total(overviews, "realised")),
        (_("Verwacht"), _total(overviews, "expected")),
    ]
    chart_title = _("Budget, verleend, gerealiseerd en verwacht %(y)s, %(scope)s") % {
        "y": year,
        "scope": ctx.scope_name,
    }
    chart = Chart(
        title=chart_title,
        # Whole euros, as in the seed's tables; the cents are in the tables.
        svg=bar_chart(
            chart_title,
            [
                Bar(str(label), value, formatting.money(value, 0, language="nl"))
                for label, value in bars
            ],
        ),
        description=_(
            "Verwacht: gerealiseerd, plus nog niet goedgekeurd, plus de prognose tot het "
            "jaareinde. De bedragen staan ook in de tabellen."
        ),
    )
    unit_figures = ("matching_unit_planned", "matching_unit_granted", "matching_unit_cost")
    unit_rows = [
        [name, *(getattr(overview, figure) for figure in unit_figures)]
        for name, overview in zip(names, overviews, strict=True)
    ]
    unit_table = Table(
        title=_("Matchingsunit: gepland, verleend en gerealiseerd %(y)s") % {"y": year},
        columns=_money_columns(
            _("Geplande kosten matchingsunit"),
            _("Verleend (beschikkingen)"),
            _("Gerealiseerd (goedgekeurd)"),
        ),
        rows=unit_rows,
        totals=_totals(unit_rows) if several else None,
        note=_(
            "Gepland: de kosten op het budget van het jaar. Verleend: de goedgekeurde "
            "beschikkingen aan de matchingsunit. Gerealiseerd: de goedgekeurde kosten per "
            "kwartaal; die tellen mee in de kosten hierboven."
        ),
    )
    ctx.progress(0.9, _("Rapportage samenstellen"))
    return Report(
        title=_("Budgetrapportage %(y)s") % {"y": year},
        subtitle=(_("Gemeenten: %(names)s") % {"names": ", ".join(names)} if ctx.regional else ""),
        sections=[cost_table, detail_table, chart, unit_table],
    )


BUDGET = ReportKind(
    slug="budget",
    title=gettext_lazy("Budgetrapportage"),
    description=gettext_lazy(
        "Per gemeente het budget, de geplande en gerealiseerde kosten van de matchingsunit, "
        "wat is verleend, gerealiseerd en nog wordt verwacht, en het verschil met het budget."
    ),
    scopes=frozenset({MUNICIPALITY, REGION}),
    # Whoever may read the budget pages (account holders and policy officers).
    roles=roles_with(Perm.BUDGETS_VIEW),
    form=YearForm,
    fingerprint=fingerprint,
    build=build,
    quarterly=True,
    order=30,
)
