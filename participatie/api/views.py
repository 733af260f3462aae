"""API views of one municipality. Thin: a queryset through ``request.municipality`` (narrowed to
the user's own companies for learning-work-company users), explicit serializers, and a service
call for every write. Role checks: ``roles`` per method (participatie.api.permissions)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from participatie.api import serializers as s
from participatie.api.base import RoleAPIMixin, TenantActionView, TenantAPIMixin, validated
from participatie.api.filtersets import (
    ObjectionFilter,
    ParticipantFilter,
    PlacementFilter,
    StepDecisionFilter,
    StepFilter,
)
from participatie.api.permissions import (
    ACCOUNT_HOLDER,
    LWB_ADMIN,
    MATCHING_UNIT,
    OBJECTION_READERS,
    PLACEMENT_READERS,
    lwb_only,
    organisation_ids,
)
from participatie.audit import ReadLoggedRetrieveMixin
from participatie.choices import LWB_ROLES, MATCHING_UNIT_ROLES
from participatie.models import (
    DevelopmentPlan,
    Enrolment,
    Objection,
    Participant,
    Placement,
    Step,
    StepDecision,
)
from participatie.placements.selectors import placements_with_step
from participatie.placements.services import (
    objection_handle,
    objection_raise,
    placement_end,
    step_advise,
    step_decide,
)

# -- enrolments ---------------------------------------------------------------------------------


class EnrolmentListView(TenantAPIMixin, generics.ListAPIView):
    """The organisations admitted by this municipality."""

    serializer_class = s.EnrolmentSerializer
    filterset_fields = ["status"]

    def tenant_queryset(self) -> QuerySet[Enrolment]:
        return Enrolment.objects.filter(municipality=self.request.municipality).select_related(
            "organisation"
        )


class EnrolmentDetailView(TenantAPIMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView):
    """One enrolment; every opening is kept as a read event (participatie.audit)."""

    serializer_class = s.EnrolmentSerializer

    def tenant_queryset(self) -> QuerySet[Enrolment]:
        return Enrolment.objects.filter(municipality=self.request.municipality).select_related(
            "organisation"
        )


# -- steps --------------------------------------------------------------------------------------


class StepListView(RoleAPIMixin, generics.ListAPIView):
    """The step catalogue of this municipality (per year; ``is_default`` is the starting step)."""

    roles = {"GET": PLACEMENT_READERS}
    serializer_class = s.StepSerializer
    filterset_class = StepFilter

    def tenant_queryset(self) -> QuerySet[Step]:
        return Step.objects.filter(municipality=self.request.municipality).order_by(
            "year", "position", "code"
        )


# -- participants -------------------------------------------------------------------------------

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


class ParticipantViewMixin(RoleAPIMixin):
    model = Participant
    roles = {"GET": PLACEMENT_READERS}

    def get_serializer_class(self) -> type[BaseSerializer]:
        if getattr(self, "swagger_fake_view", False):
            return s.ParticipantMatchingUnitSerializer
        if self.request.roles & MATCHING_UNIT_ROLES:
            return s.ParticipantMatchingUnitSerializer
        if lwb_only(self.request):
            return s.ParticipantRestrictedSerializer
        return s.ParticipantSerializer

    def tenant_queryset(self) -> QuerySet[Participant]:
        municipality = self.request.municipality
        queryset = Participant.objects.filter(municipality=municipality)
        if lwb_only(self.request):
            own = Placement.objects.filter(
                municipality=municipality,
                enrolment__organisation_id__in=organisation_ids(self.request, LWB_ROLES),
            )
            own_placements = (
                placements_with_step(own.select_related("enrolment__organisation"))
                .prefetch_related(
                    Prefetch(
                        "development_plans",
                        queryset=DevelopmentPlan.objects.filter(municipality=municipality),
                    )
                )
                .order_by("-start_date", "-id")
            )
            queryset = queryset.filter(
                Exists(own.filter(participant=OuterRef("pk")))
            ).prefetch_related(
                Prefetch("placements", queryset=own_placements, to_attr="own_placements")
            )
        else:
            queryset = queryset.select_related("home_municipality")
        return queryset.order_by("last_name", "first_name", "id")


@extend_schema_view(
    get=extend_schema(
        responses=PolymorphicProxySerializer(
            component_name="ParticipantView",
            serializers=_PARTICIPANT_VIEWS.serializers,
            resource_type_field_name=None,
            many=True,
        ),
        description=_PARTICIPANT_DESCRIPTION,
    )
)
class ParticipantListView(ParticipantViewMixin, generics.ListAPIView):
    """Participants of this municipality (filter on name and home municipality)."""

    filterset_class = ParticipantFilter


@extend_schema_view(
    get=extend_schema(responses=_PARTICIPANT_VIEWS, description=_PARTICIPANT_DESCRIPTION)
)
class ParticipantDetailView(
    ParticipantViewMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView
):
    """One participant; every opening is kept as a read event."""


# -- placements ---------------------------------------------------------------------------------


def visible_placements(request: Request) -> QuerySet[Placement]:
    """This municipality's placements, with today's step; a company user sees its own only."""
    queryset = Placement.objects.filter(municipality=request.municipality).select_related(
        "participant__home_municipality", "enrolment__organisation"
    )
    if lwb_only(request):
        queryset = queryset.filter(
            enrolment__organisation_id__in=organisation_ids(request, LWB_ROLES)
        )
    return placements_with_step(queryset).order_by("-start_date", "-id")


def with_step_history(queryset: QuerySet[Placement]) -> QuerySet[Placement]:
    return queryset.prefetch_related(
        Prefetch(
            "step_decisions",
            queryset=StepDecision.objects.select_related("step").order_by(
                "valid_from", "advised_at"
            ),
            to_attr="step_history",
        )
    )


class PlacementListView(RoleAPIMixin, generics.ListAPIView):
    """Placements at companies in this municipality, with the step in force today."""

    roles = {"GET": PLACEMENT_READERS}
    serializer_class = s.PlacementSerializer
    filterset_class = PlacementFilter

    def tenant_queryset(self) -> QuerySet[Placement]:
        return visible_placements(self.request)


class PlacementDetailView(RoleAPIMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView):
    """One placement with its full step history (advised, approved, rejected, superseded)."""

    roles = {"GET": PLACEMENT_READERS}
    serializer_class = s.PlacementDetailSerializer

    def tenant_queryset(self) -> QuerySet[Placement]:
        return with_step_history(visible_placements(self.request))


@extend_schema(
    request=s.PlacementEndInputSerializer,
    responses={200: s.PlacementDetailSerializer},
    summary="Plaatsing beëindigen (uitstroom)",
)
class PlacementEndView(TenantActionView):
    """End a placement with an outflow reason (the matching unit)."""

    model = Placement
    roles = {"POST": MATCHING_UNIT}
    input_serializer_class = s.PlacementEndInputSerializer
    output_serializer_class = s.PlacementDetailSerializer

    def tenant_queryset(self) -> QuerySet[Placement]:
        return visible_placements(self.request)

    def perform(self, obj: Placement, data: dict[str, Any]) -> Placement:
        placement_end(
            placement=obj,
            end_date=data["end_date"],
            reason=data["outflow_reason"],
            note=data["outflow_note"],
            actor=self.request.user,
        )
        return with_step_history(self.tenant_queryset()).get(pk=obj.pk)


# -- step decisions -----------------------------------------------------------------------------


def visible_step_decisions(request: Request) -> QuerySet[StepDecision]:
    queryset = StepDecision.objects.filter(municipality=request.municipality).select_related(
        "step",
        "placement__participant",
        "placement__enrolment__organisation",
        "advised_by",
        "decided_by",
    )
    if lwb_only(request):
        queryset = queryset.filter(
            placement__enrolment__organisation_id__in=organisation_ids(request, LWB_ROLES)
        )
    return queryset.order_by("-valid_from", "-id")


@extend_schema_view(
    post=extend_schema(
        request=s.StepAdviseInputSerializer,
        responses={201: s.StepDecisionSerializer},
        summary="Trede adviseren (matchingsunit)",
    )
)
class StepDecisionListView(RoleAPIMixin, generics.ListAPIView):
    """Step decisions (advised, approved, rejected, superseded); POST: a consultant advises a
    step from a date, which an account holder then decides."""

    roles = {"GET": PLACEMENT_READERS, "POST": MATCHING_UNIT}
    serializer_class = s.StepDecisionSerializer
    filterset_class = StepDecisionFilter

    def tenant_queryset(self) -> QuerySet[StepDecision]:
        return visible_step_decisions(self.request)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.StepAdviseInputSerializer, request, self.get_serializer_context())
        decision = step_advise(
            placement=data["placement"],
            step=data["step"],
            valid_from=data["valid_from"],
            justification=data["justification"],
            actor=request.user,
        )
        body = s.StepDecisionSerializer(decision, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class StepDecisionDetailView(RoleAPIMixin, generics.RetrieveAPIView):
    roles = {"GET": PLACEMENT_READERS}
    serializer_class = s.StepDecisionSerializer

    def tenant_queryset(self) -> QuerySet[StepDecision]:
        return visible_step_decisions(self.request)


@extend_schema(
    request=s.StepDecideInputSerializer,
    responses={200: s.StepDecisionSerializer},
    summary="Over een trede-advies beslissen (accounthouder)",
)
class StepDecisionDecideView(TenantActionView):
    """Approve or reject an advice; never by the person who gave it."""

    model = StepDecision
    roles = {"POST": ACCOUNT_HOLDER}
    input_serializer_class = s.StepDecideInputSerializer
    output_serializer_class = s.StepDecisionSerializer

    def tenant_queryset(self) -> QuerySet[StepDecision]:
        return visible_step_decisions(self.request)

    def perform(self, obj: StepDecision, data: dict[str, Any]) -> StepDecision:
        decision = step_decide(
            decision=obj, approve=data["approve"], reason=data["reason"], actor=self.request.user
        )
        return self.tenant_queryset().get(pk=decision.pk)


@extend_schema(
    request=s.ObjectionRaiseInputSerializer,
    responses={201: s.ObjectionSerializer},
    summary="Bezwaar maken tegen een inschaling (leerwerkbedrijf)",
)
class StepDecisionObjectView(TenantActionView):
    """A company administrator objects to a decision about a placement at the own company."""

    model = StepDecision
    roles = {"POST": LWB_ADMIN}
    input_serializer_class = s.ObjectionRaiseInputSerializer
    output_serializer_class = s.ObjectionSerializer
    success_status = status.HTTP_201_CREATED

    def tenant_queryset(self) -> QuerySet[StepDecision]:
        return visible_step_decisions(self.request)

    def perform(self, obj: StepDecision, data: dict[str, Any]) -> Objection:
        objection = objection_raise(
            decision=obj,
            reason=data["reason"],
            actor=self.request.user,
            organisation_ids=organisation_ids(self.request, LWB_ADMIN),
        )
        return visible_objections(self.request).get(pk=objection.pk)


# -- objections ---------------------------------------------------------------------------------


def visible_objections(request: Request) -> QuerySet[Objection]:
    queryset = Objection.objects.filter(municipality=request.municipality).select_related(
        "decision__step",
        "decision__placement__participant",
        "decision__placement__enrolment__organisation",
        "raised_by",
        "handled_by",
    )
    if lwb_only(request):
        queryset = queryset.filter(
            decision__placement__enrolment__organisation_id__in=organisation_ids(request, LWB_ROLES)
        )
    return queryset.order_by("-raised_at", "-id")


class ObjectionListView(RoleAPIMixin, generics.ListAPIView):
    """Objections to step decisions (account holders handle them; companies see their own)."""

    roles = {"GET": OBJECTION_READERS}
    serializer_class = s.ObjectionSerializer
    filterset_class = ObjectionFilter

    def tenant_queryset(self) -> QuerySet[Objection]:
        return visible_objections(self.request)


class ObjectionDetailView(RoleAPIMixin, generics.RetrieveAPIView):
    roles = {"GET": OBJECTION_READERS}
    serializer_class = s.ObjectionSerializer

    def tenant_queryset(self) -> QuerySet[Objection]:
        return visible_objections(self.request)


@extend_schema(
    request=s.ObjectionHandleInputSerializer,
    responses={200: s.ObjectionSerializer},
    summary="Bezwaar behandelen (accounthouder)",
)
class ObjectionHandleView(TenantActionView):
    model = Objection
    roles = {"POST": ACCOUNT_HOLDER}
    input_serializer_class = s.ObjectionHandleInputSerializer
    output_serializer_class = s.ObjectionSerializer

    def tenant_queryset(self) -> QuerySet[Objection]:
        return visible_objections(self.request)

    def perform(self, obj: Objection, data: dict[str, Any]) -> Objection:
        objection_handle(
            objection=obj, upheld=data["upheld"], response=data["response"], actor=self.request.user
        )
        return self.tenant_queryset().get(pk=obj.pk)
