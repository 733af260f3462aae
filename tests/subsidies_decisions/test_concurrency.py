"""Two account holders approve the same decision at the same moment (PostgreSQL, real
transactions): one succeeds, the other is told it is already approved; the advance is paid once."""

from __future__ import annotations

import pytest

from participatie.choices import Role
from subsidies.choices import DecisionStatus
from subsidies.models import PaymentInstruction, SubsidyDecision
from subsidies.services.decisions import decision_approve, decision_propose
from tests.conftest import at_the_same_moment, in_tenant
from tests.factories import MembershipFactory, UserFactory
from tests.subsidies_decisions.helpers import draft, setup_money

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_approvals_at_once_approve_and_pay_once(dordrecht):
    setup_money(dordrecht)
    third = UserFactory(email="accounthouder3@dordrecht.example.nl")
    MembershipFactory(user=third, organisation=dordrecht.office, role=Role.ACCOUNT_HOLDER)
    decision = draft(dordrecht)
    with in_tenant(dordrecht.municipality):
        decision_propose(decision=decision, actor=dordrecht.account_holder)
    outcomes = at_the_same_moment(
        dordrecht.municipality,
        lambda user: decision_approve(
            decision=SubsidyDecision(pk=decision.pk, municipality_id=decision.municipality_id),
            actor=user,
        ),
        [dordrecht.second_account_holder, third],
    )

    assert outcomes == ["Deze beschikking is al goedgekeurd.", "done"]
    with in_tenant(dordrecht.municipality):
        assert SubsidyDecision.objects.get(pk=decision.pk).status == DecisionStatus.APPROVED
        assert PaymentInstruction.objects.filter(decision_id=decision.pk).count() == 1
