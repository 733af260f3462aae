"""A year to copy from: Dordrecht's 2026 with steps basis (default) and plus, tariffs basis
2,500 / plus 3,500, base fee 300, custom budget 10,000, full advance, and a budget of
1,162,448 of which 225,336 for the matching unit. Every service call passes ``TODAY``, so the
year's range (2000 to two years ahead) does not depend on the wall clock."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from participatie.models import Step
from subsidies.models import MunicipalBudget, StepTariff, Tariff
from subsidies.services import years as svc
from tests.conftest import Side, in_tenant

TODAY = date(2026, 11, 15)
YEAR = 2026


def set_up_year(side: Side, year: int = YEAR) -> Tariff:
    """``year`` set up through the services, as an account holder does it from empty."""
    municipality, actor = side.municipality, side.account_holder
    with in_tenant(municipality):
        svc.step_create(
            municipality=municipality,
            year=year,
            code="basis",
            label="Basis",
            is_default=True,
            actor=actor,
            today=TODAY,
        )
        svc.step_create(
            municipality=municipality,
            year=year,
            code="plus",
            label="Plus",
            actor=actor,
            today=TODAY,
        )
        tariff = svc.tariff_create(
            municipality=municipality,
            year=year,
            base_fee="300",
            custom_budget="10000",
            advance_model="full_advance",
            dual_placement_max_days=365,
            amounts={"basis": "2500", "plus": "3500"},
            actor=actor,
            today=TODAY,
        )
        svc.budget_set(
            municipality=municipality,
            year=year,
            allocated="1162448",
            matching_unit_cost="225336",
            actor=actor,
            today=TODAY,
        )
        return tariff


def snapshot(side: Side, year: int) -> dict:
    """Everything of a year, without ids and without the year itself."""
    with in_tenant(side.municipality):
        steps = [
            (s.code, s.label, s.is_default, s.position)
            for s in Step.objects.filter(municipality=side.municipality, year=year).order_by(
                "position", "code"
            )
        ]
        tariff = Tariff.objects.filter(municipality=side.municipality, year=year).first()
        amounts = sorted(
            (row.step.code, row.annual_amount, (row.effective_from.month, row.effective_from.day))
            for row in StepTariff.objects.filter(
                municipality=side.municipality, tariff__year=year
            ).select_related("step")
        )
        budget = MunicipalBudget.objects.filter(municipality=side.municipality, year=year).first()
    return {
        "steps": steps,
        "tariff": tariff
        and (
            tariff.base_fee,
            tariff.custom_budget,
            tariff.advance_model,
            tariff.dual_placement_max_days,
        ),
        "amounts": amounts,
        "budget": budget and (budget.allocated, budget.matching_unit_cost),
    }


def counts(side: Side) -> tuple[int, int, int, int]:
    with in_tenant(side.municipality):
        return (
            Step.objects.filter(municipality=side.municipality).count(),
            Tariff.objects.filter(municipality=side.municipality).count(),
            StepTariff.objects.filter(municipality=side.municipality).count(),
            MunicipalBudget.objects.filter(municipality=side.municipality).count(),
        )


@pytest.fixture
def year_2026(dordrecht: Side) -> Tariff:
    return set_up_year(dordrecht)


EURO = Decimal
