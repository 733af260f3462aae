"""Tariff versions within a year (DOMAIN.md, "Setting up a year"): each day is paid at the
version in force that day; a version that leaves a step's amount alone does not split its line."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subsidies.calculations import (
    Placement,
    TariffVersion,
    quarter_statement,
    statement_lines,
    tariff_versions,
)

OLD = {"basis": Decimal("2500"), "plus": Decimal("3500")}
NEW = {"basis": Decimal("2920"), "plus": Decimal("3500")}
VERSIONS = (
    TariffVersion(date(2027, 1, 1), OLD),
    TariffVersion(date(2027, 7, 1), NEW),
)


def _placement(step: str = "basis") -> Placement:
    return Placement("P", date(2027, 1, 1), None, ((date(2027, 1, 1), step),))


def _statement(quarter: int, tariffs=VERSIONS, placement: Placement | None = None):
    return quarter_statement(
        [placement or _placement()],
        year=2027,
        quarter=quarter,
        tariffs=tariffs,
        annual_base_fee=Decimal("0"),
        advance_model="full_advance",
    )


def test_q3_uses_the_new_version_and_q2_the_old():
    (q2,) = _statement(2).lines
    (q3,) = _statement(3).lines
    assert (q2.annual_tariff, q2.days, q2.amount) == (Decimal("2500"), 91, Decimal("623.29"))
    assert (q3.annual_tariff, q3.days, q3.amount) == (Decimal("2920"), 92, Decimal("736.00"))


def test_a_period_across_the_change_gets_one_line_per_amount():
    lines = statement_lines(
        [_placement()],
        period_start=date(2027, 6, 1),
        period_end=date(2027, 7, 31),
        tariffs_by_year={2027: VERSIONS},
    )
    assert [(line.start, line.end, line.annual_tariff) for line in lines] == [
        (date(2027, 6, 1), date(2027, 6, 30), Decimal("2500")),
        (date(2027, 7, 1), date(2027, 7, 31), Decimal("2920")),
    ]


def test_a_version_that_keeps_the_amount_does_not_split_the_line():
    lines = statement_lines(
        [_placement("plus")],
        period_start=date(2027, 6, 1),
        period_end=date(2027, 7, 31),
        tariffs_by_year={2027: VERSIONS},
    )
    assert [(line.start, line.end, line.days) for line in lines] == [
        (date(2027, 6, 1), date(2027, 7, 31), 61)
    ]


def test_one_version_is_the_plain_table():
    assert _statement(3, tariffs=(VERSIONS[0],)) == _statement(3, tariffs=OLD)


@pytest.mark.parametrize(
    "versions, message",
    [
        ((TariffVersion(date(2027, 2, 1), OLD),), "version from 1 January"),
        ((VERSIONS[0], TariffVersion(date(2028, 1, 1), NEW)), "is not in 2027"),
        ((VERSIONS[0], TariffVersion(date(2027, 1, 1), NEW)), "two tariff versions"),
        (
            (VERSIONS[0], TariffVersion(date(2027, 7, 1), {"basis": Decimal("-1")})),
            "'basis' from 2027-07-01 is negative",
        ),
    ],
)
def test_bad_versions_are_refused(versions, message):
    with pytest.raises(ValueError, match=message):
        tariff_versions(versions, 2027)


def test_a_step_missing_from_a_later_version_is_named():
    versions = (VERSIONS[0], TariffVersion(date(2027, 7, 1), {"plus": Decimal("3500")}))
    with pytest.raises(ValueError, match="'basis' is not in the 2027 tariff table from 2027-07-01"):
        _statement(3, tariffs=versions)


@given(
    change=st.dates(min_value=date(2027, 1, 2), max_value=date(2027, 12, 31)),
    old=st.integers(min_value=0, max_value=10_000_00),
    new=st.integers(min_value=0, max_value=10_000_00),
)
def test_every_day_is_paid_once_at_the_version_in_force(change, old, new):
    versions = (
        TariffVersion(date(2027, 1, 1), {"basis": Decimal(old) / 100}),
        TariffVersion(change, {"basis": Decimal(new) / 100}),
    )
    lines = statement_lines(
        [_placement()],
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        tariffs_by_year={2027: versions},
    )
    assert sum(line.days for line in lines) == 365
    assert all(b.start == a.end + timedelta(days=1) for a, b in pairwise(lines))
    for line in lines:
        expected = Decimal(old if line.end < change else new) / 100
        assert line.annual_tariff == expected
    assert len(lines) == (1 if old == new else 2)
