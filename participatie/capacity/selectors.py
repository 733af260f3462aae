"""Reads of the capacity ceiling and the target ranges: where an occupied count lies against
its range, and how full the region is against its ceiling. A fixed number of queries whatever
the number of members."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from participatie.capacity.choices import Band
from participatie.capacity.models import MunicipalityTarget, RegionCapacity
from participatie.models import Municipality, Placement, Region
from participatie.tenancy.context import tenant_context


def band(occupied: int | float, target: MunicipalityTarget | None) -> Band | None:
    """Below, within or above the target range (both ends included); ``None`` without one."""
    if target is None:
        return None
    if occupied < target.minimum:
        return Band.BELOW
    if occupied > target.maximum:
        return Band.ABOVE
    return Band.WITHIN


def capacity_of(region: Region | None, year: int) -> RegionCapacity | None:
    if region is None:
        return None
    return RegionCapacity.objects.filter(region=region, year=year).select_related("set_by").first()


def targets_of(municipality_ids: Iterable[int], year: int) -> dict[int, MunicipalityTarget]:
    """The target ranges of these municipalities for the year, by municipality id (one query)."""
    return {
        target.municipality_id: target
        for target in MunicipalityTarget.objects.filter(
            municipality_id__in=list(municipality_ids), year=year
        ).select_related("set_by")
    }


@dataclass(frozen=True)
class Ceiling:
    """The region's occupied places on a day against its ceiling for that year."""

    places: int
    occupied: int

    @property
    def rate(self) -> float:
        return self.occupied / self.places

    @property
    def free(self) -> int:
        return self.places - self.occupied

    @property
    def reached(self) -> bool:
        return self.occupied >= self.places


def region_occupied(region: Region, on: date) -> int:
    """Placements active on ``on`` in the region's municipalities (one query). Runs inside a
    tenant context that covers the region's members."""
    return Placement.objects.filter(municipality__region=region).active_on(on).count()


def ceiling_on(region: Region | None, on: date, *, occupied: int | None = None) -> Ceiling | None:
    """The region's ceiling for the year of ``on`` and how many places are taken that day
    (``occupied`` when the caller counted already); ``None`` without a ceiling. The caller's
    tenant context covers the region's members."""
    capacity = capacity_of(region, on.year)
    if capacity is None or region is None:
        return None
    if occupied is None:
        occupied = region_occupied(region, on)
    return Ceiling(places=capacity.places, occupied=occupied)


def ceiling_for_placing(region: Region | None, on: date) -> Ceiling | None:
    """The ceiling of the region of a place, for the matching unit's warning before it places
    someone. The count covers every member, also those the unit does not serve: it opens
    exactly the region's municipalities for one aggregate (no row leaves the database)."""
    capacity = capacity_of(region, on.year)
    if capacity is None or region is None:
        return None
    ids = list(Municipality.objects.filter(region=region).values_list("pk", flat=True))
    with tenant_context(ids):
        occupied = Placement.objects.filter(municipality_id__in=ids).active_on(on).count()
    return Ceiling(places=capacity.places, occupied=occupied)


@dataclass(frozen=True)
class TargetRow:
    municipality: Municipality
    target: MunicipalityTarget | None


def target_rows(region: Region, year: int) -> list[TargetRow]:
    """Every member of the region with its target range for the year, by name (two queries)."""
    members = list(Municipality.objects.filter(region=region).order_by("name"))
    targets = targets_of([m.pk for m in members], year)
    return [TargetRow(m, targets.get(m.pk)) for m in members]
