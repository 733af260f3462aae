"""Four eyes on subsidy decisions: neither the drafter nor the last changer approves, in the
service, in the database, on the page (no button, a reason) and in the API (problem+json)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from participatie.choices import Role
from subsidies.choices import DecisionStatus
from subsidies.models import SubsidyDecision
from subsidies.services import decisions as svc
from tests.conftest import in_tenant, login
from tests.factories import MembershipFactory, UserFactory
from tests.subsidies_decisions.helpers import draft, setup_money

pytestmark = pytest.mark.django_db

NOT_YOU = "Een andere accounthouder keurt deze beschikking goed"


@pytest.fixture
def money(dordrecht):
    setup_money(dordrecht)
    return dordrecht


@pytest.fixture
def third_account_holder(money):
    user = UserFactory(email="accounthouder3@dordrecht.example.nl")
    MembershipFactory(user=user, organisation=money.office, role=Role.ACCOUNT_HOLDER)
    return user


def changed_by_second(side) -> SubsidyDecision:
    """Drafted by the account holder, then changed and proposed by the second one."""
    decision = draft(side, {"basis": 4})
    with in_tenant(side.municipality):
        decision = svc.decision_update(
            decision=decision, places={"basis": 3}, actor=side.second_account_holder
        )
        return svc.decision_propose(decision=decision, actor=side.second_account_holder)


def proposed(side) -> SubsidyDecision:
    decision = draft(side, {"basis": 4})
    with in_tenant(side.municipality):
        return svc.decision_propose(decision=decision, actor=side.account_holder)


def approve(side, decision, actor):
    with in_tenant(side.municipality):
        return svc.decision_approve(decision=decision, actor=actor)


def reload(side, decision) -> SubsidyDecision:
    with in_tenant(side.municipality):
        return SubsidyDecision.objects.get(pk=decision.pk)


# -- service -------------------------------------------------------------------------------------


def test_a_draft_records_its_drafter_as_last_changer(money):
    decision = draft(money, {"basis": 4})
    assert decision.drafted_by == money.account_holder
    assert decision.changed_by == money.account_holder
    assert decision.changed_at is not None


def test_a_change_keeps_the_drafter_and_records_the_changer(money):
    decision = changed_by_second(money)
    assert decision.drafted_by == money.account_holder
    assert decision.changed_by == money.second_account_holder


def test_the_drafter_cannot_approve(money):
    decision = proposed(money)
    with pytest.raises(ValidationError, match="zelf opgesteld") as refused:
        approve(money, decision, money.account_holder)
    assert refused.value.error_list[0].code == "four_eyes"
    assert reload(money, decision).status == DecisionStatus.PROPOSED


def test_the_last_changer_cannot_approve_nor_the_drafter(money):
    decision = changed_by_second(money)
    with pytest.raises(ValidationError, match="als laatste gewijzigd") as refused:
        approve(money, decision, money.second_account_holder)
    assert refused.value.error_list[0].code == "four_eyes"
    with pytest.raises(ValidationError, match="zelf opgesteld"):
        approve(money, decision, money.account_holder)
    assert reload(money, decision).approved_by is None


def test_another_account_holder_approves(money, third_account_holder):
    decision = changed_by_second(money)
    approved = approve(money, decision, third_account_holder)
    assert approved.status == DecisionStatus.APPROVED
    assert approved.approved_by == third_account_holder


def test_a_second_account_holder_approves_what_one_drafted(money):
    decision = proposed(money)
    assert approve(money, decision, money.second_account_holder).status == DecisionStatus.APPROVED


def test_an_amendment_is_drafted_and_changed_by_its_actor(money):
    decision = proposed(money)
    approve(money, decision, money.second_account_holder)
    with in_tenant(money.municipality):
        amendment = svc.decision_amend(
            decision=reload(money, decision),
            places={"basis": 5},
            actor=money.second_account_holder,
        )
    assert amendment.drafted_by == amendment.changed_by == money.second_account_holder


# -- database ------------------------------------------------------------------------------------


def test_the_database_refuses_approval_by_the_last_changer(money):
    decision = changed_by_second(money)
    with pytest.raises(IntegrityError), in_tenant(money.municipality):
        SubsidyDecision.objects.filter(pk=decision.pk).update(
            status=DecisionStatus.APPROVED,
            approved_by=money.second_account_holder,
            approved_at=timezone.now(),
        )
    assert reload(money, decision).approved_by is None


def test_the_database_accepts_approval_by_someone_else(money, third_account_holder):
    decision = changed_by_second(money)
    with in_tenant(money.municipality):
        updated = SubsidyDecision.objects.filter(pk=decision.pk).update(
            status=DecisionStatus.APPROVED,
            approved_by=third_account_holder,
            approved_at=timezone.now(),
        )
    assert updated == 1


# -- page ----------------------------------------------------------------------------------------


def detail(client, side, user, decision):
    login(client, user)
    path = reverse(
        "subsidies:decision-detail",
        kwargs={"municipality_slug": side.municipality.slug, "pk": decision.pk},
    )
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def shown_as(key: str, user) -> str:
    return f'{key}</dt><dd class="utrecht-data-list__item-value">{escape(user.get_full_name())}, '


def approve_button(page: str) -> bool:
    return "/goedkeuren/" in page


def test_the_drafter_sees_no_approve_button_and_why(client, money):
    decision = proposed(money)
    page = detail(client, money, money.account_holder, decision)
    assert not approve_button(page)
    assert NOT_YOU in page and "zelf opgesteld" in page
    page = detail(client, money, money.second_account_holder, decision)
    assert approve_button(page)
    assert NOT_YOU not in page


def test_the_page_names_drafter_and_last_changer(client, money, third_account_holder):
    decision = changed_by_second(money)
    page = detail(client, money, money.second_account_holder, decision)
    assert shown_as("Opgesteld door", money.account_holder) in page
    assert shown_as("Laatst gewijzigd door", money.second_account_holder) in page
    assert not approve_button(page) and "als laatste gewijzigd" in page
    assert not approve_button(detail(client, money, money.account_holder, decision))
    page = detail(client, money, third_account_holder, decision)
    assert approve_button(page) and NOT_YOU not in page


def test_a_policy_officer_gets_neither_button_nor_note(client, money):
    page = detail(client, money, money.policy_officer, proposed(money))
    assert not approve_button(page) and NOT_YOU not in page


def test_the_drafter_posting_anyway_is_refused(client, money):
    decision = proposed(money)
    login(client, money.account_holder)
    path = reverse(
        "subsidies:decision-approve",
        kwargs={"municipality_slug": money.municipality.slug, "pk": decision.pk},
    )
    page = client.post(path, follow=True).content.decode()
    assert "vier-ogenprincipe" in page
    assert reload(money, decision).status == DecisionStatus.PROPOSED


# -- API -----------------------------------------------------------------------------------------


def api(side, path):
    return f"/api/v1/{side.municipality.slug}/{path}"


def test_the_api_refuses_the_last_changer_as_problem_json(client, money, third_account_holder):
    decision = changed_by_second(money)
    login(client, money.second_account_holder)
    body = client.get(api(money, f"decisions/{decision.pk}")).json()
    assert body["drafted_by"] == str(money.account_holder)
    assert body["changed_by"] == str(money.second_account_holder)
    assert body["changed_at"] is not None
    response = client.post(
        api(money, f"decisions/{decision.pk}/approve"), {}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "vier-ogenprincipe" in response.json()["invalidParams"][0]["reason"]
    login(client, third_account_holder)
    response = client.post(
        api(money, f"decisions/{decision.pk}/approve"), {}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["approved_by"] == str(third_account_holder)
