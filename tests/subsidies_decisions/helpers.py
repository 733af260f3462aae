"""Set-up shared by the decision and determination tests: Dordrecht's 2022 tariffs (basis
2,500 / plus 3,500 / base fee 300) and budget, and a decision taken through its statuses."""

from __future__ import annotations

import subprocess
import tempfile
from datetime import date
from decimal import Decimal

from participatie.models import Enrolment, Step
from subsidies.models import MunicipalBudget, StepTariff, SubsidyDecision, Tariff
from subsidies.services import decisions as svc
from tests.conftest import Side, in_tenant, make_steps

YEAR = 2022


def setup_money(
    side: Side,
    *,
    advance_model: str = "full_advance",
    allocated: str = "1000000",
    mu_cost: str = "200000",
    year: int = YEAR,
    steps: bool = True,
) -> None:
    municipality = side.municipality
    if steps:
        make_steps(municipality, range(year, year + 1))
    with in_tenant(municipality):
        tariff = Tariff.objects.create(
            municipality=municipality,
            year=year,
            base_fee=Decimal("300"),
            custom_budget=Decimal("10000"),
            advance_model=advance_model,
        )
        for code, amount in (("basis", "2500"), ("plus", "3500")):
            StepTariff.objects.create(
                municipality=municipality,
                tariff=tariff,
                step=Step.objects.get(municipality=municipality, year=year, code=code),
                effective_from=date(year, 1, 1),
                annual_amount=Decimal(amount),
            )
        MunicipalBudget.objects.create(
            municipality=municipality,
            year=year,
            allocated=Decimal(allocated),
            matching_unit_cost=Decimal(mu_cost),
        )


def enrolment(side: Side, which: str = "lwb_a") -> Enrolment:
    with in_tenant(side.municipality):
        return Enrolment.objects.select_related("organisation", "municipality").get(
            organisation=getattr(side, which)
        )


def draft(side: Side, places=None, **kwargs) -> SubsidyDecision:
    with in_tenant(side.municipality):
        return svc.decision_draft(
            enrolment=enrolment(side),
            year=kwargs.pop("year", YEAR),
            places=places or {"basis": 4, "plus": 2},
            actor=kwargs.pop("actor", side.account_holder),
            **kwargs,
        )


def approved(side: Side, places=None, **kwargs) -> SubsidyDecision:
    decision = draft(side, places, **kwargs)
    with in_tenant(side.municipality):
        svc.decision_propose(decision=decision, actor=side.account_holder)
        return svc.decision_approve(decision=decision, actor=side.second_account_holder)


def _poppler(command: list[str], data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(
            [*command, handle.name, *(["-"] if command[0] == "pdftotext" else [])],
            capture_output=True,
            check=True,
            text=True,
        ).stdout


def pdf_text(data: bytes) -> str:
    return _poppler(["pdftotext", "-layout"], data)


def pdf_info(data: bytes) -> str:
    return _poppler(["pdfinfo"], data)
