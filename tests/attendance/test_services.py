"""The attendance services: one validation path for a cell and for a batch."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from participatie.attendance import services
from participatie.attendance.choices import AttendanceStatus
from participatie.models import Attendance, AttendanceCorrection, AttendanceLock
from tests.attendance.conftest import D, enrolment_of, make_placements
from tests.conftest import in_tenant
from tests.factories import AttendanceCheckFactory, AttendanceLockFactory

PRESENT = AttendanceStatus.PRESENT.value
SICK = AttendanceStatus.SICK.value


def record(placement, user, day=D(2022, 3, 1), status=PRESENT, hours="4.5", **kwargs):
    with in_tenant(placement.municipality):
        return services.attendance_record(
            placement=placement, day=day, status=status, hours=hours, actor=user, **kwargs
        )


def rows_of(placement):
    with in_tenant(placement.municipality):
        return list(
            Attendance.objects.filter(placement=placement).values_list("day", "status", "hours")
        )


def test_record_keeps_who_and_when_and_is_idempotent(dordrecht, placement_a):
    user = dordrecht.lwb_a_supervisor
    assert record(placement_a, user).created == 1
    with in_tenant(dordrecht.municipality):
        row = Attendance.objects.get(placement=placement_a)
    assert row.entered_by == user and row.hours == Decimal("4.50")
    assert timezone.now() - row.entered_at < datetime.timedelta(minutes=1)
    again = record(placement_a, user)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = record(placement_a, dordrecht.lwb_a_admin, status=SICK, hours=None)
    assert changed.updated == 1
    assert rows_of(placement_a) == [(D(2022, 3, 1), SICK, None)]


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"day": D(2022, 2, 14)}, "day", "buiten de plaatsing"),
        ({"day": D(2022, 7, 1)}, "day", "buiten de plaatsing"),
        ({"day": timezone.localdate() + datetime.timedelta(days=1)}, "day", "toekomst"),
        ({"hours": "24.5"}, "hours", "tussen 0 en 24"),
        ({"hours": "-1"}, "hours", "tussen 0 en 24"),
        ({"hours": "vier"}, "hours", "getal"),
        ({"hours": "1.234"}, "hours", "twee decimalen"),
        ({"status": "maybe"}, "status", "Onbekende status"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(dordrecht, placement_a, kwargs, field, text):
    with pytest.raises(ValidationError) as caught:
        record(placement_a, dordrecht.lwb_a_supervisor, **kwargs)
    assert text in " ".join(caught.value.message_dict[field])
    assert rows_of(placement_a) == []


def test_company_cannot_write_another_companys_placement(dordrecht, placement_a, placement_b):
    with in_tenant(dordrecht.municipality):
        with pytest.raises(services.AttendanceRowsInvalid) as caught:
            services.attendance_bulk_upsert(
                municipality=dordrecht.municipality,
                rows=[
                    {"placement": placement_b.pk, "day": "2022-03-01", "status": PRESENT},
                    {"placement": 987654, "day": "2022-03-01", "status": PRESENT},
                ],
                actor=dordrecht.lwb_a_supervisor,
                allowed_organisation_ids={dordrecht.lwb_a.pk},
            )
    first, second = caught.value.row_errors
    # Same message as an unknown id: nothing tells whether the placement exists.
    assert first["message"].replace(str(placement_b.pk), "X") == second["message"].replace(
        "987654", "X"
    )
    assert rows_of(placement_b) == []


def test_placement_of_another_municipality_is_unknown(dordrecht, placement_z):
    with in_tenant(dordrecht.municipality):
        with pytest.raises(services.AttendanceRowsInvalid) as caught:
            services.attendance_bulk_upsert(
                municipality=dordrecht.municipality,
                rows=[{"placement": placement_z.pk, "day": "2022-03-01", "status": PRESENT}],
                actor=dordrecht.consultant,
            )
    assert caught.value.row_errors[0]["field"] == "placement"


def test_locked_day_refused_for_the_company(dordrecht, placement_a):
    record(placement_a, dordrecht.lwb_a_supervisor, day=D(2022, 3, 1))
    with in_tenant(dordrecht.municipality):
        services.attendance_lock(
            municipality=dordrecht.municipality,
            until=D(2022, 3, 31),
            reason="Kwartaal 1",
            actor=dordrecht.account_holder,
        )
    for day in (D(2022, 3, 1), D(2022, 3, 31)):
        with pytest.raises(ValidationError) as caught:
            record(placement_a, dordrecht.lwb_a_supervisor, day=day, status=SICK, reason="oeps")
        assert "vergrendeld" in " ".join(caught.value.message_dict["day"])
    # Sending what is already stored changes nothing and is no error (idempotent batches).
    assert record(placement_a, dordrecht.lwb_a_supervisor, day=D(2022, 3, 1)).unchanged == 1
    assert record(placement_a, dordrecht.lwb_a_supervisor, day=D(2022, 4, 1)).created == 1


def test_matching_unit_corrects_a_locked_day_with_a_reason_flagged_for_statement(
    dordrecht, placement_a
):
    record(placement_a, dordrecht.lwb_a_supervisor, day=D(2022, 3, 1))
    with in_tenant(dordrecht.municipality):
        AttendanceLockFactory(municipality=dordrecht.municipality, locked_until=D(2022, 3, 31))
    with pytest.raises(ValidationError) as caught:
        record(placement_a, dordrecht.consultant, status=SICK)
    assert "reden" in " ".join(caught.value.message_dict["reason"])
    result = record(placement_a, dordrecht.consultant, status=SICK, hours=None, reason="Was ziek")
    assert result.corrections == 1
    with in_tenant(dordrecht.municipality):
        correction = AttendanceCorrection.objects.get()
    assert correction.previous_status == PRESENT and correction.previous_hours == Decimal("4.5")
    assert correction.new_status == SICK and correction.flagged_for_statement
    assert correction.corrected_by == dordrecht.consultant
    # A day entered for the first time in the locked period is a correction too.
    record(placement_a, dordrecht.consultant, day=D(2022, 3, 2), reason="Nagekomen")
    with in_tenant(dordrecht.municipality):
        assert AttendanceCorrection.objects.filter(flagged_for_statement=True).count() == 2


def test_checked_month_needs_a_reason_and_keeps_the_previous_value(dordrecht, placement_a):
    record(placement_a, dordrecht.lwb_a_supervisor, day=D(2022, 3, 7))
    with in_tenant(dordrecht.municipality):
        AttendanceCheckFactory(
            municipality=dordrecht.municipality,
            enrolment=enrolment_of(dordrecht, dordrecht.lwb_a),
            month=D(2022, 3, 1),
            checked_by=dordrecht.consultant,
        )
    with pytest.raises(ValidationError) as caught:
        record(placement_a, dordrecht.lwb_a_supervisor, day=D(2022, 3, 7), status=SICK)
    assert "gecontroleerd" in " ".join(caught.value.message_dict["reason"])
    record(
        placement_a, dordrecht.lwb_a_supervisor, day=D(2022, 3, 7), status=SICK, reason="Typfout"
    )
    with in_tenant(dordrecht.municipality):
        correction = AttendanceCorrection.objects.get()
    assert (correction.previous_status, correction.new_status) == (PRESENT, SICK)
    assert not correction.flagged_for_statement
    # Another month is not checked: no reason needed.
    assert record(placement_a, dordrecht.lwb_a_supervisor, day=D(2022, 4, 4)).created == 1


def test_batch_is_all_or_nothing_and_names_every_bad_row(dordrecht, placement_a):
    rows = [
        {"placement": placement_a.pk, "day": f"2022-03-{d:02d}", "status": PRESENT}
        for d in range(1, 11)
    ]
    rows[3]["hours"] = "25"
    rows[7]["status"] = "weg"
    rows.append(dict(rows[0]))  # the same day twice
    with in_tenant(dordrecht.municipality):
        with pytest.raises(services.AttendanceRowsInvalid) as caught:
            services.attendance_bulk_upsert(
                municipality=dordrecht.municipality, rows=rows, actor=dordrecht.lwb_a_admin
            )
    assert [(e["row"], e["field"]) for e in caught.value.row_errors] == [
        (3, "hours"),
        (7, "status"),
        (10, "day"),
    ]
    assert rows_of(placement_a) == []


def test_week_actions_fill_empty_workdays_and_skip_locked_ones(dordrecht, placement_a):
    monday = D(2022, 3, 28)  # the lock ends on Thursday 31 March
    record(placement_a, dordrecht.lwb_a_supervisor, day=D(2022, 4, 1), status=SICK)
    with in_tenant(dordrecht.municipality):
        AttendanceLockFactory(municipality=dordrecht.municipality, locked_until=D(2022, 3, 31))
        result = services.attendance_week_all_present(
            municipality=dordrecht.municipality,
            placements=[placement_a],
            week_start=monday,
            actor=dordrecht.lwb_a_supervisor,
        )
    assert (result.written, result.skipped_locked) == (0, 4)  # Friday was filled: sick stays
    with in_tenant(dordrecht.municipality):
        result = services.attendance_week_copy_previous(
            municipality=dordrecht.municipality,
            placements=[placement_a],
            week_start=D(2022, 4, 4),
            actor=dordrecht.lwb_a_supervisor,
        )
    assert result.written == 1
    assert (D(2022, 4, 8), SICK, Decimal("4.5")) in rows_of(placement_a)


def test_all_present_respects_the_placement_period(dordrecht):
    placement = make_placements(dordrecht, dordrecht.lwb_a, 1, start_date=D(2022, 3, 9))[0]
    with in_tenant(dordrecht.municipality):
        result = services.attendance_week_all_present(
            municipality=dordrecht.municipality,
            placements=[placement],
            week_start=D(2022, 3, 7),
            actor=dordrecht.lwb_a_supervisor,
        )
    assert result.written == 3  # Wednesday to Friday
    assert {status for _d, status, _h in rows_of(placement)} == {PRESENT}


def test_lock_needs_a_reason_and_never_moves_back(dordrecht):
    with in_tenant(dordrecht.municipality):
        with pytest.raises(ValidationError):
            services.attendance_lock(
                municipality=dordrecht.municipality, until=D(2022, 3, 31), reason=" ", actor=None
            )
        services.attendance_lock(
            municipality=dordrecht.municipality, until=D(2022, 6, 30), reason="Q2", actor=None
        )
        with pytest.raises(ValidationError):
            services.attendance_lock(
                municipality=dordrecht.municipality, until=D(2022, 3, 31), reason="Q1", actor=None
            )
        assert services.locked_until(dordrecht.municipality.pk) == D(2022, 6, 30)
        assert AttendanceLock.objects.count() == 1


def test_month_check_is_kept_once(dordrecht):
    enrolment = enrolment_of(dordrecht, dordrecht.lwb_a)
    with in_tenant(dordrecht.municipality):
        first = services.attendance_month_check(
            enrolment=enrolment, month=D(2022, 3, 15), actor=dordrecht.consultant
        )
        again = services.attendance_month_check(
            enrolment=enrolment, month=D(2022, 3, 1), actor=dordrecht.consultant
        )
    assert first.pk == again.pk and first.month == D(2022, 3, 1)
