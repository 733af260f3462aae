"""Entering a tenant: the application scope (first wall) and the database setting (second wall).

Everything that reads or writes tenant-owned rows runs inside :func:`tenant_context`. It
activates the django-scopes scope for the given municipalities and, on PostgreSQL, sets
``app.municipality_ids`` with ``set_config(..., true)``: transaction-local, so it must run inside
``transaction.atomic()`` and vanishes at commit. No setting means the RLS policies admit no row.

Leaving the tenancy walls is explicit and greppable: :func:`all_tenants` (platform
administration, cross-tenant jobs) opens every municipality and says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import structlog
from django.db import connection, transaction
from django.db.models import QuerySet
from django_scopes import get_scope, scope, scopes_disabled
from django_scopes.exceptions import ScopeError

RLS_SETTING = "app.municipality_ids"
ALL = "all"

_active_ids: ContextVar[tuple[int, ...] | str | None] = ContextVar("tenant_ids", default=None)
log = structlog.get_logger(__name__)


class TenantContextError(RuntimeError):
    pass


def _normalise(municipality_ids: int | Iterable[int]) -> tuple[int, ...]:
    if isinstance(municipality_ids, int):
        return (municipality_ids,)
    return tuple(sorted({int(i) for i in municipality_ids}))


def set_database_tenants(ids: tuple[int, ...] | str | None) -> None:
    """Set (or clear) the transaction-local RLS setting. A no-op on databases without RLS.

    ``ALL`` lists every municipality, computed by the database in the same statement.
    """
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise TenantContextError(
            "The tenant setting is transaction-local: enter transaction.atomic() first."
        )
    with connection.cursor() as cursor:
        if ids == ALL:
            cursor.execute(
                "SELECT set_config(%s, coalesce((SELECT string_agg(id::text, ',') "
                "FROM participatie_municipality), ''), true)",
                [RLS_SETTING],
            )
        else:
            value = ",".join(str(i) for i in ids) if ids else ""
            cursor.execute("SELECT set_config(%s, %s, true)", [RLS_SETTING, value])


def _restore(previous: tuple[int, ...] | str | None, *, database: bool = True) -> None:
    structlog.contextvars.unbind_contextvars("municipality")
    if previous and previous != ALL:
        structlog.contextvars.bind_contextvars(municipality=",".join(map(str, previous)))
    # After an error the block is rolled back, and the setting with it; nothing to restore.
    if database and connection.in_atomic_block and not connection.needs_rollback:
        set_database_tenants(previous)


@contextmanager
def tenant_context(
    municipality_ids: int | Iterable[int], *, database_set: bool = False
) -> Iterator[tuple[int, ...]]:
    """Open exactly these municipalities, in both walls, until the block ends.

    Must run inside ``transaction.atomic()`` (on PostgreSQL the setting is transaction-local).
    One id is the normal case; several ids serve a matching unit or a region acting across the
    municipalities it serves, and nothing else. ``database_set`` is for the tenancy middleware,
    which sets the database side in the same query that resolves the municipality.
    """
    ids = _normalise(municipality_ids)
    if not ids:
        raise TenantContextError("tenant_context needs at least one municipality id.")
    previous = _active_ids.get()
    if not database_set:
        set_database_tenants(ids)
    token = _active_ids.set(ids)
    structlog.contextvars.bind_contextvars(municipality=",".join(map(str, ids)))
    try:
        with scope(municipality=list(ids) if len(ids) > 1 else ids[0]):
            yield ids
    finally:
        _active_ids.reset(token)
        _restore(previous, database=not (database_set and previous is None))


@contextmanager
def all_tenants(*, reason: str) -> Iterator[None]:
    """Every municipality at once: platform administration and cross-tenant jobs only.

    The scope is disabled (no per-query filter) and the database setting lists every
    municipality, so the RLS policies still apply and still fail closed outside this block.
    """
    log.debug("tenancy.all_tenants", reason=reason)
    previous = _active_ids.get()
    set_database_tenants(ALL)
    token = _active_ids.set(ALL)
    try:
        with scopes_disabled():
            yield
    finally:
        _active_ids.reset(token)
        _restore(previous)


@contextmanager
def atomic_tenant_context(municipality_ids: int | Iterable[int]) -> Iterator[tuple[int, ...]]:
    """``transaction.atomic()`` plus :func:`tenant_context`: the entry for jobs and scripts."""
    with transaction.atomic(), tenant_context(municipality_ids) as ids:
        yield ids


def active_municipality_ids() -> tuple[int, ...] | str | None:
    return _active_ids.get()


def scoped_filter(queryset: QuerySet, field: str) -> QuerySet:
    """Apply the active municipality scope to a queryset that django-scopes does not manage."""
    current = get_scope()
    if not current.get("_enabled", True):
        return queryset
    if "municipality" not in current:
        raise ScopeError("A scope on dimension(s) municipality needs to be active for this query.")
    value = current["municipality"]
    if isinstance(value, (list, tuple)):
        return queryset.filter(**{f"{field}__in": value})
    return queryset.filter(**{field: value})
