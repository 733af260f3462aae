"""Writes about attendance. One validation path for a single cell and for a batch of 50,000 rows:
everything is checked in bulk (a handful of queries for the whole batch), then the rows that
change are written with one upsert keyed by (municipality, placement, day). All or nothing.

Rules (DOMAIN.md, "Attendance and absence"):

* a day lies within the placement's period and not in the future; the status is known; hours are
  empty or 0-24 with at most two decimals;
* the placement belongs to this municipality, and to the company's own organisations when the
  caller acts for a learning-work company (``allowed_organisation_ids``); another company's
  placement gets the same message as an unknown id;
* a day up to the municipality's lock (``AttendanceLock.locked_until``) is refused, except a
  correction by the matching unit with a reason: that is kept as an ``AttendanceCorrection``
  flagged for the next statement;
* once the matching unit has checked the company-month (``AttendanceCheck``), a change needs a
  reason and keeps the previous value in an ``AttendanceCorrection``;
* a row that equals what is stored changes nothing (idempotent: the same batch twice is a no-op).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.attendance.choices import AttendanceStatus
from participatie.kernel.statistics import analyze_filled
from participatie.models import (
    Attendance,
    AttendanceCheck,
    AttendanceCorrection,
    AttendanceLock,
    Enrolment,
    Membership,
    Municipality,
    Placement,
    ServiceArea,
    User,
)
from participatie.tenancy.permissions import Perm, roles_with

MAX_ROWS = 50_000
# More errors than this are not listed one by one (the batch is refused either way).
MAX_REPORTED_ERRORS = 1_000
_HOURS_STEP = Decimal("0.01")


class AttendanceRowsInvalid(ValidationError):
    """The batch is refused; ``row_errors`` lists ``{"row", "field", "message"}`` per problem."""

    def __init__(self, row_errors: list[dict[str, Any]]) -> None:
        self.row_errors = row_errors
        super().__init__([error["message"] for error in row_errors] or [_("Ongeldige invoer.")])


@dataclass(frozen=True)
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    corrections: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Row:
    index: int
    placement_id: int
    day: datetime.date
    status: str
    hours: Decimal | None
    reason: str
    previous: tuple[int, str, Decimal | None] | None = None  # (id, status, hours)
    correction: bool = False
    flagged: bool = False


@dataclass
class _Errors:
    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, index: int, name: str, message: str) -> None:
        self.items.append({"row": index, "field": name, "message": message})


# -- parsing ------------------------------------------------------------------------------------


def _parse_day(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _parse_hours(value: Any) -> tuple[bool, Decimal | None]:
    if value is None or value == "":
        return True, None
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        return False, None
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return False, None
    if not hours.is_finite():
        return False, None
    return True, hours


def _parse_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _parse(rows: Sequence[Mapping[str, Any]], errors: _Errors) -> list[_Row]:
    parsed: list[_Row] = []
    statuses = set(AttendanceStatus.values)
    for index, raw in enumerate(rows):
        if not isinstance(raw, Mapping):
            errors.add(index, "", _("Een rij moet een object zijn."))
            continue
        ok = True
        placement_id = _parse_id(raw.get("placement"))
        if placement_id is None:
            errors.add(index, "placement", _("Geef het nummer van een plaatsing."))
            ok = False
        day = _parse_day(raw.get("day"))
        if day is None:
            errors.add(index, "day", _("Geef een datum als JJJJ-MM-DD."))
            ok = False
        status = raw.get("status")
        if not isinstance(status, str) or status not in statuses:
            errors.add(
                index,
                "status",
                _("Onbekende status; kies uit: %(choices)s.") % {"choices": ", ".join(statuses)},
            )
            ok = False
        valid, hours = _parse_hours(raw.get("hours"))
        if not valid:
            errors.add(index, "hours", _("Geef de uren als getal, bijvoorbeeld 4.5."))
            ok = False
        elif hours is not None:
            if hours < 0 or hours > 24:
                errors.add(index, "hours", _("Het aantal uren ligt tussen 0 en 24."))
                ok = False
            elif hours != hours.quantize(_HOURS_STEP):
                errors.add(index, "hours", _("Geef de uren met hoogstens twee decimalen."))
                ok = False
            else:
                hours = hours.quantize(_HOURS_STEP)
        reason = raw.get("reason") or ""
        if not isinstance(reason, str):
            errors.add(index, "reason", _("De reden is tekst."))
            ok = False
        if ok:
            parsed.append(
                _Row(index, placement_id, day, status, hours, reason.strip())  # type: ignore[arg-type]
            )
    return parsed


# -- the rules, in bulk -------------------------------------------------------------------------


def _acts_as_matching_unit(actor: User, municipality_id: int) -> bool:
    return (
        Membership.objects.filter(user=actor, role__in=roles_with(Perm.ATTENDANCE_CHECK))
        .filter(
            Exists(
                ServiceArea.objects.filter(
                    municipality_id=municipality_id, organisation=OuterRef("organisation_id")
                )
            )
        )
        .exists()
    )


def locked_until(municipality_id: int) -> datetime.date | None:
    """The last locked day of a municipality (inclusive), or ``None``."""
    return AttendanceLock.objects.filter(municipality_id=municipality_id).aggregate(
        until=Max("locked_until")
    )["until"]


def _validate(
    *,
    municipality_id: int,
    rows: list[_Row],
    actor: User,
    allowed_organisation_ids: Iterable[int] | None,
    errors: _Errors,
    today: datetime.date,
) -> list[_Row]:
    """Check every parsed row against the database in a few queries; return the rows that
    change something (new, or a different status or hours), marked for a correction where one
    is due."""
    if not rows:
        return []
    placement_ids = {row.placement_id for row in rows}
    placements = Placement.objects.filter(municipality_id=municipality_id, id__in=placement_ids)
    if allowed_organisation_ids is not None:
        placements = placements.filter(
            enrolment__organisation_id__in=list(allowed_organisation_ids)
        )
    periods = {
        pid: (start, end, enrolment_id)
        for pid, start, end, enrolment_id in placements.values_list(
            "id", "start_date", "end_date", "enrolment_id"
        )
    }
    lock = locked_until(municipality_id)
    first = min(row.day for row in rows)
    last = max(row.day for row in rows)
    checked = set(
        AttendanceCheck.objects.filter(
            municipality_id=municipality_id,
            enrolment_id__in={period[2] for period in periods.values()},
            month__gte=first.replace(day=1),
            month__lte=last,
        ).values_list("enrolment_id", "month")
    )
    existing = {
        (pid, day): (aid, status, hours)
        for aid, pid, day, status, hours in Attendance.objects.filter(
            municipality_id=municipality_id,
            placement_id__in=list(periods),
            day__gte=first,
            day__lte=last,
        ).values_list("id", "placement_id", "day", "status", "hours")
    }
    is_matching_unit: bool | None = None
    seen: dict[tuple[int, datetime.date], int] = {}
    changed: list[_Row] = []
    for row in rows:
        period = periods.get(row.placement_id)
        if period is None:
            errors.add(
                row.index,
                "placement",
                _("Plaatsing %(id)s bestaat niet of u heeft er geen toegang toe.")
                % {"id": row.placement_id},
            )
            continue
        key = (row.placement_id, row.day)
        if key in seen:
            errors.add(
                row.index,
                "day",
                _("Deze plaatsing en dag staan al in rij %(row)s.") % {"row": seen[key]},
            )
            continue
        seen[key] = row.index
        start, end, enrolment_id = period
        if row.day > today:
            errors.add(row.index, "day", _("Een dag in de toekomst kan nog niet worden ingevuld."))
            continue
        if row.day < start or (end is not None and row.day > end):
            errors.add(
                row.index,
                "day",
                _("Deze dag valt buiten de plaatsing (%(start)s t/m %(end)s).")
                % {"start": start.isoformat(), "end": end.isoformat() if end else "…"},
            )
            continue
        row.previous = existing.get(key)
        if row.previous is not None and (row.previous[1], row.previous[2]) == (
            row.status,
            row.hours,
        ):
            continue  # unchanged: no rule applies to a no-op
        if lock is not None and row.day <= lock:
            if allowed_organisation_ids is None and is_matching_unit is None:
                is_matching_unit = _acts_as_matching_unit(actor, municipality_id)
            if not (allowed_organisation_ids is None and is_matching_unit):
                errors.add(
                    row.index,
                    "day",
                    _(
                        "De aanwezigheid t/m %(until)s is vergrendeld; alleen de matchingsunit "
                        "kan deze dag corrigeren."
                    )
                    % {"until": lock.isoformat()},
                )
                continue
            if not row.reason:
                errors.add(
                    row.index,
                    "reason",
                    _("Een correctie van een vergrendelde dag heeft een reden nodig."),
                )
                continue
            row.correction = row.flagged = True
        elif (enrolment_id, row.day.replace(day=1)) in checked:
            if not row.reason:
                errors.add(
                    row.index,
                    "reason",
                    _("Deze maand is gecontroleerd door de matchingsunit: geef een reden."),
                )
                continue
            row.correction = True
        changed.append(row)
    return changed


def _array(values: Iterable[str]) -> str:
    """A PostgreSQL array literal. Django's psycopg connection binds on the client side, where
    quoting a 10,000-element list costs more than the upsert; every element here is a number,
    an ISO date or a known status, so none needs quoting."""
    return "{" + ",".join(values) + "}"


def _write(*, municipality_id: int, rows: list[_Row], actor: User, now: datetime.datetime) -> None:
    """One upsert of the changed rows; the database skips a row whose value is already there.
    A bulk load (a whole month of a company, an import) refreshes the table's statistics."""
    if not rows:
        return
    _upsert_rows(municipality_id=municipality_id, rows=rows, actor=actor, now=now)
    analyze_filled(Attendance, rows=len(rows))


