"""What waits for whom ("Wat wacht op mij", ``participatie.waiting.waiting_for``): each role
sees its own work with a count and a link, nothing of another company or municipality, and an
account holder never sees what they prepared as waiting for their own approval."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from participatie.models import Enrolment
from participatie.placements.choices import StepDecisionStatus
from participatie.tenancy.access import memberships_in_municipality
from participatie.tenancy.http import Access
from participatie.waiting import waiting_for
from subsidies.choices import DecisionStatus, StatementStatus
from subsidies.models import QuarterStatement, SubsidyDecision
from tests.conftest import Side, in_tenant, login
from tests.factories import (
    AbsenceSignalFactory,
    ObjectionFactory,
    PlacementFactory,
    StepDecisionFactory,
    StepFactory,
    UserFactory,
)
from tests.factories_subsidies import (
    DeterminationFactory,
    QuarterStatementFactory,
    SubsidyDecisionFactory,
)


def waiting(side: Side, user) -> dict[str, tuple[int, str]]:
    """key -> (count, url) of what waits for ``user`` in ``side``'s municipality."""
    m = side.municipality
    with in_tenant(m):
        access = Access.from_memberships(user, memberships_in_municipality(user, m), municipality=m)
        return {item.key: (item.count, item.url) for item in waiting_for(access)}


def enrolment(side: Side, company: str = "lwb_a") -> Enrolment:
    with in_tenant(side.municipality):
        return Enrolment.objects.get(
            municipality=side.municipality, organisation=getattr(side, company)
        )


def test_nobody_and_no_municipality_get_nothing(dordrecht):
    assert waiting_for(Access(user=None)) == []
    assert waiting_for(Access(user=dordrecht.account_holder)) == []


def test_a_proposed_decision_waits_for_the_second_account_holder_only(dordrecht, zwijndrecht):
    with in_tenant(dordrecht.municipality):
        decision = SubsidyDecisionFactory(
            municipality=dordrecht.municipality,
            enrolment=enrolment(dordrecht),
            status=DecisionStatus.PROPOSED,
            drafted_by=dordrecht.account_holder,
        )
    second = waiting(dordrecht, dordrecht.second_account_holder)
    assert second["subsidies.decisions_to_approve"] == (
        1,
        f"/dordrecht/subsidies/beschikkingen/{decision.pk}/",
    )
    assert "subsidies.decisions_to_approve" not in waiting(dordrecht, dordrecht.account_holder)
    # Neither the policy officer (no approval), a company, nor another municipality.
    assert "subsidies.decisions_to_approve" not in waiting(dordrecht, dordrecht.policy_officer)
    assert "subsidies.decisions_to_approve" not in waiting(dordrecht, dordrecht.lwb_a_admin)
    assert "subsidies.decisions_to_approve" not in waiting(
        zwijndrecht, zwijndrecht.second_account_holder
    )


def test_a_decision_the_user_last_changed_does_not_wait_for_them(dordrecht):
    if "changed_by" not in {field.name for field in SubsidyDecision._meta.get_fields()}:
        pytest.skip("SubsidyDecision has no changed_by (yet)")
    with in_tenant(dordrecht.municipality):
        SubsidyDecisionFactory(
            municipality=dordrecht.municipality,
            enrolment=enrolment(dordrecht),
            status=DecisionStatus.PROPOSED,
            drafted_by=dordrecht.account_holder,
            changed_by=dordrecht.second_account_holder,
        )
    assert "subsidies.decisions_to_approve" not in waiting(
        dordrecht, dordrecht.second_account_holder
    )


def test_more_than_one_decision_links_to_the_list_of_proposed_decisions(client, dordrecht):
    with in_tenant(dordrecht.municipality):
        proposed = [
            SubsidyDecisionFactory(
                municipality=dordrecht.municipality,
                enrolment=enrolment(dordrecht),
                status=DecisionStatus.PROPOSED,
                drafted_by=dordrecht.account_holder,
            ).pk
            for _ in range(2)
        ]
        SubsidyDecisionFactory(
            municipality=dordrecht.municipality,
            enrolment=enrolment(dordrecht),
            drafted_by=dordrecht.account_holder,
        )
    count, url = waiting(dordrecht, dordrecht.second_account_holder)[
        "subsidies.decisions_to_approve"
    ]
    assert (count, url) == (2, "/dordrecht/subsidies/beschikkingen/?status=proposed")
    html = login(client, dordrecht.second_account_holder).get(url).content.decode()
    shown = set(re.findall(r'href="/dordrecht/subsidies/beschikkingen/(\d+)/"', html))
    assert shown == {str(pk) for pk in proposed}
    assert "Ter goedkeuring" in html and "Concept</" not in html


