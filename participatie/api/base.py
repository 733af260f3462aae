"""What every API view of one municipality shares."""

from __future__ import annotations

from django.db.models import QuerySet


class TenantAPIMixin:
    """Views define ``tenant_queryset()``, always through ``request.municipality``.

    During OpenAPI schema generation there is no request and no tenant: an empty queryset of
    the serializer's model tells drf-spectacular the types without touching tenant data.
    """

    def tenant_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            model = self.get_serializer_class().Meta.model  # type: ignore[attr-defined]
            return model._base_manager.none()
        return self.tenant_queryset()
