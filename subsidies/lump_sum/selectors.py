"""Reads of the lump sum: which days count, the counts from the registration, the agreements
and statements of a region, what a municipality or the provider sees, and when the financial
review is due. Each is a fixed number of queries, whatever the number of members or counts."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Prefetch, Q, QuerySet

from participatie.choices import OrganisationKind
from participatie.kernel.calendar import quarter_bounds
from participatie.kernel.periods import active_on
from participatie.models import Municipality, Organisation, Placement, Region
from participatie.tenancy.context import tenant_context
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from subsidies.lump_sum.choices import CountMethod
from subsidies.models import (
    LumpSumAgreement,
    LumpSumCount,
    LumpSumKeyShare,
    LumpSumReview,
    LumpSumStatement,
    LumpSumStatementShare,
)
from subsidies.models.lump_sum import YEAR

# The financial review of the lump sum comes every 2 years (seed 003); the page warns this long
# before it is due.
REVIEW_EVERY_YEARS = 2
REVIEW_NOTICE_DAYS = 90


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def count_dates(agreement: LumpSumAgreement, quarter: int) -> list[date]:
    """The days whose counts a quarter (1-4) or the year (``YEAR``) is paid for: the last day
    of each of its months, or the agreement's reference date for every period."""
    if agreement.count_method == CountMethod.REFERENCE_DATE:
        assert agreement.reference_date is not None  # a database constraint
        return [agreement.reference_date]
    if quarter == YEAR:
        months = range(1, 13)
    else:
        first, _last = quarter_bounds(agreement.year, quarter)
        months = range(first.month, first.month + 3)
    return [month_end(agreement.year, month) for month in months]


def all_count_dates(agreement: LumpSumAgreement) -> list[date]:
    return count_dates(agreement, YEAR)


def registration_counts(
    *, provider: Organisation, municipality_ids: Iterable[int], days: Sequence[date]
) -> dict[date, int]:
    """Per day: the participants with a placement active that day at the provider, in the
    given municipalities (one query for all days). A person with places in two municipalities
    has a record in each and counts twice. Opens exactly these municipalities."""
    ids = list(municipality_ids)
    if not days or not ids:
        return {day: 0 for day in days}
    aggregates = {
        f"d{n}": Count("participant_id", distinct=True, filter=active_on(day))
        for n, day in enumerate(days)
    }
    with tenant_context(ids):
        row = Placement.objects.filter(
            municipality_id__in=ids, enrolment__organisation=provider
        ).aggregate(**aggregates)
    return {day: int(row[f"d{n}"] or 0) for n, day in enumerate(days)}


def recorded_counts(agreement: LumpSumAgreement) -> dict[date, LumpSumCount]:
    return {
        count.counted_on: count
        for count in LumpSumCount.objects.filter(agreement=agreement).select_related("recorded_by")
    }


def _key_shares() -> Prefetch:
    return Prefetch(
        "key_shares",
        queryset=LumpSumKeyShare.objects.select_related("municipality").order_by(
            "municipality__name"
        ),
    )


def agreements_of_region(*, region: Region, year: int | None = None) -> list[LumpSumAgreement]:
    """The region's agreements (of one year, or all), newest year first, with their provider,
    key and plus packages (three queries)."""
    queryset = LumpSumAgreement.objects.filter(region=region)
    if year is not None:
        queryset = queryset.filter(year=year)
    return list(
        queryset.select_related("provider", "changed_by")
        .prefetch_related(_key_shares(), "plus_packages__municipality")
        .order_by("-year", "provider__name")
    )


def agreement_of_region(
    *, region: Region, year: int, provider_slug: str
) -> LumpSumAgreement | None:
    return (
        LumpSumAgreement.objects.filter(region=region, year=year, provider__slug=provider_slug)
        .select_related("provider", "region", "changed_by")
        .prefetch_related(_key_shares(), "plus_packages__municipality")
        .first()
    )


def _with_shares() -> Prefetch:
    return Prefetch(
        "shares",
        queryset=LumpSumStatementShare.objects.select_related("municipality").order_by(
            "municipality__name"
        ),
    )


def statements_of(agreement: LumpSumAgreement) -> dict[int, LumpSumStatement]:
    """The agreement's statements by quarter (0 is the determination), with their shares and
    who prepared and approved them (two queries)."""
    return {
        statement.quarter: statement
        for statement in LumpSumStatement.objects.filter(agreement=agreement)
        .select_related("prepared_by", "approved_by")
        .prefetch_related(_with_shares())
    }


