"""Occupancy (bezetting): how many of the places are taken, on a date or over a quarter.

On a date: the placements active that day against the places of the companies active that
day. Over a quarter: place-days against capacity-days, both summed by the database (a
placement counts the days it overlaps the quarter, a company its places times the days it was
active in it). Per company (municipal reports only), per matching unit and per municipality,
and for a region its total; with the daily snapshots as a line over time when there are any.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.capacity import report as capacity_report
from participatie.kernel.charts import Bar, Series, bar_chart, line_chart
from participatie.models import Enrolment, OccupancySnapshot, Placement
from participatie.reports import content
from participatie.reports.content import Chart, Column, Report, Section, Table
from participatie.reports.forms import DateOrQuarterForm
from participatie.reports.kinds.figures import (
    Period,
    percent_shown,
    quarter_period,
    shown_rate,
    today_of,
)
from participatie.reports.kinds.selectors import (
    CompanyOccupancy,
    Occupancy,
    changes_part,
    company_occupancy,
    data_state,
    holding_places,
    matching_units,
    municipality_names,
    state_part,
    total,
)
from participatie.reports.registry import MUNICIPALITY, REGION, NoData, ReportContext, ReportKind
from participatie.tenancy.permissions import Perm, roles_with

# A line needs some history: on a date the chart looks back this many days.
HISTORY_DAYS = 90
# Beyond this many bars a chart helps nobody; the table holds every figure.
MAX_BARS = 40


def period_of(ctx: ReportContext) -> Period:
    day = ctx.parameters.get("date")
    if day:
        return Period(day, day)
    return quarter_period(
        ctx.parameters["year"], ctx.parameters["quarter"], today=today_of(ctx.today)
    )


def history_of(period: Period) -> Period:
    """The days the line over time covers: the quarter itself, or the 90 days up to the date."""
    if period.is_day:
        return Period(period.end - timedelta(days=HISTORY_DAYS - 1), period.end)
    return period


def no_data(ctx: ReportContext, period: Period) -> NoData:
    return NoData(
        _("Geen plekken of plaatsingen in %(scope)s in de periode %(period)s.")
        % {"scope": ctx.scope_name, "period": period.label()}
    )


def fingerprint(ctx: ReportContext) -> str:
    period = period_of(ctx)
    ids = ctx.municipality_ids
    history = history_of(period)
    state = data_state(
        state_part(
            "placements",
            Placement.objects.filter(municipality_id__in=ids).overlapping(period.start, period.end),
            Max("id"),
        ),
        changes_part("placement changes", Placement, ids),
        state_part(
            "enrolments",
            Enrolment.objects.filter(municipality_id__in=ids).filter(holding_places(period)),
            Sum("max_places"),
        ),
        changes_part("enrolment changes", Enrolment, ids),
        state_part(
            "snapshots",
            OccupancySnapshot.objects.filter(
                municipality_id__in=ids, day__gte=history.start, day__lte=history.end
            ),
            Sum("occupied"),
        ),
    )
    if not state.count("placements") and not state.count("enrolments"):
        raise no_data(ctx, period)
    return state.digest + capacity_report.fingerprint_part(ctx, period.end.year)


def columns(period: Period, *, regional: bool) -> list[Column]:
    if period.is_day:
        return [
            Column(gettext_lazy("Plekken"), content.COUNT),
            Column(gettext_lazy("Bezet"), content.COUNT),
            # Free places next to suppressed occupied ones would give those away.
            *([] if regional else [Column(gettext_lazy("Vrij"), content.NUMBER)]),
            Column(gettext_lazy("Bezetting"), content.PERCENT),
        ]
    return [
        Column(gettext_lazy("Plaatsingen"), content.COUNT),
        Column(gettext_lazy("Capaciteitsdagen"), content.NUMBER),
        Column(gettext_lazy("Bezette plekdagen"), content.NUMBER),
        Column(gettext_lazy("Bezetting"), content.PERCENT),
    ]


def cells(figures: Occupancy, period: Period, *, regional: bool) -> list:
    if period.is_day:
        places, occupied = figures.capacity_days, figures.place_days
        return [
            places,
            occupied,
            *([] if regional else [max(places - occupied, 0)]),
            shown_rate(occupied, places, counts=(places, occupied), regional=regional),
        ]
    return [
        figures.placements,
        figures.capacity_days,
        figures.place_days,
        shown_rate(
            figures.place_days,
            figures.capacity_days,
            counts=(figures.placements,),
            regional=regional,
        ),
    ]


def occupancy_table(
    title: str,
    first_column: str,
    groups: list[tuple[str, Occupancy]],
    period: Period,
    *,
    regional: bool,
    note: str = "",
) -> Table:
    whole = sum((figures for _label, figures in groups), Occupancy())
    return Table(
        title=title,
        columns=[Column(first_column), *columns(period, regional=regional)],
        rows=[[label, *cells(figures, period, regional=regional)] for label, figures in groups],
        totals=[_("Totaal"), *cells(whole, period, regional=regional)],
        note=note,
    )


def group_by(
    companies: list[CompanyOccupancy], labels: dict[int, str]
) -> list[tuple[str, Occupancy]]:
    """Company figures added up under the label of their municipality (its name, or the
    matching unit that serves it), in the order of ``labels``."""
    grouped = {label: Occupancy() for label in labels.values()}
    for company in companies:
        grouped[labels[company.municipality_id]] += company.occupancy
    return list(grouped.items())


def line_over_time(ctx: ReportContext, period: Period) -> Chart | None:
    """The daily snapshots as one line of the scope's occupancy rate; none without snapshots."""
    history = history_of(period)
    days = (
        OccupancySnapshot.objects.filter(
            municipality_id__in=ctx.municipality_ids,
            day__gte=history.start,
            day__lte=history.end,
        )
        .order_by("day")
        .values("day")
        .annotate(capacity=Sum("capacity"), occupied=Sum("occupied"))
    )
    points = [
        (day["day"].strftime("%d-%m-%Y"), day["occupied"] / day["capacity"])
        for day in days
        if day["capacity"]
    ]
    if not points:
        return None
    title = _("Bezetting per dag, %(period)s") % {"period": history.label()}
    return Chart(
        title=title,
        svg=line_chart(title, [Series(ctx.scope_name, points)], y_max=1.0),
        description=_("Van %(first)s op %(start)s tot %(last)s op %(end)s.")
        % {
            "first": percent_shown(points[0][1]),
            "start": points[0][0],
            "last": percent_shown(points[-1][1]),
            "end": points[-1][0],
        },
    )


