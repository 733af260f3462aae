"""The lump-sum pages: one under ``/<municipality_slug>/subsidies/lumpsum/`` (included in
``subsidies.urls``, so in its namespace) and the regional ones under
``/regio/<region_slug>/lumpsum/`` (registered from ``SubsidiesConfig.ready()``)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from subsidies.lump_sum import views, views_region

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="lump-sum"),
]

AGREEMENT = "lumpsum/<int:year>/<slug:provider_slug>/"

region_patterns: list[URLPattern] = [
    path("lumpsum/", views_region.agreement_list, name="lump-sum-list"),
    path("lumpsum/nieuw/", views_region.agreement_create, name="lump-sum-create"),
    path(AGREEMENT, views_region.agreement_detail, name="lump-sum-detail"),
    path(f"{AGREEMENT}wijzigen/", views_region.agreement_edit, name="lump-sum-edit"),
    path(
        f"{AGREEMENT}afrekening/<int:quarter>/",
        views_region.statement_detail,
        name="lump-sum-statement",
    ),
]
