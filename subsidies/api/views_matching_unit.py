"""The matching unit's subsidy API: the matching unit applies per year and records its realised
cost per quarter; an account holder drafts a decision on an application, changes, proposes and
sends it, a second account holder approves it (four eyes), and an account holder who did not
record them approves the quarter costs. Thin views: the rules are in
``subsidies.services.matching_unit``; which rows a user sees is up to
``subsidies.selectors_matching_unit`` (a matching unit: its own rows, its decisions once
approved), shared with the pages. Each list is a fixed number of queries whatever its length."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import TenantActionView, TenantAPIMixin, validated
from participatie.tenancy.permissions import Perm
from subsidies import selectors_matching_unit as selectors
from subsidies.api import serializers_matching_unit as s
from subsidies.choices import DecisionStatus, MatchingUnitCostStatus
from subsidies.models import MatchingUnitApplication, MatchingUnitCost, MatchingUnitDecision
from subsidies.services import matching_unit as services


class YearFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=1900, max_value=2200)


class ApplicationFilter(YearFilter):
    class Meta:
        model = MatchingUnitApplication
        fields: list[str] = []


class DecisionFilter(YearFilter):
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices)

    class Meta:
        model = MatchingUnitDecision
        fields: list[str] = []


class CostFilter(YearFilter):
    quarter = django_filters.NumberFilter(min_value=1, max_value=4)
    status = django_filters.ChoiceFilter(choices=MatchingUnitCostStatus.choices)

    class Meta:
        model = MatchingUnitCost
        fields: list[str] = []


# -- applications --------------------------------------------------------------------------------


@extend_schema_view(
    post=extend_schema(
        request=s.MatchingUnitApplicationInputSerializer,
        responses={201: s.MatchingUnitApplicationSerializer},
        summary="Subsidie aanvragen (matchingsunit)",
    )
)
class ApplicationListView(TenantAPIMixin, generics.ListAPIView):
    """The matching units' applications per year (a unit: its own). POST: the matching unit
    applies for a year: an amount and a note; one open application per unit and year."""

    created_url_name = "api-mu-application-detail"

    permission = {"GET": Perm.MU_SUBSIDY_VIEW, "POST": Perm.MU_SUBSIDY_APPLY}
    serializer_class = s.MatchingUnitApplicationSerializer
    filterset_class = ApplicationFilter

    def tenant_queryset(self) -> QuerySet[MatchingUnitApplication]:
        return selectors.applications_visible_to(self.access)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(
            s.MatchingUnitApplicationInputSerializer, request, self.get_serializer_context()
        )
        application = services.mu_application_submit(
            municipality=self.access.municipality,  # type: ignore[arg-type]
            matching_unit=services.choose_unit(
                selectors.units_of(self.access), data.get("matching_unit")
            ),
            year=data["year"],
            amount=data["amount"],
            note=data["note"],
            actor=request.user,
        )
        body = self.get_serializer(self.tenant_queryset().get(pk=application.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class ApplicationDetailView(TenantAPIMixin, generics.RetrieveAPIView):
    """One matching unit's application (a unit: only its own)."""

    permission = {"GET": Perm.MU_SUBSIDY_VIEW}
    serializer_class = s.MatchingUnitApplicationSerializer

    def tenant_queryset(self) -> QuerySet[MatchingUnitApplication]:
        return selectors.applications_visible_to(self.access)


# -- decisions -----------------------------------------------------------------------------------


class _Decisions(TenantAPIMixin):
    model = MatchingUnitDecision

    def tenant_queryset(self) -> QuerySet[MatchingUnitDecision]:
        return selectors.decisions_visible_to(self.access)


