"""Budgets: the region's total split by its key, each municipality's overview for a year, and
custom-budget expenses recorded against the year's custom budget.

The overview's sums are SQL aggregates; the forecast groups active placements in SQL by
(current step, first remaining day, end) and prices each group once through
``subsidies.calculations.forecast_to_year_end``, so its cost does not grow with the number of
placements at the same step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Count,
    DateField,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.kernel import formatting
from participatie.kernel.formatting import money
from participatie.models import Municipality, Placement, Region, StepDecision, User
from participatie.placements.choices import StepDecisionStatus
from participatie.tenancy.context import tenant_context
from subsidies import calculations, selectors_matching_unit
from subsidies.choices import DecisionStatus, StatementStatus
from subsidies.models import (
    BudgetKeyShare,
    BudgetKeyVersion,
    CustomBudgetExpense,
    EffortObligation,
    MunicipalBudget,
    QuarterStatement,
    RegionalBudget,
    SubsidyDecision,
    Tariff,
)
from subsidies.selectors import step_amounts_in_force
from subsidies.services.years import no_tariffs

ZERO = Decimal("0.00")


# Amounts are stored with 12 digits, 2 of them decimals.
MAX_AMOUNT = Decimal("10000000000")


def parse_amount(value: object, field: str = "amount") -> Decimal:
    """A positive amount in euros with at most two decimals, or a Dutch ValidationError."""
    amount = formatting.parse_amount(value)
    if amount is None:
        raise ValidationError({field: _("Vul een bedrag in, bijvoorbeeld 1250,00.")})
    if amount <= 0:
        raise ValidationError({field: _("Het bedrag moet groter zijn dan nul.")})
    # "1e30" is a Decimal too large to round to cents (InvalidOperation): no amount either.
    if amount >= MAX_AMOUNT:
        raise ValidationError({field: _("Vul een bedrag in, bijvoorbeeld 1250,00.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Een bedrag heeft hoogstens twee decimalen.")})
    return amount


# -- regional key -----------------------------------------------------------------------------


@transaction.atomic
def budget_key_allocate(
    *, region: Region, year: int, total: Decimal | int | str
) -> dict[Municipality, Decimal]:
    """Split the region's total over its municipalities by their contributions (largest
    remainder, whole euros, exact sum) and write each municipality's budget for the year."""
    amount = parse_amount(total, "total")
    municipalities = list(
        Municipality.objects.filter(region=region, budget_key_contribution__isnull=False).order_by(
            "name"
        )
    )
    if not municipalities:
        raise ValidationError(
            {"total": _("Geen gemeente in deze regio heeft een bijdrage voor de verdeelsleutel.")}
        )
    try:
        shares = calculations.allocate(
            amount,
            {
                str(m.pk): m.budget_key_contribution
                for m in municipalities
                if m.budget_key_contribution is not None  # the query excludes them already
            },
        )
    except ValueError as exc:
        raise ValidationError({"total": str(exc)}) from None
    RegionalBudget.objects.update_or_create(region=region, year=year, defaults={"total": amount})
    with tenant_context([m.pk for m in municipalities]):
        for municipality in municipalities:
            MunicipalBudget.objects.update_or_create(
                municipality=municipality,
                year=year,
                defaults={"allocated": shares[str(municipality.pk)]},
            )
    return {m: shares[str(m.pk)] for m in municipalities}


# -- overview ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetOverview:
    year: int
    budget: Decimal
    # The matching units' realised cost: their approved quarter costs of the year. Beside it
    # the cost planned on the budget and what their decisions grant.
    matching_unit_cost: Decimal
    matching_unit_planned: Decimal
    matching_unit_granted: Decimal
    granted: Decimal
    realised: Decimal
    pending: Decimal
    forecast: Decimal
    custom_budget: Decimal
    custom_spent: Decimal
    forecast_from: date | None

    @property
    def expected(self) -> Decimal:
        """What the companies will cost this year: realised + not yet approved + forecast."""
        return self.realised + self.pending + self.forecast

    @property
    def difference(self) -> Decimal:
        """Budget left after the matching unit's realised cost and the expected company costs
        (< 0: overrun)."""
        return self.budget - self.matching_unit_cost - self.expected

    @property
    def custom_remaining(self) -> Decimal:
        return self.custom_budget - self.custom_spent


