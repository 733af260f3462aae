"""A candidate referred online by a partner of the matching unit (the social service's client
manager, UWV, a company, a district team) or by the resident through the public form. It
belongs to the municipality it is referred to (the resident's), lands in that matching unit's
queue, and keeps only what the matching unit needs to make contact: no BSN (the matching unit
asks for it when it takes the referral in, and the referral it registers then holds it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matching.partners.choices import Channel
from participatie.participants.choices import Benefit
from participatie.tenancy.base import TenantForeignKey, TenantModel, tenant_key_constraint


class PartnerReferral(TenantModel):
    channel = models.CharField(_("kanaal"), max_length=16, choices=Channel.choices)
    # The referring organisation; none for a resident's own registration.
    organisation = models.ForeignKey(
        "participatie.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verwijzende organisatie"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verwezen door"),
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    motivation = models.TextField(_("korte toelichting"), blank=True)
    benefit = models.CharField(
        _("uitkering"), max_length=8, choices=Benefit.choices, default=Benefit.NONE
    )
    consent_by = models.CharField(_("toestemming klantmanager (naam)"), max_length=200, blank=True)
    consent_on = models.DateField(_("toestemming klantmanager (datum)"), null=True, blank=True)
    # Set when the matching unit takes the referral in (registers it with the BSN).
    referral = TenantForeignKey(
        "matching.Referral",
        null=True,
        blank=True,
        related_name="partner_referrals",
        verbose_name=_("aanmelding"),
    )
    # Closed by the matching unit without taking it in (not eligible), with the reason.
    declined_reason = models.TextField(_("reden niet in behandeling"), blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgesloten door"),
    )
    # The client manager saw the signal that their client left for paid work.
    paid_work_seen_at = models.DateTimeField(
        _("uitstroom naar werk gezien op"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        constraints = [
            tenant_key_constraint("partnerreferral"),
            models.UniqueConstraint(
                fields=["municipality", "referral"],
                condition=Q(referral__isnull=False),
                name="partnerreferral_one_per_referral",
            ),
            models.CheckConstraint(
                condition=Q(benefit=Benefit.NONE)
                | (~Q(consent_by="") & Q(consent_on__isnull=False)),
                name="partnerreferral_benefit_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.PUBLIC, organisation__isnull=True)
                | Q(channel=Channel.PARTNER, organisation__isnull=False),
                name="partnerreferral_channel_organisation",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "organisation", "-created_at"],
                name="partnerreferral_org_idx",
            ),
            models.Index(
                fields=["municipality", "referral", "closed_at"], name="partnerreferral_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def is_open(self) -> bool:
        """Still in the matching unit's inbound queue."""
        return self.referral_id is None and self.closed_at is None
