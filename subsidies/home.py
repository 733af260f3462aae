"""The subsidies section on the municipality's home page: what waits for the account holder."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest

from participatie.choices import MUNICIPAL_ROLES
from participatie.home import HomeSection
from subsidies.choices import StatementStatus
from subsidies.models import QuarterStatement


def subsidies_section(request: HttpRequest) -> HomeSection | None:
    if not (request.roles & MUNICIPAL_ROLES):  # type: ignore[attr-defined]
        return None
    counts = QuarterStatement.objects.filter(
        municipality=request.municipality  # type: ignore[attr-defined]
    ).aggregate(
        to_approve=Count("id", filter=Q(status=StatementStatus.CONFIRMED)),
        waiting=Count("id", filter=Q(status=StatementStatus.DRAFT)),
    )
    return HomeSection(
        template="subsidies/statements/home_section.html", context={"counts": counts}, order=30
    )