def bars(
    title: str, groups: list[tuple[str, Occupancy]], period: Period, *, regional: bool
) -> Chart | None:
    """The rate per row. A rate the regional table leaves empty (next to a count below 5) gets
    an empty bar that says so: dropping it would leave only the rows without placements, a
    chart of 0,0 % bars. Without any rate above zero there is nothing to draw."""
    shown = [(label, cells(figures, period, regional=regional)[-1]) for label, figures in groups]
    if not any(value for _label, value in shown):
        return None
    chart_bars = [
        Bar(label, value, percent_shown(value))
        if value is not None
        else Bar(label, 0, _("niet getoond (minder dan 5)"))
        for label, value in shown
    ]
    return Chart(title=title, svg=bar_chart(title, chart_bars))


def build(ctx: ReportContext) -> Report:
    period = period_of(ctx)
    regional = ctx.regional
    ctx.progress(0.1, _("Plekken en plaatsingen tellen"))
    companies = company_occupancy(ctx.municipality_ids, period)
    if not companies:
        raise no_data(ctx, period)
    ctx.progress(0.5, _("Per gemeente en matchingsunit optellen"))
    names = municipality_names(ctx.municipality_ids)
    units = matching_units(names)
    by_unit = sorted(group_by(companies, units), key=lambda group: group[0])
    if regional:
        by_place = group_by(companies, names)
        place_title, place_column = _("Bezetting per gemeente"), _("Gemeente")
        chart_title = _("Bezettingsgraad per gemeente")
    else:
        by_place = [(company.name, company.occupancy) for company in companies]
        place_title, place_column = _("Bezetting per leerwerkbedrijf"), _("Leerwerkbedrijf")
        chart_title = _("Bezettingsgraad per leerwerkbedrijf")
    sections: list[Section] = [
        occupancy_table(place_title, place_column, by_place, period, regional=regional),
        occupancy_table(
            _("Bezetting per matchingsunit"),
            _("Matchingsunit"),
            by_unit,
            period,
            regional=regional,
            note=_("Een matchingsunit telt de plekken van de gemeenten waarvoor zij werkt."),
        ),
    ]
    against_targets = capacity_report.capacity_table(ctx, period, companies)
    if against_targets is not None:
        sections.append(against_targets)
    ctx.progress(0.7, _("Grafieken tekenen"))
    over_time = line_over_time(ctx, period)
    if over_time is not None:
        sections.append(over_time)
    chart = (
        bars(chart_title, by_place, period, regional=regional)
        if len(by_place) <= MAX_BARS
        else None
    )
    if chart is not None:
        sections.append(chart)
    return Report(
        title=_("Bezetting"),
        subtitle=_("%(scope)s, %(period)s: %(rate)s")
        % {
            "scope": ctx.scope_name,
            "period": period.label(),
            "rate": percent_shown(cells(total(companies), period, regional=regional)[-1]),
        },
        sections=sections,
    )


KIND = ReportKind(
    slug="occupancy",
    title=gettext_lazy("Bezetting"),
    description=gettext_lazy(
        "Bezette en beschikbare plekken op een peildatum, of plekdagen tegenover "
        "capaciteitsdagen over een kwartaal; per leerwerkbedrijf, matchingsunit en gemeente."
    ),
    scopes=frozenset({MUNICIPALITY, REGION}),
    roles=roles_with(Perm.REPORTS_REQUEST),
    form=DateOrQuarterForm,
    fingerprint=fingerprint,
    build=build,
    quarterly=True,
    order=10,
)
