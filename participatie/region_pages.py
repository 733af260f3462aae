"""Pages that other apps add under ``/regio/<region_slug>/``, and their links on the region home.

``participatie`` imports neither ``matching`` nor ``subsidies``; they register their regional URL
patterns and links here from their ``AppConfig.ready()`` (before the URLconf is first loaded),
like the municipality's menu (``participatie.navigation``). A link shows only to users who hold
the permission its page needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import URLPattern, URLResolver, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from participatie.choices import Role
from participatie.models import Membership, Region, User
from participatie.navigation import NavLink
from participatie.tenancy.permissions import REGIONAL_ROLES, Perm


@dataclass(frozen=True)
class RegionLink:
    label: str | Promise
    url_name: str
    permission: Perm
    order: int = 100


_patterns: list[URLPattern | URLResolver] = []
_links: dict[str, RegionLink] = {}


def register_region_urls(patterns: Sequence[URLPattern | URLResolver]) -> None:
    """Add URL patterns below ``/regio/<region_slug>/`` in the ``regio`` namespace."""
    for pattern in patterns:
        if pattern not in _patterns:
            _patterns.append(pattern)


def region_urlpatterns() -> list[URLPattern | URLResolver]:
    return list(_patterns)


def register_region_link(
    label: str | Promise, url_name: str, *, permission: Perm, order: int = 100
) -> None:
    _links[url_name] = RegionLink(
        label=label, url_name=url_name, permission=permission, order=order
    )


def region_links(*, region_slug: str, permissions: Iterable[Perm]) -> list[NavLink]:
    held = frozenset(permissions)
    return [
        NavLink(label=str(link.label), url=reverse(link.url_name, args=[region_slug]))
        for link in sorted(_links.values(), key=lambda link: (link.order, link.url_name))
        if link.permission in held
    ]


def region_nav_links(*, region_slug: str, permissions: Iterable[Perm]) -> list[NavLink]:
    """The menu of a regional page: the region's home, its reports and the pages other apps
    registered (no query)."""
    if Perm.REGION_VIEW not in frozenset(permissions):
        return []
    own = [
        NavLink(label=str(_("Overzicht regio")), url=reverse("regio:home", args=[region_slug])),
        NavLink(
            label=str(_("Rapportages")),
            url=reverse("regio:reports:run-list", args=[region_slug]),
        ),
    ]
    return own + region_links(region_slug=region_slug, permissions=permissions)


def regions_for_user(user: User) -> list[Region]:
    """The regions whose pages the user works on as regional staff (every region for a
    platform administrator), by name; for the site's home page (one query)."""
    if not user.is_authenticated:
        return []
    own = Membership.objects.filter(user=user)
    return list(
        Region.objects.filter(
            Exists(own.filter(role=Role.PLATFORM_ADMIN))
            | Exists(own.filter(role__in=REGIONAL_ROLES, organisation__region=OuterRef("pk")))
        ).order_by("name")
    )
