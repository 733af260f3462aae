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
from subsidies.models.lump_sum import (
    LumpSumAgreement,
    LumpSumCount,
    LumpSumKeyShare,
    LumpSumPlusPackage,
    LumpSumReview,
    LumpSumStatement,
    LumpSumStatementShare,
)
from subsidies.models.matching_unit import (
    MatchingUnitApplication,
    MatchingUnitCost,
    MatchingUnitDecision,
    MatchingUnitPayment,
)
from subsidies.models.settlement_runs import SettlementRun
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
    "LumpSumAgreement",
    "LumpSumCount",
    "LumpSumKeyShare",
    "LumpSumPlusPackage",
    "LumpSumReview",
    "LumpSumStatement",
    "LumpSumStatementShare",
    "MatchingUnitApplication",
    "MatchingUnitCost",
    "MatchingUnitDecision",
    "MatchingUnitPayment",
    "MunicipalBudget",
    "PaymentInstruction",
    "QuarterStatement",
    "RegionalBudget",
    "SettlementRun",
    "StatementLine",
    "StepTariff",
    "SubsidyApplication",
    "SubsidyDecision",
    "Tariff",
]
