"""Applications by learning-work companies and the municipality's subsidy decisions
(beschikkingen): draft -> proposed -> approved -> sent; a change is a new decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.base import (
    TenantForeignKey,
    TenantModel,
    tenant_history,
    tenant_key_constraint,
)
from subsidies.choices import AdvanceModel, DecisionStatus
from subsidies.models.tariffs import MONEY


class SubsidyApplication(TenantModel):
    enrolment = TenantForeignKey(
        "participatie.Enrolment", related_name="applications", verbose_name=_("leerwerkbedrijf")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    submitted_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    note = models.TextField(_("toelichting"), blank=True)
    history = tenant_history()

    class Meta:
        ordering = ["-year", "-submitted_at"]
        verbose_name = _("subsidieaanvraag")
        verbose_name_plural = _("subsidieaanvragen")
        constraints = [tenant_key_constraint("subsidyapplication")]


class ApplicationLine(TenantModel):
    application = TenantForeignKey(
        "subsidies.SubsidyApplication",
        related_name="lines",
        on_delete=models.CASCADE,
        verbose_name=_("aanvraag"),
    )
    step = TenantForeignKey("participatie.Step", related_name="+", verbose_name=_("trede"))
    places = models.PositiveIntegerField(_("plekken"))

    class Meta:
        verbose_name = _("aangevraagde plekken")
        verbose_name_plural = _("aangevraagde plekken")
        constraints = [
            tenant_key_constraint("applicationline"),
            models.UniqueConstraint(
                fields=["municipality", "application", "step"], name="applicationline_unique"
            ),
        ]


class SubsidyDecision(TenantModel):
    enrolment = TenantForeignKey(
        "participatie.Enrolment", related_name="decisions", verbose_name=_("leerwerkbedrijf")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    application = TenantForeignKey(
        "subsidies.SubsidyApplication",
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("aanvraag"),
    )
    supersedes = TenantForeignKey(
        "subsidies.SubsidyDecision",
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("wijzigt besluit"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    advance_model = models.CharField(
        _("bevoorschotting"), max_length=20, choices=AdvanceModel.choices
    )
    base_fee = models.DecimalField(_("basisvergoeding"), **MONEY)
    amount = models.DecimalField(_("verleend bedrag"), **MONEY)
    over_budget_confirmed = models.BooleanField(
        _("boven resterend budget bevestigd"), default=False
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opgesteld door"),
    )
    drafted_at = models.DateTimeField(_("opgesteld op"), auto_now_add=True)
    # Who last changed the draft (the drafter until someone else changes it): neither the
    # drafter nor the last changer approves it (four eyes, also checks in the database).
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("laatst gewijzigd door"),
    )
    changed_at = models.DateTimeField(_("laatst gewijzigd op"), null=True, blank=True)
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
    letter = models.FileField(_("beschikking (PDF)"), upload_to="decisions/%Y/", blank=True)
    history = tenant_history()

    class Meta:
        ordering = ["-year", "-drafted_at"]
        verbose_name = _("beschikking")
        verbose_name_plural = _("beschikkingen")
        constraints = [
            tenant_key_constraint("subsidydecision"),
            models.CheckConstraint(
                condition=Q(status__in=[DecisionStatus.DRAFT, DecisionStatus.PROPOSED])
                | Q(approved_by__isnull=False),
                name="subsidydecision_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("drafted_by")),
                name="subsidydecision_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(changed_by__isnull=True)
                | ~Q(approved_by=models.F("changed_by")),
                name="subsidydecision_four_eyes_changer",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="decision_status_idx")]

    def __str__(self) -> str:
        return f"Beschikking {self.year} {self.enrolment_id}"


class DecisionLine(TenantModel):
    decision = TenantForeignKey(
        "subsidies.SubsidyDecision",
        related_name="lines",
        on_delete=models.CASCADE,
        verbose_name=_("beschikking"),
    )
    step = TenantForeignKey("participatie.Step", related_name="+", verbose_name=_("trede"))
    places = models.PositiveIntegerField(_("plekken"))
    annual_amount = models.DecimalField(_("tarief per jaar"), **MONEY)
    amount = models.DecimalField(_("bedrag"), **MONEY)

    class Meta:
        verbose_name = _("regel beschikking")
        verbose_name_plural = _("regels beschikking")
        constraints = [
            tenant_key_constraint("decisionline"),
            models.UniqueConstraint(
                fields=["municipality", "decision", "step"], name="decisionline_unique"
            ),
        ]
