"""The matching unit's home section: how many absence signals wait for follow-up."""

from __future__ import annotations

from participatie.absence.selectors import signal_queue_count
from participatie.home import HomeSection
from participatie.tenancy.http import TenantRequest
from participatie.tenancy.permissions import Perm


def signal_section(request: TenantRequest) -> HomeSection | None:
    if not request.access.has(Perm.ABSENCE_FOLLOW_UP):
        return None
    count = signal_queue_count(municipality=request.municipality)
    return HomeSection(template="absence/home_section.html", context={"count": count}, order=25)
