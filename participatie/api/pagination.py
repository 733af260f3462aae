"""Page-number pagination with documented and enforced bounds: ``page`` an integer of at least
1, ``pageSize`` from 1 to 500 (default 50). Outside those bounds is 400 naming the parameter; a
page past the last one is 404.

The large lists (attendance, participants, placements) also page by keyset: ``cursor``
(``KeysetPagination``), for clients that walk the whole list."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.paginator import InvalidPage
from django.db.models import F, Field, Func, Value
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.translation import gettext as _
from rest_framework.exceptions import ErrorDetail, NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


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


# -- keyset ("cursor") pagination ---------------------------------------------------------------


class _Row(Func):
    """``ROW(a, b, c)``: compared with another row, PostgreSQL uses it as one index condition
    (``(a, b, c) > (x, y, z)``), so a deep page starts where the index says, not after an
    OFFSET that reads every row before it."""

    function = "ROW"
    output_field = Field()


@dataclass(frozen=True)
class _Position:
    """What a cursor carries: the id of the row a page ended (or began) with, the way to go
    from there, and a fingerprint of the filters the walk started with.

    Not the row's sort values: for the participants those are names, and a name never goes
    into a URL (signed is not secret). The values are read again by id, which costs one
    primary-key lookup per page."""

    anchor: int
    backwards: bool
    filters: str


class KeysetPagination(Pagination):
    """Page numbers by default; with ``cursor`` (empty for the first page) keyset pagination:
    ``next`` and ``previous`` are links with a signed cursor and there is no ``count``.

    A deep page costs what the first one costs: the cursor's row gives the position and the
    page is the ``pageSize`` rows after it on the view's ``cursor_ordering``, a total order
    (ending in a unique key) that an index serves. The cursor is signed with a salt of the
    list, the municipality and the user, so it cannot be changed, made up or replayed on
    another list, municipality or user; used with other filters than it was made with, it is
    stale. Both are 400 naming ``cursor``.
    """

    cursor_query_param = "cursor"
    _signing_namespace = "participatie.api.cursor.v1"

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list | None:
        self.cursor_mode = self.cursor_query_param in request.query_params
        if not self.cursor_mode:
            return super().paginate_queryset(queryset, request, view)
        if self.page_query_param in request.query_params:
            raise self._cursor_error(
                _("Gebruik cursor of page, niet allebei."), code="cursor_with_page"
            )
        self.request = request
        self._salt = self._salt_of(request, view)
        self._filters = self._filters_of(request)
        size = self.get_page_size(request)
        position = self._decode(request.query_params[self.cursor_query_param])
        ordering: tuple[str, ...] = view.cursor_ordering
        page = self._page(queryset, ordering, position, size)
        self._links(page, position)
        return page

    # -- the page -------------------------------------------------------------------------

    def _page(
        self, queryset: Any, ordering: tuple[str, ...], position: _Position | None, size: int
    ) -> list:
        """The page's rows in list order. One row more is read on the far side of the page
        (after it going forward, before it going backward): it tells whether there is a
        further page, without a count."""
        fields = [name.lstrip("-") for name in ordering]
        descending = ordering[0].startswith("-")
        assert all(name.startswith("-") == descending for name in ordering), (
            "a keyset ordering goes one way: (a, b) > (x, y) compares all columns alike"
        )
        backwards = position is not None and position.backwards
        scan = [_reversed(name) for name in ordering] if backwards else list(ordering)
        if position is not None:
            values = self._anchor_values(queryset, fields, position.anchor)
            later = descending == backwards  # the scan runs towards larger keys
            compare = GreaterThan if later else LessThan
            queryset = queryset.filter(
                compare(_Row(*(F(name) for name in fields)), _Row(*(Value(v) for v in values)))
            )
        rows = list(queryset.order_by(*scan)[: size + 1])
        self._has_more = len(rows) > size
        page = rows[:size]
        if backwards:
            page.reverse()
        return page

    def _anchor_values(self, queryset: Any, fields: list[str], anchor: int) -> tuple:
        """The sort key of the cursor's row now. Read without the list's filters: a row that
        no longer matches them (a placement that ended) still marks the place in the list."""
        values = queryset.model._default_manager.filter(pk=anchor).values_list(*fields).first()
        if values is None:
            raise self._cursor_error(
                _(
                    "De rij waar deze cursor naar wijst bestaat niet meer. Begin opnieuw met "
                    "een lege cursor."
                ),
                code="stale",
            )
        return values

    def _links(self, page: list, position: _Position | None) -> None:
        """``next`` after the page's last row when there are rows after it; ``previous``
        before its first row when there are rows before it (known for certain going
        backward; going forward, from the cursor that led here)."""
        backwards = position is not None and position.backwards
        self._next = self._previous = None
        if page and (backwards or self._has_more):
            self._next = self._encode(_Position(page[-1].pk, False, self._filters))
        if page and (self._has_more if backwards else position is not None):
            self._previous = self._encode(_Position(page[0].pk, True, self._filters))

    # -- the cursor -----------------------------------------------------------------------

    def _salt_of(self, request: Any, view: Any) -> str:
        municipality = getattr(request, "municipality", None)
        return ":".join(
            (
                self._signing_namespace,
                f"{type(view).__module__}.{type(view).__qualname__}",
                str(getattr(municipality, "pk", "")),
                str(request.user.pk),
            )
        )

    def _filters_of(self, request: Any) -> str:
        """A fingerprint of the query without the paging parameters: a cursor belongs to the
        filters it was made with."""
        paging = {self.cursor_query_param, self.page_size_query_param}
        query = sorted(
            (name, [v for v in request.query_params.getlist(name) if v])
            for name in request.query_params
            if name not in paging
        )
        query = [(name, values) for name, values in query if values]
        return hashlib.sha256(json.dumps(query).encode()).hexdigest()[:16]

    def _encode(self, position: _Position) -> str:
        payload = {"a": position.anchor, "b": int(position.backwards), "f": position.filters}
        return signing.dumps(payload, salt=self._salt)

    def _decode(self, raw: str) -> _Position | None:
        if raw == "":
            return None
        try:
            payload = signing.loads(raw, salt=self._salt)
            position = _Position(
                anchor=int(payload["a"]), backwards=bool(payload["b"]), filters=str(payload["f"])
            )
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise self._cursor_error(
                _(
                    "Deze cursor is ongeldig. Gebruik de links next en previous uit het "
                    "antwoord, of begin met een lege cursor."
                ),
                code="invalid",
            ) from None
        if position.filters != self._filters:
            raise self._cursor_error(
                _(
                    "Deze cursor hoort bij andere filters. Begin opnieuw met een lege cursor, "
                    "of stuur dezelfde filters mee."
                ),
                code="stale",
            )
        return position

    def _cursor_error(self, message: str, *, code: str) -> ValidationError:
        return ValidationError({self.cursor_query_param: [ErrorDetail(message, code=code)]})

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    # -- the response and its schema ------------------------------------------------------

    def get_paginated_response(self, data: Any) -> Response:
        if not getattr(self, "cursor_mode", False):
            return super().get_paginated_response(data)
        return Response(
            {
                "next": self._link(self._next),
                "previous": self._link(self._previous),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["results"]
        paginated["properties"]["count"]["description"] = (
            "Het aantal resultaten; alleen bij paginanummers, niet met `cursor`."
        )
        for name in ("next", "previous"):
            paginated["properties"][name]["description"] = (
                f"De link naar de {'volgende' if name == 'next' else 'vorige'} pagina, "
                "of null. Met `cursor` draagt de link een nieuwe cursor."
            )
        return paginated

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Bladeren met een cursor in plaats van paginanummers: stuur `cursor=` "
                    "(leeg) voor de eerste pagina en volg daarna de links `next` en "
                    "`previous`. Een diepe pagina is dan even snel als de eerste; het "
                    "antwoord heeft geen `count`. De cursor is ondertekend en hoort bij deze "
                    "lijst, deze gebruiker en deze filters: een gewijzigde, onbekende of "
                    "verouderde cursor (andere filters, de rij bestaat niet meer) geeft 400. "
                    "Niet samen met `page`."
                ),
                "schema": {"type": "string"},
            },
        ]


def _reversed(name: str) -> str:
    return name[1:] if name.startswith("-") else f"-{name}"
