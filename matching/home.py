"""The matching unit's section on the municipality's home page: its work queues."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest

from matching.choices import ReferralStatus
from matching.models import Referral
from participatie.home import HomeSection
from participatie.tenancy.http import access_of
from participatie.tenancy.permissions import Perm


def work_queue_section(request: HttpRequest) -> HomeSection | None:
    access = access_of(request)
    if not access.has(Perm.MATCHING_WORK):
        return None
    counts = Referral.objects.filter(municipality=access.municipality).aggregate(
        new=Count("id", filter=Q(status=ReferralStatus.NEW)),
        intake=Count("id", filter=Q(status=ReferralStatus.INTAKE)),
        waiting=Count("id", filter=Q(status=ReferralStatus.WAITING)),
    )
    return HomeSection(template="matching/home_section.html", context={"counts": counts}, order=20)
