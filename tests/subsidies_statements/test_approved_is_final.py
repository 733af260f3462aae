"""An approved statement and its lines are final in the database itself: bulk updates,
``QuerySet.update()``, deletes and raw SQL are refused by triggers (SQLite and PostgreSQL),
while the flows that legitimately write statements keep working."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from participatie.models import Enrolment
from subsidies.choices import StatementStatus
from subsidies.models import QuarterStatement, StatementLine
from subsidies.services.settlement import quarter_settle
from subsidies.services.statements import statement_approve, statement_confirm
from tests.conftest import in_tenant
from tests.subsidies.test_settle_quarter import CASES, place
from tests.subsidies_statements.conftest import reload, settle

D = datetime.date
REFUSED = "goedgekeurde declaratie kan niet worden gewijzigd"


@pytest.fixture
def approved(dordrecht):
    """The worked example's Q1 2022 statement, confirmed and approved (total 443.49). Under
    full_advance approving pays nothing, so no payment instruction protects it from a delete
    and the trigger is what refuses one."""
    draft = settle(dordrecht, advance_model="full_advance")
    with in_tenant(dordrecht.municipality):
        statement_confirm(statement=draft, actor=dordrecht.lwb_a_admin, today=D(2022, 4, 10))
        statement_approve(statement=draft, actor=dordrecht.account_holder)
    return reload(dordrecht, draft)


@contextmanager
def refused() -> Iterator[None]:
    """The database's refusal; the savepoint keeps the test's transaction usable after it."""
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic():
        yield


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


STATEMENT = QuarterStatement._meta.db_table
LINE = StatementLine._meta.db_table


def unchanged(side, statement) -> None:
    with in_tenant(side.municipality):
        stored = QuarterStatement.objects.get(pk=statement.pk)
        assert (stored.status, stored.total) == (StatementStatus.APPROVED, Decimal("443.49"))
        assert (stored.payable_now, stored.held, stored.confirmed_late) == (0, 0, False)
        assert sorted(StatementLine.objects.filter(statement=stored).values_list("amount")) == [
            (Decimal("157.53"),),
            (Decimal("210.96"),),
        ]


# --------------------------------------------------------------------------------------------
# The statement
# --------------------------------------------------------------------------------------------


def test_an_approved_statement_refuses_a_queryset_update(dordrecht, approved):
    with in_tenant(dordrecht.municipality):
        with refused():
            QuarterStatement.objects.filter(pk=approved.pk).update(confirmed_late=True)
        with refused():  # not even the status goes back
            QuarterStatement.objects.filter(pk=approved.pk).update(status=StatementStatus.DRAFT)
    unchanged(dordrecht, approved)


def test_an_approved_statement_refuses_save_and_bulk_update(dordrecht, approved):
    with in_tenant(dordrecht.municipality):
        statement = QuarterStatement.objects.get(pk=approved.pk)
        statement.confirmed_late = True
        with refused():
            statement.save()
        with refused():
            QuarterStatement.objects.bulk_update([statement], ["total"])
    unchanged(dordrecht, approved)


def test_an_approved_statement_refuses_a_delete(dordrecht, approved):
    with in_tenant(dordrecht.municipality):
        with refused():
            QuarterStatement.objects.filter(pk=approved.pk).delete()
        with refused():
            QuarterStatement.objects.get(pk=approved.pk).delete()
    unchanged(dordrecht, approved)


def test_an_approved_statement_refuses_raw_sql(dordrecht, approved):
    with in_tenant(dordrecht.municipality):
        with refused():
            raw(
                f"UPDATE {STATEMENT} SET held = 0, payable_now = total WHERE id = %s", [approved.pk]
            )
        with refused():
            raw(f"DELETE FROM {STATEMENT} WHERE id = %s", [approved.pk])
    unchanged(dordrecht, approved)


# --------------------------------------------------------------------------------------------
# Its lines
# --------------------------------------------------------------------------------------------


def test_the_lines_of_an_approved_statement_refuse_update_and_save(dordrecht, approved):
    with in_tenant(dordrecht.municipality):
        lines = StatementLine.objects.filter(statement_id=approved.pk)
        with refused():
            lines.update(amount=Decimal("1.00"))
        line = lines.first()
        line.amount = Decimal("1.00")
        with refused():
            line.save()
        with refused():
            StatementLine.objects.bulk_update([line], ["amount"])
    unchanged(dordrecht, approved)


def test_the_lines_of_an_approved_statement_refuse_a_delete(dordrecht, approved):
    with in_tenant(dordrecht.municipality):
        with refused():
            StatementLine.objects.filter(statement_id=approved.pk).delete()
        with refused():
            StatementLine.objects.filter(statement_id=approved.pk).first().delete()
    unchanged(dordrecht, approved)


def test_the_lines_of_an_approved_statement_refuse_raw_sql(dordrecht, approved):
    with in_tenant(dordrecht.municipality):
        with refused():
            raw(f"UPDATE {LINE} SET amount = 1 WHERE statement_id = %s", [approved.pk])
        with refused():
            raw(f"DELETE FROM {LINE} WHERE statement_id = %s", [approved.pk])
    unchanged(dordrecht, approved)


def test_an_approved_statement_gets_no_new_lines(dordrecht, approved):
    with in_tenant(dordrecht.municipality):
        line = StatementLine.objects.filter(statement_id=approved.pk).first()
        line.pk = None
        with refused():
            line.save()
        line.pk = None
        with refused():
            StatementLine.objects.bulk_create([line])
    unchanged(dordrecht, approved)


def test_a_line_cannot_be_moved_into_an_approved_statement(dordrecht, approved):
    with in_tenant(dordrecht.municipality):
        draft = QuarterStatement.objects.create(
            municipality=dordrecht.municipality,
            enrolment_id=approved.enrolment_id,
            year=2022,
            quarter=2,
            advance_model=approved.advance_model,
            lines_total=Decimal("1.00"),
            base_fee=Decimal("0.00"),
            total=Decimal("1.00"),
            payable_now=Decimal("0.80"),
            held=Decimal("0.20"),
            computed_at=approved.computed_at,
        )
        template = StatementLine.objects.filter(statement_id=approved.pk).first()
        line = StatementLine.objects.create(
            municipality=dordrecht.municipality,
            statement=draft,
            placement_id=template.placement_id,
            step_id=template.step_id,
            date_from=D(2022, 4, 1),
            date_to=D(2022, 4, 1),
            days=1,
            annual_tariff=template.annual_tariff,
            amount=Decimal("1.00"),
        )
        with refused():
            StatementLine.objects.filter(pk=line.pk).update(statement_id=approved.pk)
    unchanged(dordrecht, approved)


# --------------------------------------------------------------------------------------------
# What still works
# --------------------------------------------------------------------------------------------


def test_drafts_and_their_lines_are_still_edited_and_deleted_freely(dordrecht, draft):
    with in_tenant(dordrecht.municipality):
        StatementLine.objects.filter(statement_id=draft.pk).update(amount=Decimal("1.00"))
        raw(f"UPDATE {STATEMENT} SET computed_at = computed_at WHERE id = %s", [draft.pk])
        StatementLine.objects.filter(statement_id=draft.pk).delete()
        QuarterStatement.objects.filter(pk=draft.pk).delete()
        assert not QuarterStatement.objects.exists()


def test_a_confirmed_statement_can_still_be_approved(dordrecht, draft):
    with in_tenant(dordrecht.municipality):
        confirmed = statement_confirm(
            statement=draft, actor=dordrecht.lwb_a_admin, today=D(2022, 4, 10)
        )
        QuarterStatement.objects.filter(pk=confirmed.pk).update(confirmed_late=False)
        assert statement_approve(statement=draft, actor=dordrecht.account_holder).status == (
            StatementStatus.APPROVED
        )


def test_the_services_refuse_an_approved_statement_in_dutch(dordrecht, approved):
    with in_tenant(dordrecht.municipality):
        with pytest.raises(ValidationError, match="al goedgekeurd"):
            statement_confirm(statement=approved, actor=dordrecht.lwb_a_admin)
        with pytest.raises(ValidationError, match="al goedgekeurd"):
            statement_approve(statement=approved, actor=dordrecht.second_account_holder)
    unchanged(dordrecht, approved)


def test_a_rerun_beside_an_approved_statement_replaces_the_other_drafts(dordrecht, approved):
    """The settlement deletes and writes the drafts of the same quarter (lines included)
    around the approved statement, which it leaves alone."""
    with in_tenant(dordrecht.municipality):
        company_b = Enrolment.objects.get(organisation=dordrecht.lwb_b)
    place(dordrecht, company_b, CASES[0]["placements"][0])
    runs = []
    for _ in range(2):
        with in_tenant(dordrecht.municipality):
            runs.append(
                quarter_settle(
                    municipality=dordrecht.municipality, year=2022, quarter=1, today=D(2022, 5, 1)
                )
            )
    (first,), (second,) = runs
    assert first.enrolment_id == second.enrolment_id == company_b.pk and first.pk != second.pk
    with in_tenant(dordrecht.municipality):
        assert not QuarterStatement.objects.filter(pk=first.pk).exists()
        assert StatementLine.objects.filter(statement_id=second.pk).count() == 2
    unchanged(dordrecht, approved)