def test_a_draft_statement_waits_for_its_own_companys_administrator(client, dordrecht):
    with in_tenant(dordrecht.municipality):
        statement = QuarterStatementFactory(
            municipality=dordrecht.municipality, enrolment=enrolment(dordrecht)
        )
    assert waiting(dordrecht, dordrecht.lwb_a_admin)["subsidies.statements_to_confirm"] == (
        1,
        f"/dordrecht/subsidies/declaraties/{statement.pk}/",
    )
    # The supervisor does not confirm, the other company has nothing to confirm.
    assert "subsidies.statements_to_confirm" not in waiting(dordrecht, dordrecht.lwb_a_supervisor)
    assert "subsidies.statements_to_confirm" not in waiting(dordrecht, dordrecht.lwb_b_admin)
    html = login(client, dordrecht.lwb_a_admin).get("/dordrecht/").content.decode()
    assert "Declaratie klaar om te bevestigen" in html
    assert f'href="/dordrecht/subsidies/declaraties/{statement.pk}/"' in html
    html = login(client, dordrecht.lwb_b_admin).get("/dordrecht/").content.decode()
    assert "klaar om te bevestigen" not in html


def test_several_drafts_link_to_the_statement_list_of_their_year(dordrecht):
    with in_tenant(dordrecht.municipality):
        for quarter in (1, 2):
            QuarterStatementFactory(
                municipality=dordrecht.municipality,
                enrolment=enrolment(dordrecht),
                year=2022,
                quarter=quarter,
            )
    assert waiting(dordrecht, dordrecht.lwb_a_admin)["subsidies.statements_to_confirm"] == (
        2,
        "/dordrecht/subsidies/declaraties/?jaar=2022",
    )


def test_a_confirmed_statement_waits_for_an_account_holder_who_did_not_prepare_it(dordrecht):
    with in_tenant(dordrecht.municipality):
        statement = QuarterStatementFactory(
            municipality=dordrecht.municipality,
            enrolment=enrolment(dordrecht),
            status=StatementStatus.CONFIRMED,
        )
    for user in (dordrecht.account_holder, dordrecht.second_account_holder):
        assert waiting(dordrecht, user)["subsidies.statements_to_approve"][0] == 1
    assert "subsidies.statements_to_approve" not in waiting(dordrecht, dordrecht.policy_officer)
    assert "subsidies.statements_to_approve" not in waiting(dordrecht, dordrecht.lwb_a_admin)
    if "prepared_by" not in {field.name for field in QuarterStatement._meta.get_fields()}:
        return
    with in_tenant(dordrecht.municipality):
        QuarterStatement.objects.filter(pk=statement.pk).update(
            prepared_by=dordrecht.account_holder
        )
    assert "subsidies.statements_to_approve" not in waiting(dordrecht, dordrecht.account_holder)
    assert waiting(dordrecht, dordrecht.second_account_holder)[
        "subsidies.statements_to_approve"
    ] == (1, f"/dordrecht/subsidies/declaraties/{statement.pk}/")


def test_a_determination_waits_for_an_account_holder_who_did_not_compute_it(dordrecht):
    with in_tenant(dordrecht.municipality):
        determination = DeterminationFactory(
            municipality=dordrecht.municipality, enrolment=enrolment(dordrecht)
        )
        record = determination.history.get()
        record.history_user = dordrecht.account_holder
        record.save()
        DeterminationFactory(
            municipality=dordrecht.municipality,
            enrolment=enrolment(dordrecht),
            year=2021,
            approved_by=dordrecht.second_account_holder,
            approved_at=timezone.now(),
        )
    assert "subsidies.determinations_to_approve" not in waiting(dordrecht, dordrecht.account_holder)
    assert waiting(dordrecht, dordrecht.second_account_holder)[
        "subsidies.determinations_to_approve"
    ] == (1, f"/dordrecht/subsidies/vaststellingen/{determination.pk}/")
    assert "subsidies.determinations_to_approve" not in waiting(dordrecht, dordrecht.lwb_a_admin)


