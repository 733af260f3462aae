"""The matching unit's own subsidy (seed 000 section 4.1: "De matchingsunit ontvangt vanuit de
gemeente een beschikking"): its application per municipality per year, the municipality's
decision on it (draft -> proposed -> approved -> sent, four eyes, like a company's), the
payments of the decision's advance schedule, and the matching unit's realised cost per
quarter, approved by an account holder who did not record it.

Every row belongs to the municipality that pays (a tenant). The matching unit itself is a
global :class:`~participatie.models.Organisation`; that it serves the municipality
(``ServiceArea``) is checked by the services when a row is written.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.base import (
    TenantForeignKey,
    TenantModel,
    tenant_history,
    tenant_key_constraint,
)
from subsidies.choices import (
    AdvanceModel,
    DecisionStatus,
    MatchingUnitApplicationStatus,
    MatchingUnitCostStatus,
    PaymentKind,
)
from subsidies.models.tariffs import MONEY

QUARTER = [MinValueValidator(1), MaxValueValidator(4)]


class MatchingUnitApplication(TenantModel):
    """A matching unit asks a municipality for a year's subsidy: an amount and a note. One
    open application per matching unit, municipality and year; it is decided once its
    decision is approved (an extra amount later is a new application)."""

    matching_unit = models.ForeignKey(
        "participatie.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("matchingsunit"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount = models.DecimalField(_("gevraagd bedrag"), **MONEY)
    note = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MatchingUnitApplicationStatus.choices,
        default=MatchingUnitApplicationStatus.OPEN,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    submitted_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    history = tenant_history()

    class Meta:
        ordering = ["-year", "-submitted_at"]
        verbose_name = _("subsidieaanvraag matchingsunit")
        verbose_name_plural = _("subsidieaanvragen matchingsunit")
        constraints = [
            tenant_key_constraint("matchingunitapplication"),
            models.UniqueConstraint(
                fields=["municipality", "matching_unit", "year"],
                condition=Q(status=MatchingUnitApplicationStatus.OPEN),
                name="mu_application_one_open",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="mu_application_amount"),
        ]
        indexes = [
            models.Index(fields=["municipality", "year"], name="mu_application_year_idx"),
        ]

    def __str__(self) -> str:
        return f"Aanvraag matchingsunit {self.year}"


def letter_path(decision: MatchingUnitDecision, filename: str) -> str:
    # The caller passes a random name; the folder only sorts by year.
    return f"mu-decisions/{decision.year}/{filename}"


class MatchingUnitDecision(TenantModel):
    """The municipality's decision on a matching unit's application. ``drafted_by`` is who
    drafted it or last changed it; a different account holder approves (four eyes, also the
    constraint ``mu_decision_four_eyes``). Approved or sent, it is final."""

    application = TenantForeignKey(
        "subsidies.MatchingUnitApplication",
        related_name="decisions",
        verbose_name=_("aanvraag"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    advance_model = models.CharField(
        _("bevoorschotting"), max_length=20, choices=AdvanceModel.choices
    )
    amount = models.DecimalField(_("verleend bedrag"), **MONEY)
    over_budget_confirmed = models.BooleanField(
        _("boven resterend budget bevestigd"), default=False
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opgesteld of gewijzigd door"),
    )
    drafted_at = models.DateTimeField(_("opgesteld op"), auto_now_add=True)
    changed_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    letter = models.FileField(_("beschikking (PDF)"), upload_to=letter_path, blank=True)
    history = tenant_history()

    class Meta:
        ordering = ["-year", "-drafted_at"]
        verbose_name = _("beschikking matchingsunit")
        verbose_name_plural = _("beschikkingen matchingsunit")
        constraints = [
            tenant_key_constraint("matchingunitdecision"),
            models.UniqueConstraint(
                fields=["municipality", "application"], name="mu_decision_one_per_application"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="mu_decision_amount"),
            models.CheckConstraint(
                condition=Q(status__in=[DecisionStatus.DRAFT, DecisionStatus.PROPOSED])
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="mu_decision_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("drafted_by")),
                name="mu_decision_four_eyes",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "year", "status"], name="mu_decision_year_idx"),
        ]

    def __str__(self) -> str:
        return f"Beschikking matchingsunit {self.year}"


class MatchingUnitPayment(TenantModel):
    """A payment of a decision's advance schedule: the whole grant at approval under
    ``full_advance``; under ``quarterly_80_20`` a quarter's instalment once the matching
    unit's cost of that quarter is approved. Kept apart from the companies'
    ``PaymentInstruction``, which needs an enrolment and is keyed by statement and
    determination; here the key is the decision and the instalment."""

    decision = TenantForeignKey(
        "subsidies.MatchingUnitDecision",
        related_name="payments",
        verbose_name=_("beschikking"),
    )
    kind = models.CharField(_("soort"), max_length=16, choices=PaymentKind.choices)
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), null=True, blank=True, validators=QUARTER
    )
    cost = TenantForeignKey(
        "subsidies.MatchingUnitCost",
        null=True,
        blank=True,
        related_name="payments",
        verbose_name=_("kosten van het kwartaal"),
    )
    amount = models.DecimalField(_("bedrag"), **MONEY)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["decision_id", "quarter", "id"]
        verbose_name = _("betaalopdracht matchingsunit")
        verbose_name_plural = _("betaalopdrachten matchingsunit")
        constraints = [
            tenant_key_constraint("matchingunitpayment"),
            # Approving twice can never pay twice.
            models.UniqueConstraint(
                fields=["municipality", "decision"],
                condition=Q(kind=PaymentKind.ADVANCE),
                name="mu_payment_one_advance",
            ),
            models.UniqueConstraint(
                fields=["municipality", "decision", "quarter"],
                condition=Q(kind=PaymentKind.QUARTER),
                name="mu_payment_once_per_quarter",
            ),
            models.CheckConstraint(
                condition=Q(kind=PaymentKind.ADVANCE, quarter__isnull=True)
                | Q(kind=PaymentKind.QUARTER, quarter__gte=1, quarter__lte=4),
                name="mu_payment_kind_quarter",
            ),
        ]


class MatchingUnitCost(TenantModel):
    """The matching unit's realised cost of one quarter for one municipality, with a short
    account. Recorded by the matching unit (or an account holder), approved by an account
    holder who did not record it (four eyes, also the constraint ``mu_cost_four_eyes``).
    Until approved it may be recorded again; approved, it is final."""

    matching_unit = models.ForeignKey(
        "participatie.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("matchingsunit"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(_("kwartaal"), validators=QUARTER)
    amount = models.DecimalField(_("gerealiseerde kosten"), **MONEY)
    account = models.TextField(_("verantwoording"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MatchingUnitCostStatus.choices,
        default=MatchingUnitCostStatus.RECORDED,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    history = tenant_history()

    class Meta:
        ordering = ["-year", "quarter"]
        verbose_name = _("kosten matchingsunit per kwartaal")
        verbose_name_plural = _("kosten matchingsunit per kwartaal")
        constraints = [
            tenant_key_constraint("matchingunitcost"),
            models.UniqueConstraint(
                fields=["municipality", "matching_unit", "year", "quarter"],
                name="mu_cost_one_per_quarter",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="mu_cost_quarter"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="mu_cost_amount"),
            models.CheckConstraint(condition=~Q(account=""), name="mu_cost_account"),
            models.CheckConstraint(
                condition=Q(status=MatchingUnitCostStatus.RECORDED, approved_by__isnull=True)
                | Q(
                    status=MatchingUnitCostStatus.APPROVED,
                    approved_by__isnull=False,
                    approved_at__isnull=False,
                ),
                name="mu_cost_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("recorded_by")),
                name="mu_cost_four_eyes",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "year", "status"], name="mu_cost_year_idx"),
        ]

    def __str__(self) -> str:
        return f"Kosten matchingsunit Q{self.quarter} {self.year}"
