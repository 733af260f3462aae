"""A quarter that can be settled by button: Dordrecht's year 2022 set up (steps, tariffs of
the worked example, budget) and the worked example's placement at company A. The quarter is
settled "on 5 April 2022": ``timezone.localdate`` is pinned there, so no test depends on the
day it runs."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from participatie.models import Enrolment
from subsidies.models import QuarterStatement, SettlementRun
from subsidies.services.settlement_runs import settlement_run_start
from tests.conftest import in_tenant
from tests.factories_subsidies import MunicipalBudgetFactory
from tests.subsidies.test_settle_quarter import CASES, place, tariffs

AFTER_Q1 = datetime.date(2022, 4, 5)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AFTER_Q1)


@pytest.fixture(autouse=True)
def _no_live_progress_left() -> None:
    cache.clear()


def set_up_year(side, *, advance_model: str = "quarterly_80_20", budget: bool = True) -> None:
    tariffs(side, {**CASES[0], "advance_model": advance_model})
    if budget:
        with in_tenant(side.municipality):
            MunicipalBudgetFactory(municipality=side.municipality, year=2022)


def place_example(side, company=None):
    """The worked example's placement (Q1 2022: EUR 443.49 with the base fee)."""
    with in_tenant(side.municipality):
        enrolment = Enrolment.objects.get(organisation=company or side.lwb_a)
    return place(side, enrolment, CASES[0]["placements"][0])


@pytest.fixture
def configured(dordrecht):
    set_up_year(dordrecht)
    place_example(dordrecht)
    return dordrecht


def start(side, actor=None, *, year: int = 2022, quarter: int = 1, today=None):
    with in_tenant(side.municipality):
        return settlement_run_start(
            municipality=side.municipality,
            year=year,
            quarter=quarter,
            actor=actor or side.account_holder,
            today=today,
        )


def run_of(side, run) -> SettlementRun:
    with in_tenant(side.municipality):
        return SettlementRun.objects.get(pk=run.pk)


def statements_of(side, **filters) -> list[QuarterStatement]:
    with in_tenant(side.municipality):
        return list(
            QuarterStatement.objects.filter(municipality=side.municipality, **filters)
            .select_related("enrolment")
            .order_by("enrolment__organisation__name", "id")
        )
