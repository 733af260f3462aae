"""Applications and decisions written through the API: a company's administrator applies for its
own company only; an account holder drafts (from an application or for an enrolment), changes
a draft, proposes and sends; a second account holder approves (four eyes); an approved decision
changes through a new one. Bad input is problem+json naming the field, and nothing is saved;
wrong roles get 403 and another municipality's decision 404 on every write."""

from __future__ import annotations

from decimal import Decimal

import pytest

from subsidies.choices import DecisionStatus
from subsidies.models import (
    ApplicationLine,
    DecisionLine,
    PaymentInstruction,
    SubsidyApplication,
    SubsidyDecision,
)
from tests.api.conftest import PROBLEM, count_queries, fields_of, get, messages_of, post, url
from tests.conftest import in_tenant, login, make_steps
from tests.subsidies_decisions.helpers import YEAR, approved, draft, enrolment, setup_money

DECISION_WRITES = ("propose", "approve", "send", "amend")


def patch(client, user, path: str, data: dict):
    login(client, user)
    return client.patch(path, data, content_type="application/json")


def apply(client, side, user=None, which="lwb_a", **data):
    body = {"enrolment": enrolment(side, which).id, "year": YEAR, "places": {"basis": 3}}
    body.update(data)
    return post(client, user or side.lwb_a_admin, url(side, "applications"), body)


def counts(side) -> tuple[int, int, int, int]:
    with in_tenant(side.municipality):
        return (
            SubsidyApplication.objects.count(),
            ApplicationLine.objects.count(),
            SubsidyDecision.objects.count(),
            DecisionLine.objects.count(),
        )


@pytest.fixture
def money(dordrecht):
    """Dordrecht's 2022 tariffs (basis 2,500 / plus 3,500 / base fee 300), budget 1,000,000
    of which 200,000 goes to the matching unit."""
    setup_money(dordrecht)
    return dordrecht


# -- applications ----------------------------------------------------------------------------


