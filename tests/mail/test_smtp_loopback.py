"""Through a real SMTP server on loopback (aiosmtpd, started by the test): the letter arrives
with its PDF; a server that refuses or is down makes the mail retried and then recorded as
failed, while the action that queued it succeeds and the platform administrator sees it."""

from __future__ import annotations

import email
import logging

import pytest
from django.urls import reverse

from participatie.mail.tasks import MAX_RETRIES
from participatie.models import MailStatus, MunicipalMail
from subsidies.choices import DecisionStatus
from subsidies.models import SubsidyDecision
from tests.conftest import assert_no_personal_data, in_tenant, login

pytestmark = pytest.mark.django_db


def send_page(side, decision) -> str:
    return reverse(
        "subsidies:decision-send",
        kwargs={"municipality_slug": side.municipality.slug, "pk": decision.pk},
    )


def letter_mail(side) -> MunicipalMail:
    with in_tenant(side.municipality):
        return MunicipalMail.objects.get()


def decision_status(side, decision) -> str:
    with in_tenant(side.municipality):
        return SubsidyDecision.objects.get(pk=decision.pk).status


def test_the_letter_arrives_at_a_real_smtp_server_with_its_pdf(
    client, dordrecht, decision, smtp_server, django_capture_on_commit_callbacks
):
    login(client, dordrecht.account_holder)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_page(dordrecht, decision))
    (envelope,) = smtp_server.handler.envelopes
    assert envelope.rcpt_tos == ["info@lwb-a-dordrecht.example.nl"]
    assert envelope.mail_from == "noreply@participatie.example.nl"
    message = email.message_from_bytes(envelope.original_content)
    assert message["Subject"].startswith("Beschikking 2022 van de gemeente")
    (attachment,) = [part for part in message.walk() if part.get_filename()]
    assert attachment.get_filename() == "beschikking-2022.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_payload(decode=True).startswith(b"%PDF")
    record = letter_mail(dordrecht)
    assert (record.status, record.attempts) == (MailStatus.SENT, 1)


def test_a_refusing_server_is_retried_then_failed_and_shown_to_the_platform_admin(
    client,
    dordrecht,
    decision,
    platform_admin,
    refusing_smtp_server,
    caplog,
    django_capture_on_commit_callbacks,
):
    login(client, dordrecht.account_holder)
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_page(dordrecht, decision), follow=True)
    # The action succeeded: the decision is sent and the sender was told so.
    assert response.status_code == 200
    assert "De beschikking is verzonden." in response.content.decode()
    assert decision_status(dordrecht, decision) == DecisionStatus.SENT
    # Retried, then recorded as failed with what the server answered.
    assert refusing_smtp_server.handler.tries == MAX_RETRIES + 1
    record = letter_mail(dordrecht)
    assert (record.status, record.attempts) == (MailStatus.FAILED, MAX_RETRIES + 1)
    assert record.last_error.startswith("SMTPRecipientsRefused: 550")
    assert "Mailbox full" in record.last_error
    # Nothing personal in our logs (the test's own SMTP server logs as "mail.log"): no
    # address, no name.
    ours = "\n".join(
        f"{r.name} {r.getMessage()}" for r in caplog.records if not r.name.startswith("mail.log")
    )
    assert "mail.attempt_failed" in ours and "'smtp_code': 550" in ours
    assert "info@lwb-a-dordrecht.example.nl" not in ours and "@" not in ours
    people = [
        (u.first_name, u.last_name, "000000000")
        for u in (dordrecht.account_holder, dordrecht.second_account_holder)
    ]
    assert_no_personal_data(ours, people)
    # The decision page tells the municipality; the platform page shows it with a resend.
    page = client.get(
        reverse(
            "subsidies:decision-detail",
            kwargs={"municipality_slug": dordrecht.municipality.slug, "pk": decision.pk},
        )
    ).content.decode()
    assert "is niet gelukt" in page
    login(client, platform_admin)
    failed = client.get(reverse("platform:mail-list") + "?resultaat=mislukt").content.decode()
    assert "info@lwb-a-dordrecht.example.nl" in failed and "Mislukt" in failed
    assert "550" in failed and "Dordrecht" in failed
    assert reverse("platform:municipal-mail-resend", kwargs={"pk": record.pk}) in failed


def test_a_server_that_is_down_is_retried_then_failed_and_resent_once_it_is_back(
    client,
    dordrecht,
    decision,
    platform_admin,
    smtp_down,
    settings,
    django_capture_on_commit_callbacks,
):
    login(client, dordrecht.account_holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_page(dordrecht, decision))
    assert response.status_code == 302
    assert decision_status(dordrecht, decision) == DecisionStatus.SENT
    record = letter_mail(dordrecht)
    assert (record.status, record.attempts) == (MailStatus.FAILED, MAX_RETRIES + 1)
    assert record.last_error.startswith("ConnectionRefusedError")

    # The server is back: the platform administrator sends the mail again.
    from aiosmtpd.controller import Controller

    from tests.mail.conftest import Collecting

    handler = Collecting()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_down)
    controller.start()
    try:
        login(client, platform_admin)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("platform:municipal-mail-resend", kwargs={"pk": record.pk}))
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in handler.envelopes] == [["info@lwb-a-dordrecht.example.nl"]]
    record = letter_mail(dordrecht)
    assert (record.status, record.attempts) == (MailStatus.SENT, MAX_RETRIES + 2)
