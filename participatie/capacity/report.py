"""The ceiling and the target bands in the occupancy report (issue 16): occupied places (on the
date, or on average over the quarter) against each municipality's target range and, for a
region, against its ceiling."""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.capacity import selectors
from participatie.capacity.choices import Band
from participatie.capacity.models import MunicipalityTarget, RegionCapacity
from participatie.kernel.formatting import percent
from participatie.models import Municipality, Region
from participatie.reports import content
from participatie.reports.content import Column, Table
from participatie.reports.kinds.figures import Period
from participatie.reports.kinds.selectors import CompanyOccupancy
from participatie.reports.registry import ReportContext


def _region_of(ctx: ReportContext) -> Region | None:
    if ctx.region is not None:
        return ctx.region
    return ctx.municipality.region if ctx.municipality is not None else None


def fingerprint_part(ctx: ReportContext, year: int) -> str:
    """Changes whenever the ceiling or a target range of the report's year changes."""
    region = _region_of(ctx)
    targets = MunicipalityTarget.objects.filter(
        municipality_id__in=ctx.municipality_ids, year=year
    ).aggregate(latest=Max("set_at"))["latest"]
    ceiling = (
        RegionCapacity.objects.filter(region=region, year=year).aggregate(latest=Max("set_at"))[
            "latest"
        ]
        if region is not None
        else None
    )
    return f"|capacity:{targets}:{ceiling}"


def _occupied(place_days: int, period: Period) -> int:
    """On a date the occupied places; over a quarter the average, to whole places."""
    return round(place_days / period.days)


def capacity_table(
    ctx: ReportContext, period: Period, companies: list[CompanyOccupancy]
) -> Table | None:
    """Occupied places per municipality against its target range, and for a region its total
    against the ceiling; ``None`` when the year has neither."""
    year = period.end.year
    region = _region_of(ctx)
    targets = selectors.targets_of(ctx.municipality_ids, year)
    capacity = selectors.capacity_of(region, year) if ctx.regional else None
    if not targets and capacity is None:
        return None
    names = dict(Municipality.objects.filter(pk__in=ctx.municipality_ids).values_list("pk", "name"))
    days: dict[int, int] = {pk: 0 for pk in ctx.municipality_ids}
    for company in companies:
        days[company.municipality_id] = (
            days.get(company.municipality_id, 0) + company.occupancy.place_days
        )
    labels = {band.value: str(band.label) for band in Band}
    rows = []
    for pk in sorted(names, key=lambda pk: names[pk]):
        occupied = _occupied(days.get(pk, 0), period)
        target = targets.get(pk)
        found = selectors.band(occupied, target)
        rows.append(
            [
                names[pk],
                occupied,
                f"{target.minimum}–{target.maximum}" if target else "—",
                labels[found] if found else "—",
            ]
        )
    totals = None
    if capacity is not None:
        whole = _occupied(sum(days.values()), period)
        totals = [
            _("Regio (plafond %(places)s)") % {"places": capacity.places},
            whole,
            str(capacity.places),
            content_percent(whole, capacity.places),
        ]
    return Table(
        title=_("Bezet tegenover streefaantal en plafond"),
        columns=[
            Column(gettext_lazy("Gemeente")),
            Column(
                gettext_lazy("Bezet") if period.is_day else gettext_lazy("Gemiddeld bezet"),
                content.COUNT,
            ),
            Column(gettext_lazy("Streefaantal")),
            Column(gettext_lazy("Stand")),
        ],
        rows=rows,
        totals=totals,
        note=_(
            "Over een kwartaal: de bezette plekdagen gedeeld door de dagen, afgerond op hele "
            "plekken."
        ),
    )


def content_percent(occupied: int, places: int) -> str:
    return percent(occupied / places) if places else "—"
