"""The subsidies API: tariffs and budgets (read), quarter statements with their lines (read,
confirm, approve), determinations and cross-municipal claims (read), and applications and
decisions: a company's administrator applies, an account holder drafts, changes, proposes and
sends, a second account holder approves (four eyes), a change to an approved decision is a new
one. Thin views: the rules are in subsidies/services. Company users see only their own
companies' rows; each list is a fixed number of queries whatever its length."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import RoleAPIMixin, TenantActionView, validated
from participatie.api.permissions import ACCOUNT_HOLDER, LWB_ADMIN
from participatie.choices import LWB_ROLES, MUNICIPAL_ROLES
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
from subsidies.selectors import applications_visible, company_scope, decisions_visible
from subsidies.services import decisions as decision_services
from subsidies.services.statements import statement_approve, statement_confirm

MUNICIPAL = frozenset(MUNICIPAL_ROLES)
MONEY_READERS = frozenset(MUNICIPAL_ROLES | LWB_ROLES)


def _own_companies(request: Request, queryset: QuerySet) -> QuerySet:
    company_ids = company_scope(request)
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


# -- applications and decisions -----------------------------------------------------------------


@contextmanager
def api_field_names() -> Iterator[None]:
    """The services name a step's places ``places_<code>``, after the web form's fields; here
    the field is ``places.<code>``, as the problem+json of a nested input names it."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {_api_name(name): messages for name, messages in error.error_dict.items()}
        ) from error


def _api_name(name: str) -> str:
    return f"places.{name.removeprefix('places_')}" if name.startswith("places_") else name


def applications(request: Request) -> QuerySet[SubsidyApplication]:
    return applications_visible(
        municipality=request.municipality, company_ids=company_scope(request)
    )


def decisions(request: Request) -> QuerySet[SubsidyDecision]:
    return decisions_visible(municipality=request.municipality, company_ids=company_scope(request))


@extend_schema_view(
    post=extend_schema(
        request=s.ApplicationInputSerializer,
        responses={201: s.ApplicationSerializer},
        summary="Subsidie aanvragen (leerwerkbedrijf)",
    )
)
class ApplicationListView(RoleAPIMixin, generics.ListAPIView):
    """Applications for a year (places per step); a company sees its own. POST: the company's
    administrator applies for one of its own enrolments."""

    roles = {"GET": MONEY_READERS, "POST": LWB_ADMIN}
    serializer_class = s.ApplicationSerializer
    filterset_class = YearFilter

    def tenant_queryset(self) -> QuerySet[SubsidyApplication]:
        return applications(self.request)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.ApplicationInputSerializer, request, self.get_serializer_context())
        with api_field_names():
            application = decision_services.application_submit(actor=request.user, **data)
        body = self.get_serializer(applications(request).get(pk=application.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class DecisionFilter(YearFilter):
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices)

    class Meta:
        model = SubsidyDecision
        fields: list[str] = []


@extend_schema_view(
    post=extend_schema(
        request=s.DecisionDraftInputSerializer,
        responses={201: s.DecisionSerializer},
        summary="Conceptbeschikking opstellen (accounthouder)",
    )
)
class DecisionListView(RoleAPIMixin, generics.ListAPIView):
    """Subsidy decisions: all for municipal roles, a company's approved or sent ones for it.
    POST: an account holder drafts one, the amount from the year's tariffs; above the budget
    left it needs ``over_budget_confirmed``."""

    roles = {"GET": MONEY_READERS, "POST": ACCOUNT_HOLDER}
    serializer_class = s.DecisionSerializer
    filterset_class = DecisionFilter

    def tenant_queryset(self) -> QuerySet[SubsidyDecision]:
        return decisions(self.request)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.DecisionDraftInputSerializer, request, self.get_serializer_context())
        with api_field_names():
            decision = decision_services.decision_draft(actor=request.user, **data)
        body = self.get_serializer(decisions(request).get(pk=decision.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class _DecisionRead(RoleAPIMixin, generics.RetrieveAPIView):
    roles = {"GET": MONEY_READERS}
    serializer_class = s.DecisionSerializer

    def tenant_queryset(self) -> QuerySet[SubsidyDecision]:
        return decisions(self.request)


@extend_schema_view(
    patch=extend_schema(
        request=s.DecisionUpdateInputSerializer,
        responses={200: s.DecisionSerializer},
        summary="Beschikking wijzigen die nog niet is goedgekeurd (accounthouder)",
    )
)
class DecisionDetailView(_DecisionRead):
    """One decision. PATCH changes the places of one not approved yet; it goes back to draft
    with the caller as its drafter. An approved decision is changed with ``amend``."""

    roles = {"GET": MONEY_READERS, "PATCH": ACCOUNT_HOLDER}

    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        data = validated(s.DecisionUpdateInputSerializer, request, self.get_serializer_context())
        places: dict[str, Any] = {line.step.code: line.places for line in decision.lines.all()}
        places.update(data.get("places", {}))
        with api_field_names():
            decision_services.decision_update(
                decision=decision,
                places=places,
                actor=request.user,
                over_budget_confirmed=data["over_budget_confirmed"],
            )
        return Response(self.get_serializer(decisions(request).get(pk=decision.pk)).data)


class DecisionLetterView(_DecisionRead):
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


class _DecisionAction(TenantActionView):
    """``POST decisions/<id>/<action>``: one service of subsidies.services.decisions."""

    model = SubsidyDecision
    roles = {"POST": ACCOUNT_HOLDER}
    input_serializer_class = s.DecisionActionInputSerializer
    output_serializer_class = s.DecisionSerializer
    service: Callable[..., SubsidyDecision]

    def tenant_queryset(self) -> QuerySet[SubsidyDecision]:
        return decisions(self.request)

    def perform(self, obj: SubsidyDecision, data: dict[str, Any]) -> SubsidyDecision:
        with api_field_names():
            decision = type(self).service(decision=obj, actor=self.request.user, **data)
        return self.tenant_queryset().get(pk=decision.pk)


@extend_schema(
    request=None,
    responses={200: s.DecisionSerializer},
    summary="Beschikking ter goedkeuring voorleggen",
)
class DecisionProposeView(_DecisionAction):
    """A draft goes to a second account holder for approval."""

    service = decision_services.decision_propose


@extend_schema(
    request=None, responses={200: s.DecisionSerializer}, summary="Beschikking goedkeuren"
)
class DecisionApproveView(_DecisionAction):
    """A second account holder approves (never the drafter): the letter is rendered as PDF and,
    under full advance, the advance payment is created once."""

    service = decision_services.decision_approve


@extend_schema(
    request=None,
    responses={200: s.DecisionSerializer},
    summary="Beschikking als verzonden markeren",
)
class DecisionSendView(_DecisionAction):
    """An approved decision is marked as sent to the company."""

    service = decision_services.decision_send


@extend_schema(
    request=s.DecisionAmendInputSerializer,
    responses={201: s.DecisionSerializer},
    summary="Goedgekeurde beschikking wijzigen (nieuwe beschikking)",
)
class DecisionAmendView(_DecisionAction):
    """A change to an approved or sent decision: a new draft that refers to it (``supersedes``)
    and, once approved, replaces it."""

    service = decision_services.decision_amend
    input_serializer_class = s.DecisionAmendInputSerializer
    success_status = status.HTTP_201_CREATED
