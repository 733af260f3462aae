"""The mail worker: build a recorded mail, send it, retry, record the result.

One task per mail, with the record's id (and, for a municipal mail, the municipality's id) as
its only arguments. It works in short steps, each in its own transaction, so what it records
survives a failed attempt: claim the record (one more attempt), build the message from the
stored facts (inside the municipality's tenant for a municipal mail), send it, record the
result. SMTP and connection errors are retried with exponential backoff (``Task.retry`` with a
countdown, at most ``MAX_RETRIES`` times); after the last attempt the mail is recorded as failed,
visible to the platform administrator, who may send it again. A mail that is already sent is
never sent again by a repeated message (``acks_late``).

Logs carry the record's id, the kind and the kind of error; never the address, a name or the
mail server's answer (which may quote the address).
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import structlog
from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participatie.mail.models import AnyMail, MailStatus, MunicipalMail, OutgoingMail
from participatie.mail.registry import MailCancelled, Message, mail_kind
from participatie.tenancy.context import all_tenants, atomic_tenant_context

log = structlog.get_logger(__name__)

# Four retries after the first attempt, 1, 2, 4 and 8 minutes apart (a little random jitter).
MAX_RETRIES = 4
RETRY_BACKOFF = 60
# SMTP refusals and unreachable or broken connections (socket errors, timeouts, TLS) are worth
# another try; anything else is a fault in building the mail and is recorded at once.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (smtplib.SMTPException, OSError)
# A queued mail that no worker touched for this long lost its message (a broker that was down
# at commit): the sweeper sends it again. Well above the longest backoff.
STALE_AFTER = timedelta(hours=1)


def _model(municipality_id: int | None) -> type[AnyMail]:
    return MunicipalMail if municipality_id else OutgoingMail


@contextmanager
def _owner(municipality_id: int | None) -> Iterator[None]:
    """A transaction in which the record is visible: the municipality's tenant for a
    municipal mail; the global table needs none."""
    if municipality_id:
        with atomic_tenant_context(municipality_id):
            yield
    else:
        with transaction.atomic():
            yield


def _claim(mail_id: int, municipality_id: int | None) -> AnyMail | None:
    with _owner(municipality_id):
        mail = _model(municipality_id).objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != MailStatus.QUEUED:
            return None
        mail.attempts += 1
        mail.last_attempt_at = timezone.now()
        mail.save(update_fields=["attempts", "last_attempt_at"])
        return mail


def _record(
    mail: AnyMail, municipality_id: int | None, *, status: str, subject: str = "", error: str = ""
) -> None:
    changes: dict[str, Any] = {"status": status, "last_error": error[:300]}
    if subject:
        changes["subject"] = subject[:255]
    if status == MailStatus.SENT:
        changes["sent_at"] = timezone.now()
    with _owner(municipality_id):
        _model(municipality_id).objects.filter(pk=mail.pk).update(**changes)


def _build(mail: AnyMail, municipality_id: int | None) -> Message:
    kind = mail_kind(mail.kind)
    if kind is None:
        raise MailCancelled(_("Deze soort e-mail bestaat niet meer."))
    with _owner(municipality_id):
        return kind.build(mail)


def _deliver(mail: AnyMail, message: Message) -> None:
    email = EmailMessage(subject=message.subject, body=message.body, to=[mail.to_email])
    for attachment in message.attachments:
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    email.send(fail_silently=False)


def smtp_code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPResponseException):
        return int(error.smtp_code)
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return int(next(iter(error.recipients.values()))[0])
    return None


def describe_error(error: Exception) -> str:
    """What the record keeps of an error: its kind, the SMTP code and the server's answer."""
    answer: object = error
    if isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error
    elif isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        answer = next(iter(error.recipients.values()))[1]
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", errors="replace")
    code = smtp_code(error)
    text = f"{type(error).__name__}: {f'{code} ' if code else ''}{answer}".strip()
    return text[:300]


