"""Page numbers for the web's lists (the API pages itself in ``participatie.api``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told its count: a list computes its totals over the whole filtered set in
    one aggregate anyway, so the paginator need not count the rows a second time."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count
