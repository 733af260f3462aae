"""Age 18 up to the AOW age in force on the day: a dated table, not a constant."""

from __future__ import annotations

from datetime import date

from participatie.participants.eligibility import aow_age_on, is_eligible_age


def test_eighteenth_birthday_is_the_first_eligible_day():
    assert not is_eligible_age(date(2004, 3, 10), date(2022, 3, 9))
    assert is_eligible_age(date(2004, 3, 10), date(2022, 3, 10))


def test_aow_age_is_67_in_2024_to_2027_and_67_and_3_months_from_2028():
    assert (aow_age_on(date(2025, 6, 1)).years, aow_age_on(date(2025, 6, 1)).months) == (67, 0)
    assert (aow_age_on(date(2028, 1, 1)).years, aow_age_on(date(2028, 1, 1)).months) == (67, 3)


def test_reaching_the_aow_age_ends_eligibility():
    born = date(1958, 1, 15)
    assert is_eligible_age(born, date(2025, 1, 14))
    assert not is_eligible_age(born, date(2025, 1, 15))


def test_from_2028_three_more_months():
    born = date(1961, 1, 15)
    assert is_eligible_age(born, date(2028, 4, 14))
    assert not is_eligible_age(born, date(2028, 4, 15))
