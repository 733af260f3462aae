"""Outflow (uitstroom): the placements that ended in a year, per matching unit and end reason,
with paid work as its own column; and paid work over three years per matching unit, the table
seed 000 shows for Drechtsteden (MEE 18 / 30 / 6 in 2018-2020).

A placement counts for the matching unit that serves the municipality where the place is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.kernel.charts import Bar, bar_chart
from participatie.models import Placement, ServiceArea
from participatie.placements.choices import OutflowReason
from participatie.reports import content
from participatie.reports.content import Chart, Column, Report, Table
from participatie.reports.forms import FIRST_YEAR, YearForm
from participatie.reports.kinds.figures import Period, today_of, year_period
from participatie.reports.kinds.selectors import (
    changes_part,
    data_state,
    matching_units,
    outflow_counts,
    state_part,
)
from participatie.reports.registry import MUNICIPALITY, REGION, NoData, ReportContext, ReportKind
from participatie.tenancy.permissions import Perm, roles_with

# Paid work first, the other reasons in their usual order, then the ones without a reason.
REASONS = [
    OutflowReason.PAID_WORK,
    *(reason for reason in OutflowReason if reason != OutflowReason.PAID_WORK),
    "",
]
# The seed's table: paid work in the year and the two before it.
YEARS_BACK = 2


def reason_label(reason: str) -> str:
    return str(OutflowReason(reason).label) if reason else _("Geen reden vastgelegd")


def window(year: int, ctx: ReportContext) -> Period:
    """The year and the two before it (not before any data), up to today."""
    start = date(max(year - YEARS_BACK, FIRST_YEAR), 1, 1)
    return Period(start, year_period(year, today=today_of(ctx.today)).end)


def fingerprint(ctx: ReportContext) -> str:
    year = ctx.parameters["year"]
    ids = ctx.municipality_ids
    this_year = year_period(year, today=today_of(ctx.today))
    earlier = window(year, ctx)
    state = data_state(
        state_part(
            "ended",
            Placement.objects.filter(
                municipality_id__in=ids,
                end_date__gte=this_year.start,
                end_date__lte=this_year.end,
            ),
            Max("id"),
        ),
        state_part(
            "ended before",
            Placement.objects.filter(
                municipality_id__in=ids, end_date__gte=earlier.start, end_date__lt=this_year.start
            ),
            Max("id"),
        ),
        changes_part("placement changes", Placement, ids),
        state_part("service areas", ServiceArea.objects.filter(municipality_id__in=ids), Max("id")),
    )
    if not state.count("ended"):
        raise no_data(ctx, year)
    return state.digest


def no_data(ctx: ReportContext, year: int) -> NoData:
    return NoData(
        _("Geen beëindigde plaatsingen in %(scope)s in %(year)s.")
        % {"scope": ctx.scope_name, "year": year}
    )


def build(ctx: ReportContext) -> Report:
    year = ctx.parameters["year"]
    regional = ctx.regional
    ctx.progress(0.2, _("Beëindigde plaatsingen tellen"))
    counts = outflow_counts(ctx.municipality_ids, window(year, ctx))
    units = matching_units(ctx.municipality_ids)
    per_reason: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    paid_work: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for municipality_id, ended_in, reason, count in counts:
        unit = units[municipality_id]
        if ended_in == year:
            per_reason[unit][reason] += count
        if reason == OutflowReason.PAID_WORK:
            paid_work[unit][ended_in] += count
    if not per_reason:
        raise no_data(ctx, year)
    ctx.progress(0.7, _("Tabellen maken"))
    labels = sorted(set(units.values()))
    years = list(range(window(year, ctx).start.year, year + 1))
    by_reason = reasons_table(
        _("Uitstroom per matchingsunit en reden, %(year)s") % {"year": year},
        _("Matchingsunit"),
        {unit: per_reason[unit] for unit in labels},
        regional=regional,
    )
    over_years = Table(
        title=_("Uitstroom naar betaald werk"),
        columns=[
            Column(gettext_lazy("Matchingsunit")),
            *(Column(str(y), content.COUNT) for y in years),
        ],
        rows=[[unit, *(paid_work[unit][y] for y in years)] for unit in labels],
        totals=[_("Totaal"), *(sum(paid_work[unit][y] for unit in labels) for y in years)],
    )
    return Report(
        title=_("Uitstroom %(year)s") % {"year": year},
        subtitle=ctx.scope_name,
        sections=[
            by_reason,
            over_years,
            paid_work_chart(year, {unit: per_reason[unit] for unit in labels}, regional=regional),
        ],
    )


def paid_work_chart(year: int, groups: dict[str, dict[str, int]], *, regional: bool) -> Chart:
    """Paid work per row; a regional chart shows a small count as "<5", as the tables do."""
    title = _("Uitstroom naar betaald werk in %(year)s") % {"year": year}
    chart_bars = []
    for label, counts in groups.items():
        count = counts.get(OutflowReason.PAID_WORK, 0)
        if regional and 0 < count < content.SMALL_CELL:
            chart_bars.append(Bar(label, 0, content.SUPPRESSED))
        else:
            chart_bars.append(Bar(label, count, str(count)))
    return Chart(title=title, svg=bar_chart(title, chart_bars))


def reasons_table(
    title: str, first_column: str, groups: dict[str, dict[str, int]], *, regional: bool
) -> Table:
    """One row per group, one column per end reason (paid work first). Municipal tables add a
    total per row; regional ones do not, since a row total next to a suppressed cell would
    give that cell away."""
    with_total = not regional
    return Table(
        title=title,
        columns=[
            Column(first_column),
            *(Column(reason_label(reason), content.COUNT) for reason in REASONS),
            *([Column(gettext_lazy("Totaal"), content.COUNT)] if with_total else []),
        ],
        rows=[
            [
                label,
                *(counts.get(reason, 0) for reason in REASONS),
                *([sum(counts.values())] if with_total else []),
            ]
            for label, counts in groups.items()
        ],
        totals=[
            _("Totaal"),
            *(sum(counts.get(reason, 0) for counts in groups.values()) for reason in REASONS),
            *([sum(sum(counts.values()) for counts in groups.values())] if with_total else []),
        ],
    )


KIND = ReportKind(
    slug="outflow",
    title=gettext_lazy("Uitstroom"),
    description=gettext_lazy(
        "Beëindigde plaatsingen per matchingsunit en reden in een jaar, met uitstroom naar "
        "betaald werk apart en over drie jaar."
    ),
    scopes=frozenset({MUNICIPALITY, REGION}),
    roles=roles_with(Perm.REPORTS_REQUEST),
    form=YearForm,
    fingerprint=fingerprint,
    build=build,
    order=30,
)
