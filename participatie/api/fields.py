"""Serializer fields every tenant API shares."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy
from rest_framework import serializers

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class TenantPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of a row of the active municipality; an id of another one is 'does not exist'."""

    def __init__(self, model: type[Model], **kwargs: Any) -> None:
        self.model = model
        kwargs["queryset"] = model._base_manager.none()  # schema generation only
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context["request"]
        return self.model.objects.filter(municipality=request.municipality)


class DateField(serializers.DateField):
    """A date in the one format of the API, ``jjjj-mm-dd``, with a Dutch message saying so
    (DRF's own reads "YYYY-MM-DD", half English)."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Gebruik een datum in de vorm jjjj-mm-dd, bijvoorbeeld 2024-02-01."
        ),
        "datetime": gettext_lazy("Gebruik een datum in de vorm jjjj-mm-dd, zonder tijd."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> Any:
        # strptime also takes 2024-2-1; the API takes exactly jjjj-mm-dd.
        if isinstance(value, str) and not _DATE.fullmatch(value.strip()):
            self.fail("invalid")
        return super().to_internal_value(value)