def _upsert_rows(
    *, municipality_id: int, rows: list[_Row], actor: User, now: datetime.datetime
) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO participatie_attendance
                    (municipality_id, placement_id, day, status, hours, entered_by_id, entered_at)
                SELECT %s, t.placement_id, t.day, t.status, t.hours, %s, %s
                FROM unnest(%s::bigint[], %s::date[], %s::varchar[], %s::numeric[])
                    AS t(placement_id, day, status, hours)
                ON CONFLICT (municipality_id, placement_id, day) DO UPDATE
                SET status = EXCLUDED.status, hours = EXCLUDED.hours,
                    entered_by_id = EXCLUDED.entered_by_id, entered_at = EXCLUDED.entered_at
                WHERE (participatie_attendance.status, participatie_attendance.hours)
                    IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.hours)
                """,
                [
                    municipality_id,
                    actor.pk,
                    now,
                    _array(str(row.placement_id) for row in rows),
                    _array(row.day.isoformat() for row in rows),
                    _array(row.status for row in rows),
                    _array("NULL" if row.hours is None else str(row.hours) for row in rows),
                ],
            )
        return
    Attendance.objects.bulk_create(
        [
            Attendance(
                municipality_id=municipality_id,
                placement_id=row.placement_id,
                day=row.day,
                status=row.status,
                hours=row.hours,
                entered_by=actor,
                entered_at=now,
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["municipality", "placement", "day"],
        update_fields=["status", "hours", "entered_by", "entered_at"],
    )


def _record_corrections(
    *, municipality_id: int, rows: list[_Row], actor: User, now: datetime.datetime
) -> int:
    corrected = [row for row in rows if row.correction]
    if not corrected:
        return 0
    new_keys = {(row.placement_id, row.day) for row in corrected if row.previous is None}
    new_ids: dict[tuple[int, datetime.date], int] = {}
    if new_keys:
        new_ids = {
            (pid, day): aid
            for aid, pid, day in Attendance.objects.filter(
                municipality_id=municipality_id,
                placement_id__in={pid for pid, _day in new_keys},
                day__in={day for _pid, day in new_keys},
            ).values_list("id", "placement_id", "day")
        }
    AttendanceCorrection.objects.bulk_create(
        [
            AttendanceCorrection(
                municipality_id=municipality_id,
                attendance_id=(
                    row.previous[0] if row.previous else new_ids[(row.placement_id, row.day)]
                ),
                # A day entered for the first time after the check or lock has no previous value.
                previous_status=row.previous[1] if row.previous else "",
                previous_hours=row.previous[2] if row.previous else None,
                new_status=row.status,
                new_hours=row.hours,
                reason=row.reason,
                corrected_by=actor,
                corrected_at=now,
                flagged_for_statement=row.flagged,
            )
            for row in corrected
        ],
        batch_size=2000,
    )
    return len(corrected)


def _upsert(
    *,
    municipality_id: int,
    rows: Sequence[Mapping[str, Any]],
    actor: User,
    allowed_organisation_ids: Iterable[int] | None,
) -> UpsertResult:
    if len(rows) > MAX_ROWS:
        raise AttendanceRowsInvalid(
            [
                {
                    "row": None,
                    "field": "rows",
                    "message": _("Stuur hoogstens %(max)s rijen per verzoek.") % {"max": MAX_ROWS},
                }
            ]
        )
    errors = _Errors()
    parsed = _parse(rows, errors)
    today = timezone.localdate()
    changed = _validate(
        municipality_id=municipality_id,
        rows=parsed,
        actor=actor,
        allowed_organisation_ids=allowed_organisation_ids,
        errors=errors,
        today=today,
    )
    if errors.items:
        errors.items.sort(key=lambda error: error["row"])
        raise AttendanceRowsInvalid(errors.items[:MAX_REPORTED_ERRORS])
    now = timezone.now()
    _write(municipality_id=municipality_id, rows=changed, actor=actor, now=now)
    corrections = _record_corrections(
        municipality_id=municipality_id, rows=changed, actor=actor, now=now
    )
    created = sum(1 for row in changed if row.previous is None)
    return UpsertResult(
        created=created,
        updated=len(changed) - created,
        unchanged=len(parsed) - len(changed),
        corrections=corrections,
    )


@transaction.atomic
def attendance_bulk_upsert(
    *,
    municipality: Municipality,
    rows: Sequence[Mapping[str, Any]],
    actor: User,
    allowed_organisation_ids: Iterable[int] | None = None,
) -> UpsertResult:
    """Write a batch of ``{"placement", "day", "status", "hours"[, "reason"]}`` rows, all or
    nothing. Raises :class:`AttendanceRowsInvalid` naming every bad row (0-based index)."""
    return _upsert(
        municipality_id=municipality.pk,
        rows=rows,
        actor=actor,
        allowed_organisation_ids=allowed_organisation_ids,
    )


@transaction.atomic
def attendance_record(
    *,
    placement: Placement,
    day: datetime.date | str,
    status: str,
    hours: Decimal | str | None,
    actor: User,
    reason: str = "",
    allowed_organisation_ids: Iterable[int] | None = None,
) -> UpsertResult:
    """One day of one placement (the weekly grid's cell). Raises ``ValidationError`` keyed by
    field (``day``, ``status``, ``hours``, ``reason``, ``placement``)."""
    try:
        return _upsert(
            municipality_id=placement.municipality_id,
            rows=[
                {
                    "placement": placement.pk,
                    "day": day,
                    "status": status,
                    "hours": hours,
                    "reason": reason,
                }
            ],
            actor=actor,
            allowed_organisation_ids=allowed_organisation_ids,
        )
    except AttendanceRowsInvalid as invalid:
        by_field: dict[str, list[str]] = {}
        for error in invalid.row_errors:
            by_field.setdefault(error["field"] or "__all__", []).append(error["message"])
        raise ValidationError(by_field) from None


# -- the week actions of the grid ---------------------------------------------------------------


@dataclass(frozen=True)
class WeekActionResult:
    written: int
    skipped_locked: int
    skipped_other: int


def _fillable_days(
    placement: Placement,
    days: Iterable[datetime.date],
    *,
    today: datetime.date,
) -> list[datetime.date]:
    return [
        day
        for day in days
        if day <= today
        and day >= placement.start_date
        and (placement.end_date is None or day <= placement.end_date)
    ]


def _week_action(
    *,
    municipality: Municipality,
    placements: Sequence[Placement],
    proposals: Mapping[tuple[int, datetime.date], tuple[str, Decimal | None]],
    actor: User,
    allowed_organisation_ids: Iterable[int] | None,
) -> WeekActionResult:
    """Write the proposed values into empty cells only, skipping locked days and checked
    months (those need the matching unit or a reason), all or nothing."""
    if not proposals:
        return WeekActionResult(0, 0, 0)
    days = [day for _pid, day in proposals]
    lock = locked_until(municipality.pk)
    enrolment_of = {p.pk: p.enrolment_id for p in placements}
    checked = set(
        AttendanceCheck.objects.filter(
            municipality=municipality,
            enrolment_id__in=set(enrolment_of.values()),
            month__gte=min(days).replace(day=1),
            month__lte=max(days),
        ).values_list("enrolment_id", "month")
    )
    filled = set(
        Attendance.objects.filter(
            municipality=municipality,
            placement_id__in=list(enrolment_of),
            day__gte=min(days),
            day__lte=max(days),
        ).values_list("placement_id", "day")
    )
    rows = []
    locked = other = 0
    for (pid, day), (status, hours) in sorted(proposals.items()):
        if (pid, day) in filled:
            continue
        if lock is not None and day <= lock:
            locked += 1
            continue
        if (enrolment_of[pid], day.replace(day=1)) in checked:
            other += 1
            continue
        rows.append({"placement": pid, "day": day, "status": status, "hours": hours})
    result = _upsert(
        municipality_id=municipality.pk,
        rows=rows,
        actor=actor,
        allowed_organisation_ids=allowed_organisation_ids,
    )
    return WeekActionResult(result.created + result.updated, locked, other)


def week_days(week_start: datetime.date) -> list[datetime.date]:
    return [week_start + datetime.timedelta(days=n) for n in range(7)]


@transaction.atomic
def attendance_week_all_present(
    *,
    municipality: Municipality,
    placements: Sequence[Placement],
    week_start: datetime.date,
    actor: User,
    allowed_organisation_ids: Iterable[int] | None = None,
) -> WeekActionResult:
    """ "Iedereen aanwezig deze week": every empty working day (Mon-Fri) of the week within each
    placement's period and not in the future becomes present. Filled cells are left alone."""
    today = timezone.localdate()
    workdays = week_days(week_start)[:5]
    proposals = {
        (placement.pk, day): (AttendanceStatus.PRESENT.value, None)
        for placement in placements
        for day in _fillable_days(placement, workdays, today=today)
    }
    return _week_action(
        municipality=municipality,
        placements=placements,
        proposals=proposals,
        actor=actor,
        allowed_organisation_ids=allowed_organisation_ids,
    )


@transaction.atomic
def attendance_week_copy_previous(
    *,
    municipality: Municipality,
    placements: Sequence[Placement],
    week_start: datetime.date,
    actor: User,
    allowed_organisation_ids: Iterable[int] | None = None,
) -> WeekActionResult:
    """ "Kopieer vorige week": last week's value of each day goes into the same weekday of this
    week, where that cell is still empty."""
    today = timezone.localdate()
    previous_start = week_start - datetime.timedelta(days=7)
    by_pk = {p.pk: p for p in placements}
    proposals = {}
    for pid, day, status, hours in Attendance.objects.filter(
        municipality=municipality,
        placement_id__in=list(by_pk),
        day__gte=previous_start,
        day__lt=week_start,
    ).values_list("placement_id", "day", "status", "hours"):
        target = day + datetime.timedelta(days=7)
        if _fillable_days(by_pk[pid], [target], today=today):
            proposals[(pid, target)] = (status, hours)
    return _week_action(
        municipality=municipality,
        placements=placements,
        proposals=proposals,
        actor=actor,
        allowed_organisation_ids=allowed_organisation_ids,
    )


# -- locks and checks ---------------------------------------------------------------------------


@transaction.atomic
def attendance_lock(
    *, municipality: Municipality, until: datetime.date, reason: str, actor: User | None
) -> AttendanceLock:
    """Lock attendance up to and including ``until`` (the subsidies app calls this when a
    quarter statement is approved). A lock never moves back: an earlier date adds nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden voor de vergrendeling.")})
    current = locked_until(municipality.pk)
    if current is not None and until <= current:
        raise ValidationError(
            {
                "until": _("De aanwezigheid is al vergrendeld t/m %(date)s.")
                % {"date": current.strftime("%d-%m-%Y")}
            }
        )
    return AttendanceLock.objects.create(
        municipality=municipality, locked_until=until, reason=reason[:200], created_by=actor
    )


@transaction.atomic
def attendance_month_check(
    *, enrolment: Enrolment, month: datetime.date, actor: User
) -> AttendanceCheck:
    """The matching unit marks a company-month as checked; from then on a change needs a
    reason. Checking twice keeps the first check."""
    check, _created = AttendanceCheck.objects.get_or_create(
        municipality_id=enrolment.municipality_id,
        enrolment=enrolment,
        month=month.replace(day=1),
        defaults={"checked_by": actor},
    )
    return check
