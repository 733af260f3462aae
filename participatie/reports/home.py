"""The home-page announcement of the quarterly reports the beat schedule made in the last 30
days ("Nieuwe kwartaalrapportages"), for the roles that may see them."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from participatie.home import HomeSection
from participatie.reports import selectors
from participatie.reports.views import REPORT_ROLES, Scope, run_rows

ANNOUNCED_DAYS = 30


def announced_reports_section(request: HttpRequest) -> HomeSection | None:
    roles = request.roles  # type: ignore[attr-defined]
    if not (roles & REPORT_ROLES):
        return None
    municipality = request.municipality  # type: ignore[attr-defined]
    since = timezone.localdate() - timedelta(days=ANNOUNCED_DAYS)
    runs = selectors.announced_runs(municipality=municipality, roles=roles, since=since)
    scope = Scope.of_municipality(municipality)
    rows = run_rows(scope, runs)
    if not rows:
        return None
    return HomeSection(
        template="reports/home_section.html",
        context={"rows": rows, "days": ANNOUNCED_DAYS, "list_url": scope.list_url},
        order=35,
    )
