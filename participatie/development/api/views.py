"""Development plan API: ``GET development-plans`` (filter ``placement``), ``POST
development-plans``, ``GET``/``PATCH development-plans/<id>`` and ``POST
development-plans/<id>/talks``.

The same rules as the pages (``participatie.development.views``): reading needs
``DEVELOPMENT_VIEW``, writing ``DEVELOPMENT_WRITE`` (the placement's company and the matching
unit); which plans a user sees follows ``placements_visible_to``, so a learning-work company
sees only the plans of its own placements. The content rules are the services'."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import TenantActionView, TenantAPIMixin, validated
from participatie.development import services
from participatie.development.api import serializers as s
from participatie.development.selectors import development_plans_visible_to
from participatie.models import DevelopmentPlan, DevelopmentTalk
from participatie.privacy.audit import ReadLoggedListMixin, ReadLoggedRetrieveMixin
from participatie.tenancy.permissions import Perm


class DevelopmentPlanFilter(django_filters.FilterSet):
    placement = django_filters.NumberFilter(field_name="placement_id")

    class Meta:
        model = DevelopmentPlan
        fields: list[str] = []


class _Plans(TenantAPIMixin):
    model = DevelopmentPlan

    def tenant_queryset(self) -> QuerySet[DevelopmentPlan]:
        return development_plans_visible_to(self.access)

    def output(self, plan: DevelopmentPlan, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.tenant_queryset().get(pk=plan.pk)
        return Response(
            s.DevelopmentPlanWithTalksSerializer(fresh, context={"request": self.request}).data,
            status=code,
        )


@extend_schema_view(
    post=extend_schema(
        request=s.DevelopmentPlanCreateInputSerializer,
        responses={201: s.DevelopmentPlanWithTalksSerializer},
        summary="Ontwikkelplan opstellen voor een plaatsing",
    )
)
class DevelopmentPlanListView(ReadLoggedListMixin, _Plans, generics.ListAPIView):
    """Development plans of the placements the user may see, with their talks. POST: a plan
    for a placement that has none yet (a second one is refused: change the first)."""

    permission = {"GET": Perm.DEVELOPMENT_VIEW, "POST": Perm.DEVELOPMENT_WRITE}
    created_url_name = "api-developmentplan-detail"
    serializer_class = s.DevelopmentPlanWithTalksSerializer
    filterset_class = DevelopmentPlanFilter

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.DevelopmentPlanCreateInputSerializer, request, {"request": request})
        plan = services.development_plan_create(
            placement=data["placement"],
            goals=data["goals"],
            actions=data["actions"],
            is_developing=data["is_developing"],
            actor=request.user,
        )
        return self.output(plan, status.HTTP_201_CREATED)


@extend_schema_view(
    patch=extend_schema(
        request=s.DevelopmentPlanUpdateInputSerializer,
        responses={200: s.DevelopmentPlanWithTalksSerializer},
        summary="Ontwikkelplan aanpassen: doelen, afspraken, in ontwikkeling",
    )
)
class DevelopmentPlanDetailView(ReadLoggedRetrieveMixin, _Plans, generics.RetrieveAPIView):
    """One development plan with its talks. PATCH changes goals, actions or the 'developing'
    mark; fields left out keep their value."""

    permission = {"GET": Perm.DEVELOPMENT_VIEW, "PATCH": Perm.DEVELOPMENT_WRITE}
    serializer_class = s.DevelopmentPlanWithTalksSerializer

    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        data = validated(s.DevelopmentPlanUpdateInputSerializer, request, {"request": request})
        services.development_plan_update(
            plan=plan,
            goals=data.get("goals", plan.goals),
            actions=data.get("actions", plan.actions),
            is_developing=data.get("is_developing", plan.is_developing),
            actor=request.user,
        )
        return self.output(plan)


@extend_schema(
    request=s.DevelopmentTalkInputSerializer,
    responses={201: s.DevelopmentTalkSerializer},
    summary="Ontwikkelgesprek vastleggen bij een ontwikkelplan",
)
class DevelopmentTalkRecordView(_Plans, TenantActionView):
    """Record a development talk (date and summary) about a plan: not in the future, within
    the placement."""

    permission = {"POST": Perm.DEVELOPMENT_WRITE}
    # A talk is read as part of its plan: the new talk's Location is the plan.
    created_url_name = "api-developmentplan-detail"
    created_lookup_field = "plan"
    input_serializer_class = s.DevelopmentTalkInputSerializer
    output_serializer_class = s.DevelopmentTalkSerializer
    success_status = status.HTTP_201_CREATED

    def perform(self, obj: DevelopmentPlan, data: dict[str, Any]) -> DevelopmentTalk:
        return services.development_talk_record(
            plan=obj, held_on=data["held_on"], summary=data["summary"], actor=self.request.user
        )
