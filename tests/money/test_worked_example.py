"""The worked example of DOMAIN.md, spelled out figure by figure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from subsidies.calculations import (
    AdvanceModel,
    Placement,
    advance_split,
    quarter_statement,
)

DORDRECHT_2022 = {"basis": Decimal("2500"), "plus": Decimal("3500")}
P = Placement(
    id="P",
    start=date(2022, 2, 15),
    end=None,
    steps=((date(2022, 2, 15), "basis"), (date(2022, 3, 10), "plus")),
)


def test_worked_example_q1_2022_lines_base_fee_and_total() -> None:
    statement = quarter_statement(
        [P],
        year=2022,
        quarter=1,
        tariffs=DORDRECHT_2022,
        annual_base_fee=Decimal("300"),
        advance_model=AdvanceModel.FULL_ADVANCE,
    )

    basis, plus = statement.lines
    assert (basis.step, basis.start, basis.end, basis.days) == (
        "basis",
        date(2022, 2, 15),
        date(2022, 3, 9),
        23,
    )
    assert basis.amount == Decimal("157.53")
    assert (plus.step, plus.start, plus.end, plus.days) == (
        "plus",
        date(2022, 3, 10),
        date(2022, 3, 31),
        22,
    )
    assert plus.amount == Decimal("210.96")
    assert statement.base_fee == Decimal("75.00")
    assert statement.total == Decimal("443.49")
    # Full advance: the quarter only shows realisation, nothing is paid per quarter.
    assert statement.payable_now == Decimal("0.00")
    assert statement.payment.covered_by_advance == Decimal("443.49")


def test_worked_example_under_80_20_pays_354_79_and_holds_88_70() -> None:
    statement = quarter_statement(
        [P],
        year=2022,
        quarter=1,
        tariffs=DORDRECHT_2022,
        annual_base_fee=Decimal("300"),
        advance_model="quarterly_80_20",
    )

    assert statement.total == Decimal("443.49")
    assert statement.payable_now == Decimal("354.79")
    assert statement.held_until_determination == Decimal("88.70")
    assert advance_split(Decimal("443.49"), "quarterly_80_20").payable_now == Decimal("354.79")
