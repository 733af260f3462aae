"""The lump sum on a municipality's pages (``/<municipality_slug>/subsidies/lumpsum/``): the
municipality's part of each statement for its staff, the whole statements for the provider.
:func:`subsidies.lump_sum.selectors.lump_sum_visible_to` decides which."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from subsidies.lump_sum.selectors import lump_sum_visible_to


@permission_required(Perm.LUMP_SUM_VIEW)
def overview(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    visible = lump_sum_visible_to(request.access)
    return render(
        request,
        "subsidies/lump_sum/municipal.html",
        {"own_shares": visible.own_shares, "provider_statements": visible.provider_statements},
    )
