"""The regional evaluation (issue 16; seed 000 3.1.1: "Jaarlijks wordt een evaluatie gehouden
... om de afspraken en het gebruik te evalueren"): for one year and per municipality of the
region, side by side, its share in the budget key, its budget, the realised cost, the places it
offered, its residents placed at home and elsewhere, its effort obligation and the balance of
the closed purses (claims it makes minus claims made on it). Aggregates only; the report
machinery hides counts below 5.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.models import Enrolment, Municipality, Participant, Placement
from participatie.reports.content import COUNT, MONEY, PERCENT, TEXT, Column, Report, Table
from participatie.reports.forms import YearForm
from participatie.reports.kinds.figures import year_period
from participatie.reports.kinds.selectors import (
    changes_part,
    data_state,
    holding_places,
    state_part,
)
from participatie.reports.registry import REGION, NoData, ReportContext, ReportKind
from participatie.tenancy.permissions import Perm, roles_with
from subsidies.choices import ClaimDirection
from subsidies.models import BudgetKeyShare, BudgetKeyVersion, CrossMunicipalClaim, EffortObligation
from subsidies.reports import fingerprint as budget_fingerprint
from subsidies.services.budgets import ZERO, budget_overviews

SLUG = "regional_evaluation"


def _year(ctx: ReportContext) -> int:
    return int(ctx.parameters["year"])


def fingerprint(ctx: ReportContext) -> str:
    """The budget report's state (budgets, tariffs, decisions, statements, unit costs) plus the
    placements and companies of the year, the claims, the obligations and the key versions."""
    year = _year(ctx)
    period = year_period(year, today=ctx.today or timezone.localdate())
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
        state_part(
            "claims",
            CrossMunicipalClaim.objects.filter(municipality_id__in=ids, year=year),
            Max("pk"),
        ),
    )
    try:
        budgets = budget_fingerprint(ctx)
    except NoData:
        if not state.count("placements") and not state.count("enrolments"):
            raise NoData(
                _("Geen budget, plekken of plaatsingen in %(scope)s in %(year)s.")
                % {"scope": ctx.scope_name, "year": year}
            ) from None
        budgets = "-"
    regional = (
        EffortObligation.objects.filter(municipality_id__in=ids, year=year).aggregate(
            n=Count("pk"), latest=Max("set_at")
        ),
        BudgetKeyVersion.objects.filter(region=ctx.region, year=year).aggregate(m=Max("pk")),
    )
    return f"{state.digest}|{budgets}|{regional}"


def _key_shares(ctx: ReportContext, year: int, members: list[Municipality]) -> dict[int, Decimal]:
    """Each member's fraction of the contributions in the key version in force for the year
    (the newest); without a key, of the contributions kept on the municipalities."""
    version = (
        BudgetKeyVersion.objects.filter(region=ctx.region, year=year).order_by("-number").first()
    )
    if version is not None:
        weights = dict(
            BudgetKeyShare.objects.filter(version=version).values_list(
                "municipality_id", "contribution"
            )
        )
    else:
        weights = {m.pk: m.budget_key_contribution or ZERO for m in members}
    total = sum(weights.values(), ZERO)
    return {pk: weight / total for pk, weight in weights.items()} if total else {}


def _places(ctx: ReportContext, year: int) -> dict[int, int]:
    period = year_period(year, today=ctx.today or timezone.localdate())
    return dict(
        Enrolment.objects.filter(municipality_id__in=ctx.municipality_ids)
        .filter(holding_places(period))
        .order_by()
        .values("municipality_id")
        .annotate(places=Sum("max_places"))
        .values_list("municipality_id", "places")
    )


def _residents(ctx: ReportContext, year: int) -> tuple[dict[int, int], dict[int, int]]:
    """Per home municipality: its residents with a placement in the year in their own
    municipality, and those with one elsewhere in the region (each person once per pair)."""
    period = year_period(year, today=ctx.today or timezone.localdate())
    at_home: dict[int, int] = defaultdict(int)
    elsewhere: dict[int, int] = defaultdict(int)
    for home, place, count in (
        Placement.objects.filter(municipality_id__in=ctx.municipality_ids)
        .overlapping(period.start, period.end)
        .order_by()
        .values(home=F("participant__home_municipality_id"), place=F("municipality_id"))
        .annotate(n=Count("participant_id", distinct=True))
        .values_list("home", "place", "n")
    ):
        if home == place:
            at_home[home] += count
        else:
            elsewhere[home] += count
    return at_home, elsewhere


def _balances(ctx: ReportContext, year: int) -> dict[int, Decimal]:
    """Claims a municipality makes on others (its outgoing claims) minus those made on it (the
    outgoing claims that name it as the home municipality): the closed purses' balance."""
    claims = CrossMunicipalClaim.objects.filter(
        municipality_id__in=ctx.municipality_ids, year=year, direction=ClaimDirection.OUTGOING
    ).order_by()
    balance: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for place, home, amount in (
        claims.values("municipality_id", "counterpart_id")
        .annotate(total=Sum("amount"))
        .values_list("municipality_id", "counterpart_id", "total")
    ):
        balance[place] += amount
        balance[home] -= amount
    return balance


