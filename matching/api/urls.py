from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from matching.api import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("referrals", views.ReferralListView.as_view(), name="api-referral-list"),
    path("referrals/<int:pk>", views.ReferralDetailView.as_view(), name="api-referral-detail"),
    path("intakes", views.IntakeListView.as_view(), name="api-intake-list"),
    path("intakes/<int:pk>", views.IntakeDetailView.as_view(), name="api-intake-detail"),
    path(
        "intakes/<int:pk>/conclude",
        views.IntakeConcludeView.as_view(),
        name="api-intake-conclude",
    ),
    path("intakes/<int:pk>/place", views.IntakePlaceView.as_view(), name="api-intake-place"),
]
