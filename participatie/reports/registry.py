"""Report kinds: registered by each app from its ``AppConfig.ready()``.

``participatie`` imports neither ``matching`` nor ``subsidies``; they register their kinds here,
as they do home sections and menu items. A kind says who may ask for it, for which scope
(a municipality, a region or both), which parameters it takes (a Django form), how to tell
the state of its data (the fingerprint, for reusing a finished run), and how to build its
content (:class:`participatie.reports.content.Report`). The machinery does the rest: the
run record, the Celery task, progress, the PDF/XLSX/CSV files, suppression and retention.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms

if TYPE_CHECKING:
    from participatie.models import Municipality, Region
    from participatie.reports.content import Report

MUNICIPALITY = "municipality"
REGION = "region"


@dataclass
class ReportContext:
    """What a kind's ``fingerprint`` and ``build`` get. They run inside the tenant context of
    ``municipality_ids`` (one municipality, or every municipality of the region) and inside a
    transaction; ``progress`` reports how far the build is (0..1) with a short Dutch label."""

    scope: str  # MUNICIPALITY or REGION
    municipality_ids: tuple[int, ...]
    parameters: dict[str, Any]
    municipality: Municipality | None = None
    region: Region | None = None
    today: date | None = None
    progress: Callable[[float, str], None] = field(default=lambda fraction, label="": None)

    @property
    def regional(self) -> bool:
        """Regional outputs hold aggregates only: no names, no BSN, counts below 5 suppressed."""
        return self.scope == REGION

    @property
    def scope_name(self) -> str:
        owner = self.region if self.regional else self.municipality
        return owner.name if owner is not None else ""


class NoData(Exception):
    """The parameters select nothing: the user gets this Dutch message, not an empty file."""


@dataclass(frozen=True)
class ReportKind:
    slug: str
    title: Any  # a lazy Dutch string
    description: Any
    scopes: frozenset[str]
    # Roles that may request it for a municipality, written as the holders of a permission
    # (``roles_with(Perm.REPORTS_REQUEST)``). For a region: whoever has the regional view (the
    # regional pages need ``region.view``), whatever the kind names here.
    roles: frozenset[str]
    # Parameters: a Form whose cleaned_data the kind reads; ``parameters_from`` turns it into
    # JSON-safe values (dates as ISO strings) stored on the run.
    form: type[forms.Form]
    # Cheap: a string that changes whenever the data the report shows changes; raise NoData
    # when the parameters select nothing.
    fingerprint: Callable[[ReportContext], str]
    build: Callable[[ReportContext], Report]
    # Made by the quarterly beat schedule (15 days after each quarter) and announced on the
    # home pages of the roles above.
    quarterly: bool = False
    order: int = 100


_kinds: dict[str, ReportKind] = {}


def register_report_kind(kind: ReportKind) -> ReportKind:
    existing = _kinds.get(kind.slug)
    if existing is not None and existing is not kind:
        raise ValueError(f"Report kind {kind.slug!r} is registered twice.")
    _kinds[kind.slug] = kind
    return kind


def report_kind(slug: str) -> ReportKind | None:
    return _kinds.get(slug)


def report_kinds(
    *, scope: str | None = None, roles: Iterable[str] | None = None
) -> list[ReportKind]:
    """Registered kinds, optionally only those for ``scope`` and open to one of ``roles``."""
    wanted = set(roles) if roles is not None else None
    kinds = [
        kind
        for kind in _kinds.values()
        if (scope is None or scope in kind.scopes)
        and (wanted is None or scope == REGION or kind.roles & wanted)
    ]
    return sorted(kinds, key=lambda kind: (kind.order, kind.slug))
