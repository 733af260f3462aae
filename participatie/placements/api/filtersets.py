"""Query-string filters of the placement, step decision, objection and step lists
(django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from participatie.kernel.periods import active_on
from participatie.models import Objection, Placement, Step, StepDecision
from participatie.placements.choices import ObjectionStatus, PlacementKind, StepDecisionStatus


class PlacementFilter(django_filters.FilterSet):
    active = django_filters.BooleanFilter(
        method="filter_active", label="Vandaag actief (true) of beëindigd/nog niet begonnen"
    )
    enrolment = django_filters.NumberFilter(field_name="enrolment_id")
    participant = django_filters.NumberFilter(field_name="participant_id")
    kind = django_filters.ChoiceFilter(choices=PlacementKind.choices)
    startDateAfter = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label="Begonnen op of na deze dag"
    )
    startDateBefore = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label="Begonnen op of voor deze dag"
    )

    class Meta:
        model = Placement
        fields: list[str] = []

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_active(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        today = timezone.localdate()
        active = active_on(today)
        return queryset.filter(active) if value else queryset.exclude(active)


class StepDecisionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=StepDecisionStatus.choices)
    placement = django_filters.NumberFilter(field_name="placement_id")
    validFromAfter = django_filters.DateFilter(
        field_name="valid_from", lookup_expr="gte", label="Geldig vanaf deze dag of later"
    )
    validFromBefore = django_filters.DateFilter(
        field_name="valid_from", lookup_expr="lte", label="Geldig vanaf deze dag of eerder"
    )

    class Meta:
        model = StepDecision
        fields: list[str] = []


class ObjectionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ObjectionStatus.choices)
    decision = django_filters.NumberFilter(field_name="decision_id")

    class Meta:
        model = Objection
        fields: list[str] = []


class StepFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()

    class Meta:
        model = Step
        fields: list[str] = []
