"""Regional pages: aggregates over the region's municipalities, never personal data."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from participatie.placements.selectors import region_occupancy, sum_occupancy
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm


@permission_required(Perm.REGION_VIEW)
def region_home(request: TenantRequest, region_slug: str) -> HttpResponse:
    rows = region_occupancy(region=request.region, on=timezone.localdate())
    return render(
        request,
        "participatie/region_home.html",
        {"rows": rows, "totals": sum_occupancy(rows), "on": timezone.localdate()},
    )
