"""Serializer fields every tenant API shares."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import serializers


class TenantPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of a row of the active municipality; an id of another one is 'does not exist'."""

    def __init__(self, model: type[Model], **kwargs: Any) -> None:
        self.model = model
        kwargs["queryset"] = model._base_manager.none()  # schema generation only
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context["request"]
        return self.model.objects.filter(municipality=request.municipality)
