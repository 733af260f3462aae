"""``{{ amount|euro }}``: Dutch money notation (€ 1.234,56), the same as in the letters."""

from __future__ import annotations

from decimal import Decimal

from django import template

from participatie.kernel.pdf import euro as _euro

register = template.Library()


@register.filter
def euro(value: Decimal | None) -> str:
    return "—" if value is None else _euro(Decimal(value))
