"""Sections that other apps add to a municipality's home page ("wat wacht op mij").

``participatie`` imports neither ``matching`` nor ``subsidies``; they register a provider here
from their ``AppConfig.ready()``. A provider gets the request (inside the tenant) and returns a
:class:`HomeSection` for what ``request.access`` permits, or ``None`` when it has nothing for
the user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from participatie.tenancy.http import TenantRequest


@dataclass(frozen=True)
class HomeSection:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


Provider = Callable[[TenantRequest], HomeSection | None]
_providers: list[Provider] = []


def register_home_section(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def home_sections_for(request: TenantRequest) -> list[HomeSection]:
    sections = [section for provider in _providers if (section := provider(request))]
    return sorted(sections, key=lambda section: section.order)
