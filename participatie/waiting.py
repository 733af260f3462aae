"""What waits for one user in one municipality ("Wat wacht op mij"): the home page lists it and
the daily digest mails it.

``participatie`` imports neither ``matching`` nor ``subsidies``; each app registers a provider
from its ``AppConfig.ready()``. A provider gets the user's
:class:`~participatie.tenancy.http.Access` (inside the tenant) and returns the items it has
for that user, with a count and a link. A provider runs a fixed number of queries, however
many items wait: the home page and the digest call every provider for every user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from participatie.tenancy.http import Access


@dataclass(frozen=True)
class WaitingItem:
    """``count`` things of one kind wait for the user at ``url``."""

    key: str  # stable, e.g. "subsidies.decisions_to_approve" (tests and the digest use it)
    label: str | Promise  # Dutch, B1: "Beschikkingen om goed te keuren"
    count: int
    url: str
    order: int = 100


WaitingProvider = Callable[[Access], list[WaitingItem]]
_providers: list[WaitingProvider] = []


def register_waiting(provider: WaitingProvider) -> WaitingProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def waiting_for(access: Access) -> list[WaitingItem]:
    """Everything that waits for the user of ``access``: items with a count above zero, in
    menu order."""
    if access.user is None or access.municipality is None:
        return []
    items = [item for provider in _providers for item in provider(access) if item.count > 0]
    return sorted(items, key=lambda item: (item.order, item.key))
