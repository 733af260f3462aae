"""Set-up of the matching unit's subsidy tests: Dordrecht's 2022 tariffs and budget (as the
decision tests have them), MU Dordrecht's application, its decision taken through its
statuses, and its realised quarter costs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from subsidies.models import (
    MatchingUnitApplication,
    MatchingUnitCost,
    MatchingUnitDecision,
)
from subsidies.services import matching_unit as svc
from tests.conftest import Side, in_tenant
from tests.subsidies_decisions.helpers import YEAR, pdf_info, pdf_text, setup_money

__all__ = ["YEAR", "pdf_info", "pdf_text", "setup_money"]

AFTER_YEAR = date(YEAR + 1, 1, 15)  # every quarter of the year is over


def apply(side: Side, amount: object = "225.336,00", **kwargs) -> MatchingUnitApplication:
    with in_tenant(side.municipality):
        return svc.mu_application_submit(
            municipality=side.municipality,
            matching_unit=kwargs.pop("unit", side.matching_unit),
            year=kwargs.pop("year", YEAR),
            amount=amount,
            note=kwargs.pop("note", "Intake, triage en matching voor 2022."),
            actor=kwargs.pop("actor", side.consultant),
        )


def draft(side: Side, amount: object = "225336", **kwargs) -> MatchingUnitDecision:
    application = kwargs.pop("application", None) or apply(side)
    with in_tenant(side.municipality):
        return svc.mu_decision_draft(
            application=application,
            amount=amount,
            actor=kwargs.pop("actor", side.account_holder),
            **kwargs,
        )


def proposed(side: Side, amount: object = "225336", **kwargs) -> MatchingUnitDecision:
    decision = draft(side, amount, **kwargs)
    with in_tenant(side.municipality):
        return svc.mu_decision_propose(decision=decision, actor=side.account_holder)


def approved(side: Side, amount: object = "225336", **kwargs) -> MatchingUnitDecision:
    decision = proposed(side, amount, **kwargs)
    with in_tenant(side.municipality):
        return svc.mu_decision_approve(decision=decision, actor=side.second_account_holder)


def record(
    side: Side, quarter: int = 1, amount: object = "56.334,00", **kwargs
) -> MatchingUnitCost:
    with in_tenant(side.municipality):
        return svc.mu_cost_record(
            municipality=side.municipality,
            matching_unit=kwargs.pop("unit", side.matching_unit),
            year=kwargs.pop("year", YEAR),
            quarter=quarter,
            amount=amount,
            account=kwargs.pop("account", "32 intakes, 20 matches, 12 trede-adviezen."),
            actor=kwargs.pop("actor", side.consultant),
            today=kwargs.pop("today", AFTER_YEAR),
        )


def approve_cost(side: Side, cost: MatchingUnitCost, actor=None) -> MatchingUnitCost:
    with in_tenant(side.municipality):
        return svc.mu_cost_approve(cost=cost, actor=actor or side.account_holder)


def money(value: str) -> Decimal:
    return Decimal(value)
