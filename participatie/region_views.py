"""Regional pages: aggregates over the region's municipalities, never personal data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from participatie import selectors


def region_home(request: HttpRequest, region_slug: str) -> HttpResponse:
    rows = selectors.region_occupancy(region=request.region, on=timezone.localdate())
    return render(
        request,
        "participatie/region_home.html",
        {"rows": rows, "totals": selectors.sum_occupancy(rows), "on": timezone.localdate()},
    )
