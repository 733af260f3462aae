"""API of placements, steps, step decisions and objections (under ``/api/v1/<municipality>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.placements.api import views

urlpatterns = [
    path("steps", views.StepListView.as_view(), name="api-step-list"),
    path("steps/<int:pk>", views.StepDetailView.as_view(), name="api-step-detail"),
    path("placements", views.PlacementListView.as_view(), name="api-placement-list"),
    path("placements/<int:pk>", views.PlacementDetailView.as_view(), name="api-placement-detail"),
    path("placements/<int:pk>/end", views.PlacementEndView.as_view(), name="api-placement-end"),
    path("step-decisions", views.StepDecisionListView.as_view(), name="api-stepdecision-list"),
    path(
        "step-decisions/<int:pk>",
        views.StepDecisionDetailView.as_view(),
        name="api-stepdecision-detail",
    ),
    path(
        "step-decisions/<int:pk>/decide",
        views.StepDecisionDecideView.as_view(),
        name="api-stepdecision-decide",
    ),
    path(
        "step-decisions/<int:pk>/objections",
        views.StepDecisionObjectView.as_view(),
        name="api-stepdecision-object",
    ),
    path("objections", views.ObjectionListView.as_view(), name="api-objection-list"),
    path("objections/<int:pk>", views.ObjectionDetailView.as_view(), name="api-objection-detail"),
    path(
        "objections/<int:pk>/handle",
        views.ObjectionHandleView.as_view(),
        name="api-objection-handle",
    ),
]