def build(ctx: ReportContext) -> Report:
    year = _year(ctx)
    today = ctx.today or timezone.localdate()
    ctx.progress(0.1, _("Budgetten en kosten"))
    members = list(Municipality.objects.filter(pk__in=ctx.municipality_ids).order_by("name"))
    overviews = budget_overviews(members, year, today)
    ctx.progress(0.5, _("Plekken, plaatsingen en vorderingen"))
    shares = _key_shares(ctx, year, members)
    places = _places(ctx, year)
    at_home, elsewhere = _residents(ctx, year)
    balances = _balances(ctx, year)
    obligations = {
        o.municipality_id: o.met
        for o in EffortObligation.objects.filter(
            municipality_id__in=ctx.municipality_ids, year=year
        )
    }
    money_rows: list[list[Any]] = []
    people_rows: list[list[Any]] = []
    for municipality, overview in zip(members, overviews, strict=True):
        pk = municipality.pk
        money_rows.append(
            [
                municipality.name,
                shares.get(pk),
                overview.budget,
                overview.realised + overview.matching_unit_cost,
                balances.get(pk, ZERO),
            ]
        )
        people_rows.append(
            [
                municipality.name,
                places.get(pk, 0),
                at_home.get(pk, 0),
                elsewhere.get(pk, 0),
                _("Nagekomen") if obligations.get(pk, True) else _("Niet nagekomen"),
            ]
        )
    money = Table(
        title=_("Geld per gemeente %(y)s") % {"y": year},
        columns=[
            Column(gettext_lazy("Gemeente"), TEXT),
            Column(gettext_lazy("Aandeel sleutel"), PERCENT),
            Column(gettext_lazy("Budget"), MONEY),
            Column(gettext_lazy("Gerealiseerde kosten"), MONEY),
            Column(gettext_lazy("Saldo gesloten beurzen"), MONEY),
        ],
        rows=money_rows,
        totals=[
            _("Regio"),
            1.0 if shares else None,
            *(sum((row[n] for row in money_rows), ZERO) for n in (2, 3, 4)),
        ],
        note=_(
            "Gerealiseerde kosten: goedgekeurde kwartaaldeclaraties en goedgekeurde kosten van "
            "de matchingsunit. Saldo gesloten beurzen: wat de gemeente vordert van woongemeenten "
            "die hun inspanningsverplichting niet nakwamen, min wat op haar wordt gevorderd."
        ),
    )
    people = Table(
        title=_("Plekken en inwoners per gemeente %(y)s") % {"y": year},
        columns=[
            Column(gettext_lazy("Gemeente"), TEXT),
            Column(gettext_lazy("Aangeboden plekken"), COUNT),
            Column(gettext_lazy("Geplaatst in eigen gemeente"), COUNT),
            Column(gettext_lazy("Geplaatst elders"), COUNT),
            Column(gettext_lazy("Inspanningsverplichting"), TEXT),
        ],
        rows=people_rows,
        totals=[_("Regio"), *(sum(row[n] for row in people_rows) for n in (1, 2, 3)), ""],
        note=_(
            "Aangeboden plekken: de plekken van de leerwerkbedrijven die in het jaar plekken "
            "aanboden. Geplaatst: inwoners van de gemeente met een plaatsing in het jaar, in de "
            "eigen gemeente of elders in de regio. Aantallen onder 5 staan als <5."
        ),
    )
    ctx.progress(0.9, _("Rapportage samenstellen"))
    return Report(
        title=_("Regionale evaluatie %(y)s") % {"y": year},
        subtitle=_("Is het aanbod in regio %(scope)s evenwichtig?") % {"scope": ctx.scope_name},
        sections=[money, people],
    )


REGIONAL_EVALUATION = ReportKind(
    slug=SLUG,
    title=gettext_lazy("Regionale evaluatie"),
    description=gettext_lazy(
        "Per gemeente naast elkaar: aandeel in de verdeelsleutel, budget, gerealiseerde kosten, "
        "aangeboden plekken, inwoners geplaatst in de eigen gemeente en elders, de "
        "inspanningsverplichting en het saldo van de gesloten beurzen."
    ),
    scopes=frozenset({REGION}),
    roles=roles_with(Perm.REGION_VIEW),
    form=YearForm,
    fingerprint=fingerprint,
    build=build,
    order=40,
)
