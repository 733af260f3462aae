"""The subsidies API: tariffs and budgets (read), quarter statements with their lines (read,
confirm, approve), determinations and cross-municipal claims (read). Thin views: the rules are
in subsidies/services. Company users see only their own companies' statements and
determinations; each list is a fixed number of queries whatever its length."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request

from participatie.api.base import RoleAPIMixin, TenantActionView
from participatie.api.permissions import ACCOUNT_HOLDER, LWB_ADMIN, organisation_ids
from participatie.choices import LWB_ROLES, MUNICIPAL_ROLES, Role
from subsidies.api import serializers as s
from subsidies.choices import ClaimDirection, DecisionStatus, StatementStatus
from subsidies.models import (
    CrossMunicipalClaim,
    Determination,
    MunicipalBudget,
    QuarterStatement,
    StatementLine,
    StepTariff,
    SubsidyApplication,
    SubsidyDecision,
    Tariff,
)
from subsidies.selectors import applications_visible, decisions_visible
from subsidies.services.statements import statement_approve, statement_confirm

MUNICIPAL = frozenset(MUNICIPAL_ROLES)
MONEY_READERS = frozenset(MUNICIPAL_ROLES | LWB_ROLES)


def _company_scope(request: Request) -> set[int] | None:
    """``None`` for municipal roles and platform administrators (they read all of the
    municipality's money); otherwise the companies the user works for. A matching-unit role
    alone opens nothing here."""
    if request._request.roles & (MUNICIPAL_ROLES | {Role.PLATFORM_ADMIN}):
        return None
    return organisation_ids(request, LWB_ROLES)


def _own_companies(request: Request, queryset: QuerySet) -> QuerySet:
    company_ids = _company_scope(request)
    if company_ids is None:
        return queryset
    return queryset.filter(enrolment__organisation_id__in=company_ids)


# -- tariffs and budgets -----------------------------------------------------------------------


class YearFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=1900, max_value=2200)


class TariffFilter(YearFilter):
    class Meta:
        model = Tariff
        fields: list[str] = []


def tariffs(request: Request) -> QuerySet[Tariff]:
    municipality = request.municipality
    return (
        Tariff.objects.filter(municipality=municipality)
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=StepTariff.objects.filter(municipality=municipality)
                .select_related("step")
                .order_by("step__position"),
            )
        )
        .order_by("-year")
    )


class TariffListView(RoleAPIMixin, generics.ListAPIView):
    """The municipality's tariffs per year, with the annual amount per step."""

    roles = {"GET": MONEY_READERS}
    serializer_class = s.TariffSerializer
    filterset_class = TariffFilter

    def tenant_queryset(self) -> QuerySet[Tariff]:
        return tariffs(self.request)


class TariffDetailView(RoleAPIMixin, generics.RetrieveAPIView):
    roles = {"GET": MONEY_READERS}
    serializer_class = s.TariffSerializer

    def tenant_queryset(self) -> QuerySet[Tariff]:
        return tariffs(self.request)


class BudgetFilter(YearFilter):
    class Meta:
        model = MunicipalBudget
        fields: list[str] = []


class BudgetListView(RoleAPIMixin, generics.ListAPIView):
    """The municipality's budget per year (its share of the regional key)."""

    roles = {"GET": MUNICIPAL}
    serializer_class = s.BudgetSerializer
    filterset_class = BudgetFilter

    def tenant_queryset(self) -> QuerySet[MunicipalBudget]:
        return MunicipalBudget.objects.filter(municipality=self.request.municipality).order_by(
            "-year"
        )


# -- statements --------------------------------------------------------------------------------


class StatementFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=1900, max_value=2200)
    quarter = django_filters.NumberFilter(min_value=1, max_value=4)
    status = django_filters.ChoiceFilter(choices=StatementStatus.choices)

    class Meta:
        model = QuarterStatement
        fields: list[str] = []


def statements(request: Request) -> QuerySet[QuarterStatement]:
    municipality = request.municipality
    queryset = (
        QuarterStatement.objects.filter(municipality=municipality)
        .select_related("enrolment__organisation")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=StatementLine.objects.filter(municipality=municipality)
                .select_related("step")
                .order_by("placement_id", "date_from"),
            )
        )
        .order_by("-year", "-quarter", "enrolment__organisation__name", "id")
    )
    return _own_companies(request, queryset)


class StatementListView(RoleAPIMixin, generics.ListAPIView):
    """Quarter statements with their lines; filters ``year``, ``quarter``, ``status``."""

    roles = {"GET": MONEY_READERS}
    serializer_class = s.StatementSerializer
    filterset_class = StatementFilter

    def tenant_queryset(self) -> QuerySet[QuarterStatement]:
        return statements(self.request)


class StatementDetailView(RoleAPIMixin, generics.RetrieveAPIView):
    roles = {"GET": MONEY_READERS}
    serializer_class = s.StatementSerializer

    def tenant_queryset(self) -> QuerySet[QuarterStatement]:
        return statements(self.request)


