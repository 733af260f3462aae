"""Reads for the regional pages: the budget key's versions and what the form starts from, and
the effort obligations of a region's members. Each is a fixed number of queries, whatever the
number of municipalities or versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from participatie.models import Municipality, Region
from subsidies.models import BudgetKeyShare, BudgetKeyVersion, EffortObligation, RegionalBudget


def _with_shares() -> Prefetch:
    return Prefetch(
        "shares",
        queryset=BudgetKeyShare.objects.select_related("municipality").order_by(
            "municipality__name"
        ),
    )


def budget_key_versions(*, region: Region, year: int) -> list[BudgetKeyVersion]:
    """The committed versions of the region's key for the year, newest first, with their
    shares and who committed them (two queries)."""
    return list(
        BudgetKeyVersion.objects.filter(region=region, year=year)
        .select_related("committed_by")
        .prefetch_related(_with_shares())
        .order_by("-number")
    )


@dataclass(frozen=True)
class KeyStart:
    """What the key form starts from: the total and each member's contribution (as text for
    the form), and where they came from."""

    total: Decimal | None
    contributions: dict[int, Decimal]
    source: BudgetKeyVersion | None


def budget_key_start(
    *,
    region: Region,
    year: int,
    members: Sequence[Municipality],
    versions: Sequence[BudgetKeyVersion],
) -> KeyStart:
    """The latest version of the year; else the latest earlier version, with this year's
    regional total when there is one; else the municipalities' own contributions."""
    source = versions[0] if versions else None
    if source is None:
        source = (
            BudgetKeyVersion.objects.filter(region=region, year__lt=year)
            .prefetch_related(_with_shares())
            .order_by("-year", "-number")
            .first()
        )
    total: Decimal | None = None
    if source is None or source.year != year:
        regional = RegionalBudget.objects.filter(region=region, year=year).first()
        total = regional.total if regional else (source.total if source else None)
    else:
        total = source.total
    contributions = {
        m.pk: m.budget_key_contribution for m in members if m.budget_key_contribution is not None
    }
    if source is not None:
        contributions.update(
            {share.municipality_id: share.contribution for share in source.shares.all()}
        )
    return KeyStart(total=total, contributions=contributions, source=source)


def effort_obligations(
    *, members: Sequence[Municipality], year: int
) -> dict[int, EffortObligation]:
    """The members' effort obligations for the year by municipality id (one query); a member
    without a row has met it."""
    return {
        obligation.municipality_id: obligation
        for obligation in EffortObligation.objects.filter(
            municipality__in=[m.pk for m in members], year=year
        ).select_related("set_by")
    }
