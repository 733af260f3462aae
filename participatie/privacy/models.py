"""The privacy records of a municipality (issue 15).

* :class:`ReadEvent`: every opening of a participant's dossier (page or API detail), every list
  of persons read (the filter and how many, never the BSNs), every file downloaded and every
  export for a data subject. Changes are kept by django-simple-history
  (``tenant_history()`` on each tenant-owned model).
* :class:`RetentionPolicy`: how long the municipality keeps each kind of data (its records
  manager sets it; DOMAIN.md "Privacy and retention" gives the defaults).
* :class:`SubjectRequest`: a request for rectification or erasure, recorded by one privacy
  officer and decided by another (four eyes).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from participatie.privacy.choices import ReadKind, SubjectRequestKind, SubjectRequestStatus
from participatie.tenancy.base import (
    TenantForeignKey,
    TenantModel,
    tenant_history,
    tenant_key_constraint,
)

# Dutch tax law (Algemene wet inzake rijksbelastingen, art. 52) and the Civil Code (art. 2:10)
# require financial records for seven years: no municipality may set a shorter period.
FINANCIAL_MINIMUM_YEARS = 7

DEFAULT_PERSONAL_DATA_YEARS = 5
DEFAULT_FINANCIAL_YEARS = FINANCIAL_MINIMUM_YEARS
DEFAULT_READ_LOG_YEARS = 2
DEFAULT_REPORT_FILE_DAYS = 90


class ReadEvent(TenantModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    kind = models.CharField(
        _("soort inzage"), max_length=16, choices=ReadKind.choices, default=ReadKind.DETAIL
    )
    object_type = models.CharField(_("soort gegeven"), max_length=100)
    # Empty for a list (many persons) and for an export asked for an unknown BSN.
    object_id = models.BigIntegerField(_("id"), null=True, blank=True)
    route = models.CharField(_("route"), max_length=200)
    path = models.CharField(_("adres"), max_length=500)
    # A list: the filter the user chose (BSN-like numbers masked) and how many persons it gave.
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    count = models.PositiveIntegerField(_("aantal personen"), null=True, blank=True)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("inzage")
        verbose_name_plural = _("inzages")
        constraints = [tenant_key_constraint("readevent")]
        indexes = [
            models.Index(
                fields=["municipality", "object_type", "object_id"], name="readevent_object_idx"
            ),
            models.Index(fields=["municipality", "at"], name="readevent_at_idx"),
        ]


class RetentionPolicy(TenantModel):
    """One per municipality; without a row the defaults apply (:func:`retention_policy_of`)."""

    personal_data_years = models.PositiveSmallIntegerField(
        _("persoonsgegevens (jaren na de laatste plaatsing)"),
        default=DEFAULT_PERSONAL_DATA_YEARS,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Naam, BSN, adres, contactgegevens, intake, ontwikkeling en aanwezigheid van een "
            "deelnemer."
        ),
    )
    financial_years = models.PositiveSmallIntegerField(
        _("financiële gegevens (jaren na de vaststelling)"),
        default=DEFAULT_FINANCIAL_YEARS,
        validators=[MinValueValidator(FINANCIAL_MINIMUM_YEARS)],
        help_text=_(
            "Beschikkingen, declaraties, betalingen en vaststellingen. De wet vraagt minstens "
            "7 jaar."
        ),
    )
    read_log_years = models.PositiveSmallIntegerField(
        _("inzagelog (jaren)"), default=DEFAULT_READ_LOG_YEARS, validators=[MinValueValidator(1)]
    )
    report_file_days = models.PositiveSmallIntegerField(
        _("rapportagebestanden (dagen)"),
        default=DEFAULT_REPORT_FILE_DAYS,
        validators=[MinValueValidator(1)],
    )
    reason = models.TextField(_("reden van de wijziging"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = tenant_history()

    class Meta:
        verbose_name = _("bewaartermijnen")
        verbose_name_plural = _("bewaartermijnen")
        constraints = [
            tenant_key_constraint("retentionpolicy"),
            models.UniqueConstraint(fields=["municipality"], name="retentionpolicy_one"),
            models.CheckConstraint(
                condition=Q(financial_years__gte=FINANCIAL_MINIMUM_YEARS),
                name="retentionpolicy_financial_minimum",
            ),
            models.CheckConstraint(
                condition=Q(personal_data_years__gte=1)
                & Q(read_log_years__gte=1)
                & Q(report_file_days__gte=1),
                name="retentionpolicy_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Bewaartermijnen"))


class SubjectRequest(TenantModel):
    """A data subject's request for rectification or erasure, and how it was handled."""

    participant = TenantForeignKey(
        "participatie.Participant", related_name="subject_requests", verbose_name=_("deelnemer")
    )
    kind = models.CharField(_("soort verzoek"), max_length=16, choices=SubjectRequestKind.choices)
    received_on = models.DateField(_("ontvangen op"))
    description = models.TextField(_("wat de betrokkene vraagt"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubjectRequestStatus.choices,
        default=SubjectRequestStatus.OPEN,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    decision_note = models.TextField(_("toelichting bij het besluit"), blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("verzoek van een betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")
        constraints = [
            tenant_key_constraint("subjectrequest"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("recorded_by")),
                name="subjectrequest_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(status=SubjectRequestStatus.OPEN)
                | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="subjectrequest_decided_has_decider",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"], name="subjectrequest_status_idx"),
            models.Index(
                fields=["municipality", "participant"], name="subjectrequest_participant_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.received_on:%d-%m-%Y})"
