"""Every case in the shared settlement fixture, reproduced exactly by the calculation module."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from subsidies.calculations import Placement, quarter_statement

FIXTURE = Path(__file__).parents[2].parent / "shared" / "fixtures" / "settlement_cases.json"
CASES: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))["cases"]


def _placement(raw: dict[str, Any]) -> Placement:
    return Placement(
        id=raw["id"],
        start=date.fromisoformat(raw["start"]),
        end=date.fromisoformat(raw["end"]) if raw["end"] else None,
        steps=tuple((date.fromisoformat(day), step) for day, step in raw["steps"]),
    )


def test_fixture_has_cases() -> None:
    assert len(CASES) >= 4


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_settlement_case_is_reproduced_exactly(case: dict[str, Any]) -> None:
    statement = quarter_statement(
        [_placement(raw) for raw in case["placements"]],
        year=case["year"],
        quarter=case["quarter"],
        tariffs={step: Decimal(amount) for step, amount in case["tariffs"].items()},
        annual_base_fee=Decimal(case["base_fee"]),
        advance_model=case["advance_model"],
    )
    expected = case["expected"]

    got_lines = [
        {
            "placement": line.placement,
            "step": line.step,
            "from": line.start.isoformat(),
            "to": line.end.isoformat(),
            "days": line.days,
            "amount": str(line.amount),
        }
        for line in statement.lines
    ]
    assert got_lines == expected["lines"]
    # Compare as strings too, so "75" would not pass for "75.00".
    assert str(statement.base_fee) == expected["base_fee"]
    assert str(statement.total) == expected["total"]
    if "payable_now" in expected:
        assert str(statement.payable_now) == expected["payable_now"]
    if "held_until_determination" in expected:
        assert str(statement.held_until_determination) == expected["held_until_determination"]
