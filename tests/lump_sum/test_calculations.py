"""The lump-sum money (issue 16, acceptance): quarter total = counted participants x amount / 4,
split over the members by the key in whole cents by largest remainder, adding up exactly; the
plus packages on top. Pure functions, no database."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidies.calculations import (
    CENT,
    counted_participants,
    lump_sum_settlement,
    lump_sum_total,
    plus_package_amount,
    round_cents,
)
from tests.lump_sum.conftest import MEIERIJSTAD_WEIGHT, OTHERS

IBN_WEIGHTS = {"meierijstad": MEIERIJSTAD_WEIGHT} | {
    name.lower().replace(" ", "-"): weight for name, weight in OTHERS.items()
}


def test_ibn_2022_quarter_of_400_participants_is_exactly_a_quarter_of_400_times_the_amount():
    settled = lump_sum_settlement(
        counts=[400, 400, 400],
        amount_per_year=Decimal("674.17"),
        weights=IBN_WEIGHTS,
        quarter=1,
    )
    assert len(settled.shares) == 11
    assert settled.total == Decimal(400) * Decimal("674.17") / 4 == Decimal("67417.00")
    assert sum(share.amount for share in settled.shares) == Decimal("67417.00")
    assert settled.plus_total == 0


def test_each_share_is_the_largest_remainder_share_of_its_weight():
    settled = lump_sum_settlement(
        counts=[400], amount_per_year=Decimal("674.17"), weights=IBN_WEIGHTS, quarter=2
    )
    weight_sum = sum(IBN_WEIGHTS.values())
    for share in settled.shares:
        exact = Fraction(67417) * Fraction(share.weight) / weight_sum
        assert abs(Fraction(share.basic) - exact) < Fraction(1, 100)
    # Meierijstad: 67,417 x 4,870,000 / 22,170,000 = 14,809.237...: 14,809.23 and, with one of
    # the largest remainders (0.7 cent), the cent left over.
    by_name = {share.name: share for share in settled.shares}
    assert by_name["meierijstad"].basic == Decimal("14809.24")


def test_the_2021_amount_and_an_average_of_monthly_counts():
    # 401, 402, 406: an average of 403 participants; 403 x 609.75 / 4 = 61,432.3125 -> 61,432.31.
    settled = lump_sum_settlement(
        counts=[401, 402, 406], amount_per_year=Decimal("609.75"), weights={"a": 1}, quarter=3
    )
    assert settled.participants == 403
    assert settled.total == Decimal("61432.31")


def test_a_fractional_average_is_used_exactly_and_the_total_rounded_once():
    # (400 + 400 + 401) / 3 = 400.333...; x 674.17 / 4 = 67,473.1808... -> 67,473.18.
    assert counted_participants([400, 400, 401]) == Fraction(1201, 3)
    assert lump_sum_total(Fraction(1201, 3), Decimal("674.17"), 1) == Decimal("67473.18")


def test_plus_packages_are_added_to_their_municipality_only():
    settled = lump_sum_settlement(
        counts=[400],
        amount_per_year=Decimal("674.17"),
        weights={"meierijstad": 3, "boekel": 1},
        plus={"meierijstad": Decimal("10000.01")},
        quarter=1,
    )
    by_name = {share.name: share for share in settled.shares}
    assert by_name["meierijstad"].plus == Decimal("2500.01")  # the odd cent in quarter 1
    assert by_name["boekel"].plus == 0
    assert settled.total == Decimal("67417.00") + Decimal("2500.01")


def test_a_plus_package_for_a_party_without_a_key_share_is_refused():
    with pytest.raises(ValueError, match="without a key share"):
        lump_sum_settlement(
            counts=[1], amount_per_year=1, weights={"a": 1}, plus={"b": 10}, quarter=1
        )


def test_a_period_without_a_count_cannot_be_settled():
    with pytest.raises(ValueError, match="no participant count"):
        lump_sum_settlement(counts=[], amount_per_year=1, weights={"a": 1}, quarter=1)


def test_the_year_is_the_yearly_amount_for_the_average_over_the_year():
    settled = lump_sum_settlement(
        counts=[400] * 12, amount_per_year=Decimal("674.17"), weights={"a": 1}, quarter=None
    )
    assert settled.total == Decimal("269668.00")


weights_st = st.dictionaries(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12),
    st.integers(min_value=1, max_value=10_000_000),
    min_size=1,
    max_size=15,
)
counts_st = st.lists(st.integers(min_value=0, max_value=5_000), min_size=1, max_size=3)
amounts_st = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)


@given(weights=weights_st, counts=counts_st, amount=amounts_st, quarter=st.integers(1, 4))
def test_shares_add_up_to_the_quarter_total_to_the_cent(weights, counts, amount, quarter):
    settled = lump_sum_settlement(
        counts=counts, amount_per_year=amount, weights=weights, quarter=quarter
    )
    exact = Fraction(sum(counts), len(counts)) * Fraction(amount) / 4
    assert settled.basic_total == round_cents(exact)
    assert sum(share.basic for share in settled.shares) == settled.basic_total
    weight_sum = sum(weights.values())
    for share in settled.shares:
        assert share.basic == share.basic.quantize(CENT)
        assert abs(
            Fraction(share.basic)
            - Fraction(settled.basic_total) * Fraction(share.weight) / weight_sum
        ) < Fraction(1, 100)


@given(weights=weights_st, counts=counts_st, amount=amounts_st)
def test_the_split_does_not_depend_on_the_order_of_the_key(weights, counts, amount):
    forward = lump_sum_settlement(counts=counts, amount_per_year=amount, weights=weights, quarter=1)
    backward = lump_sum_settlement(
        counts=counts,
        amount_per_year=amount,
        weights=dict(reversed(list(weights.items()))),
        quarter=1,
    )
    assert {s.name: s.basic for s in forward.shares} == {s.name: s.basic for s in backward.shares}


@given(annual=st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False))
def test_plus_package_quarters_add_up_to_the_year(annual):
    quarters = [plus_package_amount(annual, q) for q in (1, 2, 3, 4)]
    assert sum(quarters) == plus_package_amount(annual, None) == annual
    assert max(quarters) - min(quarters) <= CENT
