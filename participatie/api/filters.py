from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import get_model_field
from django_scopes import scopes_disabled

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class StrictDateField(forms.DateField):
    """A query-string date in the one format of the API, ``jjjj-mm-dd`` (not the Dutch
    ``dd-mm-jjjj`` Django's locale would also accept)."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": gettext_lazy("Gebruik een datum in de vorm jjjj-mm-dd, bijvoorbeeld 2024-02-01.")
    }

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` and nothing else (django-filter's own widget quietly turns any
    other value into 'no filter')."""

    default_error_messages = {"invalid": gettext_lazy("Gebruik true of false.")}

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        if value == "true":
            return True
        if value == "false":
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


_STRICT_FIELDS = (
    (django_filters.BooleanFilter, StrictBooleanField),
    (django_filters.DateFilter, StrictDateField),
)
_STRICTENED: set[type] = set()


def _is_integer(model: Any, field_name: str) -> bool:
    field = get_model_field(model, field_name) if model is not None else None
    if field is not None and field.is_relation:
        field = getattr(field, "target_field", None)
    return isinstance(field, models.IntegerField)


def strict_filterset(filterset_class: Any) -> Any:
    """Give every boolean, date and integer filter of ``filterset_class`` its strict form field
    (once per class), so every FilterSet, also one added later, reads them alike."""
    if filterset_class is None or filterset_class in _STRICTENED:
        return filterset_class
    model = filterset_class._meta.model
    for declared in filterset_class.base_filters.values():
        for filter_class, field_class in _STRICT_FIELDS:
            if isinstance(declared, filter_class):
                declared.field_class = field_class
        # The schema says integer for a number filter on an integer column: 1.5 is refused.
        if isinstance(declared, django_filters.NumberFilter) and _is_integer(
            model, declared.field_name
        ):
            declared.field_class = forms.IntegerField
    _STRICTENED.add(filterset_class)
    return filterset_class


class TenantFilterBackend(DjangoFilterBackend):
    """django-filter builds its FilterSet classes by introspecting ``_default_manager.all()``,
    which the tenant scope refuses outside a scope (schema generation has none). Building the
    class reads no rows, so it may run unscoped; filtering itself stays inside the scope.

    Boolean and date filters are made strict (``strict_filterset``)."""

    def get_filterset_class(self, view: Any, queryset: Any = None) -> Any:
        with scopes_disabled():
            return strict_filterset(super().get_filterset_class(view, queryset))
