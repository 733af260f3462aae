"""The resident on a place. A participant record belongs to the municipality where it is used:
the one that registers the referral, and the one where the place is (which may differ; then the
record there carries ``home_municipality``)."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from participatie.kernel.masking import mask_bsn
from participatie.participants.choices import Benefit
from participatie.tenancy.base import TenantModel, tenant_history, tenant_key_constraint


def validate_bsn(value: str) -> None:
    if not stdnum_bsn.is_valid(value):
        raise ValidationError(
            _("Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan)."), code="bsn"
        )


def validate_postcode(value: str) -> None:
    try:
        stdnum_postcode.validate(value)
    except Exception:
        raise ValidationError(
            _("Dit is geen geldige postcode (bijvoorbeeld 3311 AB)."), code="postcode"
        ) from None


EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def validate_birth_date(value: date, *, today: date) -> None:
    """A birth date that cannot be a living candidate's: in the future, or before 1900 (most
    often a mistyped year)."""
    if value > today:
        raise ValidationError(_("De geboortedatum ligt in de toekomst."), code="future")
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("De geboortedatum ligt vóór 1900. Controleer het jaar."), code="too_early"
        )


def validate_consent_date(value: date, *, today: date) -> None:
    """The client manager's consent has been given: its date is not in the future."""
    if value > today:
        raise ValidationError(_("De datum van de toestemming ligt in de toekomst."), code="future")


class Participant(TenantModel):
    reference = models.UUIDField(
        _("referentie"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Verwijst tussen gemeenten naar deze persoon, zonder BSN."),
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    bsn = models.CharField(_("BSN"), max_length=9, validators=[validate_bsn])
    birth_date = models.DateField(_("geboortedatum"))
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[validate_postcode]
    )
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    home_municipality = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("woongemeente"),
    )
    benefit = models.CharField(
        _("uitkering"), max_length=8, choices=Benefit.choices, default=Benefit.NONE
    )
    consent_by = models.CharField(_("toestemming klantmanager (naam)"), max_length=200, blank=True)
    consent_on = models.DateField(_("toestemming klantmanager (datum)"), null=True, blank=True)
    intake_notes = models.TextField(
        _("intakenotities"), blank=True, help_text=_("Alleen zichtbaar voor de matchingsunit.")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # Privacy (issue 15): a legal hold stops the retention job; ``anonymised_on`` says the
    # person's identity is gone (participatie.privacy.retention) and the record only adds up.
    legal_hold = models.BooleanField(
        _("bewaarplicht (juridische blokkade)"),
        default=False,
        help_text=_("Zolang dit aan staat, worden de gegevens niet geanonimiseerd."),
    )
    legal_hold_reason = models.TextField(_("reden van de blokkade"), blank=True)
    anonymised_on = models.DateField(_("geanonimiseerd op"), null=True, blank=True)
    history = tenant_history(excluded_fields=["intake_notes"])

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        constraints = [
            tenant_key_constraint("participant"),
            # An anonymised participant has no BSN any more: many of them, one empty value.
            models.UniqueConstraint(
                fields=["municipality", "bsn"],
                condition=~Q(bsn=""),
                name="participant_bsn_unique",
            ),
            models.CheckConstraint(
                condition=Q(legal_hold=False) | ~Q(legal_hold_reason=""),
                name="participant_legal_hold_has_reason",
            ),
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="participant_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(benefit=Benefit.NONE)
                | (~Q(consent_by="") & Q(consent_on__isnull=False)),
                name="participant_benefit_needs_consent",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "last_name", "first_name"], name="participant_name_idx"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def bsn_masked(self) -> str:
        return mask_bsn(self.bsn)

    def clean(self) -> None:
        if self.benefit != Benefit.NONE and not (self.consent_by and self.consent_on):
            raise ValidationError(
                {
                    "consent_by": _(
                        "Bij een uitkering is toestemming van de klantmanager nodig: vul naam en "
                        "datum in."
                    )
                }
            )
