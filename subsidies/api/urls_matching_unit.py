"""The matching unit's subsidy API under ``/api/v1/<municipality_slug>/matching-unit/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from subsidies.api import views_matching_unit as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("applications", views.ApplicationListView.as_view(), name="api-mu-application-list"),
    path(
        "applications/<int:pk>",
        views.ApplicationDetailView.as_view(),
        name="api-mu-application-detail",
    ),
    path("decisions", views.DecisionListView.as_view(), name="api-mu-decision-list"),
    path("decisions/<int:pk>", views.DecisionDetailView.as_view(), name="api-mu-decision-detail"),
    path("decisions/<int:pk>/pdf", views.DecisionLetterView.as_view(), name="api-mu-decision-pdf"),
    path(
        "decisions/<int:pk>/propose",
        views.DecisionProposeView.as_view(),
        name="api-mu-decision-propose",
    ),
    path(
        "decisions/<int:pk>/approve",
        views.DecisionApproveView.as_view(),
        name="api-mu-decision-approve",
    ),
    path("decisions/<int:pk>/send", views.DecisionSendView.as_view(), name="api-mu-decision-send"),
    path("costs", views.CostListView.as_view(), name="api-mu-cost-list"),
    path("costs/<int:pk>", views.CostDetailView.as_view(), name="api-mu-cost-detail"),
    path("costs/<int:pk>/approve", views.CostApproveView.as_view(), name="api-mu-cost-approve"),
]
