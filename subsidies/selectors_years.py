"""Reads for a municipality's year settings: the years it has, everything of one year on one
page, and whether next year still needs setting up (the rollover warning from 1 October).

Each function is a fixed number of queries, however many steps or versions a year has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from participatie.models import Municipality, Step
from subsidies.choices import StatementStatus
from subsidies.models import MunicipalBudget, QuarterStatement, StepTariff, Tariff

# From this day of the year on, the account holder is warned when next year is not set up.
ROLLOVER_WARNING_FROM = (10, 1)


@dataclass(frozen=True)
class TariffVersion:
    """The amounts per step code from ``effective_from`` (1 January: the year's own)."""

    effective_from: date
    amounts: dict[str, Decimal]

    def amount_of(self, code: str) -> Decimal | None:
        return self.amounts.get(code)


@dataclass(frozen=True)
class YearOverview:
    year: int
    steps: list[Step]
    tariff: Tariff | None
    versions: list[TariffVersion]
    budget: MunicipalBudget | None
    locked: bool
    missing: list[str] = field(default_factory=list)

    @property
    def is_set_up(self) -> bool:
        """Placements, decisions and statements of the year have what they need."""
        return not self.missing

    @property
    def exists(self) -> bool:
        return bool(self.steps or self.tariff or self.budget)

    @property
    def default_step(self) -> Step | None:
        return next((step for step in self.steps if step.is_default), None)

    @property
    def base_version(self) -> TariffVersion | None:
        """The amounts from 1 January (the ones edited until the first approved statement)."""
        first_day = date(self.year, 1, 1)
        return next((v for v in self.versions if v.effective_from == first_day), None)

    @property
    def later_versions(self) -> list[TariffVersion]:
        first_day = date(self.year, 1, 1)
        return [v for v in self.versions if v.effective_from != first_day]

    def base_amounts(self) -> dict[str, Decimal]:
        base = self.base_version
        return dict(base.amounts) if base else {}

    @property
    def rows(self) -> list[tuple[Step, list[Decimal | None]]]:
        """Per step: its amount in each version (None where a version has none)."""
        return [(step, [v.amount_of(step.code) for v in self.versions]) for step in self.steps]

    def latest_amounts(self) -> dict[str, Decimal]:
        """The amounts in force at the end of the year, per step code."""
        amounts: dict[str, Decimal] = {}
        for version in self.versions:
            amounts.update(version.amounts)
        return amounts


def _missing(
    year: int,
    steps: list[Step],
    tariff: Tariff | None,
    versions: list[TariffVersion],
    budget: MunicipalBudget | None,
) -> list[str]:
    """What of the year is missing, in words a user can act on."""
    missing = []
    if not steps:
        missing.append(_("de tredecatalogus van %(y)s (geen treden)") % {"y": year})
    elif not any(step.is_default for step in steps):
        missing.append(_("een standaardtrede in %(y)s") % {"y": year})
    if tariff is None:
        missing.append(_("de tarieven van %(y)s") % {"y": year})
    else:
        first_day = date(year, 1, 1)
        base = versions[0].amounts if versions and versions[0].effective_from == first_day else {}
        without = [step for step in steps if step.code not in base]
        if without:
            missing.append(
                _("een tarief vanaf 1 januari voor trede %(codes)s")
                % {"codes": ", ".join(f"{step.label} ({step.code})" for step in without)}
            )
    if budget is None:
        missing.append(_("het budget van %(y)s") % {"y": year})
    return missing


def year_overview(municipality: Municipality, year: int) -> YearOverview:
    """Steps, tariffs, the versions of the amounts per step, the budget, whether the tariffs
    are locked (a statement of the year is approved) and what is missing: five queries."""
    steps = list(
        Step.objects.filter(municipality=municipality, year=year).order_by("position", "code")
    )
    tariff = Tariff.objects.filter(municipality=municipality, year=year).first()
    by_day: dict[date, dict[str, Decimal]] = defaultdict(dict)
    if tariff is not None:
        rows = (
            StepTariff.objects.filter(municipality=municipality, tariff=tariff)
            .order_by("effective_from", "step__position")
            .values_list("effective_from", "step__code", "annual_amount")
        )
        for effective_from, code, amount in rows:
            by_day[effective_from][code] = amount
    versions = [TariffVersion(day, amounts) for day, amounts in sorted(by_day.items())]
    budget = MunicipalBudget.objects.filter(municipality=municipality, year=year).first()
    locked = QuarterStatement.objects.filter(
        municipality=municipality, year=year, status=StatementStatus.APPROVED
    ).exists()
    return YearOverview(
        year=year,
        steps=steps,
        tariff=tariff,
        versions=versions,
        budget=budget,
        locked=locked,
        missing=_missing(year, steps, tariff, versions, budget),
    )


@dataclass(frozen=True)
class YearSummary:
    year: int
    steps: int
    has_default: bool
    has_tariff: bool
    has_budget: bool
    locked: bool

    @property
    def is_set_up(self) -> bool:
        """Steps with a default, tariffs and a budget (the amounts are on the year's page)."""
        return bool(self.steps) and self.has_default and self.has_tariff and self.has_budget


def years_of(municipality: Municipality) -> list[YearSummary]:
    """Every year the municipality has something of (steps, tariffs or a budget), newest
    first: four queries."""
    steps = {
        row["year"]: row
        for row in Step.objects.filter(municipality=municipality)
        .values("year")
        .annotate(n=Count("id"), defaults=Count("id", filter=Q(is_default=True)))
        .order_by()
    }
    tariffs = set(Tariff.objects.filter(municipality=municipality).values_list("year", flat=True))
    budgets = set(
        MunicipalBudget.objects.filter(municipality=municipality).values_list("year", flat=True)
    )
    locked = set(
        QuarterStatement.objects.filter(municipality=municipality, status=StatementStatus.APPROVED)
        .values_list("year", flat=True)
        .distinct()
    )
    return [
        YearSummary(
            year=year,
            steps=steps[year]["n"] if year in steps else 0,
            has_default=bool(steps[year]["defaults"]) if year in steps else False,
            has_tariff=year in tariffs,
            has_budget=year in budgets,
            locked=year in locked,
        )
        for year in sorted(set(steps) | tariffs | budgets, reverse=True)
    ]


def year_to_set_up(municipality: Municipality, today: date) -> YearOverview | None:
    """The year the account holder should set up now: this year whenever it is not set up (a
    new municipality), next year from 1 October when it is not; None when nothing is missing."""
    current = year_overview(municipality, today.year)
    if not current.is_set_up:
        return current
    if (today.month, today.day) < ROLLOVER_WARNING_FROM:
        return None
    overview = year_overview(municipality, today.year + 1)
    return None if overview.is_set_up else overview