@extend_schema_view(
    post=extend_schema(
        request=s.MatchingUnitDecisionDraftInputSerializer,
        responses={201: s.MatchingUnitDecisionSerializer},
        summary="Beschikking matchingsunit opstellen (accounthouder)",
    )
)
class DecisionListView(_Decisions, generics.ListAPIView):
    """Decisions on the matching units' applications: all for municipal roles, a unit's
    approved or sent ones for it. POST: an account holder drafts one on an open application;
    above the budget left it needs ``over_budget_confirmed``."""

    created_url_name = "api-mu-decision-detail"

    permission = {"GET": Perm.MU_SUBSIDY_VIEW, "POST": Perm.SUBSIDIES_DECIDE}
    serializer_class = s.MatchingUnitDecisionSerializer
    filterset_class = DecisionFilter

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(
            s.MatchingUnitDecisionDraftInputSerializer, request, self.get_serializer_context()
        )
        decision = services.mu_decision_draft(actor=request.user, **data)
        body = self.get_serializer(self.tenant_queryset().get(pk=decision.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    patch=extend_schema(
        request=s.MatchingUnitDecisionUpdateInputSerializer,
        responses={200: s.MatchingUnitDecisionSerializer},
        summary="Beschikking matchingsunit wijzigen die nog niet is goedgekeurd",
    )
)
class DecisionDetailView(_Decisions, generics.RetrieveAPIView):
    """One decision with its advance schedule and payments. PATCH changes the amount of one
    not approved yet; it goes back to draft with the caller as the one who changed it."""

    permission = {"GET": Perm.MU_SUBSIDY_VIEW, "PATCH": Perm.SUBSIDIES_DECIDE}
    serializer_class = s.MatchingUnitDecisionSerializer

    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        data = validated(
            s.MatchingUnitDecisionUpdateInputSerializer, request, self.get_serializer_context()
        )
        services.mu_decision_update(decision=decision, actor=request.user, **data)
        return Response(self.get_serializer(self.tenant_queryset().get(pk=decision.pk)).data)


class DecisionLetterView(_Decisions, generics.RetrieveAPIView):
    """The decision letter as PDF (404 until the decision is approved)."""

    permission = {"GET": Perm.MU_SUBSIDY_VIEW}
    serializer_class = s.MatchingUnitDecisionSerializer

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        decision = self.get_object()
        if not decision.letter:
            raise Http404
        return FileResponse(
            decision.letter.open("rb"),
            as_attachment=True,
            filename=f"beschikking-matchingsunit-{decision.year}.pdf",
            content_type="application/pdf",
        )


class _DecisionAction(_Decisions, TenantActionView):
    """``POST matching-unit/decisions/<id>/<action>``: one service of the decision's flow."""

    permission = {"POST": Perm.SUBSIDIES_DECIDE}
    input_serializer_class = s.MatchingUnitActionInputSerializer
    output_serializer_class = s.MatchingUnitDecisionSerializer
    service: Callable[..., MatchingUnitDecision]

    def perform(self, obj: MatchingUnitDecision, data: dict[str, Any]) -> MatchingUnitDecision:
        decision = type(self).service(decision=obj, actor=self.request.user)
        return self.tenant_queryset().get(pk=decision.pk)


@extend_schema(
    request=None,
    responses={200: s.MatchingUnitDecisionSerializer},
    summary="Beschikking matchingsunit ter goedkeuring voorleggen",
)
class DecisionProposeView(_DecisionAction):
    """A draft goes to a second account holder for approval."""

    service = services.mu_decision_propose


@extend_schema(
    request=None,
    responses={200: s.MatchingUnitDecisionSerializer},
    summary="Beschikking matchingsunit goedkeuren",
)
class DecisionApproveView(_DecisionAction):
    """A second account holder approves (never the one who drafted or last changed it): the
    letter is rendered as PDF and the advance schedule is paid as far as it is due."""

    service = services.mu_decision_approve


@extend_schema(
    request=None,
    responses={200: s.MatchingUnitDecisionSerializer},
    summary="Beschikking matchingsunit als verzonden markeren",
)
class DecisionSendView(_DecisionAction):
    """An approved decision is marked as sent to the matching unit."""

    service = services.mu_decision_send


# -- realised cost per quarter -------------------------------------------------------------------


class _Costs(TenantAPIMixin):
    model = MatchingUnitCost

    def tenant_queryset(self) -> QuerySet[MatchingUnitCost]:
        return selectors.costs_visible_to(self.access)


@extend_schema_view(
    post=extend_schema(
        request=s.MatchingUnitCostInputSerializer,
        responses={201: s.MatchingUnitCostSerializer},
        summary="Gerealiseerde kosten van een kwartaal vastleggen",
    )
)
class CostListView(_Costs, generics.ListAPIView):
    """The matching units' realised cost per quarter (a unit: its own). POST records a
    quarter that is over, with a short account; before approval it replaces what was
    recorded, after approval it is refused."""

    created_url_name = "api-mu-cost-detail"

    permission = {"GET": Perm.MU_SUBSIDY_VIEW, "POST": Perm.MU_COSTS_RECORD}
    serializer_class = s.MatchingUnitCostSerializer
    filterset_class = CostFilter

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.MatchingUnitCostInputSerializer, request, self.get_serializer_context())
        cost = services.mu_cost_record(
            municipality=self.access.municipality,  # type: ignore[arg-type]
            matching_unit=services.choose_unit(
                selectors.units_to_record_for(self.access), data.get("matching_unit")
            ),
            year=data["year"],
            quarter=data["quarter"],
            amount=data["amount"],
            account=data["account"],
            actor=request.user,
        )
        body = self.get_serializer(self.tenant_queryset().get(pk=cost.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class CostDetailView(_Costs, generics.RetrieveAPIView):
    """One quarter's realised cost (a unit: only its own)."""

    permission = {"GET": Perm.MU_SUBSIDY_VIEW}
    serializer_class = s.MatchingUnitCostSerializer


@extend_schema(
    request=None,
    responses={200: s.MatchingUnitCostSerializer},
    summary="Kosten van een kwartaal goedkeuren (accounthouder)",
)
class CostApproveView(_Costs, TenantActionView):
    """An account holder who did not record them approves a quarter's costs (four eyes)."""

    permission = {"POST": Perm.STATEMENTS_APPROVE}
    input_serializer_class = s.MatchingUnitActionInputSerializer
    output_serializer_class = s.MatchingUnitCostSerializer

    def perform(self, obj: MatchingUnitCost, data: dict[str, Any]) -> MatchingUnitCost:
        cost = services.mu_cost_approve(cost=obj, actor=self.request.user)
        return self.tenant_queryset().get(pk=cost.pk)
