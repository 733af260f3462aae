"""API views of placements, steps, step decisions and objections of one municipality. Thin: a
queryset from the visibility selectors (the same the pages use), explicit serializers, and a
service call for every write; each view declares its permission per method."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import TenantActionView, TenantAPIMixin, validated
from participatie.api.pagination import KeysetPagination
from participatie.models import Objection, Placement, Step, StepDecision
from participatie.placements.api import serializers as s
from participatie.placements.api.filtersets import (
    ObjectionFilter,
    PlacementFilter,
    StepDecisionFilter,
    StepFilter,
)
from participatie.placements.selectors import (
    objections_visible_to,
    placements_visible_to,
    placements_with_step,
    step_decisions_visible_to,
)
from participatie.placements.services import (
    objection_handle,
    objection_raise,
    placement_end,
    step_advise,
    step_create,
    step_decide,
    step_update,
)
from participatie.privacy.audit import ReadLoggedListMixin, ReadLoggedRetrieveMixin
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm, roles_with

# -- steps --------------------------------------------------------------------------------------


def _steps_of(access: Access) -> QuerySet[Step]:
    return Step.objects.filter(municipality=access.municipality).order_by(
        "year", "position", "code"
    )


@extend_schema_view(
    post=extend_schema(
        request=s.StepInputSerializer,
        responses={201: s.StepSerializer},
        summary="Trede toevoegen aan de tredecatalogus van een jaar (accounthouder)",
    )
)
class StepListView(TenantAPIMixin, generics.ListAPIView):
    """The step catalogue of this municipality (per year; ``is_default`` is the starting step).
    POST: an account holder adds a step to a year (one default step per year)."""

    created_url_name = "api-step-detail"

    permission = {"GET": Perm.PLACEMENTS_VIEW, "POST": Perm.YEARS_MANAGE}
    serializer_class = s.StepSerializer
    filterset_class = StepFilter

    def tenant_queryset(self) -> QuerySet[Step]:
        return _steps_of(self.access)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.StepInputSerializer, request, self.get_serializer_context())
        step = step_create(
            municipality_id=self.access.municipality.pk,  # type: ignore[union-attr]
            actor=request.user,
            **data,
        )
        body = s.StepSerializer(step, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    patch=extend_schema(
        request=s.StepUpdateInputSerializer,
        responses={200: s.StepSerializer},
        summary="Trede wijzigen: code, omschrijving, standaardtrede (accounthouder)",
    )
)
class StepDetailView(TenantAPIMixin, generics.RetrieveAPIView):
    """One step. PATCH changes its code (not once a placement or subsidy uses it), label or
    default flag (a second default in the year is refused: take it off the other first)."""

    permission = {"GET": Perm.PLACEMENTS_VIEW, "PATCH": Perm.YEARS_MANAGE}
    serializer_class = s.StepSerializer

    def tenant_queryset(self) -> QuerySet[Step]:
        return _steps_of(self.access)

    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        step = self.get_object()
        data = validated(s.StepUpdateInputSerializer, request, self.get_serializer_context())
        if "year" in data and data["year"] != step.year:
            raise ValidationError(
                {
                    "year": _("Een trede blijft in haar jaar; voeg in %(year)s een trede toe.")
                    % {"year": data["year"]}
                }
            )
        updated = step_update(
            step=step,
            code=data.get("code", step.code),
            label=data.get("label", step.label),
            is_default=data.get("is_default", step.is_default),
            actor=request.user,
        )
        return Response(s.StepSerializer(updated, context=self.get_serializer_context()).data)


# -- placements ---------------------------------------------------------------------------------


def visible_placements(access: Access) -> QuerySet[Placement]:
    """The placements the user may see, with today's step."""
    queryset = placements_visible_to(access).select_related(
        "participant__home_municipality", "enrolment__organisation"
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


class PlacementListView(ReadLoggedListMixin, TenantAPIMixin, generics.ListAPIView):
    """Placements at companies in this municipality, with the step in force today (a read of
    a list of persons: one read event with the filter and the count)."""

    permission = {"GET": Perm.PLACEMENTS_VIEW}
    serializer_class = s.PlacementSerializer
    filterset_class = PlacementFilter
    pagination_class = KeysetPagination
    # The list's order (``visible_placements``): newest start first, the id makes it total.
    cursor_ordering = ("-start_date", "-id")

    def tenant_queryset(self) -> QuerySet[Placement]:
        return visible_placements(self.access)


class PlacementDetailView(TenantAPIMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView):
    """One placement with its full step history (advised, approved, rejected, superseded)."""

    permission = {"GET": Perm.PLACEMENTS_VIEW}
    serializer_class = s.PlacementDetailSerializer

    def tenant_queryset(self) -> QuerySet[Placement]:
        return with_step_history(visible_placements(self.access))


@extend_schema(
    request=s.PlacementEndInputSerializer,
    responses={200: s.PlacementDetailSerializer},
    summary="Plaatsing beëindigen (uitstroom)",
)
class PlacementEndView(TenantActionView):
    """End a placement with an outflow reason (the matching unit)."""

    model = Placement
    permission = {"POST": Perm.PLACEMENTS_MANAGE}
    input_serializer_class = s.PlacementEndInputSerializer
    output_serializer_class = s.PlacementDetailSerializer

    def tenant_queryset(self) -> QuerySet[Placement]:
        return visible_placements(self.access)

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


def visible_step_decisions(access: Access) -> QuerySet[StepDecision]:
    return (
        step_decisions_visible_to(access)
        .select_related(
            "step",
            "placement__participant",
            "placement__enrolment__organisation",
            "advised_by",
            "decided_by",
        )
        .order_by("-valid_from", "-id")
    )


@extend_schema_view(
    post=extend_schema(
        request=s.StepAdviseInputSerializer,
        responses={201: s.StepDecisionSerializer},
        summary="Trede adviseren (matchingsunit)",
    )
)
class StepDecisionListView(TenantAPIMixin, generics.ListAPIView):
    """Step decisions (advised, approved, rejected, superseded); POST: a consultant advises a
    step from a date, which an account holder then decides."""

    created_url_name = "api-stepdecision-detail"

    permission = {"GET": Perm.PLACEMENTS_VIEW, "POST": Perm.PLACEMENTS_MANAGE}
    serializer_class = s.StepDecisionSerializer
    filterset_class = StepDecisionFilter

    def tenant_queryset(self) -> QuerySet[StepDecision]:
        return visible_step_decisions(self.access)

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


class StepDecisionDetailView(TenantAPIMixin, generics.RetrieveAPIView):
    """One step decision (advice, approval or rejection)."""

    permission = {"GET": Perm.PLACEMENTS_VIEW}
    serializer_class = s.StepDecisionSerializer

    def tenant_queryset(self) -> QuerySet[StepDecision]:
        return visible_step_decisions(self.access)


@extend_schema(
    request=s.StepDecideInputSerializer,
    responses={200: s.StepDecisionSerializer},
    summary="Over een trede-advies beslissen (accounthouder)",
)
class StepDecisionDecideView(TenantActionView):
    """Approve or reject an advice; never by the person who gave it."""

    model = StepDecision
    permission = {"POST": Perm.STEPS_DECIDE}
    input_serializer_class = s.StepDecideInputSerializer
    output_serializer_class = s.StepDecisionSerializer

    def tenant_queryset(self) -> QuerySet[StepDecision]:
        return visible_step_decisions(self.access)

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

    created_url_name = "api-objection-detail"

    model = StepDecision
    permission = {"POST": Perm.OBJECTIONS_RAISE}
    input_serializer_class = s.ObjectionRaiseInputSerializer
    output_serializer_class = s.ObjectionSerializer
    success_status = status.HTTP_201_CREATED

    def tenant_queryset(self) -> QuerySet[StepDecision]:
        return visible_step_decisions(self.access)

    def perform(self, obj: StepDecision, data: dict[str, Any]) -> Objection:
        objection = objection_raise(
            decision=obj,
            reason=data["reason"],
            actor=self.request.user,
            organisation_ids=self.access.organisation_ids(roles_with(Perm.OBJECTIONS_RAISE)),
        )
        return visible_objections(self.access).get(pk=objection.pk)


# -- objections ---------------------------------------------------------------------------------


def visible_objections(access: Access) -> QuerySet[Objection]:
    return (
        objections_visible_to(access)
        .select_related(
            "decision__step",
            "decision__placement__participant",
            "decision__placement__enrolment__organisation",
            "raised_by",
            "handled_by",
        )
        .order_by("-raised_at", "-id")
    )


class ObjectionListView(TenantAPIMixin, generics.ListAPIView):
    """Objections to step decisions (account holders handle them; companies see their own)."""

    permission = {"GET": Perm.OBJECTIONS_VIEW}
    serializer_class = s.ObjectionSerializer
    filterset_class = ObjectionFilter

    def tenant_queryset(self) -> QuerySet[Objection]:
        return visible_objections(self.access)


class ObjectionDetailView(TenantAPIMixin, generics.RetrieveAPIView):
    """One objection to a step decision, with its handling."""

    permission = {"GET": Perm.OBJECTIONS_VIEW}
    serializer_class = s.ObjectionSerializer

    def tenant_queryset(self) -> QuerySet[Objection]:
        return visible_objections(self.access)


@extend_schema(
    request=s.ObjectionHandleInputSerializer,
    responses={200: s.ObjectionSerializer},
    summary="Bezwaar behandelen (accounthouder)",
)
class ObjectionHandleView(TenantActionView):
    model = Objection
    permission = {"POST": Perm.OBJECTIONS_HANDLE}
    input_serializer_class = s.ObjectionHandleInputSerializer
    output_serializer_class = s.ObjectionSerializer

    def tenant_queryset(self) -> QuerySet[Objection]:
        return visible_objections(self.access)

    def perform(self, obj: Objection, data: dict[str, Any]) -> Objection:
        objection_handle(
            objection=obj, upheld=data["upheld"], response=data["response"], actor=self.request.user
        )
        return self.tenant_queryset().get(pk=obj.pk)
