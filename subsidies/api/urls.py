from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from subsidies.api import views, views_claims, views_custom_budget, views_settlement

urlpatterns: list[URLPattern | URLResolver] = [
    path("tariffs", views.TariffListView.as_view(), name="api-tariff-list"),
    path("tariffs/<int:pk>", views.TariffDetailView.as_view(), name="api-tariff-detail"),
    path("tariffs/<int:pk>/copy", views.TariffCopyView.as_view(), name="api-tariff-copy"),
    path("budgets", views.BudgetListView.as_view(), name="api-budget-list"),
    path("budgets/<int:year>", views.BudgetYearView.as_view(), name="api-budget-year"),
    path(
        "custom-budget-expenses",
        views_custom_budget.CustomBudgetExpenseListView.as_view(),
        name="api-custombudgetexpense-list",
    ),
    path(
        "custom-budget-expenses/<int:pk>",
        views_custom_budget.CustomBudgetExpenseDetailView.as_view(),
        name="api-custombudgetexpense-detail",
    ),
    path("claims/<int:pk>", views_claims.ClaimDetailView.as_view(), name="api-claim-detail"),
    path(
        "claims/totals/<int:year>",
        views_claims.ClaimTotalsView.as_view(),
        name="api-claim-totals",
    ),
    path("statements", views.StatementListView.as_view(), name="api-statement-list"),
    path("statements/<int:pk>", views.StatementDetailView.as_view(), name="api-statement-detail"),
    path(
        "statements/settle",
        views_settlement.StatementSettleView.as_view(),
        name="api-statement-settle",
    ),
    path(
        "settlement-runs",
        views_settlement.SettlementRunListView.as_view(),
        name="api-settlement-run-list",
    ),
    path(
        "settlement-runs/<int:pk>",
        views_settlement.SettlementRunDetailView.as_view(),
        name="api-settlement-run-detail",
    ),
    path(
        "statements/<int:pk>/confirm",
        views.StatementConfirmView.as_view(),
        name="api-statement-confirm",
    ),
    path(
        "statements/<int:pk>/approve",
        views.StatementApproveView.as_view(),
        name="api-statement-approve",
    ),
    path("determinations", views.DeterminationListView.as_view(), name="api-determination-list"),
    path(
        "determinations/<int:pk>",
        views.DeterminationDetailView.as_view(),
        name="api-determination-detail",
    ),
    path("claims", views_claims.ClaimListView.as_view(), name="api-claim-list"),
    path("claims/<int:pk>/accept", views_claims.ClaimAcceptView.as_view(), name="api-claim-accept"),
    path(
        "claims/<int:pk>/dispute",
        views_claims.ClaimDisputeView.as_view(),
        name="api-claim-dispute",
    ),
    path("applications", views.ApplicationListView.as_view(), name="api-application-list"),
    path(
        "applications/<int:pk>",
        views.ApplicationDetailView.as_view(),
        name="api-application-detail",
    ),
    path("decisions", views.DecisionListView.as_view(), name="api-decision-list"),
    path("decisions/<int:pk>", views.DecisionDetailView.as_view(), name="api-decision-detail"),
    path("decisions/<int:pk>/pdf", views.DecisionLetterView.as_view(), name="api-decision-pdf"),
    path(
        "decisions/<int:pk>/propose",
        views.DecisionProposeView.as_view(),
        name="api-decision-propose",
    ),
    path(
        "decisions/<int:pk>/approve",
        views.DecisionApproveView.as_view(),
        name="api-decision-approve",
    ),
    path("decisions/<int:pk>/send", views.DecisionSendView.as_view(), name="api-decision-send"),
    path("decisions/<int:pk>/amend", views.DecisionAmendView.as_view(), name="api-decision-amend"),
    path("matching-unit/", include("subsidies.api.urls_matching_unit")),
]
