"""The typed request every tenant view receives, and how a view declares what it needs.

The tenancy middleware resolves the municipality (or region) of the URL, checks the user's
memberships and puts an :class:`Access` on the request: who the user is here, which of their
organisations count, and the permissions their roles give (``participatie.tenancy.permissions``).
It is built once per request from rows the middleware already read, so asking it costs no query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

from participatie.tenancy.permissions import (
    LWB_ROLES,
    MATCHING_UNIT_ROLES,
    Perm,
    permissions_for,
)

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails
    from rest_framework.request import Request

    from participatie.models import ApiToken, Membership, Municipality, Region, User


@dataclass(frozen=True)
class Access:
    """What one user may do in the active municipality (or region)."""

    user: User | None
    municipality: Municipality | None = None
    region: Region | None = None
    memberships: tuple[Membership, ...] = ()
    roles: frozenset[str] = frozenset()
    permissions: frozenset[Perm] = field(default=frozenset())

    @classmethod
    def from_memberships(
        cls,
        user: User | None,
        memberships: Iterable[Membership],
        *,
        municipality: Municipality | None = None,
        region: Region | None = None,
    ) -> Access:
        memberships = tuple(memberships)
        roles = frozenset(m.role for m in memberships)
        return cls(
            user=user,
            municipality=municipality,
            region=region,
            memberships=memberships,
            roles=roles,
            permissions=permissions_for(roles),
        )

    def has(self, permission: Perm) -> bool:
        return permission in self.permissions

    def organisation_ids(self, roles: Iterable[str]) -> frozenset[int]:
        """The organisations in which the user holds one of ``roles`` here."""
        wanted = frozenset(roles)
        return frozenset(m.organisation_id for m in self.memberships if m.role in wanted)

    # Cached (the instance's __dict__, which a frozen dataclass leaves writable): a page asks
    # these many times, and a company supervisor may hold dozens of memberships.
    @cached_property
    def company_ids(self) -> frozenset[int]:
        """The learning-work companies the user works for here."""
        return self.organisation_ids(LWB_ROLES)

    @cached_property
    def matching_unit_ids(self) -> frozenset[int]:
        """The matching units the user works for (they may serve other municipalities too)."""
        return self.organisation_ids(MATCHING_UNIT_ROLES)


NO_ACCESS = Access(user=None)


class TenantRequest(HttpRequest):
    """For annotations only: an ``HttpRequest`` after the tenancy middleware, which lets only
    signed-in members through."""

    user: User
    request_id: str
    api_token: ApiToken | None
    _dont_enforce_csrf_checks: bool
    # Set by the login adapter when django-axes refuses an attempt (the lockout page reads them).
    axes_locked_out: bool
    axes_credentials: dict[str, Any]
    municipality: Municipality
    region: Region | None
    access: Access
    tenant_memberships: list[Membership]
    roles: frozenset[str]
    permissions: frozenset[Perm]
    htmx: HtmxDetails


def access_of(request: HttpRequest | Request) -> Access:
    """The request's :class:`Access` (for a page's request as for DRF's, which wraps it)."""
    raw = getattr(request, "_request", request)
    return getattr(raw, "access", NO_ACCESS)


def require(request: HttpRequest | Request, permission: Perm) -> None:
    """403 unless the user holds ``permission`` here (for views that need a second check)."""
    if not access_of(request).has(permission):
        raise PermissionDenied(_("Uw rol geeft geen toegang tot deze pagina."))


View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def permission_required(permission: Perm) -> Callable[[View], View]:
    """Declare the permission a tenant page needs; 403 for anyone without it.

    The permission is kept on the view (``view.permission``) so a test can check that every
    page declares one.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require(request, permission)
            return view(request, *args, **kwargs)

        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
