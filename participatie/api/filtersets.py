"""Query-string filters of the API lists (django-filter). No BSN filter: a BSN never goes into
a URL."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from participatie.choices import ObjectionStatus, PlacementKind, StepDecisionStatus
from participatie.models import Objection, Participant, Placement, Step, StepDecision


class ParticipantFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        method="filter_name", label="Naam (voor- of achternaam, deel van het woord)"
    )
    home_municipality = django_filters.CharFilter(
        field_name="home_municipality__slug", label="Woongemeente (slug)"
    )

    class Meta:
        model = Participant
        fields: list[str] = []

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset


class PlacementFilter(django_filters.FilterSet):
    active = django_filters.BooleanFilter(
        method="filter_active", label="Vandaag actief (true) of beëindigd/nog niet begonnen"
    )
    enrolment = django_filters.NumberFilter(field_name="enrolment_id")
    participant = django_filters.NumberFilter(field_name="participant_id")
    kind = django_filters.ChoiceFilter(choices=PlacementKind.choices)
    start_date = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Placement
        fields: list[str] = []

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_active(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        today = timezone.localdate()
        active = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
        return queryset.filter(active) if value else queryset.exclude(active)


class StepDecisionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=StepDecisionStatus.choices)
    placement = django_filters.NumberFilter(field_name="placement_id")
    valid_from = django_filters.DateFromToRangeFilter()

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
