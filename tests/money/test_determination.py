"""Year-end determination against advances paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from subsidies.calculations import Placement, determine, quarter_statement


def test_full_advance_underspend_is_reclaimed() -> None:
    result = determine(
        advance_model="full_advance",
        realised=Decimal("8000.00"),
        granted=Decimal("10000.00"),
        paid=Decimal("10000.00"),
    )
    assert result.final == Decimal("8000.00")
    assert result.balance == Decimal("-2000.00")
    assert (result.to_pay, result.to_reclaim) == (Decimal("0.00"), Decimal("2000.00"))


def test_full_advance_overspend_is_capped_at_the_grant() -> None:
    result = determine(
        advance_model="full_advance",
        realised=Decimal("10500.00"),
        granted=Decimal("10000.00"),
        paid=Decimal("10000.00"),
    )
    assert result.final == Decimal("10000.00")
    assert result.balance == Decimal("0.00")


def test_full_advance_with_raised_grant_caps_at_the_raised_amount() -> None:
    # The grant in force at year end (raised from 10,000 to 11,000 by a new decision) is the cap;
    # only the original 10,000 was paid as advance.
    result = determine(
        advance_model="full_advance",
        realised=Decimal("10500.00"),
        granted=Decimal("11000.00"),
        paid=Decimal("10000.00"),
    )
    assert result.final == Decimal("10500.00")
    assert result.to_pay == Decimal("500.00")


def test_80_20_determination_pays_exactly_the_held_parts() -> None:
    placement = Placement(
        "P1", date(2020, 3, 1), None, ((date(2020, 3, 1), "2"), (date(2021, 8, 16), "1"))
    )
    tariffs = {"1": Decimal("3500"), "2": Decimal("2500")}
    statements = [
        quarter_statement(
            [placement],
            year=2021,
            quarter=quarter,
            tariffs=tariffs,
            annual_base_fee=Decimal("0"),
            advance_model="quarterly_80_20",
        )
        for quarter in (1, 2, 3, 4)
    ]
    realised = sum((s.total for s in statements), Decimal("0.00"))
    paid = sum((s.payable_now for s in statements), Decimal("0.00"))
    held = sum((s.held_until_determination for s in statements), Decimal("0.00"))

    result = determine(
        advance_model="quarterly_80_20", realised=realised, granted=Decimal("0"), paid=paid
    )
    # Seed 000 4.1.1: the remaining 20 % is paid after year end, not capped by the grant.
    assert result.final == realised
    assert result.to_pay == held


def test_80_20_overpaid_quarter_is_reclaimed() -> None:
    result = determine(
        advance_model="quarterly_80_20",
        realised=Decimal("100.00"),
        granted=Decimal("500.00"),
        paid=Decimal("120.00"),
    )
    assert result.to_reclaim == Decimal("20.00")
