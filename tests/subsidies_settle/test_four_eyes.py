"""Four eyes on quarter statements: who prepared a statement (the one who pressed "Kwartaal
afrekenen" or drew up a correction) does not approve it, in the service and in the database;
re-running a quarter replaces drafts only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from subsidies.choices import StatementStatus
from subsidies.models import PaymentInstruction, QuarterStatement
from subsidies.services.statements import statement_approve, statement_confirm, statement_correct
from tests.conftest import in_tenant
from tests.factories import EnrolmentFactory, OrganisationFactory
from tests.subsidies_settle.conftest import place_example, run_of, start, statements_of
from tests.subsidies_statements.test_workflow import _step_change

D = datetime.date


@pytest.fixture
def settled(configured, django_capture_on_commit_callbacks):
    """Q1 2022 settled by button by the first account holder."""
    with django_capture_on_commit_callbacks(execute=True):
        start(configured)
    (statement,) = statements_of(configured)
    return statement


def confirm(side, statement, who=None):
    with in_tenant(side.municipality):
        return statement_confirm(statement=statement, actor=who or side.lwb_a_admin)


def approve(side, statement, who):
    with in_tenant(side.municipality):
        return statement_approve(statement=statement, actor=who)


def test_the_preparer_cannot_approve_and_another_account_holder_can(configured, settled):
    assert settled.prepared_by == configured.account_holder
    confirm(configured, settled)
    with pytest.raises(ValidationError) as refused:
        approve(configured, settled, configured.account_holder)
    assert refused.value.code == "four_eyes"
    assert "zelf opgesteld" in refused.value.messages[0]
    (still,) = statements_of(configured)
    assert still.status == StatementStatus.CONFIRMED and still.approved_by is None
    approved = approve(configured, settled, configured.second_account_holder)
    assert approved.status == StatementStatus.APPROVED
    assert approved.approved_by == configured.second_account_holder


def test_a_statement_computed_by_the_schedule_may_be_approved_by_any_account_holder(configured):
    from subsidies.services.settlement import quarter_settle

    with in_tenant(configured.municipality):
        (statement,) = quarter_settle(municipality=configured.municipality, year=2022, quarter=1)
    assert statement.prepared_by is None
    confirm(configured, statement)
    assert approve(configured, statement, configured.account_holder).approved_by_id


def test_the_one_who_draws_up_a_correction_prepared_it(configured, settled):
    confirm(configured, settled)
    approve(configured, settled, configured.second_account_holder)
    _step_change(configured, _placement(configured, settled), D(2022, 3, 20), "basis")
    with in_tenant(configured.municipality):
        correction = statement_correct(
            statement=settled, actor=configured.account_holder, today=D(2022, 5, 1)
        )
    assert correction.prepared_by == configured.account_holder
    confirm(configured, correction)
    with pytest.raises(ValidationError, match="zelf opgesteld"):
        approve(configured, correction, configured.account_holder)
    assert approve(configured, correction, configured.second_account_holder).approved_at


def _placement(side, statement):
    with in_tenant(side.municipality):
        return statement.lines.get(step__code="plus").placement


def test_the_database_refuses_an_approval_by_the_preparer_whatever_the_path(configured, settled):
    confirm(configured, settled)
    with in_tenant(configured.municipality):
        with pytest.raises(IntegrityError), transaction.atomic():
            QuarterStatement.objects.filter(pk=settled.pk).update(
                status=StatementStatus.APPROVED, approved_by=configured.account_holder
            )
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE subsidies_quarterstatement SET status = 'approved', "
                "approved_by_id = prepared_by_id WHERE id = %s",
                [settled.pk],
            )
        # Someone else may.
        QuarterStatement.objects.filter(pk=settled.pk).update(
            approved_by=configured.second_account_holder
        )


def test_a_rerun_replaces_drafts_and_keeps_confirmed_and_approved_statements(
    configured, django_capture_on_commit_callbacks
):
    """Three companies: A's statement is approved, B's confirmed, C's still a draft. A second
    run by the other account holder leaves A and B exactly as they were and replaces C."""
    place_example(configured, configured.lwb_b)
    with in_tenant(configured.municipality):
        third = OrganisationFactory(slug="lwb-c", name="Zorgboerderij Dordrecht")
        EnrolmentFactory(municipality=configured.municipality, organisation=third)
    place_example(configured, third)
    with django_capture_on_commit_callbacks(execute=True):
        start(configured)
    a, b, c = (
        next(s for s in statements_of(configured) if s.enrolment.organisation_id == org.pk)
        for org in (configured.lwb_a, configured.lwb_b, third)
    )
    confirm(configured, a)
    approve(configured, a, configured.second_account_holder)
    confirmed_b = confirm(configured, b, configured.lwb_b_admin)
    with django_capture_on_commit_callbacks(execute=True):
        rerun = start(configured, configured.second_account_holder)
    assert run_of(configured, rerun.run).statement_count == 1
    after = {s.enrolment.organisation_id: s for s in statements_of(configured)}
    assert len(after) == 3
    kept_a, kept_b, new_c = after[configured.lwb_a.pk], after[configured.lwb_b.pk], after[third.pk]
    assert (kept_a.pk, kept_a.status, kept_a.prepared_by) == (
        a.pk,
        StatementStatus.APPROVED,
        configured.account_holder,
    )
    assert (kept_b.pk, kept_b.status, kept_b.prepared_by, kept_b.confirmed_at) == (
        b.pk,
        StatementStatus.CONFIRMED,
        configured.account_holder,
        confirmed_b.confirmed_at,
    )
    assert new_c.pk != c.pk and new_c.status == StatementStatus.DRAFT
    assert new_c.prepared_by == configured.second_account_holder
    assert new_c.total == Decimal("443.49")
    with in_tenant(configured.municipality):
        assert PaymentInstruction.objects.filter(statement=kept_a).count() == 1
    # The confirmed statement still waits for the account holder who did not prepare it.
    with pytest.raises(ValidationError, match="zelf opgesteld"):
        approve(configured, kept_b, configured.account_holder)
