"""The custom-budget API: ``GET custom-budget-expenses`` (filter ``year``) and ``POST
custom-budget-expenses``, as the page "Maatwerkbudget" (``subsidies.views_budgets``): reading
needs ``BUDGETS_VIEW`` (the municipality's officers), recording ``BUDGETS_RECORD`` (its account
holders), through ``custom_budget_expense_record`` (which refuses an overspend). The page has
no decision on an expense, so neither has the API. The list is a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import TenantAPIMixin, validated
from participatie.tenancy.permissions import Perm
from subsidies.api import serializers_custom_budget as s
from subsidies.api.views import YearFilter
from subsidies.models import CustomBudgetExpense
from subsidies.selectors import custom_budget_expenses_visible_to
from subsidies.services import budgets as services


class CustomBudgetExpenseFilter(YearFilter):
    class Meta:
        model = CustomBudgetExpense
        fields: list[str] = []


class _Expenses(TenantAPIMixin):
    model = CustomBudgetExpense

    def tenant_queryset(self) -> QuerySet[CustomBudgetExpense]:
        return custom_budget_expenses_visible_to(self.access).order_by("-spent_on", "-pk")


@extend_schema_view(
    post=extend_schema(
        request=s.CustomBudgetExpenseInputSerializer,
        responses={201: s.CustomBudgetExpenseSerializer},
        summary="Uitgave maatwerkbudget vastleggen (accounthouder)",
    )
)
class CustomBudgetExpenseListView(_Expenses, generics.ListAPIView):
    """Expenses against the custom budget, newest first. POST records one; an expense that
    would exceed the year's custom budget is refused and nothing is saved."""

    permission = {"GET": Perm.BUDGETS_VIEW, "POST": Perm.BUDGETS_RECORD}
    created_url_name = "api-custombudgetexpense-detail"
    serializer_class = s.CustomBudgetExpenseSerializer
    filterset_class = CustomBudgetExpenseFilter

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.CustomBudgetExpenseInputSerializer, request, {"request": request})
        expense = services.custom_budget_expense_record(
            municipality=self.access.municipality,  # type: ignore[arg-type]
            year=data.get("year", data["spent_on"].year),
            spent_on=data["spent_on"],
            description=data["description"],
            amount=data["amount"],
            actor=request.user,
        )
        body = s.CustomBudgetExpenseSerializer(expense).data
        return Response(body, status=status.HTTP_201_CREATED)


class CustomBudgetExpenseDetailView(_Expenses, generics.RetrieveAPIView):
    """One custom-budget expense."""

    permission = {"GET": Perm.BUDGETS_VIEW}
    serializer_class = s.CustomBudgetExpenseSerializer
