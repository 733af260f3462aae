"""Absence signals: raised by the daily job, followed up by the matching unit.

The set logic runs in SQL, one municipality at a time, inside that municipality's tenant context
(the RLS setting on PostgreSQL; the statements also name the municipality, so they use the
indexes that start with it):

1. close: an unclosed signal whose placement has a "present" day on or after the streak start
   gets ``closed_on`` = that day (the streak is over; a later streak raises a new signal);
2. raise: an active placement, active for at least N weeks (N = ``absence_signal_weeks``), with no
   "present" day in the last N weeks and no unclosed signal, gets one signal. The streak starts
   the day after the last present day, or at the placement start when there is none. The unique
   constraint (municipality, placement, streak_start) and ``ON CONFLICT DO NOTHING`` make a
   second run in the same streak raise nothing.

Only the last N weeks of attendance are scanned for the whole municipality (through the
(municipality, day, status) index); the last present day before that is looked up only for the
few placements that are absent, through the (municipality, placement, day) index.
A placement is never ended here: the matching unit decides and ends it on the placement page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.absence.choices import SignalStatus
from participatie.attendance.choices import AttendanceStatus
from participatie.kernel.errors import StateConflict
from participatie.models import AbsenceSignal, Attendance, Municipality, Placement, User
from participatie.tenancy.context import TenantContextError, active_municipality_ids

FOLLOW_UP_CHOICES = (SignalStatus.CONTACTED, SignalStatus.CONTINUE, SignalStatus.END_PLACEMENT)


@dataclass(frozen=True)
class SignalRun:
    municipality_id: int
    closed: int
    raised: int


def _require_tenant(municipality_id: int) -> None:
    active = active_municipality_ids()
    if active is None or (active != "all" and municipality_id not in active):
        raise TenantContextError("The absence job runs inside the municipality's tenant context.")


def _day_after(expression: str) -> str:
    if connection.vendor == "postgresql":
        return f"({expression}) + 1"
    return f"date({expression}, '+1 day')"


def _greatest(a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if connection.vendor == "postgresql" else f"max({a}, {b})"


def _close_sql() -> str:
    signal, attendance = AbsenceSignal._meta.db_table, Attendance._meta.db_table
    first_present = (
        f"SELECT min(a.day) FROM {attendance} a WHERE a.municipality_id = {signal}.municipality_id"  # noqa: S608 (table names from model metadata; values are parameters)
        f" AND a.placement_id = {signal}.placement_id AND a.status = %s"
        f" AND a.day >= {signal}.streak_start AND a.day <= %s"
    )
    return (
        f"UPDATE {signal} SET closed_on = ({first_present})"  # noqa: S608 (table names from model metadata; values are parameters)
        f" WHERE {signal}.municipality_id = %s AND {signal}.closed_on IS NULL"
        f" AND EXISTS ({first_present.replace('SELECT min(a.day)', 'SELECT 1', 1)})"
    )


def _raise_sql() -> str:
    signal, attendance = AbsenceSignal._meta.db_table, Attendance._meta.db_table
    placement = Placement._meta.db_table
    last_present = (
        f"SELECT max(a.day) FROM {attendance} a WHERE a.municipality_id = p.municipality_id"  # noqa: S608 (table names from model metadata; values are parameters)
        " AND a.placement_id = p.id AND a.status = %s AND a.day <= %s"
    )
    streak_start = _greatest(
        f"coalesce({_day_after(f'({last_present})')}, p.start_date)", "p.start_date"
    )
    return (
        f"INSERT INTO {signal} (municipality_id, placement_id, streak_start, raised_on, status,"  # noqa: S608 (table names from model metadata; values are parameters)
        " follow_up_note)"
        f" SELECT p.municipality_id, p.id, {streak_start}, %s, %s, ''"
        f" FROM {placement} p"
        " WHERE p.municipality_id = %s AND p.start_date <= %s"
        " AND (p.end_date IS NULL OR p.end_date >= %s)"
        f" AND NOT EXISTS (SELECT 1 FROM {attendance} w WHERE w.municipality_id = %s"
        " AND w.placement_id = p.id AND w.day > %s AND w.day <= %s AND w.status = %s)"
        f" AND NOT EXISTS (SELECT 1 FROM {signal} s WHERE s.municipality_id = %s"
        " AND s.placement_id = p.id AND s.closed_on IS NULL)"
        " ON CONFLICT DO NOTHING"
    )


@transaction.atomic
def absence_signals_raise(*, municipality: Municipality, today: date | None = None) -> SignalRun:
    """Close the signals of streaks that ended, then raise one per new streak (idempotent)."""
    _require_tenant(municipality.id)
    today = today or timezone.localdate()
    cutoff = today - timedelta(weeks=municipality.absence_signal_weeks)
    present = AttendanceStatus.PRESENT
    with connection.cursor() as cursor:
        cursor.execute(_close_sql(), [present, today, municipality.id, present, today])
        closed = max(cursor.rowcount, 0)
        cursor.execute(
            _raise_sql(),
            [
                present,
                cutoff,
                today,
                SignalStatus.OPEN,
                municipality.id,
                cutoff,
                today,
                municipality.id,
                cutoff,
                today,
                present,
                municipality.id,
            ],
        )
        raised = max(cursor.rowcount, 0)
    return SignalRun(municipality_id=municipality.id, closed=closed, raised=raised)


@transaction.atomic
def absence_signal_follow_up(
    *, signal: AbsenceSignal, status: str, note: str, actor: User
) -> AbsenceSignal:
    """The matching unit records what it did: contacted, the placement continues, or it will be
    ended. Ending itself happens on the placement page (never automatically)."""
    if status not in FOLLOW_UP_CHOICES:
        raise ValidationError(
            {"status": _("Kies: contact opgenomen, plaatsing loopt door of plaatsing beëindigen.")}
        )
    note = (note or "").strip()
    if status == SignalStatus.END_PLACEMENT and not note:
        raise ValidationError({"note": _("Licht toe waarom de plaatsing wordt beëindigd.")})
    signal = AbsenceSignal.objects.select_for_update().get(
        municipality_id=signal.municipality_id, pk=signal.pk
    )
    if signal.closed_on is not None:
        raise StateConflict(_("Dit signaal is al gesloten: de deelnemer is weer aanwezig geweest."))
    # The note is a running log: an earlier "contacted" stays readable after the decision.
    line = f"{timezone.localdate():%d-%m-%Y} {SignalStatus(status).label}"
    line = f"{line}: {note}" if note else line
    signal.status = status
    signal.follow_up_note = f"{signal.follow_up_note}\n{line}".strip()
    signal.followed_up_by = actor
    signal.followed_up_at = timezone.now()
    signal.save(update_fields=["status", "follow_up_note", "followed_up_by", "followed_up_at"])
    return signal
