"""Reads for the privacy officer: the read log, the change log, persons and requests.

Who may see them is decided by the permissions (``Perm.PRIVACY_AUDIT``, ``PRIVACY_REQUESTS``);
which rows, here: always the active municipality only.
"""

from __future__ import annotations

import datetime
import heapq
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from participatie.models import Municipality, Participant, Placement, ReadEvent, User
from participatie.privacy.choices import SubjectRequestStatus
from participatie.privacy.models import SubjectRequest
from participatie.privacy.subject import history_model, subject_sections


@dataclass(frozen=True)
class LogFilter:
    """What the read log or change log is narrowed to (every part optional)."""

    participant: Participant | None = None
    user: User | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    route: str = ""


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _period(field: str, chosen: LogFilter) -> Q:
    condition = Q()
    if chosen.date_from:
        condition &= Q(**{f"{field}__gte": _day_start(chosen.date_from)})
    if chosen.date_to:
        condition &= Q(**{f"{field}__lt": _day_start(chosen.date_to + datetime.timedelta(days=1))})
    return condition


def read_log(municipality: Municipality, chosen: LogFilter) -> QuerySet[ReadEvent]:
    """Read events of the municipality, newest first (one query with the user)."""
    events = ReadEvent.objects.filter(municipality=municipality).filter(_period("at", chosen))
    if chosen.participant is not None:
        placement_ids = Placement.objects.filter(
            municipality=municipality, participant=chosen.participant
        ).values("pk")
        events = events.filter(
            Q(object_type="participatie.participant", object_id=chosen.participant.pk)
            | Q(object_type="participatie.placement", object_id__in=placement_ids)
        )
    if chosen.user is not None:
        events = events.filter(user=chosen.user)
    if chosen.route:
        events = events.filter(route__icontains=chosen.route)
    return events.select_related("user").order_by("-at", "-pk")


def read_log_users(municipality: Municipality) -> QuerySet[User]:
    """The users who appear in the read log (for the filter's choice list)."""
    return User.objects.filter(
        pk__in=ReadEvent.objects.filter(municipality=municipality, user__isnull=False).values(
            "user_id"
        )
    ).order_by("last_name", "first_name", "email")


@dataclass(frozen=True)
class ChangeRow:
    when: datetime.datetime
    kind: str
    what: str
    who: User | None
    reason: str
    record_id: int


_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def change_log(municipality: Municipality, chosen: LogFilter, *, limit: int) -> list[ChangeRow]:
    """The newest ``limit`` changes to personal data (the history of every model of the
    subject registry), merged newest first. One query per history table, whatever the rows."""
    streams = []
    for section in subject_sections():
        model = section.model_class
        historical = history_model(model)
        if historical is None:
            continue
        records: QuerySet[Any] = historical._default_manager.filter(
            municipality=municipality
        ).filter(_period("history_date", chosen))
        if chosen.participant is not None:
            people = Participant.objects.filter(pk=chosen.participant.pk)
            records = records.filter(id__in=section.rows_for(people).values("pk"))
        if chosen.user is not None:
            records = records.filter(history_user=chosen.user)
        label = str(model._meta.verbose_name)
        streams.append(
            [
                ChangeRow(
                    when=r.history_date,
                    kind=_KINDS[r.history_type],
                    what=label,
                    who=r.history_user,
                    reason=r.history_change_reason or "",
                    record_id=r.history_id,
                )
                for r in records.select_related("history_user").order_by(
                    "-history_date", "-history_id"
                )[:limit]
            ]
        )
    merged = heapq.merge(*streams, key=lambda row: row.when, reverse=True)
    return list(islice(merged, limit))


def persons_on_hold(municipality: Municipality) -> QuerySet[Participant]:
    return Participant.objects.filter(municipality=municipality, legal_hold=True).order_by(
        "last_name", "first_name", "pk"
    )


def subject_requests(
    municipality: Municipality, *, participant: Participant | None = None, open_only: bool = False
) -> QuerySet[SubjectRequest]:
    requests = SubjectRequest.objects.filter(municipality=municipality)
    if participant is not None:
        requests = requests.filter(participant=participant)
    if open_only:
        requests = requests.filter(status=SubjectRequestStatus.OPEN)
    return requests.select_related("participant", "recorded_by", "decided_by").order_by(
        "received_on", "pk"
    )


def participant_by_reference(municipality: Municipality, reference: Any) -> Participant | None:
    return Participant.objects.filter(municipality=municipality, reference=reference).first()