def test_step_advices_and_objections_wait_for_the_account_holder(dordrecht, zwijndrecht):
    m = dordrecht.municipality
    with in_tenant(m):
        placement = PlacementFactory(municipality=m, enrolment=enrolment(dordrecht))
        step = StepFactory(municipality=m)
        decided = StepDecisionFactory(municipality=m, placement=placement, step=step)
        StepDecisionFactory(
            municipality=m,
            placement=placement,
            step=step,
            valid_from=placement.start_date + timedelta(days=30),
            status=StepDecisionStatus.ADVISED,
        )
        ObjectionFactory(municipality=m, decision=decided)
    holder = waiting(dordrecht, dordrecht.account_holder)
    assert holder["placements.step_advices_to_decide"] == (1, "/dordrecht/besluiten/")
    assert holder["placements.objections_to_handle"] == (1, "/dordrecht/besluiten/")
    for user in (dordrecht.consultant, dordrecht.policy_officer, dordrecht.lwb_a_admin):
        assert "placements.step_advices_to_decide" not in waiting(dordrecht, user)
    assert waiting(zwijndrecht, zwijndrecht.account_holder) == {}


def _long_absent(side: Side, company: str) -> None:
    today = timezone.localdate()
    with in_tenant(side.municipality):
        placement = PlacementFactory(
            municipality=side.municipality,
            enrolment=enrolment(side, company),
            start_date=today - timedelta(days=400),
        )
        AbsenceSignalFactory(
            municipality=side.municipality,
            placement=placement,
            streak_start=today - timedelta(days=50),
            raised_on=today,
        )


def test_overdue_talks_and_signals_wait_for_the_consultant_and_the_own_company(dordrecht):
    _long_absent(dordrecht, "lwb_a")
    _long_absent(dordrecht, "lwb_b")
    consultant = waiting(dordrecht, dordrecht.consultant)
    assert consultant["development.talks_overdue"] == (
        2,
        "/dordrecht/ontwikkelplannen/achterstallig/",
    )
    assert consultant["absence.signals_to_follow_up"] == (2, "/dordrecht/signalen/")
    company = waiting(dordrecht, dordrecht.lwb_a_admin)
    assert company["development.talks_overdue"][0] == 1
    assert company["absence.signals_open"] == (1, "/dordrecht/signalen/")
    assert company["attendance.days_to_fill"][1] == "/dordrecht/aanwezigheid/"
    # The account holder follows neither up.
    holder = waiting(dordrecht, dordrecht.account_holder)
    assert not {"development.talks_overdue", "absence.signals_to_follow_up"} & set(holder)


def test_a_user_without_work_here_is_told_nothing_waits(client, dordrecht):
    lonely = UserFactory(email="niemand@example.nl")
    assert waiting(dordrecht, lonely) == {}
    html = login(client, dordrecht.policy_officer).get("/dordrecht/").content.decode()
    assert "Er wacht nu niets op u." in html


def test_the_home_page_shows_each_waiting_item_once_with_its_count(client, dordrecht):
    with in_tenant(dordrecht.municipality):
        for quarter in (1, 2, 3):
            QuarterStatementFactory(
                municipality=dordrecht.municipality,
                enrolment=enrolment(dordrecht),
                quarter=quarter,
                status=StatementStatus.CONFIRMED,
            )
    html = login(client, dordrecht.account_holder).get("/dordrecht/").content.decode()
    section = html[html.index('id="section-waiting"') :]
    section = section[: section.index("</section>")]
    assert '<span class="waiting-list__count">3</span>' in section
    assert 'href="/dordrecht/subsidies/"' in section  # the approval queue
    # The statements section no longer repeats the count for whoever approves.
    assert html.count("Declaraties om goed te keuren") == 1
    # The policy officer (who does not approve) still sees how many wait for approval.
    html = login(client, dordrecht.policy_officer).get("/dordrecht/").content.decode()
    assert "Wachten op goedkeuring door een accounthouder" in html
    assert 'id="section-waiting"' in html and "Declaraties om goed te keuren" not in html
