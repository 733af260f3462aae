from __future__ import annotations

from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from django_scopes import scopes_disabled


class TenantFilterBackend(DjangoFilterBackend):
    """django-filter builds its FilterSet classes by introspecting ``_default_manager.all()``,
    which the tenant scope refuses outside a scope (schema generation has none). Building the
    class reads no rows, so it may run unscoped; filtering itself stays inside the scope."""

    def get_filterset_class(self, view: Any, queryset: Any = None) -> Any:
        with scopes_disabled():
            return super().get_filterset_class(view, queryset)
