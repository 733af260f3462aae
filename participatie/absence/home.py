"""The matching unit's home section: how many absence signals wait for follow-up."""

from __future__ import annotations

from django.http import HttpRequest

from participatie.absence.selectors import signal_queue_count
from participatie.choices import MATCHING_UNIT_ROLES
from participatie.home import HomeSection


def signal_section(request: HttpRequest) -> HomeSection | None:
    if not (request.roles & MATCHING_UNIT_ROLES):  # type: ignore[attr-defined]
        return None
    count = signal_queue_count(municipality=request.municipality)  # type: ignore[attr-defined]
    return HomeSection(template="absence/home_section.html", context={"count": count}, order=25)
