"""Template helpers of the base layout: the user's organisations and roles, and the
municipalities they may switch to."""

from __future__ import annotations

from typing import Any

from django import template

from participatie import selectors
from participatie.choices import Role
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Membership, Municipality
from participatie.navigation import NavLink, nav_links
from participatie.tenancy.access import accessible_municipalities

register = template.Library()

_ROLE_LABELS = dict(Role.choices)


@register.filter
def role_label(value: str) -> str:
    return str(_ROLE_LABELS.get(value, value))


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
