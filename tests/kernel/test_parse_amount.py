"""What people type as an amount, in the notation of the page's language: thousands grouped as
that language groups them, a decimal comma or point, a euro sign; anything else is not an amount
(the callers word the Dutch error)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from participatie.kernel.formatting import money, parse_amount


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("1845000", "1845000"),
        ("1845000,00", "1845000.00"),
        ("1845000.00", "1845000.00"),
        ("1.845.000", "1845000"),
        ("1.845.000,50", "1845000.50"),
        ("€ 2.500,00", "2500.00"),
        ("2,5", "2.5"),
        ("-12,50", "-12.50"),
        ("12,345", "12.345"),  # three decimals (the caller refuses them), not twelve thousand
        (Decimal("7.25"), "7.25"),
        (3, "3"),
    ],
)
def test_dutch_notation(typed, amount):
    assert parse_amount(typed, language="nl") == Decimal(amount)


@pytest.mark.parametrize(
    "typed, amount",
    [("1,845,000.50", "1845000.50"), ("€1,162,448", "1162448"), ("2500.00", "2500.00")],
)
def test_english_notation(typed, amount):
    assert parse_amount(typed, language="en") == Decimal(amount)


@pytest.mark.parametrize(
    "typed", ["", "abc", "1.2.3,4,5", "1,845,000.50", "NaN", "Infinity", True, None, "12 euro"]
)
def test_what_is_not_an_amount_is_none(typed):
    assert parse_amount(typed, language="nl") is None


@pytest.mark.parametrize("language", ["nl", "en"])
def test_what_the_pages_show_reads_back(language):
    shown = money(Decimal("-1162448.37"), language=language)
    assert parse_amount(shown, language=language) == Decimal("-1162448.37")
