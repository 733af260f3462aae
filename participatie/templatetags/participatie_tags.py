"""Template helpers of the base layout: the user's organisations and roles, and the
municipalities they may switch to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from participatie import selectors
from participatie.choices import Role
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Membership, Municipality
from participatie.navigation import NavEntry, NavLink, nav_links, nav_menu
from participatie.region_pages import region_nav_links
from participatie.tenancy.access import accessible_municipalities
from participatie.tenancy.permissions import ORGANISATION_ADMIN_ROLES

register = template.Library()

_ROLE_LABELS = dict(Role.choices)


@register.filter
def role_label(value: str) -> str:
    return str(_ROLE_LABELS.get(value, value))


@register.filter
def author(user: Any, names: dict[int, str] | None) -> str:
    """A dossier's author as this reader may see them (``privacy.audit.author_names``): a
    company reader sees the role of municipal and matching-unit staff, not their name."""
    if user is None:
        return ""
    return (names or {}).get(user.pk) or user.get_full_name() or user.email


@register.simple_tag(takes_context=True)
def header_memberships(context: template.Context) -> list[Membership]:
    """On a tenant page the memberships that open this municipality (already loaded by the
    middleware); elsewhere all of the user's memberships."""
    if context.get("municipality") is not None:
        return list(context.get("tenant_memberships") or [])
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return []
    return selectors.user_memberships(user=user)


@register.filter
def may_invite(memberships: Iterable[Membership]) -> bool:
    """Whether one of these (already loaded) memberships lets the user invite colleagues
    (``accounts:invitation-list``), without a query of its own."""
    return any(m.role in ORGANISATION_ADMIN_ROLES for m in memberships or ())


@register.simple_tag(takes_context=True)
def switcher_municipalities(context: template.Context) -> list[Municipality]:
    """The municipalities the user may switch to, read once per page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    lazy = context.get("switchable_municipalities")
    return list(lazy) if lazy is not None else accessible_municipalities(user)


_STATUS_CLASSES = {
    EnrolmentStatus.CANDIDATE: "candidate",
    EnrolmentStatus.ASSESSED: "assessed",
    EnrolmentStatus.ACTIVE: "active",
    EnrolmentStatus.ENDED: "ended",
}


@register.filter
def status_class(value: Any) -> str:
    return _STATUS_CLASSES.get(value, "unknown")


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> list[NavLink]:
    """The menu entries the user's permissions here open (see participatie.navigation)."""
    municipality = context.get("municipality")
    if municipality is None:
        return []
    return nav_links(
        municipality_slug=municipality.slug, permissions=context.get("permissions") or ()
    )


@register.simple_tag(takes_context=True)
def main_menu_entries(context: template.Context) -> list[NavEntry]:
    """The menu as it is shown: groups and single links (see participatie.navigation)."""
    municipality = context.get("municipality")
    if municipality is None:
        return []
    request = context.get("request")
    return nav_menu(
        municipality_slug=municipality.slug,
        permissions=context.get("permissions") or (),
        current_path=getattr(request, "path", ""),
    )


@register.simple_tag(takes_context=True)
def region_menu(context: template.Context) -> list[NavLink]:
    """On a regional page: the region's own pages the user may open (no query)."""
    region = context.get("region")
    if region is None or context.get("municipality") is not None:
        return []
    return region_nav_links(region_slug=region.slug, permissions=context.get("permissions") or ())
