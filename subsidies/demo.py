"""Demo tariffs and budgets (issue 5): Dordrecht from 2022 to next year on basis/plus with a base
fee and custom budget, the other Drechtsteden municipalities on the legacy four-step schedule paid
80/20, Meierijstad on the flat IBN lump sum; Drechtsteden's regional budget split by the seed's
key. Registered with participatie's load_demo; idempotent like the rest."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from participatie.demo import DemoReport, demo_years, upsert
from participatie.models import Municipality, Step
from participatie.tenancy.context import tenant_context
from subsidies import calculations
from subsidies.choices import AdvanceModel
from subsidies.models import MunicipalBudget, RegionalBudget, StepTariff, Tariff

DORDRECHT = {
    "steps": {"basis": Decimal("2500"), "plus": Decimal("3500")},
    "base_fee": Decimal("300"),
    "custom_budget": Decimal("10000"),
    "advance_model": AdvanceModel.FULL_ADVANCE,
}
LEGACY = {
    "steps": {
        "1": Decimal("3500"),
        "2": Decimal("2500"),
        "3": Decimal("1500"),
        "4": Decimal("700"),
    },
    "base_fee": Decimal("0"),
    "custom_budget": Decimal("0"),
    "advance_model": AdvanceModel.QUARTERLY_80_20,
}
IBN_LUMP_SUM = {2021: Decimal("609.75"), 2022: Decimal("674.17")}


def _schedules(slug: str) -> dict[int, dict]:
    if slug == "dordrecht":
        return dict.fromkeys(demo_years(2022), DORDRECHT)
    if slug == "meierijstad":
        return {
            year: {
                "steps": {"ibn": amount},
                "base_fee": Decimal("0"),
                "custom_budget": Decimal("0"),
                "advance_model": AdvanceModel.FULL_ADVANCE,
            }
            for year, amount in IBN_LUMP_SUM.items()
        }
    if slug == "oude-ijsselstreek":
        return {}
    return dict.fromkeys(demo_years(2021), LEGACY)


def load_demo_tariffs(report: DemoReport, municipalities: dict[str, Municipality]) -> None:
    for slug, municipality in municipalities.items():
        with tenant_context(municipality.id):
            for year, schedule in _schedules(slug).items():
                tariff = upsert(
                    report,
                    Tariff,
                    {"municipality": municipality, "year": year},
                    {
                        "base_fee": schedule["base_fee"],
                        "custom_budget": schedule["custom_budget"],
                        "advance_model": schedule["advance_model"],
                    },
                )
                for code, amount in schedule["steps"].items():
                    step = Step.objects.get(municipality=municipality, year=year, code=code)
                    upsert(
                        report,
                        StepTariff,
                        {
                            "municipality": municipality,
                            "tariff": tariff,
                            "step": step,
                            "effective_from": date(year, 1, 1),
                        },
                        {"annual_amount": amount},
                    )


# Seed 000: the regional budget split by the key of contributions, and each matching unit's
# cost (the 2019 figures, the latest the seed gives) against its municipality's budget.
DRECHTSTEDEN_TOTAL = Decimal("1845000")
MATCHING_UNIT_COST = {
    "alblasserdam": Decimal("15629"),
    "dordrecht": Decimal("225336"),
    "hardinxveld-giessendam": Decimal("6943"),
    "hendrik-ido-ambacht": Decimal("4628"),
    "papendrecht": Decimal("26573"),
    "sliedrecht": Decimal("21798"),
    "zwijndrecht": Decimal("48564"),
}
BUDGET_YEARS_FROM = 2022


def load_demo_budgets(report: DemoReport, municipalities: dict[str, Municipality]) -> None:
    """Drechtsteden's 1,845,000 per year, split by the key, with the matching units' costs."""
    keyed = {
        slug: municipality
        for slug, municipality in municipalities.items()
        if slug in MATCHING_UNIT_COST and municipality.budget_key_contribution
    }
    if not keyed:
        return
    region = next(iter(keyed.values())).region
    shares = calculations.allocate(
        DRECHTSTEDEN_TOTAL, {slug: m.budget_key_contribution for slug, m in keyed.items()}
    )
    for year in demo_years(BUDGET_YEARS_FROM):
        upsert(
            report, RegionalBudget, {"region": region, "year": year}, {"total": DRECHTSTEDEN_TOTAL}
        )
        for slug, municipality in keyed.items():
            with tenant_context(municipality.id):
                upsert(
                    report,
                    MunicipalBudget,
                    {"municipality": municipality, "year": year},
                    {"allocated": shares[slug], "matching_unit_cost": MATCHING_UNIT_COST[slug]},
                )
