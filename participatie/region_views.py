"""Regional pages: aggregates over the region's municipalities, never personal data."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from participatie.capacity import selectors as capacity
from participatie.placements.selectors import (
    MunicipalityOccupancy,
    region_occupancy,
    sum_occupancy,
)
from participatie.region_pages import region_links
from participatie.reports import content
from participatie.reports.kinds.figures import shown_rate
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm

# The columns as the occupancy report has them on a date: places and occupied places are
# counts, suppressed below 5 like in every regional report; companies are organisations.
_COLUMNS = [
    content.Column(gettext_lazy("Gemeente")),
    content.Column(gettext_lazy("Actieve leerwerkbedrijven"), content.NUMBER),
    content.Column(gettext_lazy("Plekken"), content.COUNT),
    content.Column(gettext_lazy("Bezet"), content.COUNT),
]


@dataclass(frozen=True)
class ShownOccupancy:
    """A row as the page shows it: a count below 5 is "<5", and so is its rate hidden."""

    name: str
    companies: int
    capacity: int | str
    occupied: int | str
    rate: float | None


def _cells(row: MunicipalityOccupancy) -> list:
    return [row.name, row.companies, row.capacity, row.occupied]


def shown_occupancy(
    rows: list[MunicipalityOccupancy],
) -> tuple[list[ShownOccupancy], ShownOccupancy]:
    """The rows and totals through the reports' one suppression rule
    (:func:`participatie.reports.content.suppress_small_cells` and ``shown_rate``)."""
    whole = sum_occupancy(rows)
    table = content.suppress_small_cells(
        content.Table(
            title="", columns=_COLUMNS, rows=[_cells(r) for r in rows], totals=_cells(whole)
        )
    )

    def shown(cells: list, figures: MunicipalityOccupancy) -> ShownOccupancy:
        rate = shown_rate(
            figures.occupied,
            figures.capacity,
            counts=(figures.capacity, figures.occupied),
            regional=True,
        )
        hidden = content.SUPPRESSED in cells
        name, companies, capacity, occupied = cells
        return ShownOccupancy(name, companies, capacity, occupied, None if hidden else rate)

    assert table.totals is not None
    return [shown(c, r) for c, r in zip(table.rows, rows, strict=True)], shown(table.totals, whole)


@permission_required(Perm.REGION_VIEW)
def region_home(request: TenantRequest, region_slug: str) -> HttpResponse:
    today = timezone.localdate()
    rows, totals = shown_occupancy(region_occupancy(region=request.region, on=today))
    links = region_links(region_slug=region_slug, permissions=request.access.permissions)
    # The ceiling and the target bands (issue 16); a count shown as "<5" gets no band.
    targets = {
        row.municipality.name: row.target
        for row in capacity.target_rows(request.region, today.year)
    }
    bands = []
    for row in rows:
        target = targets.get(row.name)
        shown = capacity.band(row.occupied, target) if isinstance(row.occupied, int) else None
        bands.append((row, target, shown))
    ceiling = (
        capacity.ceiling_on(request.region, today, occupied=totals.occupied)
        if isinstance(totals.occupied, int)
        else None
    )
    return render(
        request,
        "participatie/region_home.html",
        {
            "rows": rows,
            "banded_rows": bands,
            "has_targets": any(targets.values()),
            "ceiling": ceiling,
            "totals": totals,
            "on": today,
            "links": links,
        },
    )
