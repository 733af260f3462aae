"""The matching unit's subsidy in the services: application, decision flow with its letter,
four eyes (service and database), the budget check, the advance schedule and the realised
quarter costs."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from participatie.models import MailStatus, MunicipalMail, Organisation
from subsidies.choices import (
    DecisionStatus,
    MatchingUnitApplicationStatus,
    MatchingUnitCostStatus,
    PaymentKind,
)
from subsidies.models import (
    MatchingUnitApplication,
    MatchingUnitCost,
    MatchingUnitDecision,
    MatchingUnitPayment,
)
from subsidies.services import matching_unit as svc
from subsidies.services.decisions import budget_room
from tests.conftest import in_tenant
from tests.factories import OrganisationFactory, ServiceAreaFactory
from tests.subsidies_decisions import helpers as company
from tests.subsidies_matching_unit.helpers import (
    YEAR,
    apply,
    approve_cost,
    approved,
    draft,
    pdf_info,
    pdf_text,
    proposed,
    record,
    setup_money,
)

pytestmark = pytest.mark.django_db
E = Decimal


def fields(error: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return error.value.message_dict


# -- application ---------------------------------------------------------------------------------


def test_matching_unit_applies_with_an_amount_in_dutch_notation_and_a_note(dordrecht):
    application = apply(dordrecht, "225.336,50", note="Vier taken, zoals het kader vraagt.")
    assert application.amount == E("225336.50")
    assert application.matching_unit == dordrecht.matching_unit
    assert application.status == MatchingUnitApplicationStatus.OPEN
    assert application.note == "Vier taken, zoals het kader vraagt."


def test_one_open_application_per_unit_and_year(dordrecht):
    apply(dordrecht)
    with pytest.raises(ValidationError) as error:
        apply(dordrecht, "1000")
    assert "al een aanvraag voor 2022" in fields(error)["year"][0]
    apply(dordrecht, "1000", year=YEAR + 1)  # another year is another application
    with in_tenant(dordrecht.municipality):
        assert MatchingUnitApplication.objects.count() == 2


def test_the_database_refuses_a_second_open_application(dordrecht):
    first = apply(dordrecht)
    with pytest.raises(IntegrityError), in_tenant(dordrecht.municipality):
        MatchingUnitApplication.objects.create(
            municipality=dordrecht.municipality,
            matching_unit=first.matching_unit,
            year=YEAR,
            amount=E("5"),
            submitted_by=dordrecht.consultant,
        )


def test_a_unit_that_does_not_serve_the_municipality_cannot_apply(dordrecht, zwijndrecht):
    with pytest.raises(ValidationError) as error:
        apply(dordrecht, unit=zwijndrecht.matching_unit)
    assert "werkt niet als matchingsunit voor Dordrecht" in fields(error)["matching_unit"][0]
    company_org = dordrecht.lwb_a
    with pytest.raises(ValidationError):
        apply(dordrecht, unit=company_org)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "Dit veld is verplicht."),
        ("veel", "Vul een bedrag in, bijvoorbeeld 12.500,00."),
        ("-5", "groter zijn dan nul"),
        ("0", "groter zijn dan nul"),
        ("12,345", "hoogstens twee decimalen"),  # Dutch: twelve euros and 34.5 cents
        ("99.999.999.999,00", "te groot"),
    ],
)
def test_bad_amounts_are_refused_on_the_amount_field(dordrecht, amount, message):
    with pytest.raises(ValidationError) as error:
        apply(dordrecht, amount)
    assert message in " ".join(fields(error)["amount"])
    with in_tenant(dordrecht.municipality):
        assert not MatchingUnitApplication.objects.exists()


def test_dutch_thousands_are_read_as_thousands(dordrecht):
    assert apply(dordrecht, "€ 12.345").amount == E("12345.00")


def test_every_bad_field_is_named_at_once(dordrecht):
    with pytest.raises(ValidationError) as error:
        apply(dordrecht, "x", year="1999", note="a" * 2001)
    assert set(fields(error)) == {"year", "amount", "note"}


# -- decision flow -------------------------------------------------------------------------------


def test_decision_flow_end_to_end_with_its_letter(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht, "200.000,00")
    assert decision.status == DecisionStatus.DRAFT
    assert decision.advance_model == "full_advance" and decision.amount == E("200000.00")
    with in_tenant(dordrecht.municipality):
        svc.mu_decision_propose(decision=decision, actor=dordrecht.account_holder)
        decision = svc.mu_decision_approve(decision=decision, actor=dordrecht.second_account_holder)
        decision.application.refresh_from_db()
        assert decision.application.status == MatchingUnitApplicationStatus.DECIDED
        decision = svc.mu_decision_send(decision=decision, actor=dordrecht.account_holder)
        assert decision.status == DecisionStatus.SENT and decision.sent_at is not None
        name = decision.letter.name
        pdf = decision.letter.read()
    # The stored name is random: no id, year or name in it.
    assert re.fullmatch(r"mu-decisions/2022/[0-9a-f]{32}\.pdf", name), name
    text = pdf_text(pdf)
    assert "MU Dordrecht" in text and "€ 200.000,00" in text
    assert "Beschikking subsidie matchingsunit participatieplekken 2022" in text
    assert "€ 225.336,00" in text  # the requested amount
    assert "Voorschot bij goedkeuring van deze beschikking" in text
    for person in (dordrecht.account_holder, dordrecht.second_account_holder, dordrecht.consultant):
        assert person.last_name not in text and person.email not in text
    info = pdf_info(pdf)
    assert "Beschikking subsidie matchingsunit 2022 - MU Dordrecht" in info


def test_the_drafter_cannot_approve_and_the_database_refuses_it_too(dordrecht):
    setup_money(dordrecht)
    decision = proposed(dordrecht)
    with (
        pytest.raises(ValidationError, match="vier-ogenprincipe"),
        in_tenant(dordrecht.municipality),
    ):
        svc.mu_decision_approve(decision=decision, actor=dordrecht.account_holder)
    with in_tenant(dordrecht.municipality):
        decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED and not decision.letter
    with pytest.raises(IntegrityError), in_tenant(dordrecht.municipality):
        MatchingUnitDecision.objects.filter(pk=decision.pk).update(
            status=DecisionStatus.APPROVED,
            approved_by=dordrecht.account_holder,
            approved_at=timezone.now(),
        )


def test_whoever_changed_it_last_cannot_approve(dordrecht):
    setup_money(dordrecht)
    decision = proposed(dordrecht)
    with in_tenant(dordrecht.municipality):
        decision = svc.mu_decision_update(
            decision=decision, amount="210.000", actor=dordrecht.second_account_holder
        )
        assert decision.status == DecisionStatus.DRAFT and decision.changed_at is not None
        svc.mu_decision_propose(decision=decision, actor=dordrecht.second_account_holder)
        with pytest.raises(ValidationError, match="vier-ogenprincipe"):
            svc.mu_decision_approve(decision=decision, actor=dordrecht.second_account_holder)
        decision = svc.mu_decision_approve(decision=decision, actor=dordrecht.account_holder)
    assert decision.amount == E("210000.00") and decision.approved_by == dordrecht.account_holder


def test_the_database_refuses_an_approved_decision_without_approver(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht)
    with pytest.raises(IntegrityError), in_tenant(dordrecht.municipality):
        MatchingUnitDecision.objects.filter(pk=decision.pk).update(status=DecisionStatus.SENT)


def test_approval_needs_a_proposal_and_happens_once(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht)
    with in_tenant(dordrecht.municipality):
        with pytest.raises(ValidationError, match="eerst ter goedkeuring"):
            svc.mu_decision_approve(decision=decision, actor=dordrecht.second_account_holder)
        with pytest.raises(ValidationError, match="Alleen een goedgekeurde"):
            svc.mu_decision_send(decision=decision, actor=dordrecht.account_holder)
        svc.mu_decision_propose(decision=decision, actor=dordrecht.account_holder)
        with pytest.raises(ValidationError, match="Alleen een concept"):
            svc.mu_decision_propose(decision=decision, actor=dordrecht.account_holder)
        svc.mu_decision_approve(decision=decision, actor=dordrecht.second_account_holder)
        with pytest.raises(ValidationError, match="al goedgekeurd"):
            svc.mu_decision_approve(decision=decision, actor=dordrecht.second_account_holder)
        with pytest.raises(ValidationError, match="al goedgekeurd"):
            svc.mu_decision_update(decision=decision, amount="1", actor=dordrecht.account_holder)
        assert MatchingUnitPayment.objects.filter(decision=decision).count() == 1


def test_one_decision_per_application(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht)
    with pytest.raises(ValidationError) as error, in_tenant(dordrecht.municipality):
        svc.mu_decision_draft(
            application=decision.application, amount="5", actor=dordrecht.account_holder
        )
    assert "al een beschikking" in fields(error)["application"][0]


def test_a_decided_application_takes_no_new_decision_but_the_unit_may_apply_again(dordrecht):
    setup_money(dordrecht)
    decision = approved(dordrecht, "100000")
    with pytest.raises(ValidationError) as error, in_tenant(dordrecht.municipality):
        svc.mu_decision_draft(
            application=decision.application, amount="5", actor=dordrecht.account_holder
        )
    assert "al besloten" in fields(error)["application"][0]
    extra = apply(dordrecht, "25.000")  # an extra amount: a new application for the year
    second = draft(dordrecht, "25000", application=extra)
    assert second.application_id == extra.pk


def test_no_tariffs_for_the_year_is_a_clear_error(dordrecht):
    setup_money(dordrecht)
    application = apply(dordrecht, year=YEAR + 1)
    with pytest.raises(ValidationError) as error:
        draft(dordrecht, application=application)
    assert "geen tarieven vastgesteld voor 2023" in fields(error)["amount"][0]


# -- budget --------------------------------------------------------------------------------------


def test_above_the_budget_left_needs_explicit_confirmation(dordrecht):
    # Budget 300,000; the companies were granted 17,300.
    setup_money(dordrecht, allocated="300000", mu_cost="50000")
    company.approved(dordrecht, {"basis": 4, "plus": 2})
    with in_tenant(dordrecht.municipality):
        room = svc.mu_budget_room(dordrecht.municipality, YEAR)
    # The planned cost does not count against the unit's own decision: it replaces the plan.
    assert (room.allocated, room.companies, room.units) == (E("300000"), E("17300"), E("0"))
    with pytest.raises(ValidationError) as error:
        draft(dordrecht, "282.700,01")
    message = fields(error)["over_budget_confirmed"][0]
    assert "€\u00a0282.700,01" in message and "€\u00a0282.700,00" in message
    with in_tenant(dordrecht.municipality):
        assert not MatchingUnitDecision.objects.exists()
    with in_tenant(dordrecht.municipality):
        application = MatchingUnitApplication.objects.get()
    assert draft(dordrecht, "282.700,00", application=application).amount == E("282700")


def test_the_check_is_repeated_at_approval(dordrecht):
    setup_money(dordrecht, allocated="280000")
    decision = proposed(dordrecht, "250000")
    company.approved(dordrecht, {"plus": 10})  # 35,300 granted meanwhile: 244,700 left
    with pytest.raises(ValidationError) as error, in_tenant(dordrecht.municipality):
        svc.mu_decision_approve(decision=decision, actor=dordrecht.second_account_holder)
    assert "resterende budget" in " ".join(error.value.messages)


def test_granted_unit_decisions_replace_the_planned_cost_in_the_companies_budget_room(dordrecht):
    setup_money(dordrecht, allocated="1000000", mu_cost="200000")
    with in_tenant(dordrecht.municipality):
        assert budget_room(dordrecht.municipality, YEAR).matching_unit_cost == E("200000")
    draft(dordrecht, "150000")  # a draft reserves nothing yet
    with in_tenant(dordrecht.municipality):
        assert budget_room(dordrecht.municipality, YEAR).matching_unit_cost == E("200000")
        decision = MatchingUnitDecision.objects.get()
        svc.mu_decision_propose(decision=decision, actor=dordrecht.account_holder)
        svc.mu_decision_approve(decision=decision, actor=dordrecht.second_account_holder)
        room = budget_room(dordrecht.municipality, YEAR)
    assert room.matching_unit_cost == E("150000") and room.remaining == E("850000")


# -- advance schedule ----------------------------------------------------------------------------


def test_full_advance_pays_the_grant_at_approval_once(dordrecht):
    setup_money(dordrecht)
    decision = approved(dordrecht, "225336")
    with in_tenant(dordrecht.municipality):
        (payment,) = MatchingUnitPayment.objects.filter(decision=decision)
        with pytest.raises(IntegrityError), transaction.atomic():
            MatchingUnitPayment.objects.create(
                municipality=dordrecht.municipality,
                decision=decision,
                kind=PaymentKind.ADVANCE,
                amount=E("1"),
            )
    assert (payment.kind, payment.quarter, payment.amount) == (
        PaymentKind.ADVANCE,
        None,
        E("225336.00"),
    )


def test_quarterly_pays_80_percent_of_a_quarter_once_its_cost_is_approved(dordrecht):
    setup_money(dordrecht, advance_model="quarterly_80_20")
    q1 = approve_cost(dordrecht, record(dordrecht, 1))  # approved before the decision
    decision = approved(dordrecht, "100000.01")
    # Quarter shares 25,000.01 / 25,000 / 25,000 / 25,000 (largest remainder), 80 % each.
    with in_tenant(dordrecht.municipality):
        paid = {p.quarter: p.amount for p in MatchingUnitPayment.objects.filter(decision=decision)}
    assert paid == {1: E("20000.01")}
    q2 = record(dordrecht, 2)
    with in_tenant(dordrecht.municipality):  # recorded is not yet approved: nothing paid
        assert MatchingUnitPayment.objects.filter(quarter=2).count() == 0
    approve_cost(dordrecht, q2)
    with in_tenant(dordrecht.municipality):
        payments = list(MatchingUnitPayment.objects.filter(decision=decision).order_by("quarter"))
    assert [(p.kind, p.quarter, p.amount, p.cost_id) for p in payments] == [
        (PaymentKind.QUARTER, 1, E("20000.01"), q1.pk),
        (PaymentKind.QUARTER, 2, E("20000.00"), q2.pk),
    ]
    text = pdf_text(_letter(dordrecht, decision))
    assert "Kwartaal 1: 80 % na goedkeuring van de kosten van het kwartaal" in text
    assert "Vaststelling: de ingehouden 20 %" in text


def _letter(side, decision) -> bytes:
    with in_tenant(side.municipality):
        decision.refresh_from_db()
        return decision.letter.read()


# -- realised cost per quarter -------------------------------------------------------------------


def test_the_unit_records_a_quarter_and_another_person_approves(dordrecht):
    cost = record(dordrecht, 1, "56.334,25")
    assert (cost.amount, cost.status, cost.recorded_by) == (
        E("56334.25"),
        MatchingUnitCostStatus.RECORDED,
        dordrecht.consultant,
    )
    again = record(dordrecht, 1, "56.000", account="Gecorrigeerd: 30 intakes.")
    assert again.pk == cost.pk and again.amount == E("56000.00")
    approved_cost = approve_cost(dordrecht, cost)
    assert approved_cost.status == MatchingUnitCostStatus.APPROVED
    with pytest.raises(ValidationError) as error:
        record(dordrecht, 1, "1")
    assert "al goedgekeurd" in fields(error)["quarter"][0]
    with pytest.raises(ValidationError, match="al goedgekeurd"):
        approve_cost(dordrecht, cost, actor=dordrecht.second_account_holder)


def test_an_account_holder_who_recorded_cannot_approve_and_the_database_refuses_it(dordrecht):
    cost = record(dordrecht, 2, actor=dordrecht.account_holder)
    with pytest.raises(ValidationError, match="vier-ogenprincipe"):
        approve_cost(dordrecht, cost, actor=dordrecht.account_holder)
    assert approve_cost(dordrecht, cost, actor=dordrecht.second_account_holder).approved_by == (
        dordrecht.second_account_holder
    )
    other = record(dordrecht, 3, actor=dordrecht.account_holder)
    with pytest.raises(IntegrityError), in_tenant(dordrecht.municipality):
        MatchingUnitCost.objects.filter(pk=other.pk).update(
            status=MatchingUnitCostStatus.APPROVED,
            approved_by=dordrecht.account_holder,
            approved_at=timezone.now(),
        )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "12,3456"}, "amount", "hoogstens twee decimalen"),
        ({"amount": "tien euro"}, "amount", "Vul een bedrag in"),
        ({"amount": "-1"}, "amount", "groter zijn dan nul"),
        ({"account": "  "}, "account", "Dit veld is verplicht."),
        ({"account": "x" * 1001}, "account", "Hoogstens 1000 tekens"),
        ({"quarter": 5}, "quarter", "Kies kwartaal 1, 2, 3 of 4."),
        ({"today": date(YEAR, 3, 31)}, "quarter", "Kwartaal 1 2022 is nog niet voorbij"),
        ({"year": "twintig"}, "year", "Kies een jaar"),
    ],
)
def test_bad_cost_input_is_refused_on_its_field_and_nothing_saved(
    dordrecht, changes, field, message
):
    arguments = {"quarter": 1, **changes}
    with pytest.raises(ValidationError) as error:
        record(dordrecht, **arguments)
    assert message in " ".join(fields(error)[field])
    with in_tenant(dordrecht.municipality):
        assert not MatchingUnitCost.objects.exists()


def test_the_database_refuses_a_cost_without_account_or_a_fifth_quarter(dordrecht):
    base = {
        "municipality": dordrecht.municipality,
        "matching_unit": dordrecht.matching_unit,
        "year": YEAR,
        "amount": E("10"),
        "recorded_by": dordrecht.consultant,
        "recorded_at": timezone.now(),
    }
    for wrong in ({"quarter": 1, "account": ""}, {"quarter": 5, "account": "x"}):
        with pytest.raises(IntegrityError), in_tenant(dordrecht.municipality):
            MatchingUnitCost.objects.create(**base, **wrong)


def test_a_unit_records_only_where_it_works(dordrecht, zwijndrecht):
    with pytest.raises(ValidationError) as error:
        record(dordrecht, unit=zwijndrecht.matching_unit)
    assert "matching_unit" in fields(error)


def test_sending_mails_the_letter_to_the_matching_unit_after_commit(
    dordrecht, django_capture_on_commit_callbacks
):
    setup_money(dordrecht)
    decision = approved(dordrecht)
    with django_capture_on_commit_callbacks(execute=True), in_tenant(dordrecht.municipality):
        svc.mu_decision_send(decision=decision, actor=dordrecht.account_holder)
        assert not mail.outbox, "nothing leaves before the transaction commits"
    (message,) = mail.outbox
    assert message.to == [dordrecht.matching_unit.contact_email]
    assert message.subject == (
        "Beschikking 2022 van de gemeente Dordrecht: subsidie voor het werk van matchingsunit "
        f"{dordrecht.matching_unit.name}"
    )
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("beschikking-matchingsunit-2022.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    with in_tenant(dordrecht.municipality):
        record = MunicipalMail.objects.get()
    assert (record.kind, record.object_id, record.status) == (
        "mu_decision_letter",
        decision.pk,
        MailStatus.SENT,
    )


def test_a_unit_without_an_address_is_sent_only_when_the_sender_posts_it(dordrecht):
    setup_money(dordrecht)
    decision = approved(dordrecht)
    Organisation.objects.filter(pk=dordrecht.matching_unit.pk).update(contact_email="")
    with in_tenant(dordrecht.municipality):
        with pytest.raises(ValidationError) as error:
            svc.mu_decision_send(decision=decision, actor=dordrecht.account_holder)
        assert "without_email_confirmed" in fields(error)
        assert MatchingUnitDecision.objects.get(pk=decision.pk).status == DecisionStatus.APPROVED
        sent = svc.mu_decision_send(
            decision=decision, actor=dordrecht.account_holder, without_email_confirmed=True
        )
        assert sent.status == DecisionStatus.SENT
        assert not MunicipalMail.objects.exists()
    assert not mail.outbox


def test_choose_unit_takes_the_only_one_or_the_chosen_one(dordrecht):
    other = OrganisationFactory(slug="mu-extra", name="MU Extra", matching_unit=True)
    with in_tenant(dordrecht.municipality):
        ServiceAreaFactory(municipality=dordrecht.municipality, organisation=other)
    assert svc.choose_unit([dordrecht.matching_unit], None) == dordrecht.matching_unit
    both = [dordrecht.matching_unit, other]
    assert svc.choose_unit(both, other.pk) == other
    for chosen, message in ((None, "verplicht"), (999, "uit de lijst")):
        with pytest.raises(ValidationError, match=message):
            svc.choose_unit(both, chosen)
