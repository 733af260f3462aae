"""The municipality's main menu. Each app registers its entries (from ``AppConfig.ready()``),
so ``participatie`` links to pages of ``matching`` and ``subsidies`` without importing them; an
entry shows only to users who hold the permission its page needs.

Entries are grouped so the menu stays short on a phone: a group opens as a list below its name
(``<details>``, so it works by keyboard and without JavaScript), and a group with only one entry
for the user is shown as that entry's plain link. An entry registered without a group falls into
the default group of its URL namespace (``register_nav_namespace_group``), else it stands alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.permissions import Perm


@dataclass(frozen=True)
class NavGroupSpec:
    key: str
    label: str | Promise
    order: int


# The menu's groups, in the order they appear. Apps choose one of these keys.
PEOPLE = "people"
ORGANISATIONS = "organisations"
MONEY = "money"
SETTINGS = "settings"
GROUPS: dict[str, NavGroupSpec] = {
    PEOPLE: NavGroupSpec(PEOPLE, _("Deelnemers"), 10),
    ORGANISATIONS: NavGroupSpec(ORGANISATIONS, _("Organisaties"), 20),
    MONEY: NavGroupSpec(MONEY, _("Geld"), 30),
    SETTINGS: NavGroupSpec(SETTINGS, _("Instellingen"), 40),
}
# Entries without a group come after the groups, by their own order.
UNGROUPED_ORDER = 50


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: Perm
    order: int = 100
    group: str | None = None


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str


@dataclass(frozen=True)
class NavEntry:
    """One top-level entry of the menu: a plain link (``links`` has one element and ``label``
    is its label) or a group of links."""

    label: str
    links: list[NavLink] = field(default_factory=list)
    is_group: bool = False
    current: bool = False  # the page shown is this entry or one of the group's links

    @property
    def url(self) -> str:
        return self.links[0].url


_items: dict[str, NavItem] = {}
_namespace_groups: dict[str, str] = {}


def register_nav_item(
    label: str | Promise,
    url_name: str,
    *,
    permission: Perm,
    order: int = 100,
    group: str | None = None,
) -> None:
    if group is not None and group not in GROUPS:
        raise ValueError(f"unknown menu group {group!r}; use one of {sorted(GROUPS)}")
    _items[url_name] = NavItem(
        label=label, url_name=url_name, permission=permission, order=order, group=group
    )


def register_nav_namespace_group(namespace: str, group: str) -> None:
    """Entries of URL namespace ``namespace`` registered without a group go into ``group``."""
    if group not in GROUPS:
        raise ValueError(f"unknown menu group {group!r}; use one of {sorted(GROUPS)}")
    _namespace_groups[namespace] = group


def _group_of(item: NavItem) -> str | None:
    if item.group is not None:
        return item.group
    return _namespace_groups.get(item.url_name.split(":", 1)[0])


def _visible(permissions: Iterable[Perm]) -> list[NavItem]:
    held = frozenset(permissions)
    return sorted(
        (item for item in _items.values() if item.permission in held),
        key=lambda item: (item.order, item.url_name),
    )


def _link(item: NavItem, municipality_slug: str) -> NavLink:
    return NavLink(label=str(item.label), url=reverse(item.url_name, args=[municipality_slug]))


def nav_links(*, municipality_slug: str, permissions: Iterable[Perm]) -> list[NavLink]:
    """Every entry the user may open, flat and in order (no query)."""
    return [_link(item, municipality_slug) for item in _visible(permissions)]


def nav_menu(
    *, municipality_slug: str, permissions: Iterable[Perm], current_path: str = ""
) -> list[NavEntry]:
    """The menu as it is shown: groups (in their order) and ungrouped entries; a group with
    one entry for this user becomes that entry (no query)."""
    grouped: dict[str, list[NavLink]] = {}
    entries: list[tuple[tuple[int, int, str], NavEntry]] = []
    for item in _visible(permissions):
        key = _group_of(item)
        if key is None:
            link = _link(item, municipality_slug)
            entries.append(
                (
                    (UNGROUPED_ORDER, item.order, item.url_name),
                    NavEntry(link.label, [link], current=link.url == current_path),
                )
            )
        else:
            grouped.setdefault(key, []).append(_link(item, municipality_slug))
    for key, links in grouped.items():
        spec = GROUPS[key]
        current = any(link.url == current_path for link in links)
        entry = (
            NavEntry(str(spec.label), links, is_group=True, current=current)
            if len(links) > 1
            else NavEntry(links[0].label, links, current=current)
        )
        entries.append(((spec.order, 0, key), entry))
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]
