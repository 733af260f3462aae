"""The subsidies section on the municipality's home page: what waits for the account holder."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest

from participatie.home import HomeSection
from participatie.tenancy.http import access_of
from participatie.tenancy.permissions import Perm
from subsidies.choices import StatementStatus
from subsidies.models import QuarterStatement


def subsidies_section(request: HttpRequest) -> HomeSection | None:
    access = access_of(request)
    # The queue's section: for whoever may open the queue (municipal roles).
    if not access.has(Perm.SUBSIDIES_VIEW_ALL):
        return None
    counts = QuarterStatement.objects.filter(municipality=access.municipality).aggregate(
        to_approve=Count("id", filter=Q(status=StatementStatus.CONFIRMED)),
        waiting=Count("id", filter=Q(status=StatementStatus.DRAFT)),
    )
    return HomeSection(
        template="subsidies/statements/home_section.html", context={"counts": counts}, order=30
    )
