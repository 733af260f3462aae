"""``{% load notation %}``: ``|money``, ``|number``, ``|percent``, ``|long_date``,
``|short_date``, ``|long_datetime`` and ``|short_datetime``, the page side of
participatie.kernel.formatting, in the active language. An empty value shows a dash."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import InvalidOperation
from typing import Any

from django import template

from participatie.kernel import formatting

register = template.Library()

EMPTY = "—"


def _numeric(format_: Callable[..., str], value: Any, *args: Any) -> str:
    if value is None or value == "":
        return EMPTY
    try:
        return format_(value, *args)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)  # not a number: show what there is rather than nothing


@register.filter
def money(value: Any, decimals: int = 2) -> str:
    return _numeric(formatting.money, value, int(decimals))


@register.filter
def number(value: Any, decimals: int = 0) -> str:
    return _numeric(formatting.number, value, int(decimals))


@register.filter
def percent(fraction: Any, decimals: int = 1) -> str:
    """A fraction (0..1) as a percentage: ``80,2 %``."""
    return _numeric(formatting.percent, fraction, int(decimals))


def _dated(format_: Callable[[Any], str], value: Any) -> str:
    if not isinstance(value, date):
        return EMPTY if value in (None, "") else str(value)
    return format_(value)


@register.filter
def long_date(value: date | None) -> str:
    return _dated(formatting.long_date, value)


@register.filter
def short_date(value: date | None) -> str:
    return _dated(formatting.short_date, value)


@register.filter
def long_datetime(value: datetime | None) -> str:
    if isinstance(value, datetime):
        return formatting.long_datetime(value)
    return _dated(formatting.long_date, value)


@register.filter
def short_datetime(value: datetime | None) -> str:
    if isinstance(value, datetime):
        return formatting.short_datetime(value)
    return _dated(formatting.short_date, value)
