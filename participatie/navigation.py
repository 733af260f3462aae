"""The municipality's main menu. Each app registers its entries (from ``AppConfig.ready()``),
so ``participatie`` links to pages of ``matching`` and ``subsidies`` without importing them; an
entry shows only to users who hold the permission its page needs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from participatie.tenancy.permissions import Perm


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: Perm
    order: int = 100


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str


_items: dict[str, NavItem] = {}


def register_nav_item(
    label: str | Promise, url_name: str, *, permission: Perm, order: int = 100
) -> None:
    _items[url_name] = NavItem(label=label, url_name=url_name, permission=permission, order=order)


def nav_links(*, municipality_slug: str, permissions: Iterable[Perm]) -> list[NavLink]:
    held = frozenset(permissions)
    return [
        NavLink(label=str(item.label), url=reverse(item.url_name, args=[municipality_slug]))
        for item in sorted(_items.values(), key=lambda item: (item.order, item.url_name))
        if item.permission in held
    ]
