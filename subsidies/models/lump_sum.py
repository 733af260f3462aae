"""The lump sum (IBN, seed 003): a region contracts a provider for an amount per participant per
year; each quarter the counted participants x amount / 4 is split over the members by a key,
plus each member's own plus package; the region approves with four eyes and determines the year.

Every table here is global, like the budget key (``BudgetKeyVersion``): the agreement is the
region's, not one municipality's, and its rows name municipalities only to say which part of a
regional amount each pays. They hold no personal data: counts and amounts only.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from subsidies.lump_sum.choices import CountMethod, CountSource, LumpSumStatus
from subsidies.models.tariffs import MONEY

# ``LumpSumStatement.quarter`` of the yearly determination.
YEAR = 0


class LumpSumAgreement(models.Model):
    region = models.ForeignKey(
        "participatie.Region",
        on_delete=models.PROTECT,
        related_name="lump_sum_agreements",
        verbose_name=_("regio"),
    )
    provider = models.ForeignKey(
        "participatie.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aanbieder"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount_per_participant = models.DecimalField(
        _("bedrag per deelnemer per jaar"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    count_method = models.CharField(
        _("telling van de deelnemers"), max_length=20, choices=CountMethod.choices
    )
    reference_date = models.DateField(_("peildatum"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("laatst gewijzigd door"),
    )
    changed_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["region", "-year", "provider__name"]
        verbose_name = _("lumpsumafspraak")
        verbose_name_plural = _("lumpsumafspraken")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "provider", "year"], name="lumpsumagreement_unique"
            ),
            models.CheckConstraint(
                condition=Q(count_method=CountMethod.REFERENCE_DATE, reference_date__isnull=False)
                | Q(count_method=CountMethod.MONTHLY_AVERAGE, reference_date__isnull=True),
                name="lumpsumagreement_reference_date_with_method",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.year}"


class LumpSumKeyShare(models.Model):
    """A member's weight in the agreement's key (e.g. its participation budget for new target
    groups). Every member of the region has one: the basic package is for all."""

    agreement = models.ForeignKey(
        LumpSumAgreement,
        on_delete=models.CASCADE,
        related_name="key_shares",
        verbose_name=_("lumpsumafspraak"),
    )
    municipality = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    weight = models.DecimalField(
        _("gewicht in de verdeelsleutel"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("aandeel in de lumpsum")
        verbose_name_plural = _("aandelen in de lumpsum")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "municipality"], name="lumpsumkeyshare_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.municipality_id}: {self.weight}"


class LumpSumPlusPackage(models.Model):
    """The plus package a member takes, at its own price per year."""

    agreement = models.ForeignKey(
        LumpSumAgreement,
        on_delete=models.CASCADE,
        related_name="plus_packages",
        verbose_name=_("lumpsumafspraak"),
    )
    municipality = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    annual_amount = models.DecimalField(_("bedrag pluspakket per jaar"), **MONEY)

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("pluspakket")
        verbose_name_plural = _("pluspakketten")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "municipality"], name="lumpsumpluspackage_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.municipality_id}: {self.annual_amount}"


class LumpSumCount(models.Model):
    """The provider's participants on one day: the end of a month, or the reference date."""

    agreement = models.ForeignKey(
        LumpSumAgreement,
        on_delete=models.CASCADE,
        related_name="counts",
        verbose_name=_("lumpsumafspraak"),
    )
    counted_on = models.DateField(_("telling op"))
    participants = models.PositiveIntegerField(_("aantal deelnemers"))
    source = models.CharField(_("bron"), max_length=16, choices=CountSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)

    class Meta:
        ordering = ["agreement", "counted_on"]
        verbose_name = _("telling lumpsum")
        verbose_name_plural = _("tellingen lumpsum")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "counted_on"], name="lumpsumcount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.counted_on}: {self.participants}"


class LumpSumStatement(models.Model):
    """A quarter's statement (``quarter`` 1-4) or the year's determination (``quarter`` 0):
    prepared by one person (or the ``settle_lump_sum`` command), approved by another of the
    region (four eyes); approved is final."""

    agreement = models.ForeignKey(
        LumpSumAgreement,
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("lumpsumafspraak"),
    )
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(YEAR), MaxValueValidator(4)]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=LumpSumStatus.choices, default=LumpSumStatus.DRAFT
    )
    participants = models.DecimalField(_("getelde deelnemers"), max_digits=10, decimal_places=2)
    # The counts it was computed from, as [["2022-01-31", 400], ...]: the trail of the amount.
    counts = models.JSONField(_("tellingen"), default=list)
    basic_total = models.DecimalField(_("basispakket"), **MONEY)
    plus_total = models.DecimalField(_("pluspakketten"), **MONEY)
    total = models.DecimalField(_("totaal"), **MONEY)
    # The determination only: what the approved quarters stated.
    stated_total = models.DecimalField(
        _("al gedeclareerd"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("berekend door"),
    )
    prepared_at = models.DateTimeField(_("berekend op"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "quarter"]
        verbose_name = _("lumpsumafrekening")
        verbose_name_plural = _("lumpsumafrekeningen")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "quarter"], name="lumpsumstatement_unique"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=YEAR, quarter__lte=4), name="lumpsumstatement_quarter"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(prepared_by__isnull=True)
                | ~Q(approved_by=F("prepared_by")),
                name="lumpsumstatement_four_eyes",
            ),
            models.CheckConstraint(
                condition=~Q(status=LumpSumStatus.APPROVED)
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="lumpsumstatement_approved_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.period_label}"

    @property
    def is_determination(self) -> bool:
        return self.quarter == YEAR

    @property
    def period_label(self) -> str:
        if self.is_determination:
            return str(_("vaststelling %(year)s") % {"year": self.agreement.year})
        return str(
            _("kwartaal %(quarter)s %(year)s")
            % {"quarter": self.quarter, "year": self.agreement.year}
        )

    @property
    def difference(self) -> Decimal | None:
        """The determination minus what the quarters stated (to pay, or to reclaim if < 0)."""
        if self.stated_total is None:
            return None
        return self.total - self.stated_total


class LumpSumStatementShare(models.Model):
    statement = models.ForeignKey(
        LumpSumStatement,
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name=_("lumpsumafrekening"),
    )
    municipality = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    weight = models.DecimalField(_("gewicht"), max_digits=14, decimal_places=2)
    basic = models.DecimalField(_("basispakket"), **MONEY)
    plus = models.DecimalField(_("pluspakket"), **MONEY)
    amount = models.DecimalField(_("bedrag"), **MONEY)
    stated = models.DecimalField(
        _("al gedeclareerd"), null=True, blank=True, max_digits=12, decimal_places=2
    )

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("aandeel in een lumpsumafrekening")
        verbose_name_plural = _("aandelen in een lumpsumafrekening")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "municipality"], name="lumpsumstatementshare_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} {self.municipality_id}: {self.amount}"

    @property
    def difference(self) -> Decimal | None:
        if self.stated is None:
            return None
        return self.amount - self.stated


class LumpSumReview(models.Model):
    """The financial review of a lump sum (every 2 years, seed 003): is the amount still right?"""

    region = models.ForeignKey(
        "participatie.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("regio"),
    )
    provider = models.ForeignKey(
        "participatie.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aanbieder"),
    )
    reviewed_on = models.DateField(_("herzien op"))
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["region", "provider", "-reviewed_on"]
        verbose_name = _("financiële herziening lumpsum")
        verbose_name_plural = _("financiële herzieningen lumpsum")

    def __str__(self) -> str:
        return f"{self.provider} {self.reviewed_on}"
