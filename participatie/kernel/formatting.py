"""One notation for money, numbers, percentages and dates, on pages, in letters, in reports.

Dutch (the default): ``€ 1.162.448,00``, ``-€ 18.447,00``, ``1.162.448``, ``80,2 %``,
``1 januari 2022`` and in tables ``01-01-2022``. English: ``€1,162,448.00``, ``-€18,447.00``,
``1,162,448``, ``80.2%``, ``1 January 2022`` and in tables ``2022-01-01`` (ISO: a day-month or
month-day order would be ambiguous to an English reader).

The space after ``€`` and before ``%`` is a non-breaking space, so an amount never wraps.
Every function follows the active language (``get_language()``) unless ``language`` is given.
Values are turned into ``Decimal`` (a float through its shortest repr) and rounded half up once,
for display only: the stored amounts are already whole cents (DOMAIN.md)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

NBSP = "\u00a0"

Numeric = Decimal | int | float | str

_MONTHS = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def notation_language(language: str | None = None) -> str:
    """ "en" for any English variant, else "nl" (Dutch is the msgid language)."""
    code = (language or get_language() or settings.LANGUAGE_CODE).lower()
    return "en" if code.startswith("en") else "nl"


def to_decimal(value: Numeric) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))  # 0.1 -> Decimal("0.1"), not its binary expansion
    return Decimal(str(value).strip())


def _rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _split(value: Numeric, decimals: int, language: str) -> tuple[bool, str]:
    """(negative, the unsigned digits with grouping and decimal mark of ``language``)."""
    amount = _rounded(to_decimal(value), decimals)
    text = f"{abs(amount):,.{decimals}f}"
    if language == "nl":
        text = text.replace(",", "X").replace(".", ",").replace("X", ".")
    return amount < 0, text


def money(value: Numeric, decimals: int = 2, *, language: str | None = None) -> str:
    """``€ 1.162.448,00`` / ``-€ 18.447,00``; English ``€1,162,448.00`` / ``-€18,447.00``.
    ``decimals=0`` is for chart labels in whole euros."""
    lang = notation_language(language)
    negative, digits = _split(value, decimals, lang)
    sign = "-" if negative else ""
    return f"{sign}€{NBSP}{digits}" if lang == "nl" else f"{sign}€{digits}"


def number(value: Numeric, decimals: int = 0, *, language: str | None = None) -> str:
    """``1.162.448`` (English ``1,162,448``)."""
    negative, digits = _split(value, decimals, notation_language(language))
    return f"-{digits}" if negative else digits


def percent(fraction: Numeric, decimals: int = 1, *, language: str | None = None) -> str:
    """A fraction as a percentage: 0.80158 -> ``80,2 %`` (English ``80.2%``)."""
    lang = notation_language(language)
    negative, digits = _split(to_decimal(fraction) * 100, decimals, lang)
    text = f"-{digits}" if negative else digits
    return f"{text}{NBSP}%" if lang == "nl" else f"{text}%"


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def long_date(value: date, *, language: str | None = None) -> str:
    """``1 januari 2022`` (English ``1 January 2022``); a datetime in local time."""
    day = _as_date(value)
    return f"{day.day} {_MONTHS[notation_language(language)][day.month - 1]} {day.year}"


def short_date(value: date, *, language: str | None = None) -> str:
    """For tables: ``01-01-2022`` (English ``2022-01-01``)."""
    day = _as_date(value)
    if notation_language(language) == "en":
        return day.isoformat()
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def long_datetime(value: datetime, *, language: str | None = None) -> str:
    """``1 januari 2022 14:05`` in local time."""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{long_date(moment, language=language)} {moment:%H:%M}"


def short_datetime(value: datetime, *, language: str | None = None) -> str:
    """``01-01-2022 14:05`` (English ``2022-01-01 14:05``) in local time."""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{short_date(moment, language=language)} {moment:%H:%M}"


def plain_decimal(value: Numeric, decimals: int = 2) -> str:
    """For a Dutch CSV cell: no thousands separator, a decimal comma (``1162448,00``), which
    Dutch Excel reads as a number."""
    return f"{_rounded(to_decimal(value), decimals):.{decimals}f}".replace(".", ",")


# Grouped thousands as each notation writes them: 1.845.000,00 (Dutch), 1,845,000.00 (English).
_GROUPED = {
    "nl": (re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$"), "."),
    "en": (re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d{1,2})?$"), ","),
}


def parse_amount(value: object, *, language: str | None = None) -> Decimal | None:
    """What people type as an amount, as a ``Decimal`` (``None`` when it is not one), read in
    the active language's notation: thousands grouped as that notation groups them (1.845.000
    in Dutch, 1,845,000 in English), a decimal comma or point, a euro sign. "12,345" on a Dutch
    page is 12 euros with three decimals, never twelve thousand. The callers decide what is
    allowed (negative, decimals, a maximum) and say so in Dutch."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    text = str(value).strip().replace("€", "").replace(" ", "").replace(NBSP, "")
    pattern, thousands = _GROUPED[notation_language(language)]
    if pattern.match(text):
        text = text.replace(thousands, "")
    try:
        amount = Decimal(text.replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None
