"""The financial review's reminder (issue 16, seed 003: every 2 years): from 90 days before it
is due each regional administrator gets one mail, once; recording the review stops it, and the
next one comes two years later. The mail names organisations only and links to the page."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from participatie.models import MailStatus, OutgoingMail
from subsidies.lump_sum.services import lump_sum_review_record
from subsidies.tasks import lump_sum_review_reminders

pytestmark = pytest.mark.django_db

BEFORE = "2023-06-01"  # more than 90 days before 2024-01-01
DUE_SOON = "2023-10-15"


def remind(capture, day: str) -> int:
    with capture(execute=True):
        return lump_sum_review_reminders.apply(kwargs={"today": day}).get()


def test_each_regional_administrator_is_reminded_once_when_the_review_comes_due(
    agreement,
    ibn_admin,
    second_admin,
    ibn_analyst,
    provider,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://participatie.example.nl"
    capture = django_capture_on_commit_callbacks
    assert remind(capture, BEFORE) == 0
    assert remind(capture, DUE_SOON) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ibn_admin.email, second_admin.email])
    message = mail.outbox[0]
    assert provider.name in message.subject and "1 januari 2024" in message.subject
    assert "https://participatie.example.nl/regio/ibn/lumpsum/" in message.body
    assert ibn_admin.last_name not in message.body
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {MailStatus.SENT}
    # The next morning: nothing again.
    assert remind(capture, "2023-10-16") == 0
    assert len(mail.outbox) == 2


def test_recording_the_review_stops_the_reminder_until_two_years_later(
    agreement, ibn_admin, second_admin, ibn_region, provider, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    lump_sum_review_record(
        region=ibn_region,
        provider=provider,
        reviewed_on=datetime.date(2023, 10, 1),
        note="Bedrag blijft gelijk.",
        actor=ibn_admin,
    )
    assert remind(capture, DUE_SOON) == 0
    assert remind(capture, "2025-07-15") == 2
    assert all("1 oktober 2025" in m.subject for m in mail.outbox)


def test_a_reminder_queued_before_the_review_was_recorded_is_not_sent(
    agreement, ibn_admin, ibn_region, provider
):
    from subsidies.lump_sum.reminders import review_reminders_queue

    review_reminders_queue(today=datetime.date(2023, 10, 15))
    lump_sum_review_record(
        region=ibn_region,
        provider=provider,
        reviewed_on=datetime.date(2023, 10, 16),
        note="Herzien.",
        actor=ibn_admin,
    )
    from participatie.mail.tasks import send_mail_task

    outcomes = {
        send_mail_task.apply(kwargs={"mail_id": record.pk}).get()
        for record in OutgoingMail.objects.all()
    }
    assert outcomes == {"cancelled"}
    assert not mail.outbox
    assert "al vastgelegd" in OutgoingMail.objects.first().last_error
