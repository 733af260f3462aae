"""The audit trail: who changed what (django-simple-history) and who opened what (read events).

Changes: every tenant-owned model declares ``history = tenant_history()``; django-simple-history
writes one historical row per save or delete, in the same municipality, with the user of the
request (``HistoryRequestMiddleware``). :func:`change_log` turns those rows into plain data for
the pages that show them.

Reads: a page or API detail view that shows personal data calls :func:`record_read` (or uses
:class:`ReadLoggedRetrieveMixin` in DRF detail views). The event keeps who, which
object and the route, never the BSN or the query string: the route says why someone looked, the
object id says what, and the dossier itself holds the personal data under its own protection.

Both are tenant-owned: call these functions inside ``tenant_context``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.choices import Role
from participatie.kernel.masking import mask_text, mask_value
from participatie.models import Membership, ReadEvent, User
from participatie.privacy.choices import ReadKind
from participatie.tenancy.context import ALL, TenantContextError, active_municipality_ids
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import LWB_ROLES

# Fields every tenant-owned row has and that never change: noise in a change log.
_UNLOGGED_FIELDS = frozenset({"id", "municipality"})

# Global references (a UUID instead of a foreign key, because the target may live in another
# municipality): the model whose ``reference`` they hold, so the log names the thing instead of
# showing the UUID. By label, not import: the privacy package stays below the apps it serves.
REFERENCE_TARGETS = {
    "intake_reference": "matching.Intake",
    "placement_reference": "participatie.Placement",
}

KIND_LABELS = {
    "+": gettext_lazy("aangemaakt"),
    "~": gettext_lazy("gewijzigd"),
    "-": gettext_lazy("verwijderd"),
}
KIND_NAMES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after a change; ``*_display`` is what a page shows."""

    field: str
    label: str
    before: Any
    after: Any
    before_display: str
    after_display: str


@dataclass(frozen=True)
class Change:
    """One entry of an object's change log."""

    who: User | None
    who_display: str
    when: datetime
    kind: str  # "created", "changed" or "deleted"
    kind_label: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


# -- change log ---------------------------------------------------------------------------------


def _display(model_field: models.Field, value: Any, related: dict[tuple[type, Any], Any]) -> str:
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        found = related.get((model_field.related_model, value))
        return str(found) if found is not None else _("niet meer beschikbaar")
    if isinstance(value, uuid.UUID) or isinstance(model_field, models.UUIDField):
        # Never a raw id on a page: the thing's name, or that it lies outside what the reader
        # may see (another municipality's intake, for instance).
        found = related.get((REFERENCE_TARGETS.get(model_field.name), str(value)))
        return str(found) if found is not None else _("vastgelegd in een andere gemeente")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return str(formats.localize(value))


def _related_objects(
    model: type[models.Model], pairs: list[tuple[str, Any]]
) -> dict[tuple[type, Any], Any]:
    """The objects foreign keys in the log point to, one query per related model. Through the
    default manager, so tenant-owned targets stay inside the active scope."""
    wanted: dict[type, set[Any]] = {}
    references: dict[str, set[Any]] = {}
    for name, value in pairs:
        model_field = model._meta.get_field(name)
        if model_field.is_relation and value is not None:
            wanted.setdefault(model_field.related_model, set()).add(value)
        elif name in REFERENCE_TARGETS and value not in (None, ""):
            references.setdefault(REFERENCE_TARGETS[name], set()).add(value)
    found: dict[tuple[Any, Any], Any] = {}
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=ids):
            found[(related_model, obj.pk)] = obj
    for label, refs in references.items():
        target = apps.get_model(label)
        # Through the default manager: inside the active scope, so another municipality's
        # row is not found and is described, not shown.
        for obj in target._default_manager.filter(reference__in=refs):
            found[(label, str(obj.reference))] = obj
    return found


def _who_display(user: User | None, roles: dict[int, str] | None = None) -> str:
    """The author of a change. ``roles``: for a company reader, the role shown instead of the
    name of each author who is not their colleague."""
    if user is None:
        return _("systeem")
    if roles is not None and user.pk in roles:
        return roles[user.pk]
    return user.get_full_name() or user.email


