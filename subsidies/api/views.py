"""The subsidies API: tariffs and budgets (read), quarter statements with their lines (read,
confirm, approve), determinations (read), and applications and
decisions: a company's administrator applies, an account holder drafts, changes, proposes and
sends, a second account holder approves (four eyes), a change to an approved decision is a new
one. Thin views: the rules are in subsidies/services. Each view declares the permission per
method; which rows a user sees is up to the ``*_visible_to(access)`` selectors of
``subsidies.selectors`` (company users see only their own companies' rows), shared with the
pages. Each list is a fixed number of queries whatever its length."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import TenantActionView, TenantAPIMixin, validated
from participatie.privacy.files import file_download
from participatie.tenancy.permissions import Perm
from subsidies import selectors
from subsidies.api import serializers as s
from subsidies.choices import DecisionStatus, StatementStatus
from subsidies.models import (
    Determination,
    MunicipalBudget,
    QuarterStatement,
    SubsidyApplication,
    SubsidyDecision,
    Tariff,
)
from subsidies.services import decisions as decision_services
from subsidies.services import years as year_services
from subsidies.services.statements import statement_approve, statement_confirm

# -- tariffs and budgets -----------------------------------------------------------------------


class YearFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=1900, max_value=2200)


class TariffFilter(YearFilter):
    class Meta:
        model = Tariff
        fields: list[str] = []


@extend_schema_view(
    post=extend_schema(
        request=s.TariffInputSerializer,
        responses={201: s.TariffSerializer},
        summary="Tarieven van een jaar vaststellen (accounthouder)",
    )
)
class TariffListView(TenantAPIMixin, generics.ListAPIView):
    """The municipality's tariffs per year, with the annual amount per step (per version:
    ``effective_from``). POST: an account holder sets the tariffs of a year that has none yet,
    an amount for every step of its catalogue."""

    created_url_name = "api-tariff-detail"

    permission = {"GET": Perm.SUBSIDIES_VIEW, "POST": Perm.YEARS_MANAGE}
    serializer_class = s.TariffSerializer
    filterset_class = TariffFilter

    def tenant_queryset(self) -> QuerySet[Tariff]:
        return selectors.tariffs_of(self.access.municipality)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.TariffInputSerializer, request, self.get_serializer_context())
        with year_field_names(data.get("steps")):
            tariff = year_services.tariff_create(
                municipality=self.access.municipality,
                year=data["year"],
                base_fee=data["base_fee"],
                custom_budget=data["custom_budget"],
                advance_model=data["advance_model"],
                dual_placement_max_days=data["dual_placement_max_days"],
                amounts=step_amounts(data["steps"]),
                actor=request.user,
            )
        body = self.get_serializer(self.tenant_queryset().get(pk=tariff.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    patch=extend_schema(
        request=s.TariffUpdateInputSerializer,
        responses={200: s.TariffSerializer},
        summary="Tarieven van een jaar wijzigen tot de eerste goedgekeurde declaratie",
    )
)
class TariffDetailView(TenantAPIMixin, generics.RetrieveAPIView):
    """One year's tariffs, with the annual amount per step. PATCH changes them (from
    1 January) until the first statement of the year is approved; after that it is refused,
    naming each field, and an amount changes only with a new version."""

    permission = {"GET": Perm.SUBSIDIES_VIEW, "PATCH": Perm.YEARS_MANAGE}
    serializer_class = s.TariffSerializer

    def tenant_queryset(self) -> QuerySet[Tariff]:
        return selectors.tariffs_of(self.access.municipality)

    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        tariff = self.get_object()
        data = validated(s.TariffUpdateInputSerializer, request, self.get_serializer_context())
        first_day = date(tariff.year, 1, 1)
        amounts: dict[str, Any] = {
            row.step.code: row.annual_amount
            for row in tariff.steps.all()
            if row.effective_from == first_day
        }
        amounts.update(step_amounts(data.get("steps", [])))
        with year_field_names(data.get("steps")):
            year_services.tariff_update(
                tariff=tariff,
                base_fee=data.get("base_fee", tariff.base_fee),
                custom_budget=data.get("custom_budget", tariff.custom_budget),
                advance_model=data.get("advance_model", tariff.advance_model),
                dual_placement_max_days=data.get(
                    "dual_placement_max_days", tariff.dual_placement_max_days
                ),
                amounts=amounts,
                actor=request.user,
            )
        return Response(self.get_serializer(self.tenant_queryset().get(pk=tariff.pk)).data)


class BudgetFilter(YearFilter):
    class Meta:
        model = MunicipalBudget
        fields: list[str] = []


class BudgetListView(TenantAPIMixin, generics.ListAPIView):
    """The municipality's budget per year (its share of the regional key)."""

    permission = {"GET": Perm.BUDGETS_VIEW}
    serializer_class = s.BudgetSerializer
    filterset_class = BudgetFilter

    def tenant_queryset(self) -> QuerySet[MunicipalBudget]:
        return MunicipalBudget.objects.filter(municipality=self.access.municipality).order_by(
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


class _Statements(TenantAPIMixin):
    def tenant_queryset(self) -> QuerySet[QuarterStatement]:
        return selectors.statements_visible_to(self.access, with_lines=True).order_by(
            "-year", "-quarter", "enrolment__organisation__name", "id"
        )


class StatementListView(_Statements, generics.ListAPIView):
    """Quarter statements with their lines; filters ``year``, ``quarter``, ``status``."""

    permission = {"GET": Perm.SUBSIDIES_VIEW}
    serializer_class = s.StatementSerializer
    filterset_class = StatementFilter


class StatementDetailView(_Statements, generics.RetrieveAPIView):
    """One quarter statement with its lines (a company's users: only their own companies')."""

    permission = {"GET": Perm.SUBSIDIES_VIEW}
    serializer_class = s.StatementSerializer


class _StatementAction(_Statements, TenantActionView):
    input_serializer_class = s.StatementActionInputSerializer
    output_serializer_class = s.StatementSerializer
    model = QuarterStatement

    def reread(self, statement: QuarterStatement) -> QuarterStatement:
        return self.tenant_queryset().get(pk=statement.pk)


@extend_schema(
    request=None, responses={200: s.StatementSerializer}, summary="Declaratie bevestigen"
)
class StatementConfirmView(_StatementAction):
    """The company's administrator confirms its draft statement (own company only)."""

    permission = {"POST": Perm.STATEMENTS_CONFIRM}

    def perform(self, obj: QuarterStatement, data: dict[str, Any]) -> QuarterStatement:
        return self.reread(statement_confirm(statement=obj, actor=self.request.user))


@extend_schema(
    request=None, responses={200: s.StatementSerializer}, summary="Declaratie goedkeuren"
)
class StatementApproveView(_StatementAction):
    """An account holder approves a confirmed statement: the quarter's attendance is locked and
    the payment instruction is created once (80 % now under quarterly_80_20)."""

    permission = {"POST": Perm.STATEMENTS_APPROVE}

    def perform(self, obj: QuarterStatement, data: dict[str, Any]) -> QuarterStatement:
        return self.reread(statement_approve(statement=obj, actor=self.request.user))


# -- determinations (claims: subsidies.api.views_claims) -------------------------------------------


class DeterminationFilter(YearFilter):
    class Meta:
        model = Determination
        fields: list[str] = []


class _Determinations(TenantAPIMixin):
    def tenant_queryset(self) -> QuerySet[Determination]:
        # As this endpoint has always answered: a company's own determinations before
        # approval too (the pages show a company only approved ones).
        return selectors.determinations_visible_to(self.access, unapproved_for_companies=True)


class DeterminationListView(_Determinations, generics.ListAPIView):
    """Year-end determinations (a company's users: only their own companies')."""

    permission = {"GET": Perm.SUBSIDIES_VIEW}
    serializer_class = s.DeterminationSerializer
    filterset_class = DeterminationFilter


class DeterminationDetailView(_Determinations, generics.RetrieveAPIView):
    """One year-end determination."""

    permission = {"GET": Perm.SUBSIDIES_VIEW}
    serializer_class = s.DeterminationSerializer


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


@extend_schema_view(
    post=extend_schema(
        request=s.ApplicationInputSerializer,
        responses={201: s.ApplicationSerializer},
        summary="Subsidie aanvragen (leerwerkbedrijf)",
    )
)
class ApplicationListView(TenantAPIMixin, generics.ListAPIView):
    """Applications for a year (places per step); a company sees its own. POST: the company's
    administrator applies for one of its own enrolments."""

    created_url_name = "api-application-detail"

    permission = {"GET": Perm.SUBSIDIES_VIEW, "POST": Perm.SUBSIDIES_APPLY}
    serializer_class = s.ApplicationSerializer
    filterset_class = YearFilter

    def tenant_queryset(self) -> QuerySet[SubsidyApplication]:
        return selectors.applications_visible_to(self.access)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.ApplicationInputSerializer, request, self.get_serializer_context())
        with api_field_names():
            application = decision_services.application_submit(actor=request.user, **data)
        body = self.get_serializer(self.tenant_queryset().get(pk=application.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class ApplicationDetailView(TenantAPIMixin, generics.RetrieveAPIView):
    """One application (a company: only its own)."""

    permission = {"GET": Perm.SUBSIDIES_VIEW}
    serializer_class = s.ApplicationSerializer

    def tenant_queryset(self) -> QuerySet[SubsidyApplication]:
        return selectors.applications_visible_to(self.access)


class DecisionFilter(YearFilter):
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices)

    class Meta:
        model = SubsidyDecision
        fields: list[str] = []


class _Decisions(TenantAPIMixin):
    def tenant_queryset(self) -> QuerySet[SubsidyDecision]:
        return selectors.decisions_visible_to(self.access)


@extend_schema_view(
    post=extend_schema(
        request=s.DecisionDraftInputSerializer,
        responses={201: s.DecisionSerializer},
        summary="Conceptbeschikking opstellen (accounthouder)",
    )
)
class DecisionListView(_Decisions, generics.ListAPIView):
    """Subsidy decisions: all for municipal roles, a company's approved or sent ones for it.
    POST: an account holder drafts one, the amount from the year's tariffs; above the budget
    left it needs ``over_budget_confirmed``."""

    created_url_name = "api-decision-detail"

    permission = {"GET": Perm.SUBSIDIES_VIEW, "POST": Perm.SUBSIDIES_DECIDE}
    serializer_class = s.DecisionSerializer
    filterset_class = DecisionFilter

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.DecisionDraftInputSerializer, request, self.get_serializer_context())
        with api_field_names():
            decision = decision_services.decision_draft(actor=request.user, **data)
        body = self.get_serializer(self.tenant_queryset().get(pk=decision.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class _DecisionRead(_Decisions, generics.RetrieveAPIView):
    permission = {"GET": Perm.SUBSIDIES_VIEW}
    serializer_class = s.DecisionSerializer


@extend_schema_view(
    patch=extend_schema(
        request=s.DecisionUpdateInputSerializer,
        responses={200: s.DecisionSerializer},
        summary="Beschikking wijzigen die nog niet is goedgekeurd (accounthouder)",
    )
)
class DecisionDetailView(_DecisionRead):
    """One decision. PATCH changes the places of one not approved yet; it goes back to draft
    with the caller as its last changer (``changed_by``), who may not approve it, nor may its
    drafter. An approved decision is changed with ``amend``."""

    permission = {"GET": Perm.SUBSIDIES_VIEW, "PATCH": Perm.SUBSIDIES_DECIDE}

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
        return Response(self.get_serializer(self.tenant_queryset().get(pk=decision.pk)).data)


class DecisionLetterView(_DecisionRead):
    """The decision letter as PDF (404 until the decision is approved)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        decision = self.get_object()
        return file_download(
            request,
            decision.letter,
            obj=decision,
            filename=f"beschikking-{decision.year}.pdf",
            content_type="application/pdf",
        )


class _DecisionAction(_Decisions, TenantActionView):
    """``POST decisions/<id>/<action>``: one service of subsidies.services.decisions."""

    model = SubsidyDecision
    permission = {"POST": Perm.SUBSIDIES_DECIDE}
    input_serializer_class = s.DecisionActionInputSerializer
    output_serializer_class = s.DecisionSerializer
    service: Callable[..., SubsidyDecision]

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
    """A second account holder approves (never the drafter nor the last changer: 400 otherwise):
    the letter is rendered as PDF and, under full advance, the advance payment is created
    once."""

    service = decision_services.decision_approve


@extend_schema(
    request=s.DecisionSendInputSerializer,
    responses={200: s.DecisionSerializer},
    summary="Beschikking verzenden",
)
class DecisionSendView(_DecisionAction):
    """An approved decision is sent: its letter goes by e-mail to the company's contact
    address. Without one, ``without_email_confirmed`` says that the sender sends it."""

    service = decision_services.decision_send
    input_serializer_class = s.DecisionSendInputSerializer


@extend_schema(
    request=s.DecisionAmendInputSerializer,
    responses={201: s.DecisionSerializer},
    summary="Goedgekeurde beschikking wijzigen (nieuwe beschikking)",
)
class DecisionAmendView(_DecisionAction):
    """A change to an approved or sent decision: a new draft that refers to it (``supersedes``)
    and, once approved, replaces it."""

    created_url_name = "api-decision-detail"

    service = decision_services.decision_amend
    input_serializer_class = s.DecisionAmendInputSerializer
    success_status = status.HTTP_201_CREATED


# -- year settings -----------------------------------------------------------------------------


def step_amounts(rows: list[dict[str, Any]] | None) -> dict[str, Any]:
    """``[{"step": code, "annual_amount": "2500.00"}]`` as the services take it."""
    return {row["step"]: row["annual_amount"] for row in rows or []}


@contextmanager
def year_field_names(rows: list[dict[str, Any]] | None) -> Iterator[None]:
    """The services name a step's amount ``amount_<code>`` (after the page's fields); here it
    is ``steps.<index>.annual_amount`` of the request's list, or ``steps`` for a step the
    request left out (and for unknown codes)."""
    index = {row["step"]: i for i, row in enumerate(rows or [])}

    def api_name(name: str) -> str:
        if name.startswith("amount_"):
            code = name.removeprefix("amount_")
            return f"steps.{index[code]}.annual_amount" if code in index else "steps"
        return "steps" if name == "amounts" else name

    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed: dict[str, list[str]] = {}
        for name, errors in error.message_dict.items():
            renamed.setdefault(api_name(name), []).extend(errors)
        raise ValidationError(renamed) from error


@extend_schema(
    request=s.TariffCopyInputSerializer,
    responses={201: s.TariffSerializer},
    summary="Jaar inrichten als kopie van dit jaar (accounthouder)",
)
class TariffCopyView(TenantActionView):
    """Set up another year as an exact copy of this tariff's year: its step catalogue, its
    amounts as in force at the end of the year (from 1 January), base fee, custom budget,
    advance model, maximum length of a second place and budget."""

    created_url_name = "api-tariff-detail"

    model = Tariff
    permission = {"POST": Perm.YEARS_MANAGE}
    input_serializer_class = s.TariffCopyInputSerializer
    output_serializer_class = s.TariffSerializer
    success_status = status.HTTP_201_CREATED

    def tenant_queryset(self) -> QuerySet[Tariff]:
        return selectors.tariffs_of(self.access.municipality)

    def perform(self, obj: Tariff, data: dict[str, Any]) -> Tariff:
        tariff = year_services.year_create(
            municipality=self.access.municipality,
            year=data["year"],
            copy_from=obj.year,
            actor=self.request.user,
        )
        return self.tenant_queryset().get(pk=tariff.pk)


@extend_schema_view(
    put=extend_schema(
        request=s.BudgetInputSerializer,
        responses={200: s.BudgetSerializer},
        summary="Budget van een jaar vastleggen (accounthouder)",
    )
)
class BudgetYearView(TenantAPIMixin, generics.GenericAPIView):
    """The budget of one year (GET, 404 when it has none). PUT sets it: allocated and the
    planned matching-unit cost, not negative."""

    permission = {"GET": Perm.BUDGETS_VIEW, "PUT": Perm.YEARS_MANAGE}
    serializer_class = s.BudgetSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def tenant_queryset(self) -> QuerySet[MunicipalBudget]:
        return MunicipalBudget.objects.filter(municipality=self.access.municipality)

    def get(self, request: Request, year: int, *args: Any, **kwargs: Any) -> Response:
        budget = self.get_queryset().filter(year=year).first()
        if budget is None:
            raise Http404
        return Response(self.get_serializer(budget).data)

    def put(self, request: Request, year: int, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.BudgetInputSerializer, request, self.get_serializer_context())
        budget = year_services.budget_set(
            municipality=self.access.municipality,
            year=year,
            allocated=data["allocated"],
            matching_unit_cost=data["matching_unit_cost"],
            actor=request.user,
        )
        return Response(self.get_serializer(budget).data)
