"""The target group's age limits: 18 up to the state pension (AOW) age in force on a date.

The AOW age is a dated table, not a constant: it moves with life expectancy and is fixed by law
five years ahead (67 for 2024-2027, 67 and 3 months from 2028). A new announced step is one new
row here.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

MINIMUM_AGE = 18

# (in force from, (years, months))
AOW_AGE_TABLE: tuple[tuple[date, tuple[int, int]], ...] = (
    (date(2019, 1, 1), (66, 4)),
    (date(2022, 1, 1), (66, 7)),
    (date(2023, 1, 1), (66, 10)),
    (date(2024, 1, 1), (67, 0)),
    (date(2028, 1, 1), (67, 3)),
)


def aow_age_on(day: date) -> relativedelta:
    years, months = AOW_AGE_TABLE[0][1]
    for since, age in AOW_AGE_TABLE:
        if day >= since:
            years, months = age
    return relativedelta(years=years, months=months)


def is_eligible_age(birth_date: date, day: date) -> bool:
    """At least 18 on ``day`` and not yet at the AOW age in force on ``day``."""
    adult_from = birth_date + relativedelta(years=MINIMUM_AGE)
    pension_from = birth_date + aow_age_on(day)
    return adult_from <= day < pension_from