def _attempt(mail_id: int, municipality_id: int | None, *, final: bool) -> str | Exception:
    """One attempt: the outcome ("sent", "failed", "cancelled", "skipped"), or the SMTP or
    connection error to retry on (already recorded on the still queued mail)."""
    mail = _claim(mail_id, municipality_id)
    if mail is None:
        return "skipped"
    try:
        message = _build(mail, municipality_id)
    except MailCancelled as reason:
        _record(mail, municipality_id, status=MailStatus.FAILED, error=str(reason))
        log.info("mail.cancelled", mail_id=mail.pk, kind=mail.kind)
        return "cancelled"
    except Exception:
        log.exception("mail.build_failed", mail_id=mail.pk, kind=mail.kind)
        _record(
            mail,
            municipality_id,
            status=MailStatus.FAILED,
            error=_("De e-mail kon niet worden gemaakt. Zie het logboek."),
        )
        return "failed"
    try:
        _deliver(mail, message)
    except TRANSIENT_ERRORS as error:
        _record(
            mail,
            municipality_id,
            status=MailStatus.FAILED if final else MailStatus.QUEUED,
            subject=message.subject,
            error=describe_error(error),
        )
        log.warning(
            "mail.attempt_failed",
            mail_id=mail.pk,
            kind=mail.kind,
            attempt=mail.attempts,
            error=type(error).__name__,
            smtp_code=smtp_code(error),
            final=final,
        )
        return "failed" if final else error
    _record(mail, municipality_id, status=MailStatus.SENT, subject=message.subject)
    log.info("mail.sent", mail_id=mail.pk, kind=mail.kind, attempt=mail.attempts)
    return "sent"


@shared_task(
    bind=True,
    name="mail.send",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    max_retries=MAX_RETRIES,
    retry_backoff=RETRY_BACKOFF,
    retry_backoff_max=3600,
)
def send_mail_task(self: Any, *, mail_id: int, municipality_id: int | None = None) -> str:
    """Send one recorded mail. An SMTP or connection error is retried ``MAX_RETRIES`` times
    with exponential backoff; the last one is recorded as failed and not raised, so the task
    ends cleanly and, run in-process (eager, no worker: development and tests), never reaches
    the action that queued the mail. In-process there is no worker to come back later, so the
    retries follow at once."""
    retries = self.request.retries
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            outcome = _attempt(mail_id, municipality_id, final=retries >= self.max_retries)
            if isinstance(outcome, str):
                return outcome
            if not self.request.is_eager:
                countdown = get_exponential_backoff_interval(
                    factor=RETRY_BACKOFF, retries=retries, maximum=3600, full_jitter=True
                )
                raise self.retry(exc=outcome, countdown=countdown)
            retries += 1


@shared_task(name="mail.requeue_stale", acks_late=True, reject_on_worker_lost=True)
def requeue_stale_mails() -> int:
    """Beat entry: send again the queued mails that no worker touched for ``STALE_AFTER``."""
    from participatie.mail.services import enqueue

    limit = timezone.now() - STALE_AFTER
    sent = 0
    with transaction.atomic(), all_tenants(reason="send mails that never left the queue"):
        for model in (OutgoingMail, MunicipalMail):
            stale = (
                model.objects.select_for_update(skip_locked=True)
                .filter(status=MailStatus.QUEUED, queued_at__lt=limit)
                .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lt=limit))
                .order_by("pk")[:500]
            )
            for mail in stale:
                mail.queued_at = timezone.now()
                mail.save(update_fields=["queued_at"])
                enqueue(mail)
                sent += 1
    return sent


@shared_task(name="mail.send_digests", acks_late=True, reject_on_worker_lost=True)
def send_digests(day: str | None = None) -> int:
    """Beat entry, daily: one task per user who may get a digest (flat fan-out); each decides
    whether anything waits and sends at most one digest that day."""
    from participatie.mail.digest import digest_candidates

    today = date.fromisoformat(day) if day else timezone.localdate()
    user_ids = digest_candidates()
    for user_id in user_ids:
        digest_for_user.apply_async(kwargs={"user_id": user_id, "day": today.isoformat()})
    return len(user_ids)


@shared_task(
    name="mail.digest_for_user",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    max_retries=2,
    retry_backoff=True,
)
def digest_for_user(*, user_id: int, day: str) -> str:
    from participatie.mail.digest import digest_queue

    with translation.override(settings.LANGUAGE_CODE):
        return digest_queue(user_id=user_id, day=date.fromisoformat(day))
