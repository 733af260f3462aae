"""Regional balance (regionale evaluatie): is supply balanced across the region? For one year,
the residents of each home municipality with a place in each municipality of the region, and
the occupancy of every municipality's places over the year.

Whether a municipality pays for its residents' places elsewhere (it did not meet its effort
obligation) or they fall under the closed purse is a money question: ``subsidies`` answers it
through a section provider (see :mod:`participatie.reports.kinds.sections`).

Only the region's municipalities are open to a regional build, so a resident of the region
placed outside it does not appear; residents from outside the region placed in it do.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Max, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.models import Enrolment, Participant, Placement
from participatie.reports import content
from participatie.reports.content import Column, Report, Section, Table
from participatie.reports.forms import YearForm
from participatie.reports.kinds.figures import Period, today_of, year_period
from participatie.reports.kinds.occupancy import MAX_BARS, bars, group_by, occupancy_table
from participatie.reports.kinds.sections import provided_fingerprint, provided_sections
from participatie.reports.kinds.selectors import (
    changes_part,
    company_occupancy,
    data_state,
    holding_places,
    municipality_names,
    state_part,
)
from participatie.reports.registry import REGION, NoData, ReportContext, ReportKind
from participatie.tenancy.permissions import Perm, roles_with

SLUG = "regional_balance"


def period_of(ctx: ReportContext) -> Period:
    return year_period(ctx.parameters["year"], today=today_of(ctx.today))


def no_data(ctx: ReportContext) -> NoData:
    return NoData(
        _("Geen plekken of plaatsingen in %(scope)s in %(year)s.")
        % {"scope": ctx.scope_name, "year": ctx.parameters["year"]}
    )


def fingerprint(ctx: ReportContext) -> str:
    period = period_of(ctx)
    ids = ctx.municipality_ids
    state = data_state(
        state_part(
            "placements",
            Placement.objects.filter(municipality_id__in=ids).overlapping(period.start, period.end),
            Max("id"),
        ),
        changes_part("placement changes", Placement, ids),
        changes_part("participant changes", Participant, ids),
        state_part(
            "enrolments",
            Enrolment.objects.filter(municipality_id__in=ids).filter(holding_places(period)),
            Sum("max_places"),
        ),
        changes_part("enrolment changes", Enrolment, ids),
    )
    if not state.count("placements") and not state.count("enrolments"):
        raise no_data(ctx)
    return f"{state.digest}|{provided_fingerprint(SLUG, ctx)}"


def flows_table(ctx: ReportContext, period: Period, names: dict[int, str]) -> Table:
    """Home municipality (rows) x municipality of the place (columns): the residents with a
    placement in the year, each person once per pair. No row totals: next to a suppressed cell
    a row total would give it away (column totals are suppressed with their cells)."""
    flows = (
        Placement.objects.filter(municipality_id__in=ctx.municipality_ids)
        .overlapping(period.start, period.end)
        .order_by()
        .values_list(
            "participant__home_municipality_id",
            "participant__home_municipality__name",
            "municipality_id",
        )
        .annotate(residents=Count("participant", distinct=True))
    )
    matrix: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for home_id, home_name, place_id, residents in flows:
        matrix[(home_id, home_name)][place_id] = residents
    # Every municipality of the region has a row; residents from outside the region follow.
    homes = sorted(
        set(matrix) | set(names.items()), key=lambda home: (home[0] not in names, home[1])
    )
    return Table(
        title=_("Inwoners met een plek, naar woongemeente en gemeente van de plek"),
        columns=[
            Column(gettext_lazy("Woongemeente")),
            *(
                Column(_("Plek in %(name)s") % {"name": name}, content.COUNT)
                for name in names.values()
            ),
        ],
        rows=[
            [home[1], *(matrix.get(home, {}).get(place_id, 0) for place_id in names)]
            for home in homes
        ],
        totals=[
            _("Totaal"),
            *(sum(row.get(place_id, 0) for row in matrix.values()) for place_id in names),
        ],
        note=_(
            "Op de diagonaal staan de eigen inwoners; daarbuiten inwoners van een andere "
            "gemeente. Een deelnemer telt één keer per woongemeente en gemeente van de plek."
        ),
    )


def build(ctx: ReportContext) -> Report:
    period = period_of(ctx)
    ctx.progress(0.1, _("Bezetting per gemeente berekenen"))
    # Every placement's company is among these, so none means no placements either.
    companies = company_occupancy(ctx.municipality_ids, period)
    if not companies:
        raise no_data(ctx)
    ctx.progress(0.4, _("Stromen tussen gemeenten tellen"))
    names = municipality_names(ctx.municipality_ids)
    flows = flows_table(ctx, period, names)
    by_municipality = group_by(companies, names)
    sections: list[Section] = [
        flows,
        occupancy_table(
            _("Bezetting per gemeente, %(period)s") % {"period": period.label()},
            _("Gemeente"),
            by_municipality,
            period,
            regional=True,
        ),
    ]
    if len(by_municipality) <= MAX_BARS:
        sections.append(
            bars(_("Bezettingsgraad per gemeente"), by_municipality, period, regional=True)
        )
    ctx.progress(0.7, _("Aanvullende onderdelen"))
    sections.extend(provided_sections(SLUG, ctx))
    return Report(
        title=_("Regionale balans %(year)s") % {"year": ctx.parameters["year"]},
        subtitle=ctx.scope_name,
        sections=sections,
    )


KIND = ReportKind(
    slug=SLUG,
    title=gettext_lazy("Regionale balans"),
    description=gettext_lazy(
        "Jaarlijkse regionale evaluatie: inwoners per woongemeente en gemeente van de plek, "
        "en de bezetting per gemeente."
    ),
    scopes=frozenset({REGION}),
    # A region-only kind: open to whoever has the regional view (the roles are not consulted).
    roles=roles_with(Perm.REGION_VIEW),
    form=YearForm,
    fingerprint=fingerprint,
    build=build,
    order=20,
)