def _role_names(viewer: Access | None, user_ids: set[int]) -> dict[int, str] | None:
    """For a reader who works only for learning-work companies: the role label of every author
    outside the reader's own companies (municipal and matching-unit staff are not named to
    companies). None for everyone else. One query."""
    if viewer is None or not viewer.roles or not viewer.roles <= LWB_ROLES or not user_ids:
        return None
    labels = dict(Role.choices)
    own: set[int] = set()
    roles: dict[int, str] = {}
    for membership in Membership.objects.filter(user_id__in=user_ids).order_by("pk"):
        if membership.organisation_id in viewer.company_ids:
            own.add(membership.user_id)
        roles.setdefault(membership.user_id, str(labels.get(membership.role, membership.role)))
    return {
        user_id: roles.get(user_id, _("medewerker")) for user_id in user_ids if user_id not in own
    }


def author_names(viewer: Access | None, users: Iterable[User | None]) -> dict[int, str]:
    """How a page names the people who advised, decided or wrote something in a dossier: their
    name, or for a company reader their role when they are not the reader's colleague (issue 15).
    For the template filter ``author`` (``participatie_tags``). At most one query."""
    people = {user.pk: user for user in users if user is not None}
    names = {pk: user.get_full_name() or user.email for pk, user in people.items()}
    names.update(_role_names(viewer, set(people)) or {})
    return names


