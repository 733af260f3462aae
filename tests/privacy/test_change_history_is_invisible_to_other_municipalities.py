"""The history of Dordrecht's enrolment is Dordrecht's: no other scope and no other RLS setting
shows it, and no query reads it outside a scope."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django_scopes.exceptions import ScopeError

from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment
from participatie.privacy.audit import change_log
from tests.conftest import in_tenant
from tests.privacy.conftest import first_enrolment

HistoricalEnrolment = Enrolment.history.model


@pytest.fixture
def changed(dordrecht, zwijndrecht):
    enrolment = first_enrolment(dordrecht)
    with in_tenant(dordrecht.municipality):
        enrolment.status = EnrolmentStatus.ENDED
        enrolment._history_user = dordrecht.account_holder
        enrolment.save()
    return enrolment


def test_history_queries_outside_a_scope_raise(changed):
    with pytest.raises(ScopeError):
        list(HistoricalEnrolment.objects.all())
    with pytest.raises(ScopeError):
        list(changed.history.all())
    with pytest.raises(ScopeError):
        change_log(changed)


def test_another_municipalitys_scope_sees_no_history_rows(changed, zwijndrecht):
    with in_tenant(zwijndrecht.municipality):
        assert not HistoricalEnrolment.objects.filter(id=changed.pk).exists()
        assert list(changed.history.all()) == []
        assert change_log(changed) == []
        assert {h.municipality_id for h in HistoricalEnrolment.objects.all()} == {
            zwijndrecht.municipality.id
        }
    with in_tenant(changed.municipality):
        assert changed.history.count() == 2


@pytest.mark.postgres
def test_raw_select_on_the_history_table_under_another_municipalitys_rls_returns_nothing(
    changed, zwijndrecht
):
    table = HistoricalEnrolment._meta.db_table

    def count(municipality_id: int) -> int:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('app.municipality_ids', %s, true)", [str(municipality_id)]
            )
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE id = %s', [changed.pk])
            return cursor.fetchone()[0]

    assert count(zwijndrecht.municipality.id) == 0
    assert count(changed.municipality_id) == 2
