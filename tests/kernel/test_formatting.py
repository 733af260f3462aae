"""participatie.kernel.formatting: one notation for money, numbers, percentages and dates, in
Dutch and in English."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from participatie.kernel import formatting, pdf
from participatie.kernel.formatting import NBSP

E = f"€{NBSP}"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1162448"), f"{E}1.162.448,00"),
        (Decimal("42800"), f"{E}42.800,00"),
        (Decimal("2500.00"), f"{E}2.500,00"),
        (Decimal("998.280000000000"), f"{E}998,28"),
        (Decimal("0"), f"{E}0,00"),
        (Decimal("0.005"), f"{E}0,01"),  # half up, not half even
        (Decimal("0.125"), f"{E}0,13"),
        (Decimal("-18447"), f"-{E}18.447,00"),
        (Decimal("-0.001"), f"{E}0,00"),  # no minus sign on a zero
        (1234, f"{E}1.234,00"),
        (0.1 + 0.2, f"{E}0,30"),
        ("1162448.00", f"{E}1.162.448,00"),
    ],
)
def test_money_in_dutch(value, shown):
    with translation.override("nl"):
        assert formatting.money(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1162448"), "€1,162,448.00"),
        (Decimal("998.28"), "€998.28"),
        (Decimal("-18447"), "-€18,447.00"),
    ],
)
def test_money_in_english(value, shown):
    with translation.override("en"):
        assert formatting.money(value) == shown


def test_money_in_whole_euros_for_chart_labels():
    with translation.override("nl"):
        assert formatting.money(Decimal("1845000.49"), 0) == f"{E}1.845.000"


def test_numbers_and_percentages_follow_the_language():
    with translation.override("nl"):
        assert formatting.number(1162448) == "1.162.448"
        assert formatting.number(Decimal("1234.5"), 1) == "1.234,5"
        assert formatting.percent(Decimal("0.80158")) == f"80,2{NBSP}%"
        assert formatting.percent(0.5, 0) == f"50{NBSP}%"
        assert formatting.percent(Decimal("0.0005")) == f"0,1{NBSP}%"
    with translation.override("en"):
        assert formatting.number(1162448) == "1,162,448"
        assert formatting.percent(Decimal("0.80158")) == "80.2%"


def test_dates_follow_the_language():
    day = date(2022, 1, 1)
    with translation.override("nl"):
        assert formatting.long_date(day) == "1 januari 2022"
        assert formatting.short_date(day) == "01-01-2022"
        assert formatting.long_date(date(2022, 3, 15)) == "15 maart 2022"
    with translation.override("en"):
        assert formatting.long_date(day) == "1 January 2022"
        assert formatting.short_date(day) == "2022-01-01"


def test_a_datetime_is_shown_in_local_time():
    moment = datetime(2021, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 in Amsterdam
    with translation.override("nl"), timezone.override("Europe/Amsterdam"):
        assert formatting.long_date(moment) == "1 januari 2022"
        assert formatting.long_datetime(moment) == "1 januari 2022 00:30"
        assert formatting.short_datetime(moment) == "01-01-2022 00:30"


def test_the_pdf_helpers_are_dutch_whatever_the_language():
    with translation.override("en"):
        assert pdf.euro(Decimal("1162448")) == f"{E}1.162.448,00"
        assert pdf.number(1234) == "1.234"
        assert pdf.percent(Decimal("0.802")) == f"80,2{NBSP}%"
        assert pdf.dutch_date(date(2022, 1, 1)) == "01-01-2022"


def test_a_csv_cell_has_a_decimal_comma_and_no_grouping():
    assert formatting.plain_decimal(Decimal("1162448.005")) == "1162448,01"
    assert formatting.plain_decimal(Decimal("80.25"), 1) == "80,3"


cents = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False)


@given(cents)
def test_dutch_money_reads_back_to_the_same_amount(value):
    with translation.override("nl"):
        shown = formatting.money(value)
    assert re.fullmatch(rf"-?€{NBSP}\d{{1,3}}(\.\d{{3}})*,\d\d", shown)
    back = Decimal(shown.replace(f"€{NBSP}", "").replace(".", "").replace(",", "."))
    assert back == value


@given(cents)
def test_english_money_reads_back_to_the_same_amount(value):
    with translation.override("en"):
        shown = formatting.money(value)
    assert re.fullmatch(r"-?€\d{1,3}(,\d{3})*\.\d\d", shown)
    assert Decimal(shown.replace("€", "").replace(",", "")) == value


@given(st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, allow_infinity=False))
def test_money_rounds_half_up_once(value):
    with translation.override("en"):
        shown = formatting.money(value)
    expected = value.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert Decimal(shown.replace("€", "").replace(",", "")) == expected
