"""Demo tariffs (issue 5): Dordrecht 2022-2026 on basis/plus with a base fee and custom budget,
the other Drechtsteden municipalities on the legacy four-step schedule paid 80/20, Meierijstad on
the flat IBN lump sum. Registered with participatie's load_demo; idempotent like the rest."""

from __future__ import annotations

from decimal import Decimal

from participatie.demo import DemoReport, upsert
from participatie.models import Municipality, Step
from participatie.tenancy.context import tenant_context
from subsidies.choices import AdvanceModel
from subsidies.models import StepTariff, Tariff

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
        return dict.fromkeys(range(2022, 2027), DORDRECHT)
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
    return dict.fromkeys(range(2021, 2027), LEGACY)


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
                        {"municipality": municipality, "tariff": tariff, "step": step},
                        {"annual_amount": amount},
                    )
