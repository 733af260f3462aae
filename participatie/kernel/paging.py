"""Page numbers for the web's lists (the API pages itself in ``participatie.api``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_PARAMETER = "pagina"
PAGE_SIZE = 100  # the most rows a web list shows at once (issue 18)


class CountedPaginator(Paginator):
    """A paginator told its count: a list computes its totals over the whole filtered set in
    one aggregate anyway, so the paginator need not count the rows a second time."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def query_without_page(request: HttpRequest, parameter: str = PAGE_PARAMETER) -> str:
    """The list's own filters, url-encoded, for the page links of ``_pagination.html``."""
    params = request.GET.copy()
    params.pop(parameter, None)
    return params.urlencode()


def page_of(
    request: HttpRequest,
    rows: Any,
    *,
    per_page: int = PAGE_SIZE,
    parameter: str = PAGE_PARAMETER,
) -> dict[str, Any]:
    """The requested page of ``rows`` as template context for ``_pagination.html``: ``page``,
    ``query`` (the other query parameters, kept by the page links) and ``page_parameter`` (a
    page with two lists pages each with its own parameter). A page number that is not a number
    or past the end shows the nearest page, as a person following an old link expects."""
    page: Page = Paginator(rows, per_page).get_page(request.GET.get(parameter))
    return {
        "page": page,
        "query": query_without_page(request, parameter),
        "page_parameter": parameter,
    }