def statement_of(agreement: LumpSumAgreement, quarter: int) -> LumpSumStatement | None:
    return (
        LumpSumStatement.objects.filter(agreement=agreement, quarter=quarter)
        .select_related("agreement__provider", "agreement__region", "prepared_by", "approved_by")
        .prefetch_related(_with_shares())
        .first()
    )


# -- who sees which statement outside the region's pages ---------------------------------------


@dataclass(frozen=True)
class LumpSumVisible:
    """A municipal page's view of the lump sum: the municipality's own parts of every
    statement (its staff), and the whole statements of the provider (the provider's people)."""

    own_shares: list[LumpSumStatementShare]
    provider_statements: list[LumpSumStatement]


def lump_sum_visible_to(access: Access) -> LumpSumVisible:
    """The one place that decides who sees which lump-sum statement outside the regional
    pages (those show everything to whoever has the regional view): municipal staff see their
    municipality's part, the provider's people the statements of their own agreements in this
    municipality's region, nobody anything else. Three queries at most."""
    municipality = access.municipality
    if municipality is None or not access.has(Perm.LUMP_SUM_VIEW):
        return LumpSumVisible([], [])
    own: list[LumpSumStatementShare] = []
    if access.has(Perm.SUBSIDIES_SCOPE_ALL):
        own = list(
            LumpSumStatementShare.objects.filter(municipality=municipality)
            .select_related("statement__agreement__provider")
            .order_by(
                "-statement__agreement__year",
                "statement__agreement__provider__name",
                "statement__quarter",
            )
        )
    statements: list[LumpSumStatement] = []
    providers = access.company_ids
    if providers and municipality.region_id is not None:
        statements = list(
            LumpSumStatement.objects.filter(
                agreement__provider_id__in=providers, agreement__region_id=municipality.region_id
            )
            .select_related("agreement__provider")
            .prefetch_related(_with_shares())
            .order_by("-agreement__year", "agreement__provider__name", "quarter")
        )
    return LumpSumVisible(own, statements)


# -- the financial review ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewState:
    provider: Organisation
    last: LumpSumReview | None
    due_on: date

    def is_due(self, today: date) -> bool:
        return (self.due_on - today).days <= REVIEW_NOTICE_DAYS


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def review_states(*, region: Region) -> list[ReviewState]:
    """Per provider the region has agreements with: the last financial review and when the next
    is due (2 years after it, or 2 years after the start of the first agreement year). Two
    queries."""
    first_years = {
        row["provider"]: row["first"]
        for row in LumpSumAgreement.objects.filter(region=region)
        .values("provider")
        .annotate(first=Min("year"))
    }
    if not first_years:
        return []
    providers = {o.pk: o for o in Organisation.objects.filter(pk__in=list(first_years))}
    last: dict[int, LumpSumReview] = {}
    for found in (
        LumpSumReview.objects.filter(region=region, provider_id__in=list(first_years))
        .select_related("recorded_by")
        .order_by("provider_id", "-reviewed_on", "-id")
    ):
        last.setdefault(found.provider_id, found)
    states = []
    for provider_id, first in first_years.items():
        review = last.get(provider_id)
        start = review.reviewed_on if review else date(first, 1, 1)
        states.append(
            ReviewState(
                provider=providers[provider_id],
                last=review,
                due_on=_years_later(start, REVIEW_EVERY_YEARS),
            )
        )
    return sorted(states, key=lambda s: s.provider.name)


def providers_for(region: Region) -> QuerySet[Organisation]:
    """The organisations a lump sum can be contracted with: companies and matching units
    enrolled or working in a member municipality, by name. Reads the enrolments and service
    areas of the region's members (the caller's tenant context covers them)."""
    return (
        Organisation.objects.filter(
            Q(
                kind=OrganisationKind.LEARNING_WORK_COMPANY,
                enrolments__municipality__region=region,
            )
            | Q(kind=OrganisationKind.MATCHING_UNIT, service_areas__municipality__region=region)
        )
        .distinct()
        .order_by("name")
    )


def members_of(region: Region) -> list[Municipality]:
    return list(Municipality.objects.filter(region=region).order_by("name"))
