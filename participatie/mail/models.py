"""The record of every e-mail the platform sends: to whom (the address only), what (a kind and
the subject), when it was queued and sent, how many attempts it took, and the result.

Whose is a mail? The one who sends it:

* :class:`MunicipalMail` is tenant-owned. A municipality sends it in its own business (the
  decision letter to a company): the address and the fact that this municipality wrote to this
  company are the municipality's, so the row has its ``municipality`` and its RLS policy like
  every tenant table, and another municipality never sees it.
* :class:`OutgoingMail` is global. The platform sends it to a person, not for one
  municipality: invitations (into an organisation, which may work for several municipalities),
  password mails, and the daily digest over all of a user's municipalities.

Two tables rather than one with a nullable ``municipality``: a nullable tenant column would need
its own RLS policy (``IS NULL OR ...``), fall outside ``TenantModel``'s scoped manager and the
``check_rls`` guarantee, and make every municipal query remember to exclude the global rows. The
report runs make the same split (``ReportRun`` and ``RegionalReportRun``).

No personal data beyond the address: no name, no BSN, no body. The body is built again from the
stored facts (kind and ``object_id``) each time the mail is sent.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.base import TenantModel, tenant_key_constraint


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")


class MailRecordFields(models.Model):
    kind = models.CharField(
        _("soort"), max_length=40, help_text=_("Bijvoorbeeld decision_letter of digest.")
    )
    to_email = models.EmailField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=255, blank=True)
    # What the mail is about (a decision, an invitation, a user), so the task can build the
    # message again from the current data; ids only, never a copy of the content.
    object_id = models.PositiveBigIntegerField(_("gaat over (id)"), null=True, blank=True)
    # Makes a mail once-only where that matters, e.g. ``digest:<user id>:<date>``.
    key = models.CharField(_("sleutel"), max_length=100, blank=True)
    # Scheme and host for the links in the mail (the site the request came from); empty:
    # ``SITE_URL``.
    link_base = models.CharField(_("adres van de site"), max_length=200, blank=True)
    status = models.CharField(
        _("resultaat"), max_length=16, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    queued_at = models.DateTimeField(_("in de wachtrij gezet op"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("laatste poging op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    # The kind of error and what the mail server answered; never the message itself.
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"


class OutgoingMail(MailRecordFields):
    """A mail the platform sends to a person: invitation, password mail, daily digest."""

    class Meta:
        verbose_name = _("verzonden e-mail")
        verbose_name_plural = _("verzonden e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="outgoingmail_unique_key"
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at"], name="outgoingmail_recent_idx"),
            models.Index(fields=["status", "-created_at"], name="outgoingmail_status_idx"),
        ]


class MunicipalMail(TenantModel, MailRecordFields):
    """A mail a municipality sends in its own business: the decision letter."""

    class Meta:
        verbose_name = _("verzonden e-mail van een gemeente")
        verbose_name_plural = _("verzonden e-mails van gemeenten")
        constraints = [
            tenant_key_constraint("municipalmail"),
            models.UniqueConstraint(
                fields=["municipality", "key"],
                condition=~Q(key=""),
                name="municipalmail_unique_key",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "-created_at"], name="municipalmail_recent_idx"),
            models.Index(
                fields=["municipality", "kind", "object_id"], name="municipalmail_about_idx"
            ),
        ]


AnyMail = OutgoingMail | MunicipalMail
