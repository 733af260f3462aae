"""API views of the participants of one municipality. What a user sees of a participant
depends on the role: three serializers, one queryset narrowed for learning-work companies."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.serializers import BaseSerializer

from participatie.api.base import TenantAPIMixin
from participatie.api.pagination import KeysetPagination
from participatie.models import DevelopmentPlan, Participant
from participatie.participants.api import serializers as s
from participatie.participants.api.filtersets import ParticipantFilter
from participatie.participants.selectors import (
    ParticipantView,
    participant_view,
    participants_visible_to,
)
from participatie.placements.selectors import placements_visible_to, placements_with_step
from participatie.privacy.audit import ReadLoggedListMixin, ReadLoggedRetrieveMixin
from participatie.tenancy.permissions import Perm

_SERIALIZERS: dict[ParticipantView, type[BaseSerializer]] = {
    ParticipantView.FULL: s.ParticipantMatchingUnitSerializer,
    ParticipantView.MASKED: s.ParticipantSerializer,
    ParticipantView.RESTRICTED: s.ParticipantRestrictedSerializer,
}
_PARTICIPANT_VIEWS = PolymorphicProxySerializer(
    component_name="ParticipantView",
    serializers=[
        s.ParticipantMatchingUnitSerializer,
        s.ParticipantSerializer,
        s.ParticipantRestrictedSerializer,
    ],
    resource_type_field_name=None,
)
_PARTICIPANT_DESCRIPTION = (
    "Wat u ziet hangt af van uw rol: de matchingsunit ziet het volledige BSN en de "
    "intakenotities, de gemeente een gemaskeerd BSN, een leerwerkbedrijf alleen naam, trede, "
    "data en ontwikkelplan van de deelnemers die bij het eigen bedrijf geplaatst zijn."
)


class ParticipantViewMixin(TenantAPIMixin):
    model = Participant
    permission = {"GET": Perm.PLACEMENTS_VIEW}

    def get_serializer_class(self) -> type[BaseSerializer]:
        if getattr(self, "swagger_fake_view", False):
            return s.ParticipantMatchingUnitSerializer
        return _SERIALIZERS[participant_view(self.access)]

    def tenant_queryset(self) -> QuerySet[Participant]:
        queryset = participants_visible_to(self.access)
        if participant_view(self.access) is ParticipantView.RESTRICTED:
            own_placements = (
                placements_with_step(
                    placements_visible_to(self.access).select_related("enrolment__organisation")
                )
                .prefetch_related(
                    Prefetch(
                        "development_plans",
                        queryset=DevelopmentPlan.objects.filter(
                            municipality=self.access.municipality
                        ),
                    )
                )
                .order_by("-start_date", "-id")
            )
            queryset = queryset.prefetch_related(
                Prefetch("placements", queryset=own_placements, to_attr="own_placements")
            )
        else:
            queryset = queryset.select_related("home_municipality")
        return queryset.order_by("last_name", "first_name", "id")


@extend_schema_view(
    get=extend_schema(
        responses=PolymorphicProxySerializer(
            component_name="ParticipantListView",
            serializers=[s.ParticipantSerializer, s.ParticipantRestrictedSerializer],
            resource_type_field_name=None,
            many=True,
        ),
        description=(
            "Een lijst toont het BSN altijd gemaskeerd en geen intakenotities; het volledige "
            "BSN staat alleen in de detailweergave (die als inzage wordt vastgelegd). Elke "
            "lijst wordt vastgelegd met het filter en het aantal personen."
        ),
    )
)
class ParticipantListView(ReadLoggedListMixin, ParticipantViewMixin, generics.ListAPIView):
    """Participants of this municipality (filter on name and home municipality). A list never
    carries full BSNs (one read event per request: the filter and the number of persons)."""

    filterset_class = ParticipantFilter
    pagination_class = KeysetPagination
    # The list's order (``tenant_queryset``); the id makes it total.
    cursor_ordering = ("last_name", "first_name", "id")

    def get_serializer_class(self) -> type[BaseSerializer]:
        serializer = super().get_serializer_class()
        if serializer is s.ParticipantMatchingUnitSerializer:
            return s.ParticipantSerializer
        return serializer


@extend_schema_view(
    get=extend_schema(responses=_PARTICIPANT_VIEWS, description=_PARTICIPANT_DESCRIPTION)
)
class ParticipantDetailView(
    ParticipantViewMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView
):
    """One participant; every opening is kept as a read event."""
