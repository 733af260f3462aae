"""The calendar's rules as query filters, for any row with a ``start_date`` and an optional
``end_date`` (placements above all): the one place "active on a day" is written for SQL."""

from __future__ import annotations

from datetime import date

from django.db.models import Q


def active_on(day: date, prefix: str = "") -> Q:
    """Rows whose period holds ``day``; ``prefix`` reaches them through a relation
    (``"placements__"``)."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def overlapping(first: date, last: date | None, prefix: str = "") -> Q:
    """Rows whose period shares at least one day with ``first`` to ``last`` (``None``: open)."""
    condition = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": first})
    if last is not None:
        condition &= Q(**{f"{prefix}start_date__lte": last})
    return condition
