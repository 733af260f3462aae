"""Closed purse or charged: what ``subsidies`` adds to the regional balance (issue 6).

Inside a region the municipalities keep closed purses: each pays for the places in its own
territory, also when residents of another municipality use them. A municipality that did not
meet its effort obligation in a year loses that solidarity: the municipalities where its
residents have a place charge it their fees, as cross-municipal claims written by the quarter
settlement (:mod:`subsidies.services.settlement`). The rule here is the settlement's: only an
:class:`EffortObligation` row with ``met=False`` charges; without a row the obligation counts
as met.

The regional balance runs with every municipality of the region open, so a placement counts
in the municipality of its place, and the claimed amount is the outgoing side of the claims
(the incoming copy in the home municipality would count it twice).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.models import Municipality, Placement
from participatie.reports import content
from participatie.reports.content import Column, Section, Table, Text
from participatie.reports.kinds.figures import today_of, year_period
from participatie.reports.kinds.regional_balance import SLUG
from participatie.reports.kinds.sections import SectionProvider
from participatie.reports.kinds.selectors import data_state, state_part
from participatie.reports.registry import ReportContext
from subsidies.choices import ClaimDirection
from subsidies.models import CrossMunicipalClaim, EffortObligation


def defaulting(year: int) -> QuerySet:
    """The municipalities charged for their residents' placements elsewhere in ``year``, as
    a subquery (``subsidies.services.settlement.claims.defaulting_municipalities``)."""
    return EffortObligation.objects.filter(year=year, met=False).values("municipality_id")


def claims(ctx: ReportContext) -> QuerySet:
    """The claims of the year, once each: the placement municipality's outgoing side."""
    return CrossMunicipalClaim.objects.filter(
        municipality_id__in=ctx.municipality_ids,
        year=ctx.parameters["year"],
        direction=ClaimDirection.OUTGOING,
    )


def fingerprint(ctx: ReportContext) -> str:
    """The obligations that decide the table (the region's own rows, and every municipality
    charged elsewhere) and the claims. The placements and their residents are in the kind's
    own fingerprint already. One query."""
    year = ctx.parameters["year"]
    obligations = EffortObligation.objects.filter(year=year).filter(
        Q(municipality_id__in=ctx.municipality_ids) | Q(met=False)
    )
    return data_state(
        # One row per municipality and year: the marker moves when ``met`` flips.
        state_part("obligations", obligations, Max("pk", filter=Q(met=False))),
        state_part("claims", claims(ctx), Max("pk")),
    ).digest


def shown_amount(amount: Decimal, charged: int, *, regional: bool) -> Decimal | None:
    """Next to a charged count that suppression hides (1 to 4) the amount, a multiple of a
    known tariff, would give that count away; it stays empty then, like the rates do
    (``participatie.reports.kinds.figures.shown_rate``)."""
    if regional and 0 < charged < content.SMALL_CELL:
        return None
    return content.money(amount)


