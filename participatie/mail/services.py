"""Queueing mail: record it, and send it from a Celery task once the transaction commits.

The action that queues a mail (sending a decision, inviting someone, asking for a new
password) only writes the record; it never waits for a mail server and never fails because of
one. The task (``participatie.mail.tasks``) gets the record's id, builds the message from the
stored facts, sends it, retries on SMTP and connection errors, and records the result.
"""

from __future__ import annotations

import structlog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.mail.models import AnyMail, MailStatus, MunicipalMail, OutgoingMail
from participatie.mail.registry import mail_kind
from participatie.models import Municipality, User

log = structlog.get_logger(__name__)


def enqueue(mail: AnyMail) -> None:
    """Hand the mail to the worker once the current transaction commits."""
    from participatie.mail.tasks import send_mail_task

    payload = {
        "mail_id": mail.pk,
        "municipality_id": mail.municipality_id if isinstance(mail, MunicipalMail) else None,
    }

    def send_mail_after_commit() -> None:
        send_mail_task.apply_async(kwargs=payload)

    # robust: a broker that is down must not turn the committed action into an error page;
    # the record stays queued and ``mail.requeue_stale`` sends it later.
    transaction.on_commit(send_mail_after_commit, robust=True)


@transaction.atomic
def mail_queue(
    *,
    kind: str,
    to: str,
    object_id: int | None = None,
    municipality: Municipality | None = None,
    key: str = "",
    link_base: str = "",
) -> AnyMail | None:
    """Record a mail of ``kind`` to the address ``to`` and send it after commit.

    A municipal kind needs the ``municipality`` that sends it (and runs inside its tenant
    context); a global kind has none. With a ``key``, a mail recorded under the same key before
    is not queued again: the answer is then None.
    """
    found = mail_kind(kind)
    if found is None:
        raise LookupError(f"No mail kind {kind!r} is registered.")
    if found.municipal != (municipality is not None):
        raise ValueError(
            f"Mail kind {kind!r} needs {'a' if found.municipal else 'no'} municipality."
        )
    values: dict[str, object] = {
        "kind": kind,
        "to_email": to.strip(),
        "object_id": object_id,
        "key": key,
        "link_base": link_base.rstrip("/"),
    }
    model: type[AnyMail] = OutgoingMail
    if municipality is not None:
        model = MunicipalMail
        values["municipality"] = municipality
    if key:
        lookup = (
            {"key": key} if municipality is None else {"key": key, "municipality": municipality}
        )
        if model.objects.filter(**lookup).exists():
            return None
        try:
            with transaction.atomic():
                mail = model.objects.create(**values)
        except IntegrityError:
            return None  # the same key, recorded at the same moment by another worker
    else:
        mail = model.objects.create(**values)
    log.info("mail.queued", mail_id=mail.pk, kind=kind)
    enqueue(mail)
    return mail


@transaction.atomic
def mail_resend(*, mail: AnyMail, actor: User) -> AnyMail:
    """Queue a failed mail again (the platform administrator's "Opnieuw versturen"). A kind
    that knows its current address (a company's contact address) uses that one. A municipal
    mail is resent inside that municipality's tenant context (the caller opens it)."""
    model = type(mail)
    mail = model.objects.select_for_update().get(pk=mail.pk)
    if mail.status != MailStatus.FAILED:
        raise ValidationError(_("Alleen een mislukte e-mail kunt u opnieuw versturen."))
    kind = mail_kind(mail.kind)
    if kind is None:
        raise ValidationError(_("Deze soort e-mail bestaat niet meer."))
    if kind.current_address is not None:
        address = kind.current_address(mail)
        if not address:
            raise ValidationError(
                _("Er is geen e-mailadres meer om naar te versturen. Vul eerst het adres in.")
            )
        mail.to_email = address
    mail.status = MailStatus.QUEUED
    mail.queued_at = timezone.now()
    mail.save(update_fields=["to_email", "status", "queued_at"])
    log.info("mail.resent", mail_id=mail.pk, kind=mail.kind, actor_id=actor.pk)
    enqueue(mail)
    return mail


@transaction.atomic
def digest_preference_set(*, user: User, opt_out: bool, actor: User) -> User:
    """A user chooses whether the daily e-mail of what waits for them is sent."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("U kunt alleen uw eigen e-mailinstellingen wijzigen."))
    if user.digest_opt_out != opt_out:
        user.digest_opt_out = opt_out
        user.save(update_fields=["digest_opt_out"])
    return user