class TestApplications:
    def test_company_administrator_applies_for_its_own_company(self, client, money):
        response = apply(
            client, money, places={"basis": 3, "plus": "1"}, note="Twee extra werkplekken."
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["company"] == money.lwb_a.name and body["year"] == YEAR
        assert {line["step"]: line["places"] for line in body["lines"]} == {"basis": 3, "plus": 1}
        listed = get(client, money.lwb_a_admin, url(money, "applications")).json()
        assert [row["id"] for row in listed["results"]] == [body["id"]]

    def test_another_companys_enrolment_reads_as_unknown(self, client, money):
        other = apply(client, money, which="lwb_b")
        unknown = apply(client, money, enrolment=999_999)
        assert fields_of(other) == fields_of(unknown) == {"enrolment"}
        # The same words as for an id that does not exist: the id reveals nothing.
        assert messages_of(other).replace(str(enrolment(money, "lwb_b").id), "?") == (
            messages_of(unknown).replace("999999", "?")
        )
        assert counts(money) == (0, 0, 0, 0)

    def test_supervisor_of_the_company_and_municipal_roles_cannot_apply(self, client, money):
        for user in (
            money.lwb_a_supervisor,
            money.account_holder,
            money.policy_officer,
            money.consultant,
        ):
            response = apply(client, money, user=user)
            assert response.status_code == 403, user
            assert response["Content-Type"] == PROBLEM
        assert counts(money) == (0, 0, 0, 0)

    @pytest.mark.parametrize("value", [-1, "vier", 2.5, True])
    def test_negative_or_non_numeric_places_are_refused(self, client, money, value):
        response = apply(client, money, places={"basis": 2, "plus": value})
        assert fields_of(response) == {"places.plus"}
        assert counts(money) == (0, 0, 0, 0)

    def test_a_year_without_a_step_catalogue_is_refused(self, client, money):
        response = apply(client, money, year=2030)
        assert response.status_code == 400 and "bestaat niet in 2030" in messages_of(response)
        assert fields_of(apply(client, money, year="volgend jaar")) == {"year"}
        assert counts(money) == (0, 0, 0, 0)


# -- drafting --------------------------------------------------------------------------------


class TestDrafting:
    def test_account_holder_drafts_from_an_application(self, client, money):
        application = apply(client, money, places={"basis": 4, "plus": 2}).json()
        response = post(
            client,
            money.account_holder,
            url(money, "decisions"),
            {"application": application["id"]},
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["application"] == application["id"]
        assert body["enrolment"] == enrolment(money).id and body["year"] == YEAR
        # 4 x 2,500 + 2 x 3,500 + 300 base fee
        assert body["amount"] == "17300.00" and body["status"] == "draft"
        assert {line["step"]: line["places"] for line in body["lines"]} == {"basis": 4, "plus": 2}
        assert body["drafted_by"] == str(money.account_holder)

    def test_places_given_with_an_application_win(self, client, money):
        application = apply(client, money, places={"basis": 4}).json()
        body = post(
            client,
            money.account_holder,
            url(money, "decisions"),
            {"application": application["id"], "places": {"basis": 2}},
        ).json()
        assert body["amount"] == "5300.00"

    def test_account_holder_drafts_for_an_enrolment(self, client, money):
        response = post(
            client,
            money.account_holder,
            url(money, "decisions"),
            {"enrolment": enrolment(money, "lwb_b").id, "year": YEAR, "places": {"plus": 1}},
        )
        assert response.status_code == 201, response.content
        assert response.json()["company"] == money.lwb_b.name
        assert response.json()["amount"] == "3800.00"

    def test_without_an_application_enrolment_year_and_places_are_needed(self, client, money):
        response = post(client, money.account_holder, url(money, "decisions"), {})
        assert fields_of(response) == {"enrolment", "year", "places"}

    def test_an_application_and_another_company_do_not_mix(self, client, money):
        application = apply(client, money).json()
        response = post(
            client,
            money.account_holder,
            url(money, "decisions"),
            {"application": application["id"], "enrolment": enrolment(money, "lwb_b").id},
        )
        assert fields_of(response) == {"enrolment"}
        assert counts(money)[2:] == (0, 0)

    def test_no_tariff_schedule_for_the_year(self, client, money):
        make_steps(money.municipality, range(2023, 2024))
        response = post(
            client,
            money.account_holder,
            url(money, "decisions"),
            {"enrolment": enrolment(money).id, "year": 2023, "places": {"basis": 1}},
        )
        assert fields_of(response) == {"year"}
        assert "geen tarieven vastgesteld voor 2023" in messages_of(response)
        assert counts(money)[2:] == (0, 0)

    @pytest.mark.parametrize("value", [-3, "drie", "1,5"])
    def test_negative_or_non_numeric_places(self, client, money, value):
        response = post(
            client,
            money.account_holder,
            url(money, "decisions"),
            {"enrolment": enrolment(money).id, "year": YEAR, "places": {"basis": value}},
        )
        assert fields_of(response) == {"places.basis"}
        assert counts(money)[2:] == (0, 0)

    def test_above_the_remaining_budget_needs_confirmation(self, client, dordrecht):
        # remaining = 30,000 - 10,000 = 20,000; 10 plus places = 35,300
        setup_money(dordrecht, allocated="30000", mu_cost="10000")
        data = {"enrolment": enrolment(dordrecht).id, "year": YEAR, "places": {"plus": 10}}
        refused = post(client, dordrecht.account_holder, url(dordrecht, "decisions"), data)
        assert fields_of(refused) == {"over_budget_confirmed"}
        assert "€\u00a035.300,00" in messages_of(refused) and "€\u00a020.000,00" in messages_of(
            refused
        )
        assert counts(dordrecht)[2:] == (0, 0)
        confirmed = post(
            client,
            dordrecht.account_holder,
            url(dordrecht, "decisions"),
            {**data, "over_budget_confirmed": True},
        )
        assert confirmed.status_code == 201, confirmed.content
        assert confirmed.json()["over_budget_confirmed"] is True

    def test_another_municipalitys_enrolment_or_application_does_not_exist_here(
        self, client, money, zwijndrecht
    ):
        setup_money(zwijndrecht)
        foreign = apply(client, zwijndrecht, user=zwijndrecht.lwb_a_admin).json()
        response = post(
            client,
            money.account_holder,
            url(money, "decisions"),
            {"application": foreign["id"]},
        )
        assert fields_of(response) == {"application"}
        response = post(
            client,
            money.account_holder,
            url(money, "decisions"),
            {"enrolment": enrolment(zwijndrecht).id, "year": YEAR, "places": {"basis": 1}},
        )
        assert fields_of(response) == {"enrolment"}
        assert counts(money)[2:] == (0, 0)

    def test_only_an_account_holder_drafts(self, client, money):
        data = {"enrolment": enrolment(money).id, "year": YEAR, "places": {"basis": 1}}
        for user in (money.policy_officer, money.consultant, money.lwb_a_admin):
            response = post(client, user, url(money, "decisions"), data)
            assert response.status_code == 403, user
        assert counts(money)[2:] == (0, 0)


# -- changing, proposing, approving, sending -------------------------------------------------


def _act(client, user, side, decision_id: int, action: str, data=None):
    return post(client, user, url(side, f"decisions/{decision_id}/{action}"), data)


class TestWorkflow:
    def test_draft_propose_four_eyes_approve_send_and_the_company_sees_it(self, client, money):
        created = post(
            client,
            money.account_holder,
            url(money, "decisions"),
            {"enrolment": enrolment(money).id, "year": YEAR, "places": {"basis": 4, "plus": 2}},
        ).json()
        pk = created["id"]
        login(client, money.lwb_a_admin)
        assert client.get(url(money, f"decisions/{pk}")).status_code == 404  # not yet approved

        proposed = _act(client, money.account_holder, money, pk, "propose")
        assert proposed.status_code == 200 and proposed.json()["status"] == "proposed"

        own = _act(client, money.account_holder, money, pk, "approve")
        assert own.status_code == 400 and own["Content-Type"] == PROBLEM
        assert "zelf opgesteld" in messages_of(own) and "vier-ogenprincipe" in messages_of(own)
        with in_tenant(money.municipality):
            assert SubsidyDecision.objects.get(pk=pk).status == DecisionStatus.PROPOSED
            assert not PaymentInstruction.objects.exists()

        done = _act(client, money.second_account_holder, money, pk, "approve")
        assert done.status_code == 200, done.content
        body = done.json()
        assert body["status"] == "approved" and body["letter_available"] is True
        assert body["approved_by"] == str(money.second_account_holder)
        again = _act(client, money.second_account_holder, money, pk, "approve")
        assert again.status_code == 409 and "al goedgekeurd" in messages_of(again)
        with in_tenant(money.municipality):
            (payment,) = PaymentInstruction.objects.filter(decision_id=pk)
        assert payment.amount == Decimal("17300.00")  # full advance, once

        sent = _act(client, money.account_holder, money, pk, "send")
        assert sent.status_code == 200 and sent.json()["status"] == "sent"
        assert _act(client, money.account_holder, money, pk, "send").status_code == 409

        login(client, money.lwb_a_admin)
        assert client.get(url(money, f"decisions/{pk}")).json()["status"] == "sent"
        pdf = client.get(url(money, f"decisions/{pk}/pdf"))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert b"".join(pdf.streaming_content).startswith(b"%PDF")
        login(client, money.lwb_b_admin)
        assert client.get(url(money, f"decisions/{pk}")).status_code == 404

    def test_approving_a_draft_that_was_not_proposed_is_refused(self, client, money):
        decision = draft(money)
        response = _act(client, money.second_account_holder, money, decision.id, "approve")
        assert response.status_code == 400 and "ter goedkeuring" in messages_of(response)

    def test_patch_changes_the_named_steps_of_a_draft(self, client, money):
        decision = draft(money, {"basis": 4, "plus": 2})
        response = patch(
            client,
            money.account_holder,
            url(money, f"decisions/{decision.id}"),
            {"places": {"plus": 3}},
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert {line["step"]: line["places"] for line in body["lines"]} == {"basis": 4, "plus": 3}
        assert body["amount"] == "20800.00"

    def test_patch_of_a_proposed_decision_sends_it_back_to_draft_with_a_new_last_changer(
        self, client, money
    ):
        decision = draft(money)
        _act(client, money.account_holder, money, decision.id, "propose")
        body = patch(
            client,
            money.second_account_holder,
            url(money, f"decisions/{decision.id}"),
            {"places": {"basis": 1}},
        ).json()
        assert body["status"] == "draft"
        assert body["drafted_by"] == str(money.account_holder)
        assert body["changed_by"] == str(money.second_account_holder)

    def test_patch_with_bad_places_changes_nothing(self, client, money):
        decision = draft(money, {"basis": 4, "plus": 2})
        response = patch(
            client,
            money.account_holder,
            url(money, f"decisions/{decision.id}"),
            {"places": {"basis": -1}},
        )
        assert fields_of(response) == {"places.basis"}
        with in_tenant(money.municipality):
            decision.refresh_from_db()
            assert decision.amount == Decimal("17300.00")
            assert DecisionLine.objects.filter(decision=decision).count() == 2

    def test_an_approved_decision_is_not_edited_but_amended(self, client, money):
        old = approved(money, {"basis": 4, "plus": 2})
        response = patch(
            client,
            money.account_holder,
            url(money, f"decisions/{old.id}"),
            {"places": {"basis": 5}},
        )
        assert response.status_code == 409 and "al goedgekeurd" in messages_of(response)
        with in_tenant(money.municipality):
            old.refresh_from_db()
        assert old.amount == Decimal("17300.00") and old.status == DecisionStatus.APPROVED

        amended = _act(
            client, money.account_holder, money, old.id, "amend", {"places": {"basis": 5}}
        )
        assert amended.status_code == 201, amended.content
        body = amended.json()
        assert body["supersedes"] == old.id and body["status"] == "draft"
        assert body["amount"] == "12800.00" and body["id"] != old.id

    def test_amend_needs_an_approved_decision_and_good_places(self, client, money):
        decision = draft(money)
        response = _act(
            client, money.account_holder, money, decision.id, "amend", {"places": {"basis": 1}}
        )
        assert response.status_code == 400 and "goedgekeurde" in messages_of(response)
        old = approved(money)
        response = _act(
            client, money.account_holder, money, old.id, "amend", {"places": {"plus": "x"}}
        )
        assert fields_of(response) == {"places.plus"}
        assert fields_of(_act(client, money.account_holder, money, old.id, "amend")) == {"places"}
        with in_tenant(money.municipality):
            assert SubsidyDecision.objects.count() == 2

    def test_other_roles_get_403_on_every_write(self, client, money):
        decision = draft(money)
        for user in (money.policy_officer, money.consultant, money.lwb_a_admin):
            for action in DECISION_WRITES:
                response = _act(client, user, money, decision.id, action, {"places": {}})
                assert response.status_code == 403, (user, action)
                assert response["Content-Type"] == PROBLEM
            response = patch(client, user, url(money, f"decisions/{decision.id}"), {})
            assert response.status_code == 403, user
        with in_tenant(money.municipality):
            decision.refresh_from_db()
        assert decision.status == DecisionStatus.DRAFT

    def test_another_municipalitys_decision_is_404_on_every_write(self, client, money, zwijndrecht):
        decision = draft(money)
        for user, side in (
            (zwijndrecht.account_holder, zwijndrecht),
            (money.account_holder, money),
        ):
            foreign = decision.id if side is zwijndrecht else 999_999
            for action in DECISION_WRITES:
                response = _act(client, user, side, foreign, action, {"places": {"basis": 1}})
                assert response.status_code == 404, (side, action)
                assert response["Content-Type"] == PROBLEM
            response = patch(client, user, url(side, f"decisions/{foreign}"), {})
            assert response.status_code == 404
        with in_tenant(money.municipality):
            decision.refresh_from_db()
        assert decision.status == DecisionStatus.DRAFT
        assert counts(money)[2] == 1


# -- query counts ----------------------------------------------------------------------------


def _rows(client, side, n: int) -> None:
    """``n`` applications and ``n`` decisions with two lines each, all approved (so that a
    company sees them too)."""
    for _ in range(n):
        apply(client, side, places={"basis": 1, "plus": 1})
        draft(side, {"basis": 1, "plus": 1})
    with in_tenant(side.municipality):
        SubsidyDecision.objects.update(
            status=DecisionStatus.APPROVED, approved_by=side.second_account_holder
        )


def test_application_and_decision_lists_keep_a_constant_query_count(
    client, money, django_assert_max_num_queries
):
    """Counted with two rows of each, then held to that count with twenty more."""
    lists = [url(money, "applications"), url(money, "decisions")]
    users = (money.account_holder, money.lwb_a_admin)
    _rows(client, money, 2)
    few = {}
    for user in users:
        login(client, user)
        client.get(lists[0])  # the first request after login also touches the session
        few[user] = [count_queries(client, path) for path in lists]
    _rows(client, money, 20)
    for user in users:
        login(client, user)
        client.get(lists[0])
        for path, limit in zip(lists, few[user], strict=True):
            with django_assert_max_num_queries(limit):
                body = client.get(path).json()
            assert body["count"] == 22 and len(body["results"]) == 22
