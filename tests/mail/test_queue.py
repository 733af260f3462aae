"""The queue itself: ids only in the task, nothing before commit, a broker that is down does not
fail the action (the sweeper sends the mail later), a repeated message sends nothing twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from participatie.mail import tasks
from participatie.mail.services import mail_queue
from participatie.models import MailStatus, OutgoingMail
from subsidies.services import decisions as svc
from tests.conftest import in_tenant

pytestmark = pytest.mark.django_db


def test_the_task_gets_ids_only_and_runs_after_commit(
    dordrecht, decision, monkeypatch, django_capture_on_commit_callbacks
):
    sent: list[dict] = []
    monkeypatch.setattr(tasks.send_mail_task, "apply_async", lambda kwargs: sent.append(kwargs))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with in_tenant(dordrecht.municipality):
            svc.decision_send(decision=decision, actor=dordrecht.account_holder)
        assert not sent
    for callback in callbacks:
        callback()
    (kwargs,) = sent
    assert set(kwargs) == {"mail_id", "municipality_id"}
    assert kwargs["municipality_id"] == dordrecht.municipality.id
    assert all(isinstance(value, int) for value in kwargs.values())


def test_a_broker_that_is_down_does_not_fail_the_action_and_the_sweeper_sends_later(
    client, dordrecht, monkeypatch, django_capture_on_commit_callbacks
):
    from tests.conftest import login

    def down(**kwargs):
        raise BrokerDown("Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.send_mail_task, "apply_async", down)
        login(client, dordrecht.account_holder)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/accounts/uitnodigingen/",
                {
                    "email": "nieuw@dordrecht.example.nl",
                    "organisation": dordrecht.office.pk,
                    "role": "policy_officer",
                },
            )
    assert response.status_code == 302
    record = OutgoingMail.objects.get()
    assert (record.status, record.attempts) == (MailStatus.QUEUED, 0)
    assert tasks.requeue_stale_mails() == 0  # not stale yet
    OutgoingMail.objects.filter(pk=record.pk).update(
        queued_at=timezone.now() - tasks.STALE_AFTER - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stale_mails.apply().get() == 1
    record.refresh_from_db()
    assert record.status == MailStatus.SENT
    assert [m.to for m in mail.outbox] == [["nieuw@dordrecht.example.nl"]]


def test_a_repeated_message_does_not_send_a_mail_twice(
    dordrecht, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = mail_queue(kind="unknown_account", to="iemand@example.nl")
    assert len(mail.outbox) == 1
    assert tasks.send_mail_task.apply(kwargs={"mail_id": record.pk}).get() == "skipped"
    assert len(mail.outbox) == 1


def test_a_key_makes_a_mail_once_only(dordrecht, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = mail_queue(kind="unknown_account", to="iemand@example.nl", key="eenmalig")
        second = mail_queue(kind="unknown_account", to="iemand@example.nl", key="eenmalig")
    assert first is not None and second is None
    assert OutgoingMail.objects.count() == 1 and len(mail.outbox) == 1


def test_a_municipal_kind_needs_its_municipality_and_a_global_kind_none(dordrecht):
    with pytest.raises(ValueError):
        mail_queue(kind="decision_letter", to="x@example.nl", object_id=1)
    with in_tenant(dordrecht.municipality), pytest.raises(ValueError):
        mail_queue(kind="digest", to="x@example.nl", municipality=dordrecht.municipality)
    with pytest.raises(LookupError):
        mail_queue(kind="no_such_kind", to="x@example.nl")


def test_the_sweeper_is_scheduled(settings):
    assert settings.CELERY_BEAT_SCHEDULE["mail-requeue-stale"]["task"] == "mail.requeue_stale"