def charges_table(ctx: ReportContext) -> Table:
    """Per municipality of the place and home municipality (residents placed elsewhere only):
    the placements in the year under the closed purse and charged, and the amount claimed.
    Two grouped queries."""
    year = ctx.parameters["year"]
    period = year_period(year, today=today_of(ctx.today))
    charged = Q(participant__home_municipality_id__in=defaulting(year))
    placements = (
        Placement.objects.filter(municipality_id__in=ctx.municipality_ids)
        .overlapping(period.start, period.end)
        .exclude(participant__home_municipality_id=F("municipality_id"))
        .order_by()
        .values_list(
            "municipality_id",
            "municipality__name",
            "participant__home_municipality_id",
            "participant__home_municipality__name",
        )
        .annotate(closed=Count("id", filter=~charged), charged=Count("id", filter=charged))
    )
    claimed = (
        claims(ctx)
        .order_by()
        .values_list("municipality_id", "municipality__name", "counterpart_id", "counterpart__name")
        .annotate(amount=Sum("amount"))
    )
    names: dict[int, str] = {}
    pairs: dict[tuple[int, int], list] = {}
    for place_id, place_name, home_id, home_name, closed, charged_count in placements:
        names |= {place_id: place_name, home_id: home_name}
        pairs[(place_id, home_id)] = [closed, charged_count, Decimal(0)]
    for place_id, place_name, home_id, home_name, amount in claimed:
        names |= {place_id: place_name, home_id: home_name}
        pairs.setdefault((place_id, home_id), [0, 0, Decimal(0)])[2] = amount
    ordered = sorted(pairs.items(), key=lambda pair: (names[pair[0][0]], names[pair[0][1]]))
    rows = [
        [
            names[place_id],
            names[home_id],
            closed,
            charged_count,
            shown_amount(amount, charged_count, regional=ctx.regional),
        ]
        for (place_id, home_id), (closed, charged_count, amount) in ordered
    ]
    amounts = [row[4] for row in rows]
    return Table(
        title=_("Plaatsingen buiten de woongemeente: gesloten beurs of doorbelast, %(year)s")
        % {"year": year},
        columns=[
            Column(gettext_lazy("Gemeente van de plek")),
            Column(gettext_lazy("Woongemeente")),
            Column(gettext_lazy("Gesloten beurs"), content.COUNT),
            Column(gettext_lazy("Doorbelast"), content.COUNT),
            Column(gettext_lazy("Gevorderd bedrag"), content.MONEY),
        ],
        rows=rows,
        totals=[
            _("Totaal"),
            None,
            sum(row[2] for row in rows),
            sum(row[3] for row in rows),
            # A total next to a hidden amount would give it away.
            None if None in amounts else sum(amounts, content.money(0)),
        ],
        note=_(
            "Plaatsingen die in het jaar liepen, van inwoners van een andere gemeente; een "
            "deelnemer met twee plekken telt twee keer. Gevorderd bedrag: de vorderingen op de "
            "woongemeente in de kwartaaldeclaraties van het jaar, ook die nog niet zijn "
            "goedgekeurd. Bij minder dan 5 doorbelaste plaatsingen blijft het bedrag leeg."
        ),
    )


def obligations_table(ctx: ReportContext) -> Table:
    """Per municipality of the region whether it met its effort obligation. One query."""
    year = ctx.parameters["year"]
    met = EffortObligation.objects.filter(municipality=OuterRef("pk"), year=year).values("met")
    states = {
        True: _("Nagekomen"),
        False: _("Niet nagekomen"),
        None: _("Niet vastgesteld (geldt als nagekomen)"),
    }
    return Table(
        title=_("Inspanningsverplichting per gemeente, %(year)s") % {"year": year},
        columns=[Column(gettext_lazy("Gemeente")), Column(gettext_lazy("Inspanningsverplichting"))],
        rows=[
            [name, states[state]]
            for name, state in Municipality.objects.filter(id__in=ctx.municipality_ids)
            .annotate(met=Subquery(met[:1]))
            .order_by("name")
            .values_list("name", "met")
        ],
    )


RULE = gettext_lazy(
    "Binnen de regio gelden gesloten beurzen: een gemeente betaalt de participatieplekken in "
    "haar gemeente, ook als inwoners van een andere gemeente ze gebruiken. Daar staat een "
    "inspanningsverplichting tegenover: elke gemeente zorgt voor een passend lokaal aanbod dat "
    "ook openstaat voor inwoners van de andere gemeenten.\n\n"
    "De regio stelt per jaar per gemeente vast of zij die verplichting is nagekomen. Is dat niet "
    "zo, dan brengt de gemeente van de plek de vergoedingen voor de plaatsingen van inwoners "
    "van die gemeente bij haar in rekening (doorbelasting); de kwartaaldeclaraties leggen die "
    "vorderingen vast. Zolang de regio voor een gemeente niets heeft vastgesteld, geldt de "
    "verplichting als nagekomen."
)


def build(ctx: ReportContext) -> list[Section]:
    return [
        Text(_("Gesloten beurzen en doorbelasting"), str(RULE)),
        obligations_table(ctx),
        charges_table(ctx),
    ]


CHARGES = SectionProvider(kind=SLUG, name="subsidies.charges", fingerprint=fingerprint, build=build)