def forecast(municipality: Municipality, year: int, from_date: date, tariff: Tariff) -> Decimal:
    """Active placements at their current steps from ``from_date`` to 31 December, plus the
    base fees of the quarters still to come for each company with an active placement."""
    year_end = date(year, 12, 31)
    if from_date > year_end:
        return ZERO
    amounts = step_amounts_in_force(tariff, from_date)
    current_step = (
        StepDecision.objects.filter(
            municipality=municipality,
            placement_id=OuterRef("pk"),
            status=StepDecisionStatus.APPROVED,
            valid_from__lte=Greatest(
                OuterRef("start_date"), Value(from_date), output_field=DateField()
            ),
        )
        .order_by("-valid_from", "-id")
        .values("step__code")[:1]
    )
    active = Placement.objects.filter(municipality=municipality, start_date__lte=year_end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=from_date)
    )
    groups = (
        active.annotate(
            code=Subquery(current_step),
            first_day=Greatest(F("start_date"), Value(from_date), output_field=DateField()),
        )
        .values("code", "first_day", "end_date")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = ZERO
    for group in groups:
        annual = amounts.get(group["code"])
        if annual is None:  # no approved step yet, or a step without tariff: nothing to forecast
            continue
        first_day = group["first_day"]
        if isinstance(first_day, str):  # SQLite returns MAX() of dates as text
            first_day = date.fromisoformat(first_day)
        per_placement = calculations.forecast_to_year_end(
            annual, first_day, placement_end=group["end_date"]
        )
        total += per_placement * group["n"]
    # Base fees: one per company per remaining quarter in which it has an active placement.
    fee = calculations.quarter_base_fee(tariff.base_fee)
    first_quarter = calculations.quarter_of(from_date)
    spans = (
        active.values("enrolment_id")
        .annotate(
            first=Max(Greatest(F("start_date"), Value(from_date), output_field=DateField())),
            last=Max(Coalesce(F("end_date"), Value(year_end), output_field=DateField())),
        )
        .order_by()
    )
    for span in spans:
        last = span["last"]
        if isinstance(last, str):
            last = date.fromisoformat(last)
        last_quarter = calculations.quarter_of(min(last, year_end))
        total += fee * max(0, last_quarter - first_quarter + 1)
    return total


IN_FORCE = (DecisionStatus.APPROVED, DecisionStatus.SENT)


def forecast_from(year: int, today: date) -> date | None:
    """As on the dashboard: from the first day of the current quarter; a past year has
    nothing left to forecast, a future one is forecast whole."""
    if year < today.year:
        return None
    if year > today.year:
        return date(year, 1, 1)
    return calculations.quarter_bounds(year, calculations.quarter_of(today))[0]


def _granted(ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Per municipality: the latest approved or sent decision per company, summed (one query)."""
    latest = (
        SubsidyDecision.objects.filter(
            municipality_id=OuterRef("municipality_id"),
            enrolment_id=OuterRef("enrolment_id"),
            year=year,
            status__in=IN_FORCE,
        )
        .order_by("-approved_at", "-id")
        .values("id")[:1]
    )
    return dict(
        SubsidyDecision.objects.filter(
            municipality_id__in=ids, year=year, status__in=IN_FORCE, id=Subquery(latest)
        )
        .values("municipality_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("municipality_id", "total")
    )


def budget_overviews(
    municipalities: Sequence[Municipality], year: int, today: date
) -> list[BudgetOverview]:
    """The overview of each of ``municipalities`` (in that order), one grouped query per
    figure whatever their number: the dashboard asks for one, a regional report for all. The
    forecast prices each municipality's placements at its own step tariffs, so it stays per
    municipality, and only for a year that has not ended."""
    ids = [municipality.pk for municipality in municipalities]
    budgets = {
        budget.municipality_id: budget
        for budget in MunicipalBudget.objects.filter(municipality_id__in=ids, year=year)
    }
    tariffs = {
        tariff.municipality_id: tariff
        for tariff in Tariff.objects.filter(municipality_id__in=ids, year=year)
    }
    statements = {
        row["municipality_id"]: (row["realised"], row["pending"])
        for row in QuarterStatement.objects.filter(municipality_id__in=ids, year=year)
        .values("municipality_id")
        .annotate(
            realised=Sum("total", filter=Q(status=StatementStatus.APPROVED)),
            pending=Sum("total", filter=~Q(status=StatementStatus.APPROVED)),
        )
        .order_by()
    }
    granted = _granted(ids, year)
    unit_granted = selectors_matching_unit.granted_per_municipality(ids, year)
    unit_realised = selectors_matching_unit.realised_per_municipality(ids, year)
    spent = dict(
        CustomBudgetExpense.objects.filter(municipality_id__in=ids, year=year)
        .values("municipality_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("municipality_id", "total")
    )
    overviews = []
    for municipality in municipalities:
        budget = budgets.get(municipality.pk)
        tariff = tariffs.get(municipality.pk)
        realised, pending = statements.get(municipality.pk, (None, None))
        from_date = forecast_from(year, today) if tariff is not None else None
        overviews.append(
            BudgetOverview(
                year=year,
                budget=budget.allocated if budget else ZERO,
                matching_unit_cost=unit_realised.get(municipality.pk) or ZERO,
                matching_unit_planned=budget.matching_unit_cost if budget else ZERO,
                matching_unit_granted=unit_granted.get(municipality.pk) or ZERO,
                granted=granted.get(municipality.pk) or ZERO,
                realised=realised or ZERO,
                pending=pending or ZERO,
                forecast=(
                    forecast(municipality, year, from_date, tariff)
                    if tariff is not None and from_date is not None
                    else ZERO
                ),
                custom_budget=tariff.custom_budget if tariff else ZERO,
                custom_spent=spent.get(municipality.pk) or ZERO,
                forecast_from=from_date,
            )
        )
    return overviews


def budget_overview(
    *, municipality: Municipality, year: int, today: date | None = None
) -> BudgetOverview:
    """Budget, matching-unit cost (realised, planned, granted), granted, realised, not yet
    approved, forecast to year end."""
    (overview,) = budget_overviews([municipality], year, today or timezone.localdate())
    return overview


# -- custom budget ------------------------------------------------------------------------------


@transaction.atomic
def custom_budget_expense_record(
    *,
    municipality: Municipality,
    year: int,
    spent_on: date,
    description: str,
    amount: Decimal | str,
    actor: User,
) -> CustomBudgetExpense:
    """Record an expense against the year's custom budget; refused (nothing saved) when it
    would exceed it. The year's tariff row is locked so two expenses cannot both squeeze in."""
    value = parse_amount(amount)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Geef een omschrijving.")})
    if spent_on.year != year:
        raise ValidationError({"spent_on": _("De datum valt niet in %(y)s.") % {"y": year}})
    tariff = Tariff.objects.select_for_update().filter(municipality=municipality, year=year).first()
    if tariff is None:
        raise no_tariffs(year)
    spent = (
        CustomBudgetExpense.objects.filter(municipality=municipality, year=year).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    remaining = tariff.custom_budget - spent
    if value > remaining:
        raise ValidationError(
            {
                "amount": _(
                    "Deze uitgave overschrijdt het maatwerkbudget %(y)s: er is nog %(left)s "
                    "over van %(budget)s."
                )
                % {"y": year, "left": money(remaining), "budget": money(tariff.custom_budget)}
            },
            code="overspend",
        )
    return CustomBudgetExpense.objects.create(
        municipality=municipality,
        year=year,
        spent_on=spent_on,
        description=description[:200],
        amount=value,
        recorded_by=actor,
    )


# -- the regional budget key: preview, commit (a new version each time) -------------------------

# MONEY is 12 digits with 2 decimals; a contribution (BudgetKeyShare) 14 with 2.
MAX_TOTAL = Decimal("9999999999")
MAX_CONTRIBUTION = Decimal("999999999999.99")


def contribution_field(municipality_id: int) -> str:
    """The field name a member's contribution has in forms and in the services' errors."""
    return f"contribution_{municipality_id}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _key_total(value: object) -> Decimal:
    if _blank(value):
        raise ValidationError({"total": _("Vul het regionale totaal in (verplicht).")})
    amount = formatting.parse_amount(value)
    if amount is None:
        raise ValidationError(
            {"total": _("Vul een bedrag in hele euro's in, bijvoorbeeld 1845000.")}
        )
    if amount <= 0:
        raise ValidationError({"total": _("Het regionale totaal moet groter zijn dan nul.")})
    if amount != amount.to_integral_value():
        raise ValidationError(
            {
                "total": _(
                    "Vul het regionale totaal in hele euro's in: de aandelen worden in hele "
                    "euro's verdeeld en tellen precies op tot het totaal."
                )
            },
            code="not_whole_euros",
        )
    if amount > MAX_TOTAL:
        raise ValidationError(
            {
                "total": _("Het regionale totaal is hoogstens %(max)s.")
                % {"max": money(MAX_TOTAL, 0)}
            }
        )
    return amount.quantize(Decimal("0.01"))


def _key_contribution(value: object, name: str) -> Decimal:
    if _blank(value):
        raise ValueError(
            _("Vul de bijdrage van %(name)s in (verplicht). Vul 0 in als de gemeente niet meedoet.")
            % {"name": name}
        )
    amount = formatting.parse_amount(value)
    if amount is None:
        raise ValueError(_("Vul een bedrag in, bijvoorbeeld 551725 of 551725,00."))
    if amount < 0:
        raise ValueError(_("Een bijdrage kan niet negatief zijn."))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("Een bedrag heeft hoogstens twee decimalen."))
    if amount > MAX_CONTRIBUTION:
        raise ValueError(_("Deze bijdrage is te groot."))
    return amount.quantize(Decimal("0.01"))


def check_year(year: object, *, today: date | None = None) -> int:
    """A year from 2000 up to two years ahead, or a Dutch ValidationError on ``year``."""
    latest = (today or timezone.localdate()).year + 2
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not 2000 <= value <= latest:
        raise ValidationError(
            {"year": _("Kies een jaar van 2000 tot en met %(latest)s.") % {"latest": latest}}
        )
    return value


@dataclass(frozen=True)
class KeyRow:
    municipality: Municipality
    contribution: Decimal
    amount: Decimal
    share: Decimal  # the contribution's fraction of all contributions (for the page)


@dataclass(frozen=True)
class KeyAllocation:
    """A previewed split: one row per member of the region, by name; amounts in whole euros."""

    region: Region
    year: int
    total: Decimal
    rows: list[KeyRow]

    @property
    def contribution_total(self) -> Decimal:
        return sum((row.contribution for row in self.rows), ZERO)

    @property
    def amounts(self) -> dict[int, Decimal]:
        return {row.municipality.pk: row.amount for row in self.rows}


def region_members(region: Region) -> list[Municipality]:
    """The municipalities of the region, by name (one query)."""
    return list(Municipality.objects.filter(region=region).order_by("name"))


def budget_key_preview(
    *,
    region: Region,
    year: int | str,
    total: Decimal | int | str,
    contributions: Mapping[int, Decimal | int | str],
    members: Sequence[Municipality] | None = None,
) -> KeyAllocation:
    """Split ``total`` over the region's members in proportion to ``contributions`` (keyed by
    municipality id): whole euros by largest remainder, summing exactly to the total. Writes
    nothing. Every member needs a contribution (0 takes no share); every error is reported at
    once, on its field (``year``, ``total``, ``contribution_<id>``, ``contributions``).
    ``members`` saves the query when the caller already read them."""
    members = list(members) if members is not None else region_members(region)
    errors: dict[str, list[str]] = {}

    def note(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    checked_year: int | None = None
    try:
        checked_year = check_year(year)
    except ValidationError as error:
        note("year", error.message_dict["year"][0])
    amount: Decimal | None = None
    try:
        amount = _key_total(total)
    except ValidationError as error:
        note("total", error.message_dict["total"][0])
    by_id = {m.pk: m for m in members}
    given = {int(k): v for k, v in contributions.items()}
    outside = sorted(set(given) - set(by_id))
    if outside:
        names = list(
            Municipality.objects.filter(pk__in=outside)
            .order_by("name")
            .values_list("name", flat=True)
        )
        note(
            "contributions",
            _("Deze gemeenten horen niet bij regio %(region)s: %(names)s.")
            % {"region": region.name, "names": ", ".join(names) or _("onbekend")},
        )
    if not members:
        note(
            "contributions",
            _("Regio %(region)s heeft nog geen gemeenten.") % {"region": region.name},
        )
    parsed: dict[int, Decimal] = {}
    for municipality in members:
        try:
            parsed[municipality.pk] = _key_contribution(
                given.get(municipality.pk), municipality.name
            )
        except ValueError as error:
            note(contribution_field(municipality.pk), str(error))
    if members and len(parsed) == len(members) and not any(parsed.values()):
        note(
            "contributions",
            _(
                "De bijdragen zijn samen nul. Vul voor minstens één gemeente een bijdrage groter "
                "dan nul in."
            ),
        )
    if errors:
        raise ValidationError(errors)
    assert amount is not None and checked_year is not None
    try:
        shares = calculations.allocate(amount, {str(pk): value for pk, value in parsed.items()})
    except ValueError as exc:  # the checks above leave nothing for allocate to refuse
        raise ValidationError({"contributions": str(exc)}) from None
    weight = sum(parsed.values(), ZERO)
    return KeyAllocation(
        region=region,
        year=checked_year,
        total=amount,
        rows=[
            KeyRow(
                municipality=m,
                contribution=parsed[m.pk],
                amount=shares[str(m.pk)],
                share=parsed[m.pk] / weight,
            )
            for m in members
        ],
    )


@transaction.atomic
def budget_key_commit(
    *,
    region: Region,
    year: int | str,
    total: Decimal | int | str,
    contributions: Mapping[int, Decimal | int | str],
    actor: User,
) -> BudgetKeyVersion:
    """Commit the key as a new version (previous + 1, who and when; earlier versions stay) and
    write its shares into every member's budget for the year (creating missing budget rows) and
    the region's total. Refused as :func:`budget_key_preview` refuses; nothing is written then."""
    # One commit of a region at a time: the version number and the budgets move together.
    Region.objects.select_for_update().filter(pk=region.pk).first()
    allocation = budget_key_preview(
        region=region, year=year, total=total, contributions=contributions
    )
    year = allocation.year
    number = (
        BudgetKeyVersion.objects.filter(region=region, year=year).aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    version = BudgetKeyVersion.objects.create(
        region=region, year=year, number=number, total=allocation.total, committed_by=actor
    )
    BudgetKeyShare.objects.bulk_create(
        BudgetKeyShare(
            version=version,
            municipality=row.municipality,
            contribution=row.contribution,
            amount=row.amount,
        )
        for row in allocation.rows
    )
    RegionalBudget.objects.update_or_create(
        region=region, year=year, defaults={"total": allocation.total}
    )
    ids = [row.municipality.pk for row in allocation.rows]
    # Tenant-owned rows of every member: the region's municipalities, and no others.
    with tenant_context(ids):
        budgets = {
            budget.municipality_id: budget
            for budget in MunicipalBudget.objects.select_for_update().filter(
                municipality_id__in=ids, year=year
            )
        }
        for row in allocation.rows:
            budget = budgets.get(row.municipality.pk)
            if budget is None:
                MunicipalBudget.objects.create(
                    municipality=row.municipality, year=year, allocated=row.amount
                )
            elif budget.allocated != row.amount:
                budget.allocated = row.amount
                budget.save(update_fields=["allocated"])
    return version


# -- the effort obligation (the region's call, per member per year) ----------------------------

NOTE_MAX = 2000


@transaction.atomic
def effort_obligation_set(
    *, municipality: Municipality, year: int | str, met: bool, note: str, actor: User
) -> EffortObligation:
    """Record whether ``municipality`` met its effort obligation in ``year``, with a note. The
    settlement and the regional balance read it; without a row it counts as met."""
    checked_year = check_year(year)
    if not isinstance(met, bool):
        raise ValidationError(
            {"met": _("Kies of de inspanningsverplichting is nagekomen (verplicht).")}
        )
    if municipality.region_id is None:
        raise ValidationError(
            {"municipality": _("%(name)s hoort bij geen regio.") % {"name": municipality.name}}
        )
    text = (note or "").strip()
    if len(text) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Een toelichting is hoogstens %(max)s tekens.") % {"max": NOTE_MAX}}
        )
    obligation, _created = EffortObligation.objects.update_or_create(
        municipality=municipality,
        year=checked_year,
        defaults={"met": met, "note": text, "set_by": actor},
    )
    return obligation
