"""The building block of every tenant-owned table.

A tenant-owned model says whose it is once, by inheriting from :class:`TenantModel`:

* a non-null, indexed ``municipality`` foreign key (the tenant);
* ``objects`` is a django-scopes manager: a query outside ``tenant_context(...)`` raises
  ``ScopeError`` instead of returning rows of every municipality;
* ``UniqueConstraint(municipality, id)``, the target of composite foreign keys from child tables;
* on PostgreSQL, a Row-Level Security policy (see ``participatie.tenancy.db``), added by the
  ``EnableRowLevelSecurity`` migration operation and verified by ``manage.py check_rls``.

Child tables reference a tenant-owned parent with :func:`TenantForeignKey`, and their migration
adds ``CompositeForeignKey`` so that the pair (municipality_id, parent_id) must exist in the parent.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

from participatie.kernel.labels import ChoiceLabels
from participatie.tenancy.context import scoped_filter


def tenant_key_constraint(model_label: str) -> models.UniqueConstraint:
    """``UniqueConstraint(municipality, id)``; each concrete model lists it in its Meta."""
    return models.UniqueConstraint(fields=["municipality", "id"], name=f"{model_label}_tenant_key")


class TenantModel(ChoiceLabels):
    municipality = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )

    # django-scopes builds the manager class at run time; the annotation tells the type checker.
    objects: models.Manager[Any] = ScopedManager(municipality="municipality")

    class Meta:
        abstract = True


def TenantForeignKey(to: str, **kwargs: Any) -> models.ForeignKey:
    """A foreign key to another tenant-owned model.

    Django knows only single-column keys; the migration that adds the field must also add a
    ``CompositeForeignKey`` operation so PostgreSQL refuses a reference into another tenant.
    The marker lets ``check_rls`` and the tests find every such field.
    """
    kwargs.setdefault("on_delete", models.PROTECT)
    field = models.ForeignKey(to, **kwargs)
    field.tenant_composite = True  # type: ignore[attr-defined]
    return field


class TenantHistoryManager(HistoryManager):
    """History of a tenant-owned model is tenant-owned too: it obeys the active scope."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return scoped_filter(super().get_queryset(), "municipality")


class TenantHistoryBase(models.Model):
    """Base of the audit tables of tenant-owned models (one row per change, same tenant)."""

    tenant_history = True
    objects: models.Manager[Any] = ScopedManager(municipality="municipality")

    class Meta:
        abstract = True


def tenant_history(**kwargs: Any) -> HistoricalRecords:
    """Audit trail for a tenant-owned model: who, when, what, values before and after."""
    return HistoricalRecords(
        history_manager=TenantHistoryManager, bases=[TenantHistoryBase], **kwargs
    )


def tenant_models() -> list[type[models.Model]]:
    """Every concrete tenant-owned model, including the audit history of tenant-owned models."""
    found = []
    for model in apps.get_models():
        if issubclass(model, TenantModel) or getattr(model, "tenant_history", False):
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label)
