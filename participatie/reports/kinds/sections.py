"""Sections another app adds to a ``participatie`` report kind.

The regional balance asks which placements of residents from elsewhere the home municipality
pays for (it did not meet its effort obligation) and which fall under the closed purse. Those
facts are money and live in ``subsidies``, which ``participatie`` never imports. So the kind
reports what it knows (flows and occupancy) and asks every provider registered for it for more
sections; ``subsidies`` registers its provider from its ``AppConfig.ready()``, as it registers
its own kinds. A provider's fingerprint joins the kind's, so a change in its data makes a new run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from participatie.reports.content import Section
from participatie.reports.registry import ReportContext


@dataclass(frozen=True)
class SectionProvider:
    kind: str  # the slug of the kind it adds to
    name: str  # unique per kind, e.g. "subsidies.charges"
    # Cheap, like a kind's fingerprint; runs inside the same tenant context.
    fingerprint: Callable[[ReportContext], str]
    # Sections appended after the kind's own, in ``order``; regional runs get the same
    # suppression as the kind's tables, and providers select no names or BSNs for them.
    build: Callable[[ReportContext], list[Section]]
    order: int = 100


_providers: dict[tuple[str, str], SectionProvider] = {}


def register_section_provider(provider: SectionProvider) -> SectionProvider:
    key = (provider.kind, provider.name)
    existing = _providers.get(key)
    if existing is not None and existing is not provider:
        raise ValueError(
            f"Section provider {provider.name!r} for {provider.kind!r} is registered twice."
        )
    _providers[key] = provider
    return provider


def section_providers(kind: str) -> list[SectionProvider]:
    found = [provider for (slug, _name), provider in _providers.items() if slug == kind]
    return sorted(found, key=lambda provider: (provider.order, provider.name))


def provided_fingerprint(kind: str, ctx: ReportContext) -> str:
    return "|".join(
        f"{provider.name}:{provider.fingerprint(ctx)}" for provider in section_providers(kind)
    )


def provided_sections(kind: str, ctx: ReportContext) -> list[Section]:
    return [section for provider in section_providers(kind) for section in provider.build(ctx)]
