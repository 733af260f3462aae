from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from matching.api import views
from matching.imports import api as imports

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
    path("imports", imports.ImportListView.as_view(), name="api-import-list"),
    path("imports/<uuid:reference>", imports.ImportDetailView.as_view(), name="api-import-detail"),
    path(
        "imports/<uuid:reference>/commit",
        imports.ImportCommitView.as_view(),
        name="api-import-commit",
    ),
    path("imports/<uuid:reference>/undo", imports.ImportUndoView.as_view(), name="api-import-undo"),
    path(
        "imports/<uuid:reference>/errors.xlsx",
        imports.ImportErrorFileView.as_view(),
        name="api-import-errors",
    ),
]
