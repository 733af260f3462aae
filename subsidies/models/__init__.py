from subsidies.models.budgets import (
    BudgetKeyShare,
    BudgetKeyVersion,
    CustomBudgetExpense,
    EffortObligation,
    MunicipalBudget,
    RegionalBudget,
)
from subsidies.models.decisions import (
    ApplicationLine,
    DecisionLine,
    SubsidyApplication,
    SubsidyDecision,
)
from subsidies.models.statements import (
    CrossMunicipalClaim,
    Determination,
    PaymentInstruction,
    QuarterStatement,
    StatementLine,
)
from subsidies.models.tariffs import StepTariff, Tariff

__all__ = [
    "ApplicationLine",
    "BudgetKeyShare",
    "BudgetKeyVersion",
    "CrossMunicipalClaim",
    "CustomBudgetExpense",
    "DecisionLine",
    "Determination",
    "EffortObligation",
    "MunicipalBudget",
    "PaymentInstruction",
    "QuarterStatement",
    "RegionalBudget",
    "StatementLine",
    "StepTariff",
    "SubsidyApplication",
    "SubsidyDecision",
    "Tariff",
]
