"""Template helpers for the link to the platform administration (``/beheer/``)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from participatie.choices import Role
from participatie.models import Membership

register = template.Library()


@register.filter
def has_platform_admin(memberships: Iterable[Membership]) -> bool:
    """Whether one of these (already loaded) memberships is the platform administrator's: the
    header shows the link without a query of its own."""
    return any(m.role == Role.PLATFORM_ADMIN for m in memberships or ())
