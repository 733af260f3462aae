"""The regional key, the budget overview of a municipality and custom-budget expenses."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from participatie.models import Enrolment
from subsidies import calculations
from subsidies.choices import DecisionStatus
from subsidies.models import CustomBudgetExpense, MunicipalBudget, RegionalBudget
from subsidies.services.budgets import (
    budget_key_allocate,
    budget_overview,
    custom_budget_expense_record,
)
from subsidies.services.statements import statement_approve, statement_confirm
from tests.conftest import in_tenant
from tests.factories import MunicipalityFactory
from tests.factories_subsidies import MunicipalBudgetFactory, SubsidyDecisionFactory, TariffFactory
from tests.money.test_budget_key import DRECHTSTEDEN_CONTRIBUTIONS, EXPECTED_SHARES
from tests.subsidies_statements.conftest import settle

D = datetime.date


def test_drechtsteden_2022_key_writes_each_budget_and_sums_exactly(dordrecht, zwijndrecht):
    region = dordrecht.municipality.region
    municipalities = {"Dordrecht": dordrecht.municipality, "Zwijndrecht": zwijndrecht.municipality}
    for index, name in enumerate(sorted(set(DRECHTSTEDEN_CONTRIBUTIONS) - set(municipalities))):
        municipalities[name] = MunicipalityFactory(
            name=name, slug=f"gemeente-{index}", region=region
        )
    for name, municipality in municipalities.items():
        municipality.budget_key_contribution = Decimal(DRECHTSTEDEN_CONTRIBUTIONS[name])
        municipality.save(update_fields=["budget_key_contribution"])

    shares = budget_key_allocate(region=region, year=2022, total="1845000")

    assert {m.name: share for m, share in shares.items()} == EXPECTED_SHARES
    assert sum(shares.values()) == Decimal("1845000")
    assert RegionalBudget.objects.get(region=region, year=2022).total == Decimal("1845000")
    with in_tenant(*municipalities.values()):
        written = dict(
            MunicipalBudget.objects.filter(year=2022).values_list("municipality__name", "allocated")
        )
    assert written == EXPECTED_SHARES
    # Running it again replaces, never adds.
    budget_key_allocate(region=region, year=2022, total=Decimal("1845000"))
    with in_tenant(*municipalities.values()):
        assert MunicipalBudget.objects.filter(year=2022).count() == 7


@pytest.mark.parametrize("total", ["-5", "abc", "1845000.50"])
def test_bad_regional_totals_are_refused(dordrecht, total):
    dordrecht.municipality.budget_key_contribution = Decimal("1")
    dordrecht.municipality.save(update_fields=["budget_key_contribution"])
    with pytest.raises(ValidationError):
        budget_key_allocate(region=dordrecht.municipality.region, year=2022, total=total)
    assert not RegionalBudget.objects.exists()


def test_budget_overview_adds_up(dordrecht):
    municipality = dordrecht.municipality
    statement = settle(dordrecht)  # worked example, Q1 2022: 443.49
    with in_tenant(municipality):
        MunicipalBudgetFactory(municipality=municipality, year=2022)
        enrolment_a = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        enrolment_b = Enrolment.objects.get(organisation=dordrecht.lwb_b)
        approved = {"status": DecisionStatus.APPROVED, "approved_by": dordrecht.account_holder}
        # Company A: a first decision replaced by a raised one; only the latest counts.
        SubsidyDecisionFactory(
            municipality=municipality,
            enrolment=enrolment_a,
            amount=Decimal("5000"),
            approved_at=datetime.datetime(2022, 1, 5, tzinfo=datetime.UTC),
            **approved,
        )
        SubsidyDecisionFactory(
            municipality=municipality,
            enrolment=enrolment_a,
            amount=Decimal("8000"),
            approved_at=datetime.datetime(2022, 6, 5, tzinfo=datetime.UTC),
            **approved,
        )
        SubsidyDecisionFactory(
            municipality=municipality,
            enrolment=enrolment_b,
            amount=Decimal("1200"),
            status=DecisionStatus.SENT,
            approved_by=dordrecht.account_holder,
            approved_at=datetime.datetime(2022, 2, 1, tzinfo=datetime.UTC),
        )
        SubsidyDecisionFactory(
            municipality=municipality, enrolment=enrolment_b, amount=Decimal("99")
        )
        before = budget_overview(municipality=municipality, year=2022, today=D(2022, 5, 10))
        statement_confirm(statement=statement, actor=dordrecht.lwb_a_admin, today=D(2022, 4, 6))
        statement_approve(statement=statement, actor=dordrecht.account_holder)
        overview = budget_overview(municipality=municipality, year=2022, today=D(2022, 5, 10))

    assert (before.realised, before.pending) == (Decimal("0.00"), Decimal("443.49"))
    assert overview.budget == Decimal("1162448")
    # The planned cost is on the budget; the matching unit's cost is its approved quarter
    # costs, none here.
    assert overview.matching_unit_planned == Decimal("225336")
    assert overview.matching_unit_cost == Decimal("0.00")
    assert overview.granted == Decimal("9200")
    assert (overview.realised, overview.pending) == (Decimal("443.49"), Decimal("0.00"))
    # From 1 April (the current quarter) to year end at plus, plus three quarterly base fees.
    assert overview.forecast_from == D(2022, 4, 1)
    expected = calculations.forecast_to_year_end(Decimal("3500"), D(2022, 4, 1)) + 3 * Decimal(
        "75.00"
    )
    assert overview.forecast == expected
    assert overview.difference == Decimal("1162448") - (Decimal("443.49") + expected)
    # A past year has nothing left to forecast.
    with in_tenant(municipality):
        later = budget_overview(municipality=municipality, year=2022, today=D(2023, 2, 1))
    assert later.forecast == Decimal("0.00") and later.forecast_from is None


def record(side, amount, **extra):
    with in_tenant(side.municipality):
        return custom_budget_expense_record(
            municipality=side.municipality,
            year=2022,
            spent_on=extra.get("spent_on", D(2022, 5, 1)),
            description=extra.get("description", "Werkschoenen"),
            amount=amount,
            actor=side.account_holder,
        )


def test_custom_budget_expenses_up_to_the_budget_and_not_beyond(dordrecht):
    with in_tenant(dordrecht.municipality):
        TariffFactory(municipality=dordrecht.municipality, year=2022)  # custom budget 10,000
    record(dordrecht, "9000")
    record(dordrecht, Decimal("999.99"))
    with pytest.raises(ValidationError, match="overschrijdt het maatwerkbudget"):
        record(dordrecht, "0.02")
    record(dordrecht, "0,01")
    with in_tenant(dordrecht.municipality):
        total = sum(CustomBudgetExpense.objects.values_list("amount", flat=True))
    assert total == Decimal("10000.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-10", "groter zijn dan nul"),
        ("0", "groter zijn dan nul"),
        ("tien euro", "Vul een bedrag in"),
        ("NaN", "Vul een bedrag in"),
        ("12,345", "twee decimalen"),
    ],
)
def test_negative_or_non_numeric_amounts_are_refused(dordrecht, amount, message):
    with in_tenant(dordrecht.municipality):
        TariffFactory(municipality=dordrecht.municipality, year=2022)
    with pytest.raises(ValidationError, match=message):
        record(dordrecht, amount)
    with in_tenant(dordrecht.municipality):
        assert not CustomBudgetExpense.objects.exists()


def test_expense_without_tariffs_for_the_year_is_refused(dordrecht):
    with pytest.raises(ValidationError, match="geen tarieven"):
        record(dordrecht, "10")
