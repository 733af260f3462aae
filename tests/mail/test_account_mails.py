"""Invitation and password mails: in Dutch ("u", B1), through the same queue and record, and
with a link that works; the secret in the link exists only in the mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from participatie.accounts.models import hash_secret
from participatie.accounts.services import invitation_create
from participatie.choices import Role
from participatie.models import Invitation, MailStatus, OutgoingMail
from tests.conftest import login

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


def not_informal(text: str) -> None:
    words = set(re.findall(r"\w+", text.lower()))
    assert not words & {"je", "jij", "jouw", "jou", "vereist"}, text


def test_the_invitation_mail_is_dutch_recorded_and_its_token_only_in_the_mail(
    client, dordrecht, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            inviter=dordrecht.account_holder,
            email="nieuw@dordrecht.example.nl",
            organisation=dordrecht.office,
            role=Role.POLICY_OFFICER,
            base_url="https://participatie.example.nl/",
        )
    (message,) = mail.outbox
    assert message.subject == "Uitnodiging voor Participatie (Gemeente Dordrecht)"
    assert message.body.startswith("Beste,") and "nodigt u uit" in message.body
    not_informal(message.body)
    (link,) = [url for url in LINK.findall(message.body) if "/uitnodiging/" in url]
    assert link.startswith("https://participatie.example.nl/accounts/uitnodiging/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation.refresh_from_db()
    assert invitation.token_hash == hash_secret(token)
    record = OutgoingMail.objects.get()
    assert (record.kind, record.to_email, record.object_id, record.status) == (
        "invitation",
        "nieuw@dordrecht.example.nl",
        invitation.pk,
        MailStatus.SENT,
    )
    stored = " ".join(str(getattr(record, f.attname)) for f in OutgoingMail._meta.fields)
    assert token not in stored
    assert client.get(link.replace("https://participatie.example.nl", "")).status_code == 200


def test_resending_a_failed_invitation_mail_gives_a_new_link_and_the_old_one_stops(
    client, dordrecht, platform_admin, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            inviter=dordrecht.account_holder,
            email="nieuw@dordrecht.example.nl",
            organisation=dordrecht.office,
            role=Role.POLICY_OFFICER,
        )
    first = LINK.search(mail.outbox[0].body).group(0).replace("http://localhost:8000", "")
    record = OutgoingMail.objects.get()
    OutgoingMail.objects.filter(pk=record.pk).update(status=MailStatus.FAILED)
    login(client, platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("platform:mail-resend", kwargs={"pk": record.pk}))
    assert len(mail.outbox) == 2
    second = LINK.search(mail.outbox[1].body).group(0).replace("http://localhost:8000", "")
    assert first != second
    client.logout()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_an_invitation_used_meanwhile_is_not_mailed_again(
    dordrecht, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = invitation_create(
            inviter=dordrecht.account_holder,
            email="nieuw@dordrecht.example.nl",
            organisation=dordrecht.office,
            role=Role.POLICY_OFFICER,
        )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at="2026-01-01T10:00:00Z")
    for callback in callbacks:
        callback()
    assert not mail.outbox
    record = OutgoingMail.objects.get()
    assert (
        record.status == MailStatus.FAILED and record.last_error == "De uitnodiging is al gebruikt."
    )


def test_the_password_mail_is_dutch_recorded_and_its_link_sets_a_new_password(
    client, dordrecht, django_capture_on_commit_callbacks
):
    officer = dordrecht.policy_officer
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": officer.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [officer.email]
    assert message.subject == "Nieuw wachtwoord voor Participatie"
    assert message.body.startswith("Beste,") and "De link is 3 dagen geldig." in message.body
    not_informal(message.body)
    (link,) = LINK.findall(message.body)
    assert link.startswith("http://testserver/accounts/password/reset/key/")
    record = OutgoingMail.objects.get()
    assert (record.kind, record.object_id, record.status) == (
        "password_reset",
        officer.pk,
        MailStatus.SENT,
    )
    key = link.rstrip("/").rsplit("/", 1)[1]
    assert key.split("-", 1)[1] not in " ".join(
        str(getattr(record, f.attname)) for f in OutgoingMail._meta.fields
    )
    opened = client.get(link.replace("http://testserver", ""), follow=True)
    assert opened.status_code == 200
    assert 'name="password1"' in opened.content.decode()
    new_password = "Een-Heel-Nieuw-Wachtwoord-77"
    done = client.post(
        opened.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(new_password)


def test_a_reset_for_an_unknown_address_says_so_in_dutch(
    client, dordrecht, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "onbekend@example.nl"})
    (message,) = mail.outbox
    assert message.to == ["onbekend@example.nl"]
    assert message.subject == "Nieuw wachtwoord aangevraagd voor Participatie"
    assert "geen account met dit e-mailadres" in message.body
    assert "http://testserver/accounts/login/" in message.body
    not_informal(message.body)
    record = OutgoingMail.objects.get()
    assert (record.kind, record.object_id, record.status) == (
        "unknown_account",
        None,
        MailStatus.SENT,
    )


def test_an_allauth_mail_without_a_kind_is_refused_not_sent_unrecorded(dordrecht):
    from django.core.exceptions import ImproperlyConfigured

    from participatie.accounts.adapter import AccountAdapter

    with pytest.raises(ImproperlyConfigured):
        AccountAdapter().send_mail("account/email/login_code", "x@example.nl", {})
    assert not mail.outbox and not OutgoingMail.objects.exists()
