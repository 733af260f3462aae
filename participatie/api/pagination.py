"""Page-number pagination with documented and enforced bounds: ``page`` an integer of at least
1, ``pageSize`` from 1 to 500 (default 50). Outside those bounds is 400 naming the parameter; a
page past the last one is 404."""

from __future__ import annotations

from typing import Any

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


def _bounded_int(request: Any, name: str, default: int, maximum: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    value = int(raw) if raw.isascii() and raw.isdigit() else 0
    if value < 1 or (maximum is not None and value > maximum):
        if maximum is None:
            message = _("Gebruik een geheel getal van 1 of hoger.")
        else:
            message = _("Gebruik een geheel getal van 1 tot en met %(max)s.") % {"max": maximum}
        raise ValidationError({name: [message]})
    return value


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "pageSize"
    max_page_size = 500

    def get_page_size(self, request: Any) -> int:
        return _bounded_int(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list | None:
        self.request = request
        number = _bounded_int(request, self.page_query_param, 1, None)
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(
                _("Pagina %(page)s bestaat niet: er zijn %(pages)s pagina's.")
                % {"page": number, "pages": paginator.num_pages}
            ) from None
        return list(self.page)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Paginanummer, vanaf 1.",
                "schema": {"type": "integer", "minimum": 1, "default": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Aantal resultaten per pagina, van 1 tot en met {self.max_page_size}."
                ),
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                },
            },
        ]
