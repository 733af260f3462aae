"""Factories for the subsidies app (registered in tests.factories.TENANT_FACTORIES)."""

from __future__ import annotations

import datetime
import uuid
from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from subsidies.choices import AdvanceModel, ClaimDirection, PaymentKind
from subsidies.models import (
    ApplicationLine,
    CrossMunicipalClaim,
    CustomBudgetExpense,
    DecisionLine,
    Determination,
    EffortObligation,
    MunicipalBudget,
    PaymentInstruction,
    QuarterStatement,
    SettlementRun,
    StatementLine,
    StepTariff,
    SubsidyApplication,
    SubsidyDecision,
    Tariff,
)
from tests.factories import (
    EnrolmentFactory,
    MunicipalityFactory,
    PlacementFactory,
    StepFactory,
    UserFactory,
)

_SAME = factory.SelfAttribute("..municipality")


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tariff
        django_get_or_create = ("municipality", "year")

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2022
    base_fee = Decimal("300")
    custom_budget = Decimal("10000")
    advance_model = AdvanceModel.FULL_ADVANCE


class StepTariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepTariff

    municipality = factory.SubFactory(MunicipalityFactory)
    tariff = factory.SubFactory(TariffFactory, municipality=_SAME)
    step = factory.SubFactory(
        StepFactory, municipality=_SAME, year=factory.SelfAttribute("..tariff.year")
    )
    effective_from = factory.LazyAttribute(lambda o: date(o.tariff.year, 1, 1))
    annual_amount = Decimal("2500")


class MunicipalBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalBudget

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2022
    allocated = Decimal("1162448")
    matching_unit_cost = Decimal("225336")


class CustomBudgetExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomBudgetExpense

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2022
    spent_on = datetime.date(2022, 5, 1)
    description = "Cursus heftruck"
    amount = Decimal("450")
    recorded_by = factory.SubFactory(UserFactory, mfa=False)


class EffortObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EffortObligation

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2022
    met = True


class SubsidyApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubsidyApplication

    municipality = factory.SubFactory(MunicipalityFactory)
    enrolment = factory.SubFactory(EnrolmentFactory, municipality=_SAME)
    year = 2022
    submitted_by = factory.SubFactory(UserFactory, mfa=False)


class ApplicationLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationLine

    municipality = factory.SubFactory(MunicipalityFactory)
    application = factory.SubFactory(SubsidyApplicationFactory, municipality=_SAME)
    step = factory.SubFactory(StepFactory, municipality=_SAME)
    places = 5


class SubsidyDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubsidyDecision

    municipality = factory.SubFactory(MunicipalityFactory)
    enrolment = factory.SubFactory(EnrolmentFactory, municipality=_SAME)
    year = 2022
    advance_model = AdvanceModel.FULL_ADVANCE
    base_fee = Decimal("300")
    amount = Decimal("12800")
    drafted_by = factory.SubFactory(UserFactory, mfa=False)


class DecisionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionLine

    municipality = factory.SubFactory(MunicipalityFactory)
    decision = factory.SubFactory(SubsidyDecisionFactory, municipality=_SAME)
    step = factory.SubFactory(StepFactory, municipality=_SAME)
    places = 5
    annual_amount = Decimal("2500")
    amount = Decimal("12500")


class QuarterStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterStatement

    municipality = factory.SubFactory(MunicipalityFactory)
    enrolment = factory.SubFactory(EnrolmentFactory, municipality=_SAME)
    year = 2022
    quarter = 1
    advance_model = AdvanceModel.FULL_ADVANCE
    lines_total = Decimal("368.49")
    base_fee = Decimal("75.00")
    total = Decimal("443.49")
    payable_now = Decimal("0.00")
    held = Decimal("0.00")
    computed_at = factory.LazyFunction(timezone.now)


class StatementLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementLine

    municipality = factory.SubFactory(MunicipalityFactory)
    statement = factory.SubFactory(QuarterStatementFactory, municipality=_SAME)
    placement = factory.SubFactory(PlacementFactory, municipality=_SAME)
    step = factory.SubFactory(StepFactory, municipality=_SAME)
    date_from = datetime.date(2022, 2, 15)
    date_to = datetime.date(2022, 3, 9)
    days = 23
    annual_tariff = Decimal("2500")
    amount = Decimal("157.53")


class DeterminationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Determination

    municipality = factory.SubFactory(MunicipalityFactory)
    enrolment = factory.SubFactory(EnrolmentFactory, municipality=_SAME)
    year = 2022
    advance_model = AdvanceModel.FULL_ADVANCE
    realised = Decimal("9000")
    granted = Decimal("10000")
    paid = Decimal("10000")
    final = Decimal("9000")
    balance = Decimal("-1000")


class PaymentInstructionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentInstruction

    municipality = factory.SubFactory(MunicipalityFactory)
    enrolment = factory.SubFactory(EnrolmentFactory, municipality=_SAME)
    kind = PaymentKind.ADVANCE
    amount = Decimal("10000")


class CrossMunicipalClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrossMunicipalClaim

    municipality = factory.SubFactory(MunicipalityFactory)
    direction = ClaimDirection.OUTGOING
    counterpart = factory.SubFactory(MunicipalityFactory)
    participant_reference = factory.LazyFunction(uuid.uuid4)
    year = 2022
    quarter = 1
    step_code = "basis"
    days = 90
    amount = Decimal("616.44")


class SettlementRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SettlementRun

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2022
    quarter = 1


SUBSIDY_FACTORIES = {
    Tariff: TariffFactory,
    StepTariff: StepTariffFactory,
    MunicipalBudget: MunicipalBudgetFactory,
    CustomBudgetExpense: CustomBudgetExpenseFactory,
    SubsidyApplication: SubsidyApplicationFactory,
    ApplicationLine: ApplicationLineFactory,
    SubsidyDecision: SubsidyDecisionFactory,
    DecisionLine: DecisionLineFactory,
    QuarterStatement: QuarterStatementFactory,
    StatementLine: StatementLineFactory,
    Determination: DeterminationFactory,
    PaymentInstruction: PaymentInstructionFactory,
    CrossMunicipalClaim: CrossMunicipalClaimFactory,
    SettlementRun: SettlementRunFactory,
}
