"""Strict input for every tenant API view (issue 17): only the query parameters and body fields
an operation documents, each of the type its schema says.

* Query parameters: a view's allowed names come from its pagination, its FilterSet and its
  ``extra_query_parameters``; they are worked out once per view class and method
  (``query_rules``), so a request pays one set lookup per parameter it sends.
* The snake_case names of before issue 17 (``DEPRECATED_QUERY_NAMES``) keep working for one
  release: the request is answered as if the new name was sent, with a ``Deprecation`` header
  (RFC 9745); sending the old and the new name of one parameter is 400.
* Bodies: ``body_errors`` walks the input serializer's fields (nested ones too) and names every
  unknown or read-only field and, for JSON bodies, every value of the wrong JSON type.

Errors are raised as DRF ``ValidationError`` keyed by the name the client sent, so the
problem+json shape is the exception handler's.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.relations import ManyRelatedField, RelatedField

# Old name -> new name. Remove after the release that announces the new names.
DEPRECATED_QUERY_NAMES: dict[str, str] = {
    "page_size": "pageSize",
    "home_municipality": "homeMunicipality",
    "start_date_after": "startDateAfter",
    "start_date_before": "startDateBefore",
    "valid_from_after": "validFromAfter",
    "valid_from_before": "validFromBefore",
    "referred_on_after": "referredOnAfter",
    "referred_on_before": "referredOnBefore",
}
# The moment the snake_case names were deprecated (RFC 9745: ``Deprecation: @<unix time>``).
DEPRECATED_SINCE = datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC)
DEPRECATION_HEADER = f"@{int(DEPRECATED_SINCE.timestamp())}"
# Where the deprecation is documented: the schema names each old parameter's replacement.
DEPRECATION_LINK = '</api/v1/openapi.json>; rel="deprecation"; type="application/json"'

SAFE_METHODS = frozenset({"GET", "HEAD"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class QueryRules:
    """What one method of one view class accepts in its query string."""

    allowed: frozenset[str]
    # old name -> new name, only for the new names this view accepts
    renamed: dict[str, str] = field(default_factory=dict)

    @property
    def accepted(self) -> frozenset[str]:
        return self.allowed | frozenset(self.renamed)


def _paginates(view_class: type) -> bool:
    return bool(getattr(view_class, "pagination_class", None)) and (
        hasattr(view_class, "list") or getattr(view_class, "paginates", False)
    )


def allowed_query_names(view_class: type, method: str) -> frozenset[str]:
    """The documented query parameters of ``method`` on ``view_class`` (new names only)."""
    if method not in SAFE_METHODS:
        return frozenset(getattr(view_class, "write_query_parameters", ()))
    names: set[str] = set(getattr(view_class, "extra_query_parameters", ()))
    if _paginates(view_class):
        pagination = view_class.pagination_class  # type: ignore[attr-defined]
        names.add(pagination.page_query_param)
        if pagination.page_size_query_param:
            names.add(pagination.page_size_query_param)
        cursor = getattr(pagination, "cursor_query_param", None)
        if cursor:
            names.add(cursor)
    if getattr(view_class, "filter_backends", None):
        filterset = getattr(view_class, "filterset_class", None)
        if filterset is not None:
            names.update(filterset.base_filters)
        names.update(getattr(view_class, "filterset_fields", None) or ())
    return frozenset(names)


_RULES: dict[tuple[type, str], QueryRules] = {}


def query_rules(view_class: type, method: str) -> QueryRules:
    """``QueryRules`` of a view class and method, computed on first use and then reused."""
    key = (view_class, method)
    rules = _RULES.get(key)
    if rules is None:
        allowed = allowed_query_names(view_class, method)
        renamed = {old: new for old, new in DEPRECATED_QUERY_NAMES.items() if new in allowed}
        rules = _RULES[key] = QueryRules(allowed=allowed, renamed=renamed)
    return rules


def check_query(query: QueryDict, rules: QueryRules) -> tuple[QueryDict, dict[str, str]] | None:
    """``None`` when every parameter is a current one (the usual case: nothing is copied).
    Otherwise the query with old names replaced by new ones and ``{new: old}`` of the
    replaced names. Raises ``ValidationError`` naming every unknown parameter, and every old
    name sent together with its new one."""
    if not query:
        return None
    allowed = rules.allowed
    strays = [name for name in query if name not in allowed]
    if not strays:
        return None
    errors: dict[str, list[str]] = {}
    used: dict[str, str] = {}
    for name in strays:
        new = rules.renamed.get(name)
        if new is None:
            errors[name] = [_("Deze parameter bestaat niet voor deze bewerking.")]
        elif new in query:
            errors[name] = [
                _("Gebruik alleen %(new)s: %(old)s is de oude naam van dezelfde parameter.")
                % {"new": new, "old": name}
            ]
        else:
            used[new] = name
    if errors:
        raise ValidationError(errors)
    renamed = query.copy()
    for new, old in used.items():
        renamed.setlist(new, renamed.pop(old))
    renamed._mutable = False
    return renamed, used


# --- bodies -----------------------------------------------------------------------------------


_LISTS = (serializers.MultipleChoiceField, serializers.ListField, ManyRelatedField)


def _type_error(field: serializers.Field, value: Any) -> str | None:
    """The message when ``value`` (parsed JSON) is not the JSON type the schema gives
    ``field``; ``None`` when it is (or when the field itself decides, e.g. ``null``)."""
    if value is None:
        return None
    if isinstance(field, serializers.BooleanField):
        return (
            None
            if isinstance(value, bool)
            else _("Gebruik true of false, zonder aanhalingstekens.")
        )
    if isinstance(field, serializers.IntegerField) or (
        isinstance(field, RelatedField) and isinstance(field, serializers.PrimaryKeyRelatedField)
    ):
        if isinstance(value, int) and not isinstance(value, bool):
            return None
        return _("Gebruik een geheel getal, zonder aanhalingstekens.")
    if isinstance(field, serializers.FloatField):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return None
        return _("Gebruik een getal, zonder aanhalingstekens.")
    if isinstance(field, serializers.DateField):
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return None
        return _("Gebruik een datum in de vorm jjjj-mm-dd, bijvoorbeeld 2024-02-01.")
    if isinstance(
        field,
        (
            serializers.CharField,
            serializers.DecimalField,
            serializers.DateTimeField,
            serializers.TimeField,
            serializers.UUIDField,
        ),
    ):
        return None if isinstance(value, str) else _("Gebruik een tekst, tussen aanhalingstekens.")
    if isinstance(field, _LISTS):
        return None if isinstance(value, list) else _("Gebruik een lijst.")
    if isinstance(field, serializers.ChoiceField):
        if all(isinstance(key, str) for key in field.choices):
            return (
                None if isinstance(value, str) else _("Gebruik een tekst, tussen aanhalingstekens.")
            )
        return None
    if isinstance(field, serializers.DictField):
        return None if isinstance(value, dict) else _("Gebruik een object.")
    return None


def body_errors(serializer: serializers.BaseSerializer, data: Any, *, json: bool) -> Any:
    """Unknown and read-only fields of ``data`` for ``serializer`` (nested serializers too)
    and, when the body is JSON, values of the wrong type. Returns DRF's error structure (a
    dict by field name, a list by index for lists), empty when all is well."""
    if isinstance(serializer, serializers.ListSerializer):
        if not isinstance(data, list):
            return {}
        found = [body_errors(serializer.child, item, json=json) for item in data]
        return found if any(found) else {}
    if not isinstance(serializer, serializers.Serializer) or not isinstance(data, Mapping):
        return {}
    fields = serializer.fields
    errors: dict[str, Any] = {}
    for name in data:
        field = fields.get(name)
        if field is None:
            errors[name] = [_("Dit veld bestaat niet bij deze bewerking.")]
        elif field.read_only:
            errors[name] = [_("Dit veld kunt u niet meesturen: het is alleen te lezen.")]
        elif isinstance(field, serializers.BaseSerializer):
            value = data[name]
            if json and value is not None:
                expected = list if isinstance(field, serializers.ListSerializer) else Mapping
                if not isinstance(value, expected):
                    errors[name] = [
                        _("Gebruik een lijst.") if expected is list else _("Gebruik een object.")
                    ]
                    continue
            nested = body_errors(field, value, json=json)
            if nested:
                errors[name] = nested
        elif json:
            message = _type_error(field, data[name])
            if message:
                errors[name] = [message]
            elif isinstance(field, serializers.ListField) and isinstance(data[name], list):
                child_errors = {
                    index: [message]
                    for index, item in enumerate(data[name])
                    if (message := _type_error(field.child, item))
                }
                if child_errors:
                    errors[name] = child_errors
    return errors
