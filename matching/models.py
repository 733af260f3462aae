"""Referrals and intakes. They belong to the municipality the matching unit registers them for
(the resident's home municipality by default)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matching.choices import HandoverParty, IntakeOutcome, ReferralSource, ReferralStatus
from participatie.tenancy.base import (
    TenantForeignKey,
    TenantModel,
    tenant_history,
    tenant_key_constraint,
)


class Referral(TenantModel):
    participant = TenantForeignKey(
        "participatie.Participant", related_name="referrals", verbose_name=_("deelnemer")
    )
    source = models.CharField(_("aangemeld via"), max_length=32, choices=ReferralSource.choices)
    referred_on = models.DateField(_("aanmelddatum"))
    referrer = models.CharField(
        _("verwijzer"),
        max_length=200,
        blank=True,
        help_text=_("Naam en organisatie van de verwijzer."),
    )
    notes = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.NEW
    )
    matching_unit = models.ForeignKey(
        "participatie.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("matchingsunit"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geregistreerd door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    history = tenant_history()

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        constraints = [tenant_key_constraint("referral")]
        indexes = [
            models.Index(
                fields=["municipality", "status", "referred_on"], name="referral_status_idx"
            ),
            models.Index(fields=["municipality", "participant"], name="referral_participant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} ({self.referred_on:%d-%m-%Y})"


class Intake(TenantModel):
    """Screening by the matching unit: eligibility, contra-indications and the outcome."""

    reference = models.UUIDField(_("referentie"), default=uuid.uuid4, editable=False)
    referral = TenantForeignKey(
        "matching.Referral", related_name="intakes", verbose_name=_("aanmelding")
    )
    intake_date = models.DateField(_("intakedatum"))
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consulent"),
    )
    informed = models.BooleanField(_("geïnformeerd over de participatieplek"), default=False)
    motivated = models.BooleanField(_("gemotiveerd en vrijwillig"), default=False)
    consent = models.BooleanField(_("toestemming deelnemer voor gegevensdeling"), default=False)
    ci_day_care = models.BooleanField(
        _("geïndiceerde dagbesteding nodig of aanwezig"), default=False
    )
    ci_independent_volunteering = models.BooleanField(
        _("kan zelfstandig vrijwilligerswerk doen"), default=False
    )
    ci_paid_work = models.BooleanField(_("kan (beschut) betaald werk doen"), default=False)
    ci_regular_education = models.BooleanField(_("volgt regulier onderwijs"), default=False)
    wishes = models.TextField(_("wensen en interesses"), blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=16, choices=IntakeOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("datum uitkomst"), null=True, blank=True)
    handover_to = models.CharField(
        _("overgedragen aan"), max_length=32, choices=HandoverParty.choices, blank=True
    )
    handover_note = models.CharField(_("toelichting overdracht"), max_length=200, blank=True)
    not_eligible_reason = models.TextField(_("reden niet passend"), blank=True)
    # Where the resident was placed: possibly another municipality, so a global reference.
    placed_in = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geplaatst in"),
    )
    placement_reference = models.UUIDField(_("plaatsing"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    history = tenant_history()

    class Meta:
        ordering = ["-intake_date", "-id"]
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        constraints = [
            tenant_key_constraint("intake"),
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="intake_reference_unique"
            ),
            models.CheckConstraint(
                condition=~Q(outcome=IntakeOutcome.WARM_HANDOVER) | ~Q(handover_to=""),
                name="intake_handover_names_party",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=IntakeOutcome.NOT_ELIGIBLE) | ~Q(not_eligible_reason=""),
                name="intake_not_eligible_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=IntakeOutcome.PLACED) | Q(placed_in__isnull=False),
                name="intake_placed_names_municipality",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "outcome"], name="intake_outcome_idx")]

    def __str__(self) -> str:
        return f"Intake {self.intake_date:%d-%m-%Y}"

    @property
    def contra_indications(self) -> list[str]:
        from matching.choices import CONTRA_INDICATIONS

        return [str(label) for name, label in CONTRA_INDICATIONS.items() if getattr(self, name)]


# The caseload import keeps its models in its own package; Django finds them through here.
from matching.imports.models import (  # noqa: E402
    CaseloadImport as CaseloadImport,
)
from matching.imports.models import (  # noqa: E402
    CaseloadImportChange as CaseloadImportChange,
)
from matching.imports.models import CaseloadTransfer as CaseloadTransfer  # noqa: E402
from matching.imports.models import ImportMapping as ImportMapping  # noqa: E402

# Referrals by partners and residents (issue 16): their own package, found through here too.
from matching.partners.models import PartnerReferral as PartnerReferral  # noqa: E402
