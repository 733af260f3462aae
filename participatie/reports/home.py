"""The home-page announcement of the quarterly reports the beat schedule made in the last 30
days ("Nieuwe kwartaalrapportages"), for those who may request reports."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from participatie.home import HomeSection
from participatie.reports import selectors
from participatie.reports.views import Scope, roles_of, run_rows
from participatie.tenancy.http import TenantRequest
from participatie.tenancy.permissions import Perm

ANNOUNCED_DAYS = 30


def announced_reports_section(request: TenantRequest) -> HomeSection | None:
    if not request.access.has(Perm.REPORTS_REQUEST):
        return None
    municipality = request.municipality
    since = timezone.localdate() - timedelta(days=ANNOUNCED_DAYS)
    runs = selectors.announced_runs(municipality=municipality, roles=roles_of(request), since=since)
    scope = Scope.of_municipality(municipality)
    rows = run_rows(scope, runs)
    if not rows:
        return None
    return HomeSection(
        template="reports/home_section.html",
        context={"rows": rows, "days": ANNOUNCED_DAYS, "list_url": scope.list_url},
        order=35,
    )
