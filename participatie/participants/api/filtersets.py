"""Query-string filters of the participant list (django-filter). No BSN filter: a BSN never goes
into a URL."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from participatie.models import Participant


class ParticipantFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        method="filter_name", label="Naam (voor- of achternaam, deel van het woord)"
    )
    homeMunicipality = django_filters.CharFilter(
        field_name="home_municipality__slug", label="Woongemeente (slug)"
    )

    class Meta:
        model = Participant
        fields: list[str] = []

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset
