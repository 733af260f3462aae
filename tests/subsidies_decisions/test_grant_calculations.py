"""The pure functions behind a decision's amount and advance schedule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidies import calculations as calc

TARIFFS = {"basis": Decimal("2500"), "plus": Decimal("3500")}


def test_grant_is_places_times_tariff_plus_the_annual_base_fee():
    grant = calc.grant_amount({"basis": 4, "plus": 2}, tariffs=TARIFFS, annual_base_fee=300)
    assert [(line.step, line.places, line.amount) for line in grant.lines] == [
        ("basis", 4, Decimal("10000.00")),
        ("plus", 2, Decimal("7000.00")),
    ]
    assert (grant.base_fee, grant.total) == (Decimal("300.00"), Decimal("17300.00"))


def test_no_places_no_base_fee():
    grant = calc.grant_amount({"basis": 0}, tariffs=TARIFFS, annual_base_fee=300)
    assert grant.total == Decimal("0.00")


@pytest.mark.parametrize("places", [-1, "2", 2.0, True])
def test_bad_places_are_refused(places):
    with pytest.raises((TypeError, ValueError)):
        calc.grant_amount({"basis": places}, tariffs=TARIFFS, annual_base_fee=300)


def test_unknown_step_raises_key_error():
    with pytest.raises(KeyError):
        calc.grant_amount({"goud": 1}, tariffs=TARIFFS, annual_base_fee=300)


def test_full_advance_is_paid_whole_at_the_start():
    (only,) = calc.advance_schedule(Decimal("17300"), "full_advance")
    assert (only.moment, only.amount) == ("year_start", Decimal("17300.00"))


def test_80_20_schedule():
    schedule = calc.advance_schedule(Decimal("10300"), "quarterly_80_20")
    assert [(i.moment, i.quarter, i.amount) for i in schedule] == [
        ("quarter", 1, Decimal("2060.00")),
        ("quarter", 2, Decimal("2060.00")),
        ("quarter", 3, Decimal("2060.00")),
        ("quarter", 4, Decimal("2060.00")),
        ("determination", None, Decimal("2060.00")),
    ]


@given(
    st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False),
    st.sampled_from(["full_advance", "quarterly_80_20"]),
)
def test_schedule_adds_up_exactly(total, model):
    schedule = calc.advance_schedule(total, model)
    assert sum(i.amount for i in schedule) == total
