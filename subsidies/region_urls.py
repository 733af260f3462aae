"""The subsidy pages under ``/regio/<region_slug>/`` (registered into ``participatie.region_urls``
from ``SubsidiesConfig.ready()``, in the ``regio`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from subsidies import views_region

region_patterns: list[URLPattern] = [
    path("budgetverdeling/", views_region.budget_key, name="budget-key"),
    path(
        "inspanningsverplichting/",
        views_region.effort_obligations,
        name="effort-obligations",
    ),
]