def change_log(obj: models.Model, *, viewer: Access | None = None) -> list[Change]:
    """The change history of ``obj``, newest first: who, when, and each field before and after.

    Runs in the active tenant scope: outside a scope it raises, and for an object of another
    municipality it returns nothing. Pass the reader's ``viewer`` access: a company user sees
    the role of municipal and matching-unit authors, not their names.
    """
    records = list(
        obj.history.select_related("history_user").order_by("history_date", "history_id")  # type: ignore[attr-defined]
    )
    if not records:
        return []
    model = type(obj)
    tracked = [
        f for f in records[0].tracked_fields if f.editable and f.name not in _UNLOGGED_FIELDS
    ]
    order = {f.name: i for i, f in enumerate(tracked)}
    raw: list[tuple[Any, list[tuple[str, Any, Any]]]] = []
    previous = None
    for record in records:
        if record.history_type == "+" or previous is None:
            values = [
                (f.name, None, getattr(record, f.attname))
                for f in tracked
                if getattr(record, f.attname) not in (None, "")
            ]
        elif record.history_type == "-":
            values = []
        else:
            delta = record.diff_against(previous, included_fields=list(order))
            values = [(c.field, c.old, c.new) for c in delta.changes]
            values.sort(key=lambda v: order[v[0]])
        raw.append((record, values))
        previous = record

    related = _related_objects(
        model,
        [(name, v) for _record, values in raw for name, *pair in values for v in pair],
    )
    roles = _role_names(viewer, {r.history_user_id for r, _v in raw if r.history_user_id})
    log = []
    for record, values in reversed(raw):
        changes = []
        for name, before, after in values:
            model_field = model._meta.get_field(name)
            changes.append(
                FieldChange(
                    field=name,
                    label=str(model_field.verbose_name),
                    before=before,
                    after=after,
                    before_display=_display(model_field, before, related),
                    after_display=_display(model_field, after, related),
                )
            )
        log.append(
            Change(
                who=record.history_user,
                who_display=_who_display(record.history_user, roles),
                when=record.history_date,
                kind=KIND_NAMES[record.history_type],
                kind_label=str(KIND_LABELS[record.history_type]),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return log


# -- read events --------------------------------------------------------------------------------


def _route(request: HttpRequest | Request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return match.view_name or match.route or ""


def _check_scope(municipality_id: int) -> None:
    active = active_municipality_ids()
    if active is None or (active != ALL and municipality_id not in active):
        # A read event belongs to the tenant of what was read; writing it from outside that
        # tenant would mean the object was read outside it too.
        raise TenantContextError("record_read needs the object's municipality in scope.")


def _without_waiting_for_disk(request: HttpRequest | Request) -> None:
    """A read (GET or HEAD) writes nothing but its read event. On PostgreSQL its transaction
    commits without waiting for the write-ahead log to reach the disk (``synchronous_commit``
    off, for this transaction only): a reader does not wait for a flush on every page, and a
    crash of the database server itself can lose only the read events of its last fraction of
    a second (never half a row, never data a user wrote: a POST commits as always)."""
    if (
        request.method in ("GET", "HEAD")
        and connection.vendor == "postgresql"
        and connection.in_atomic_block
    ):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def record_read(
    request: HttpRequest | Request,
    obj: models.Model,
    *,
    object_type: str | None = None,
    kind: str = ReadKind.DETAIL,
) -> ReadEvent:
    """Log that the user of ``request`` opened ``obj``, in the object's municipality.

    Only the route and the path (without query string, BSN-like numbers masked) are kept: the
    query string of a search page is exactly where personal data would leak in.
    """
    municipality_id = obj.municipality_id  # type: ignore[attr-defined]
    _check_scope(municipality_id)
    user = request.user if request.user.is_authenticated else None
    _without_waiting_for_disk(request)
    return ReadEvent.objects.create(
        municipality_id=municipality_id,
        user=user,
        kind=kind,
        object_type=(object_type or obj._meta.label_lower)[:100],
        object_id=obj.pk,
        route=_route(request)[:200],
        path=mask_text(request.path)[:500],
    )


# Query parameters that only page through a list: not part of what was asked for.
_PAGING_PARAMETERS = frozenset({"page", "pagina", "pageSize", "page_size", "cursor"})


def list_filters(params: Any) -> dict[str, Any]:
    """The filter of a list request as a read event keeps it: BSN-like numbers masked."""
    return {
        key: mask_value(params.get(key))
        for key in sorted(params.keys())
        if key not in _PAGING_PARAMETERS and params.get(key) not in (None, "")
    }


def record_list_read(
    request: HttpRequest | Request, *, object_type: str, count: int, filters: Any = None
) -> ReadEvent:
    """Log one read of a list of persons: the filter and how many persons it returned (one
    event per request, never the BSNs of the rows)."""
    municipality = request.municipality  # type: ignore[union-attr]
    _check_scope(municipality.pk)
    user = request.user if request.user.is_authenticated else None
    params = filters if filters is not None else getattr(request, "query_params", request.GET)
    _without_waiting_for_disk(request)
    return ReadEvent.objects.create(
        municipality_id=municipality.pk,
        user=user,
        kind=ReadKind.LIST,
        object_type=object_type[:100],
        object_id=None,
        route=_route(request)[:200],
        path=mask_text(request.path)[:500],
        filters=list_filters(params),
        count=count,
    )


def read_events(obj: models.Model, *, object_type: str | None = None) -> QuerySet[ReadEvent]:
    """Who opened ``obj``, newest first (in the active tenant scope)."""
    return ReadEvent.objects.filter(
        municipality_id=obj.municipality_id,  # type: ignore[attr-defined]
        object_type=object_type or obj._meta.label_lower,
        object_id=obj.pk,
    ).select_related("user")


class ReadLoggedListMixin:
    """For DRF list views of persons: ``list()`` records one list read event per request, with
    the filter and the number of rows returned. ``read_object_type`` overrides the label."""

    read_object_type: str | None = None

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)  # type: ignore[misc]
        data = response.data
        rows = data.get("results", []) if isinstance(data, dict) else data
        record_list_read(request, object_type=self._read_label(), count=len(rows))
        return response

    def _read_label(self) -> str:
        if self.read_object_type:
            return self.read_object_type
        # The model of the list, without building its queryset a second time (a visibility
        # selector with its subqueries costs more than the read event itself).
        meta = getattr(self.get_serializer_class(), "Meta", None)  # type: ignore[attr-defined]
        model = getattr(self, "model", None) or getattr(meta, "model", None)
        if model is None:
            model = self.get_queryset().model  # type: ignore[attr-defined]
        return model._meta.label_lower


class ReadLoggedRetrieveMixin:
    """For DRF detail views: ``retrieve()`` records a read event once the object is serialised.

    Put it before the generic view: ``class DossierView(ReadLoggedRetrieveMixin, RetrieveAPIView)``.
    ``read_object_type`` overrides the label (default ``app_label.model``).
    """

    read_object_type: str | None = None

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()  # type: ignore[attr-defined]
        data = self.get_serializer(instance).data  # type: ignore[attr-defined]
        record_read(request, instance, object_type=self.read_object_type)
        return Response(data)
