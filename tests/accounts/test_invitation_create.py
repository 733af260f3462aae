from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from participatie.accounts.models import hash_secret
from participatie.accounts.services import invitation_create
from participatie.choices import Role
from participatie.models import Invitation, OutgoingMail
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def test_account_holder_invites_colleague_and_mail_holds_link(
    dordrecht, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        invitation = invitation_create(
            inviter=dordrecht.account_holder,
            email=" Nieuw@Dordrecht.example.nl ",
            organisation=dordrecht.office,
            role=Role.POLICY_OFFICER,
        )
    invitation.refresh_from_db()  # the link's token is made when the mail is built
    assert invitation.email == "nieuw@dordrecht.example.nl"
    assert invitation.expires_at > timezone.now() + timedelta(
        days=settings.INVITATION_VALID_DAYS - 1
    )
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    raw = body.split("/accounts/uitnodiging/")[1].split("/")[0]
    # Only the hash is stored, never the token itself.
    assert invitation.token_hash == hash_secret(raw)
    assert raw not in invitation.token_hash
    assert mail.outbox[0].to == ["nieuw@dordrecht.example.nl"]
    assert "Uitnodiging" in mail.outbox[0].subject


def test_lwb_admin_cannot_invite_into_other_company(dordrecht):
    with pytest.raises(PermissionDenied):
        invitation_create(
            inviter=dordrecht.lwb_b_admin,
            email="x@example.nl",
            organisation=dordrecht.lwb_a,
            role=Role.LWB_SUPERVISOR,
        )
    assert not Invitation.objects.exists()


def test_account_holder_cannot_invite_into_other_municipality(dordrecht, zwijndrecht):
    with pytest.raises(PermissionDenied):
        invitation_create(
            inviter=dordrecht.account_holder,
            email="x@example.nl",
            organisation=zwijndrecht.office,
            role=Role.POLICY_OFFICER,
        )


def test_supervisor_is_not_an_organisation_admin(dordrecht):
    with pytest.raises(PermissionDenied):
        invitation_create(
            inviter=dordrecht.lwb_a_supervisor,
            email="x@example.nl",
            organisation=dordrecht.lwb_a,
            role=Role.LWB_SUPERVISOR,
        )


def test_role_must_fit_organisation_kind(dordrecht):
    with pytest.raises(ValidationError) as exc:
        invitation_create(
            inviter=dordrecht.lwb_a_admin,
            email="x@example.nl",
            organisation=dordrecht.lwb_a,
            role=Role.ACCOUNT_HOLDER,
        )
    assert "past niet" in exc.value.message_dict["role"][0]
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_organisation_admin_cannot_make_platform_admins(dordrecht):
    with pytest.raises(ValidationError) as exc:
        invitation_create(
            inviter=dordrecht.lwb_a_admin,
            email="x@example.nl",
            organisation=dordrecht.lwb_a,
            role=Role.PLATFORM_ADMIN,
        )
    assert "platformbeheerder" in exc.value.message_dict["role"][0]


def test_platform_admin_invites_into_any_organisation(dordrecht, zwijndrecht):
    platform = OrganisationFactory(slug="platform", regional_body=True)
    admin = UserFactory()
    MembershipFactory(user=admin, organisation=platform, role=Role.PLATFORM_ADMIN)
    invitation = invitation_create(
        inviter=admin, email="a@b.nl", organisation=zwijndrecht.office, role=Role.ACCOUNT_HOLDER
    )
    assert invitation.created_by == admin


def test_invalid_email_gives_dutch_error(dordrecht):
    with pytest.raises(ValidationError) as exc:
        invitation_create(
            inviter=dordrecht.account_holder,
            email="geen-adres",
            organisation=dordrecht.office,
            role=Role.POLICY_OFFICER,
        )
    assert exc.value.message_dict["email"] == ["Vul een geldig e-mailadres in."]


def test_a_mail_server_that_is_down_keeps_the_invitation_and_records_the_failure(
    dordrecht, monkeypatch, django_capture_on_commit_callbacks
):
    def boom(self, fail_silently=False):
        raise OSError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", boom)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            inviter=dordrecht.account_holder,
            email="x@example.nl",
            organisation=dordrecht.office,
            role=Role.POLICY_OFFICER,
        )
    assert Invitation.objects.get() == invitation
    record = OutgoingMail.objects.get(kind="invitation")
    assert (record.status, record.to_email) == ("failed", "x@example.nl")
    assert "OSError" in record.last_error
