"""Reads of the site shell (header, pages without a tenant)."""

from __future__ import annotations

from participatie.models import Membership, User


def user_memberships(*, user: User) -> list[Membership]:
    """All of a user's memberships (global rows), for pages without a tenant."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