class _StatementAction(TenantActionView):
    input_serializer_class = s.StatementActionInputSerializer
    output_serializer_class = s.StatementSerializer
    model = QuarterStatement

    def tenant_queryset(self) -> QuerySet[QuarterStatement]:
        return statements(self.request)

    def reread(self, statement: QuarterStatement) -> QuarterStatement:
        return statements(self.request).get(pk=statement.pk)


@extend_schema(
    request=None, responses={200: s.StatementSerializer}, summary="Declaratie bevestigen"
)
class StatementConfirmView(_StatementAction):
    """The company's administrator confirms its draft statement (own company only)."""

    roles = {"POST": LWB_ADMIN}

    def perform(self, obj: QuarterStatement, data: dict[str, Any]) -> QuarterStatement:
        return self.reread(statement_confirm(statement=obj, actor=self.request.user))


@extend_schema(
    request=None, responses={200: s.StatementSerializer}, summary="Declaratie goedkeuren"
)
class StatementApproveView(_StatementAction):
    """An account holder approves a confirmed statement: the quarter's attendance is locked and
    the payment instruction is created once (80 % now under quarterly_80_20)."""

    roles = {"POST": ACCOUNT_HOLDER}

    def perform(self, obj: QuarterStatement, data: dict[str, Any]) -> QuarterStatement:
        return self.reread(statement_approve(statement=obj, actor=self.request.user))


# -- determinations and claims -----------------------------------------------------------------


class DeterminationFilter(YearFilter):
    class Meta:
        model = Determination
        fields: list[str] = []


def determinations(request: Request) -> QuerySet[Determination]:
    queryset = (
        Determination.objects.filter(municipality=request.municipality)
        .select_related("enrolment__organisation")
        .order_by("-year", "enrolment__organisation__name", "id")
    )
    return _own_companies(request, queryset)


class DeterminationListView(RoleAPIMixin, generics.ListAPIView):
    roles = {"GET": MONEY_READERS}
    serializer_class = s.DeterminationSerializer
    filterset_class = DeterminationFilter

    def tenant_queryset(self) -> QuerySet[Determination]:
        return determinations(self.request)


class DeterminationDetailView(RoleAPIMixin, generics.RetrieveAPIView):
    roles = {"GET": MONEY_READERS}
    serializer_class = s.DeterminationSerializer

    def tenant_queryset(self) -> QuerySet[Determination]:
        return determinations(self.request)


class ClaimFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=1900, max_value=2200)
    quarter = django_filters.NumberFilter(min_value=1, max_value=4)
    direction = django_filters.ChoiceFilter(choices=ClaimDirection.choices)

    class Meta:
        model = CrossMunicipalClaim
        fields: list[str] = []


class ClaimListView(RoleAPIMixin, generics.ListAPIView):
    """Cross-municipal claims of this municipality, outgoing and incoming (pseudonymised)."""

    roles = {"GET": MUNICIPAL}
    serializer_class = s.ClaimSerializer
    filterset_class = ClaimFilter

    def tenant_queryset(self) -> QuerySet[CrossMunicipalClaim]:
        return (
            CrossMunicipalClaim.objects.filter(municipality=self.request.municipality)
            .select_related("counterpart")
            .order_by("-year", "-quarter", "id")
        )


# -- applications and decisions (read; drafting and approving happen on the web) ---------------


class DecisionFilter(YearFilter):
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices)

    class Meta:
        model = SubsidyDecision
        fields: list[str] = []


class DecisionListView(RoleAPIMixin, generics.ListAPIView):
    """Subsidy decisions: all for municipal roles, a company's approved or sent ones for it."""

    roles = {"GET": MONEY_READERS}
    serializer_class = s.DecisionSerializer
    filterset_class = DecisionFilter

    def tenant_queryset(self) -> QuerySet[SubsidyDecision]:
        return decisions_visible(
            municipality=self.request.municipality, company_ids=_company_scope(self.request)
        )


class DecisionDetailView(RoleAPIMixin, generics.RetrieveAPIView):
    roles = {"GET": MONEY_READERS}
    serializer_class = s.DecisionSerializer

    def tenant_queryset(self) -> QuerySet[SubsidyDecision]:
        return decisions_visible(
            municipality=self.request.municipality, company_ids=_company_scope(self.request)
        )


class DecisionLetterView(DecisionDetailView):
    """The decision letter as PDF (404 until the decision is approved)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        decision = self.get_object()
        if not decision.letter:
            raise Http404
        return FileResponse(
            decision.letter.open("rb"),
            as_attachment=True,
            filename=f"beschikking-{decision.year}-{decision.pk}.pdf",
            content_type="application/pdf",
        )


class ApplicationListView(RoleAPIMixin, generics.ListAPIView):
    roles = {"GET": MONEY_READERS}
    serializer_class = s.ApplicationSerializer
    filterset_class = YearFilter

    def tenant_queryset(self) -> QuerySet[SubsidyApplication]:
        return applications_visible(
            municipality=self.request.municipality, company_ids=_company_scope(self.request)
        )
