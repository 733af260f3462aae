"""Quarter statements with their lines, payment instructions, year-end determinations and
cross-municipal claims. Amounts come from ``subsidies.calculations`` only."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.base import (
    TenantForeignKey,
    TenantModel,
    tenant_history,
    tenant_key_constraint,
)
from subsidies.choices import (
    AdvanceModel,
    ClaimDirection,
    ClaimResponse,
    PaymentKind,
    StatementStatus,
)

AMOUNT = {"max_digits": 12, "decimal_places": 2}


class QuarterStatement(TenantModel):
    """One company's statement of one quarter. Once approved it is final, it and its lines:
    the services refuse to change it and database triggers refuse any update or delete
    (migration ``0003_approved_statements_are_final``); a change is a correcting statement."""

    enrolment = TenantForeignKey(
        "participatie.Enrolment", related_name="statements", verbose_name=_("leerwerkbedrijf")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    advance_model = models.CharField(
        _("bevoorschotting"), max_length=20, choices=AdvanceModel.choices
    )
    lines_total = models.DecimalField(_("totaal regels"), **AMOUNT)
    base_fee = models.DecimalField(_("basisvergoeding"), **AMOUNT)
    total = models.DecimalField(_("totaal"), **AMOUNT)
    payable_now = models.DecimalField(_("nu te betalen"), **AMOUNT)
    held = models.DecimalField(_("ingehouden tot vaststelling"), **AMOUNT)
    corrects = TenantForeignKey(
        "subsidies.QuarterStatement",
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrigeert"),
    )
    computed_at = models.DateTimeField(_("berekend op"))
    # Who had the draft computed: the account holder who pressed "Kwartaal afrekenen" or drew
    # up a correction; empty when the schedule or the operator's command computed it. The one
    # who prepared a statement does not approve it (four eyes).
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgesteld door"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bevestigd door"),
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    confirmed_late = models.BooleanField(_("te laat bevestigd"), default=False)
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
        ordering = ["-year", "-quarter"]
        verbose_name = _("kwartaaldeclaratie")
        verbose_name_plural = _("kwartaaldeclaraties")
        constraints = [
            tenant_key_constraint("quarterstatement"),
            # One draft at a time per company and quarter: re-running replaces it.
            models.UniqueConstraint(
                fields=["municipality", "enrolment", "year", "quarter"],
                condition=Q(status="draft"),
                name="quarterstatement_one_draft",
            ),
            # Compared in whole cents: SQLite keeps decimals as floating point, where
            # 1506.58 + 376.64 need not equal 1883.22 exactly.
            models.CheckConstraint(
                condition=Exact(
                    Round(F("total") * 100), Round((F("lines_total") + F("base_fee")) * 100)
                ),
                name="quarterstatement_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(advance_model=AdvanceModel.FULL_ADVANCE)
                | Q(Exact(Round(F("total") * 100), Round((F("payable_now") + F("held")) * 100))),
                name="quarterstatement_parts_add_up",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(prepared_by__isnull=True)
                | ~Q(approved_by=F("prepared_by")),
                name="quarterstatement_four_eyes",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "year", "quarter", "status"], name="statement_period_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.year}"


class StatementLine(TenantModel):
    statement = TenantForeignKey(
        "subsidies.QuarterStatement",
        related_name="lines",
        on_delete=models.CASCADE,
        verbose_name=_("declaratie"),
    )
    placement = TenantForeignKey(
        "participatie.Placement", related_name="+", verbose_name=_("plaatsing")
    )
    step = TenantForeignKey("participatie.Step", related_name="+", verbose_name=_("trede"))
    date_from = models.DateField(_("van"))
    date_to = models.DateField(_("tot en met"))
    days = models.PositiveIntegerField(_("dagen"))
    annual_tariff = models.DecimalField(_("tarief per jaar"), **AMOUNT)
    amount = models.DecimalField(_("bedrag"), **AMOUNT)

    class Meta:
        ordering = ["placement_id", "date_from"]
        verbose_name = _("declaratieregel")
        verbose_name_plural = _("declaratieregels")
        constraints = [
            tenant_key_constraint("statementline"),
            models.CheckConstraint(
                condition=Q(date_to__gte=models.F("date_from")), name="statementline_period"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "statement"], name="statementline_statement_idx")
        ]


class PaymentInstruction(TenantModel):
    enrolment = TenantForeignKey(
        "participatie.Enrolment", related_name="payments", verbose_name=_("leerwerkbedrijf")
    )
    statement = TenantForeignKey(
        "subsidies.QuarterStatement",
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("declaratie"),
    )
    determination = TenantForeignKey(
        "subsidies.Determination",
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("vaststelling"),
    )
    decision = TenantForeignKey(
        "subsidies.SubsidyDecision",
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("beschikking"),
    )
    kind = models.CharField(_("soort"), max_length=16, choices=PaymentKind.choices)
    amount = models.DecimalField(_("bedrag"), help_text=_("Negatief: terugvordering."), **AMOUNT)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("betaalopdracht")
        verbose_name_plural = _("betaalopdrachten")
        constraints = [
            tenant_key_constraint("paymentinstruction"),
            # Approving twice can never pay twice.
            models.UniqueConstraint(
                fields=["municipality", "statement"],
                condition=Q(statement__isnull=False),
                name="payment_once_per_statement",
            ),
            models.UniqueConstraint(
                fields=["municipality", "determination"],
                condition=Q(determination__isnull=False),
                name="payment_once_per_determination",
            ),
            models.UniqueConstraint(
                fields=["municipality", "decision"],
                condition=Q(decision__isnull=False),
                name="payment_once_per_decision",
            ),
        ]


class Determination(TenantModel):
    enrolment = TenantForeignKey(
        "participatie.Enrolment", related_name="determinations", verbose_name=_("leerwerkbedrijf")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    advance_model = models.CharField(
        _("bevoorschotting"), max_length=20, choices=AdvanceModel.choices
    )
    realised = models.DecimalField(_("gerealiseerd"), **AMOUNT)
    granted = models.DecimalField(_("verleend"), **AMOUNT)
    paid = models.DecimalField(_("betaald"), **AMOUNT)
    final = models.DecimalField(_("vastgesteld bedrag"), **AMOUNT)
    balance = models.DecimalField(_("te betalen (+) of terug te vorderen (-)"), **AMOUNT)
    # Who computed it last (``determination_compute``): that account holder does not approve
    # it (four eyes, also a check in the database). Empty only for rows from before.
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("berekend door"),
    )
    prepared_at = models.DateTimeField(_("berekend op"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    letter = models.FileField(
        _("vaststellingsbrief (PDF)"), upload_to="determinations/%Y/", blank=True
    )
    history = tenant_history()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("vaststelling")
        verbose_name_plural = _("vaststellingen")
        constraints = [
            tenant_key_constraint("determination"),
            models.UniqueConstraint(
                fields=["municipality", "enrolment", "year"], name="determination_unique"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(prepared_by__isnull=True)
                | ~Q(approved_by=F("prepared_by")),
                name="determination_four_eyes",
            ),
        ]


class CrossMunicipalClaim(TenantModel):
    """A placement of a resident of a municipality that did not meet its effort obligation:
    the placement municipality charges the home municipality. Written once in each of the two
    tenants (outgoing and incoming), pseudonymised: a participant reference, never a name."""

    direction = models.CharField(_("richting"), max_length=16, choices=ClaimDirection.choices)
    # Only on the outgoing side: the claim is part of that draft statement and goes with it.
    statement = TenantForeignKey(
        "subsidies.QuarterStatement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="claims",
        verbose_name=_("declaratie"),
    )
    counterpart = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("andere gemeente"),
    )
    claim_reference = models.UUIDField(_("vordering"), default=uuid.uuid4)
    participant_reference = models.UUIDField(_("deelnemer (pseudoniem)"))
    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(_("kwartaal"))
    step_code = models.CharField(_("trede"), max_length=20)
    days = models.PositiveIntegerField(_("dagen"))
    amount = models.DecimalField(_("bedrag"), **AMOUNT)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # The home municipality's answer, written on both rows at once
    # (``subsidies.services.claims``). The settlement inserts claims without these columns,
    # hence the database defaults.
    response = models.CharField(
        _("reactie woongemeente"),
        max_length=16,
        choices=ClaimResponse.choices,
        default=ClaimResponse.OPEN,
        db_default=ClaimResponse.OPEN,
    )
    response_note = models.TextField(
        _("toelichting bij de reactie"), blank=True, default="", db_default=""
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gereageerd door"),
    )
    responded_at = models.DateTimeField(_("gereageerd op"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("verrekening tussen gemeenten")
        verbose_name_plural = _("verrekeningen tussen gemeenten")
        constraints = [
            tenant_key_constraint("crossmunicipalclaim"),
            models.UniqueConstraint(
                fields=["municipality", "claim_reference"], name="claim_reference_unique"
            ),
            # An answer says who gave it and when; a dispute says why.
            models.CheckConstraint(
                condition=Q(response=ClaimResponse.OPEN)
                | Q(responded_by__isnull=False, responded_at__isnull=False),
                name="claim_response_has_responder",
            ),
            models.CheckConstraint(
                condition=~Q(response=ClaimResponse.DISPUTED) | ~Q(response_note=""),
                name="claim_dispute_has_note",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "year", "quarter"], name="claim_period_idx")
        ]

    @property
    def participant_pseudonym(self) -> str:
        """The participant as both municipalities may name them: the start of the reference."""
        return self.participant_reference.hex[:8].upper()

    @property
    def claim_pseudonym(self) -> str:
        return self.claim_reference.hex[:8].upper()
