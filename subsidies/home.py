"""The subsidies sections on the municipality's home page: the state of the quarter statements,
and the warning that this year (or, from 1 October, next year) is not set up yet."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from participatie.home import HomeSection
from participatie.tenancy.http import access_of
from participatie.tenancy.permissions import Perm
from subsidies.choices import StatementStatus
from subsidies.models import QuarterStatement
from subsidies.selectors_years import year_to_set_up


def subsidies_section(request: HttpRequest) -> HomeSection | None:
    access = access_of(request)
    # The queue's section: for whoever may open the queue (municipal roles).
    if not access.has(Perm.SUBSIDIES_VIEW_ALL):
        return None
    counts = QuarterStatement.objects.filter(municipality=access.municipality).aggregate(
        to_approve=Count("id", filter=Q(status=StatementStatus.CONFIRMED)),
        waiting=Count("id", filter=Q(status=StatementStatus.DRAFT)),
    )
    # An account holder finds the statements to approve in "Wat wacht op mij"
    # (subsidies.waiting); the others see here how many wait for an account holder.
    return HomeSection(
        template="subsidies/statements/home_section.html",
        context={"counts": counts, "approves": access.has(Perm.STATEMENTS_APPROVE)},
        order=30,
    )


def today() -> date:
    """The day the rollover warning is judged on (a test replaces it with a fixed date)."""
    return timezone.localdate()


def year_rollover_section(request: HttpRequest) -> HomeSection | None:
    """Warn whoever sets up the years when this year, or from 1 October next year, is not set
    up yet, with what is missing and a link to that year's page."""
    access = access_of(request)
    if not access.has(Perm.YEARS_MANAGE) or access.municipality is None:
        return None
    overview = year_to_set_up(access.municipality, today())
    if overview is None:
        return None
    return HomeSection(
        template="subsidies/years/home_section.html", context={"overview": overview}, order=5
    )
