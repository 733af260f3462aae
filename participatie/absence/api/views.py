"""Absence signal API: ``GET absence-signals`` (filters ``status``, ``placement``,
``needsAction``), ``GET absence-signals/<id>`` and ``POST absence-signals/<id>/follow-up``.

The same rules as the pages (``participatie.absence.views``): everyone with ``ABSENCE_VIEW``
reads, a learning-work company only the signals of its own placements
(``signals_visible_to``); only the matching unit (``ABSENCE_FOLLOW_UP``) follows up, through
``absence_signal_follow_up``. A placement is never ended here."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied

from participatie.absence.api import serializers as s
from participatie.absence.choices import SignalStatus
from participatie.absence.selectors import NEEDS_ACTION, signals_visible_to
from participatie.absence.services import absence_signal_follow_up
from participatie.api.base import TenantActionView, TenantAPIMixin
from participatie.api.permissions import HasPermission
from participatie.models import AbsenceSignal
from participatie.tenancy.permissions import Perm


class AbsenceSignalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=SignalStatus.choices)
    placement = django_filters.NumberFilter(field_name="placement_id")
    # Query keys of new parameters are lowerCamelCase (NLGov API design rules).
    needsAction = django_filters.BooleanFilter(
        method="filter_needs_action",
        label="Nog op te volgen door de matchingsunit (true) of afgehandeld (false)",
    )

    class Meta:
        model = AbsenceSignal
        fields: list[str] = []

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_needs_action(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(NEEDS_ACTION) if value else queryset.exclude(NEEDS_ACTION)


class _Signals(TenantAPIMixin):
    model = AbsenceSignal

    def tenant_queryset(self) -> QuerySet[AbsenceSignal]:
        return (
            signals_visible_to(self.access)
            .select_related("placement__enrolment")
            .order_by("streak_start", "pk")
        )


class AbsenceSignalListView(_Signals, generics.ListAPIView):
    """Absence signals of this municipality, longest absent first; a learning-work company sees
    those of its own placements only."""

    permission = {"GET": Perm.ABSENCE_VIEW}
    serializer_class = s.AbsenceSignalSerializer
    filterset_class = AbsenceSignalFilter


class AbsenceSignalDetailView(_Signals, generics.RetrieveAPIView):
    """One absence signal with its follow-up log."""

    permission = {"GET": Perm.ABSENCE_VIEW}
    serializer_class = s.AbsenceSignalSerializer


@extend_schema(
    request=s.AbsenceSignalFollowUpInputSerializer,
    responses={200: s.AbsenceSignalSerializer},
    summary="Verzuimsignaal opvolgen (matchingsunit)",
)
class AbsenceSignalFollowUpView(_Signals, TenantActionView):
    """The matching unit records its follow-up: contacted, the placement continues, or it will
    be ended (a note is required then). A closed signal (the participant was present again)
    cannot be followed up."""

    permission = {"POST": Perm.ABSENCE_FOLLOW_UP}
    input_serializer_class = s.AbsenceSignalFollowUpInputSerializer
    output_serializer_class = s.AbsenceSignalSerializer

    def get_object(self) -> AbsenceSignal:
        # Who may not follow up gets 403 for every method (a method not offered included), so
        # a signal this user could not follow up anyway is never told apart by 404 vs 405.
        # OPTIONS describes the endpoint (which methods this user may use), as everywhere.
        if self.request.method != "OPTIONS" and not self.access.has(Perm.ABSENCE_FOLLOW_UP):
            raise PermissionDenied(HasPermission.message)
        return super().get_object()

    def perform(self, obj: AbsenceSignal, data: dict[str, Any]) -> AbsenceSignal:
        absence_signal_follow_up(
            signal=obj, status=data["status"], note=data["note"], actor=self.request.user
        )
        return self.get_queryset().get(pk=obj.pk)
