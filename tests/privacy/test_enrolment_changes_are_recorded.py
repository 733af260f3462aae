"""Changing an enrolment keeps who, when, and the values before and after, in its municipality."""

from __future__ import annotations

from django.test import override_settings

from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment
from participatie.privacy.audit import change_log
from tests.conftest import in_tenant, login
from tests.privacy.conftest import first_enrolment


def test_a_change_in_tenant_context_records_who_when_and_before_after(dordrecht):
    enrolment = first_enrolment(dordrecht)
    with in_tenant(dordrecht.municipality):
        enrolment.status = EnrolmentStatus.ENDED
        enrolment.max_places = 3
        enrolment._history_user = dordrecht.account_holder
        enrolment.save()

        latest, previous = enrolment.history.all()[:2]
        delta = latest.diff_against(previous)

    assert latest.history_type == "~"
    assert latest.history_user == dordrecht.account_holder
    assert latest.history_date is not None and latest.history_date >= previous.history_date
    assert latest.municipality_id == dordrecht.municipality.id
    assert {(c.field, c.old, c.new) for c in delta.changes} == {
        ("status", EnrolmentStatus.ACTIVE, EnrolmentStatus.ENDED),
        ("max_places", 10, 3),
    }


@override_settings(ROOT_URLCONF="tests.privacy.probe_urls")
def test_a_change_through_a_request_records_the_logged_in_user(client, dordrecht):
    enrolment = first_enrolment(dordrecht)
    login(client, dordrecht.account_holder)

    response = client.post(f"/dordrecht/audit-probe/enrolments/{enrolment.pk}/end")

    assert response.status_code == 200
    with in_tenant(dordrecht.municipality):
        latest = enrolment.history.first()
        delta = latest.diff_against(latest.prev_record)
    assert latest.history_user == dordrecht.account_holder
    assert latest.municipality_id == dordrecht.municipality.id
    assert set(delta.changed_fields) == {"status", "max_places"}


def test_change_log_gives_template_ready_entries_newest_first(dordrecht):
    enrolment = first_enrolment(dordrecht)
    with in_tenant(dordrecht.municipality):
        enrolment.status = EnrolmentStatus.ENDED
        enrolment.assessment_notes = "Geen verdringing."
        enrolment._history_user = dordrecht.policy_officer
        enrolment.save()
        pk = enrolment.pk
        enrolment.delete()  # forgets its pk: look the deleted row up by id

        log = change_log(Enrolment(pk=pk, municipality=dordrecht.municipality))

    assert [c.kind for c in log] == ["deleted", "changed", "created"]
    assert [c.kind_label for c in log] == ["verwijderd", "gewijzigd", "aangemaakt"]
    assert log[0].when >= log[1].when >= log[2].when
    changed = log[1]
    assert changed.who == dordrecht.policy_officer
    assert changed.who_display == str(dordrecht.policy_officer.get_full_name())
    rows = {c.field: c for c in changed.changes}
    assert set(rows) == {"status", "assessment_notes"}
    assert (rows["status"].before, rows["status"].after) == ("active", "ended")
    assert (rows["status"].before_display, rows["status"].after_display) == ("Actief", "Beëindigd")
    assert rows["status"].label == "status"
    assert (rows["assessment_notes"].before_display, rows["assessment_notes"].after_display) == (
        "",
        "Geen verdringing.",
    )
    created = log[2]
    assert created.who is None and created.who_display == "systeem"
    created_rows = {c.field: c for c in created.changes}
    assert "municipality" not in created_rows and "id" not in created_rows
    assert created_rows["organisation"].after_display == dordrecht.lwb_a.name
    assert created_rows["max_places"].before is None
    assert created_rows["max_places"].after_display == "10"


def test_change_log_of_an_object_without_history_is_empty(dordrecht):
    enrolment = first_enrolment(dordrecht)
    with in_tenant(dordrecht.municipality):
        enrolment.history.all().delete()
        assert change_log(enrolment) == []
        assert Enrolment.history.filter(id=enrolment.pk).count() == 0
