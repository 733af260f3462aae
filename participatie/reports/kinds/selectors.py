"""The reads the kinds share. The database does the counting and the day arithmetic, grouped
per company enrolment at the finest; the kinds add those groups up per municipality or per
matching unit (a few rows per company, never a row per placement). Every function runs inside
the tenant context of ``municipality_ids`` and costs one query, whatever the number of rows.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils.translation import gettext as _

from participatie.choices import OrganisationKind
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import (
    Enrolment,
    Municipality,
    Placement,
    ServiceArea,
    Step,
    StepDecision,
)
from participatie.placements.choices import StepDecisionStatus
from participatie.reports.kinds.figures import Period


class DaysBetween(Func):
    """``end - start`` in whole days, as an integer, for two date expressions."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(expression) for expression in self.source_expressions)
        return f"(({end[0]})::date - ({start[0]})::date)", [*end[1], *start[1]]

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(expression) for expression in self.source_expressions)
        return (
            f"CAST(julianday({end[0]}) - julianday({start[0]}) AS INTEGER)",
            [*end[1], *start[1]],
        )


def days_inside(start: str, end: str, period: Period) -> CombinedExpression:
    """Days of the span ``start``..``end`` (a missing end is open) that fall inside ``period``,
    both ends inclusive. Only meaningful for rows that overlap the period."""
    first, last = Value(period.start), Value(period.end)
    return DaysBetween(Least(Coalesce(F(end), last), last), Greatest(F(start), first)) + 1


def holding_places(period: Period) -> Q:
    """Enrolments that offered their places on at least one day of ``period``: active ones
    (from their start date, or throughout when none is known) and ended ones during the time
    they were active. Candidates never offered places."""
    active = Q(status=EnrolmentStatus.ACTIVE) & (
        Q(started_on__isnull=True) | Q(started_on__lte=period.end)
    )
    ended = Q(
        status=EnrolmentStatus.ENDED,
        started_on__isnull=False,
        started_on__lte=period.end,
        ended_on__gte=period.start,
    )
    return active | ended


def capacity_days(period: Period) -> CombinedExpression:
    """Places times the days of ``period`` an enrolment held them (rows of ``holding_places``)."""
    first, last = Value(period.start), Value(period.end)
    held = (
        DaysBetween(
            Least(Coalesce(F("ended_on"), last), last),
            Greatest(Coalesce(F("started_on"), first), first),
        )
        + 1
    )
    return F("max_places") * held


@dataclass(frozen=True)
class Occupancy:
    """Places and their use over a period (on a single day the days are the places), with the
    placements in the period and how many of them started (inflow) or ended (outflow) in it."""

    capacity_days: int = 0
    place_days: int = 0
    placements: int = 0
    started: int = 0
    ended: int = 0

    def __add__(self, other: Occupancy) -> Occupancy:
        return Occupancy(
            *(getattr(self, name) + getattr(other, name) for name in OCCUPANCY_FIGURES)
        )


OCCUPANCY_FIGURES = ("capacity_days", "place_days", "placements", "started", "ended")


@dataclass(frozen=True)
class CompanyOccupancy:
    enrolment_id: int
    municipality_id: int
    name: str
    occupancy: Occupancy


def company_occupancy(
    municipality_ids: Iterable[int], period: Period, *, enrolment_id: int | None = None
) -> list[CompanyOccupancy]:
    """Per company enrolment that offered places or had a placement in ``period``: its
    capacity-days, place-days and placements. Two grouped queries."""
    ids = list(municipality_ids)
    placements = Placement.objects.filter(municipality_id__in=ids).overlapping(
        period.start, period.end
    )
    enrolments = Enrolment.objects.filter(municipality_id__in=ids)
    if enrolment_id is not None:
        placements = placements.filter(enrolment_id=enrolment_id)
        enrolments = enrolments.filter(id=enrolment_id)
    used = {
        row["enrolment_id"]: row
        for row in placements.order_by()
        .values("enrolment_id")
        .annotate(
            place_days=Sum(days_inside("start_date", "end_date", period)),
            placements=Count("id"),
            started=Count("id", filter=Q(start_date__gte=period.start)),
            ended=Count("id", filter=Q(end_date__lte=period.end)),
        )
    }
    rows = (
        enrolments.filter(holding_places(period) | Q(id__in=list(used)))
        .annotate(
            capacity_days=Case(
                When(holding_places(period), then=capacity_days(period)), default=Value(0)
            )
        )
        .order_by("organisation__name", "id")
        .values("id", "municipality_id", "organisation__name", "capacity_days")
    )
    return [
        CompanyOccupancy(
            enrolment_id=row["id"],
            municipality_id=row["municipality_id"],
            name=row["organisation__name"],
            occupancy=Occupancy(
                capacity_days=row["capacity_days"],
                **{name: used.get(row["id"], {}).get(name, 0) for name in OCCUPANCY_FIGURES[1:]},
            ),
        )
        for row in rows
    ]


