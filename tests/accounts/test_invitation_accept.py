from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from participatie.accounts.services import invitation_accept, invitation_create
from participatie.choices import Role
from participatie.models import Invitation, Membership, User

NEW_PASSWORD = "Lange-Zin-Met-Woorden-42"


def _invite(side, email="nieuw@example.nl", role=Role.POLICY_OFFICER) -> str:
    with TestCase.captureOnCommitCallbacks(execute=True):  # the mail leaves after commit
        invitation_create(
            inviter=side.account_holder, email=email, organisation=side.office, role=role
        )
    return mail.outbox[-1].body.split("/accounts/uitnodiging/")[1].split("/")[0]


def test_accept_creates_user_with_membership(dordrecht):
    raw = _invite(dordrecht)
    user = invitation_accept(
        raw_token=raw, password=NEW_PASSWORD, first_name="Nel", last_name="Nieuw"
    )
    assert user.check_password(NEW_PASSWORD)
    assert (user.first_name, user.last_name) == ("Nel", "Nieuw")
    assert Membership.objects.filter(
        user=user, organisation=dordrecht.office, role=Role.POLICY_OFFICER
    ).exists()
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at is not None


def test_accept_adds_membership_to_existing_user_and_keeps_password(dordrecht):
    existing = dordrecht.consultant
    raw = _invite(dordrecht, email=existing.email.upper())
    user = invitation_accept(raw_token=raw, password=None, first_name="", last_name="")
    assert user == existing
    assert user.check_password("correct-horse-battery-staple")
    assert set(user.memberships.values_list("role", flat=True)) == {
        Role.MU_CONSULTANT,
        Role.POLICY_OFFICER,
    }


def test_invitation_is_single_use(dordrecht):
    raw = _invite(dordrecht)
    invitation_accept(raw_token=raw, password=NEW_PASSWORD, first_name="A", last_name="B")
    with pytest.raises(ValidationError) as exc:
        invitation_accept(raw_token=raw, password=NEW_PASSWORD, first_name="A", last_name="B")
    assert "al gebruikt" in exc.value.messages[0]
    assert Membership.objects.filter(user__email="nieuw@example.nl").count() == 1


def test_expired_invitation_is_refused(dordrecht):
    raw = _invite(dordrecht)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError) as exc:
        invitation_accept(raw_token=raw, password=NEW_PASSWORD, first_name="A", last_name="B")
    assert "verlopen" in exc.value.messages[0]
    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_unknown_token_is_refused(dordrecht):
    with pytest.raises(ValidationError) as exc:
        invitation_accept(raw_token="verzonnen", password=NEW_PASSWORD, first_name="", last_name="")
    assert "bestaat niet" in exc.value.messages[0]


def test_weak_password_writes_nothing(dordrecht):
    raw = _invite(dordrecht)
    with pytest.raises(ValidationError) as exc:
        invitation_accept(raw_token=raw, password="kort", first_name="A", last_name="B")
    assert exc.value.message_dict["password1"]
    assert not User.objects.filter(email="nieuw@example.nl").exists()
    assert Invitation.objects.get().accepted_at is None
