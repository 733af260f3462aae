"""The matching unit's section on the municipality's home page: its work queues."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest

from matching.choices import ReferralStatus
from matching.models import Referral
from participatie.choices import MATCHING_UNIT_ROLES
from participatie.home import HomeSection


def work_queue_section(request: HttpRequest) -> HomeSection | None:
    if not (request.roles & MATCHING_UNIT_ROLES):  # type: ignore[attr-defined]
        return None
    counts = Referral.objects.filter(municipality=request.municipality).aggregate(  # type: ignore[attr-defined]
        new=Count("id", filter=Q(status=ReferralStatus.NEW)),
        intake=Count("id", filter=Q(status=ReferralStatus.INTAKE)),
        waiting=Count("id", filter=Q(status=ReferralStatus.WAITING)),
    )
    return HomeSection(template="matching/home_section.html", context={"counts": counts}, order=20)
