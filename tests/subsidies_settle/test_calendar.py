"""Dutch working days (``participatie.kernel.calendar``): Monday to Friday, not a general
public holiday; Easter computed; Good Friday a working day; Liberation Day once in five years."""

from __future__ import annotations

import datetime

import pytest

from participatie.kernel.calendar import (
    dutch_public_holidays,
    easter_sunday,
    first_working_day_after,
    is_working_day,
)

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2000, D(2000, 4, 23)),
        (2019, D(2019, 4, 21)),
        (2022, D(2022, 4, 17)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_holidays_of_2024():
    days = dutch_public_holidays(2024)
    assert {day for day in days if day.weekday() < 5} == {
        D(2024, 1, 1),  # Nieuwjaarsdag
        D(2024, 4, 1),  # Tweede Paasdag
        D(2024, 5, 9),  # Hemelvaartsdag
        D(2024, 5, 20),  # Tweede Pinksterdag
        D(2024, 12, 25),
        D(2024, 12, 26),
    }  # Koningsdag 2024 is a Saturday; no Bevrijdingsdag off in 2024
    assert D(2024, 4, 27) in days and D(2024, 5, 5) not in days


def test_good_friday_is_a_working_day():
    assert is_working_day(D(2024, 3, 29))
    assert is_working_day(D(2025, 4, 18))


def test_kings_day_moves_to_saturday_when_27_april_is_a_sunday():
    assert D(2025, 4, 26) in dutch_public_holidays(2025)
    assert D(2025, 4, 27) not in dutch_public_holidays(2025)
    assert D(2023, 4, 27) in dutch_public_holidays(2023)
    assert not is_working_day(D(2023, 4, 27))  # a Thursday


def test_liberation_day_only_every_five_years():
    assert not is_working_day(D(2025, 5, 5))  # a Monday, and a lustrum
    assert is_working_day(D(2026, 5, 5))  # a Tuesday
    assert D(2030, 5, 5) in dutch_public_holidays(2030)


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2022, 4, 2)) and not is_working_day(D(2022, 4, 3))
    assert is_working_day(D(2022, 4, 4))


@pytest.mark.parametrize(
    ("day", "first"),
    [
        (D(2024, 3, 31), D(2024, 4, 2)),  # Easter Monday 1 April
        (D(2022, 3, 31), D(2022, 4, 1)),  # a Friday
        (D(2023, 3, 31), D(2023, 4, 3)),  # Friday: the next is Monday
        (D(2022, 12, 31), D(2023, 1, 2)),  # Nieuwjaarsdag on a Sunday anyway
        (D(2023, 12, 31), D(2024, 1, 2)),  # Nieuwjaarsdag on Monday
        (D(2024, 6, 30), D(2024, 7, 1)),
        (D(2025, 12, 24), D(2025, 12, 29)),  # Christmas Thursday/Friday, then the weekend
    ],
)
def test_first_working_day_after(day, first):
    assert first_working_day_after(day) == first
