"""Reads for accounts: who may invite whom, open invitations, own API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from participatie.choices import Role
from participatie.models import ApiToken, Invitation, Organisation, User
from participatie.tenancy.permissions import ORGANISATION_ADMIN_ROLES


def user_is_platform_admin(user: User) -> bool:
    return bool(user.is_superuser) or user.memberships.filter(role=Role.PLATFORM_ADMIN).exists()


def invitable_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations the user may invite people into: all for a platform admin, otherwise those
    in which the user holds an administrator role."""
    if user_is_platform_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=ORGANISATION_ADMIN_ROLES
    ).distinct()


def open_invitations_by(user: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        created_by=user, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("organisation")


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