def total(rows: Iterable[CompanyOccupancy]) -> Occupancy:
    return sum((row.occupancy for row in rows), Occupancy())


def municipality_names(municipality_ids: Iterable[int]) -> dict[int, str]:
    """Municipality names by id, in alphabetical order (a global table)."""
    return dict(
        Municipality.objects.filter(id__in=list(municipality_ids))
        .order_by("name")
        .values_list("id", "name")
    )


def matching_units(municipality_ids: Iterable[int]) -> dict[int, str]:
    """Per municipality the matching unit that serves it, as a label. Where two units share a
    municipality they form one row ("A / B"), so that no placement counts twice."""
    ids = list(municipality_ids)
    names: dict[int, list[str]] = defaultdict(list)
    for municipality_id, name in (
        ServiceArea.objects.filter(
            municipality_id__in=ids, organisation__kind=OrganisationKind.MATCHING_UNIT
        )
        .order_by("organisation__name")
        .values_list("municipality_id", "organisation__name")
    ):
        names[municipality_id].append(name)
    return {i: " / ".join(names[i]) or _("Geen matchingsunit") for i in ids}


def outflow_counts(
    municipality_ids: Iterable[int], period: Period, *, enrolment_id: int | None = None
) -> list[tuple[int, int, str, int]]:
    """Placements that ended in ``period``: (municipality id, year, end reason, count)."""
    placements = Placement.objects.filter(
        municipality_id__in=list(municipality_ids),
        end_date__gte=period.start,
        end_date__lte=period.end,
    )
    if enrolment_id is not None:
        placements = placements.filter(enrolment_id=enrolment_id)
    return list(
        placements.order_by()
        .values_list("municipality_id", "end_date__year", "outflow_reason")
        .annotate(count=Count("id"))
    )


def step_counts(
    municipality_ids: Iterable[int], day: date, *, enrolment_id: int | None = None
) -> list[tuple[int, int, str, str | None, int]]:
    """Placements active on ``day`` per company and step in force that day (the latest
    approved decision from that day or before; None while none is approved):
    (enrolment id, municipality id, company name, step code, count)."""
    in_force = (
        StepDecision.objects.filter(
            municipality_id=OuterRef("municipality_id"),
            placement_id=OuterRef("pk"),
            status=StepDecisionStatus.APPROVED,
            valid_from__lte=day,
        )
        .order_by("-valid_from")
        .values("step__code")[:1]
    )
    placements = Placement.objects.filter(municipality_id__in=list(municipality_ids)).active_on(day)
    if enrolment_id is not None:
        placements = placements.filter(enrolment_id=enrolment_id)
    return list(
        placements.annotate(step_code=Subquery(in_force))
        .order_by()
        .values_list(
            "enrolment_id", "municipality_id", "enrolment__organisation__name", "step_code"
        )
        .annotate(count=Count("id"))
    )


def step_labels(municipality_ids: Iterable[int], year: int) -> dict[str, tuple[int, str]]:
    """Step code -> (position, label) from the catalogues up to ``year``, the newest first."""
    labels: dict[str, tuple[int, str]] = {}
    for code, position, label in (
        Step.objects.filter(municipality_id__in=list(municipality_ids), year__lte=year)
        .order_by("-year", "position")
        .values_list("code", "position", "label")
    ):
        labels.setdefault(code, (position, label))
    return labels


@dataclass(frozen=True)
class DataState:
    """What a fingerprint is made of: per part and municipality a row count and a marker that
    moves when rows are added or changed (a highest id, a sum)."""

    rows: tuple[tuple[str, int, int, int], ...]

    @property
    def digest(self) -> str:
        return hashlib.sha256(repr(self.rows).encode()).hexdigest()

    def count(self, part: str) -> int:
        return sum(rows for tag, _municipality, rows, _marker in self.rows if tag == part)


def state_part(tag: str, queryset: QuerySet, marker: Max | Sum) -> QuerySet:
    return (
        queryset.order_by()
        .values("municipality_id")
        .annotate(tag=Value(tag), rows=Count("pk"), marker=marker)
        .values_list("tag", "municipality_id", "rows", "marker")
    )


def changes_part(tag: str, model: Any, municipality_ids: Sequence[int]) -> QuerySet:
    """The newest audit-trail row of ``model`` (a model with django-simple-history's
    ``history`` manager) in these municipalities: any edit moves it."""
    return state_part(
        tag, model.history.filter(municipality_id__in=municipality_ids), Max("history_id")
    )


def data_state(*parts: QuerySet) -> DataState:
    """Every part (made by :func:`state_part`) in one UNION ALL statement."""
    first, *others = parts
    query = first.union(*others, all=True) if others else first
    return DataState(rows=tuple(sorted((str(t), m, r, int(k or 0)) for t, m, r, k in query)))
