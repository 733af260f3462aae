"""Guidance steps (treden). The catalogue is per municipality per year; the money per step lives
in ``subsidies`` (tariffs keyed by these rows), so this module knows nothing of money."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participatie.choices import ObjectionStatus, StepDecisionStatus
from participatie.tenancy.base import (
    TenantForeignKey,
    TenantModel,
    tenant_history,
    tenant_key_constraint,
)


class Step(TenantModel):
    year = models.PositiveSmallIntegerField(_("jaar"))
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("omschrijving"), max_length=100)
    is_default = models.BooleanField(_("standaardtrede"), default=False)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["year", "position", "code"]
        verbose_name = _("trede")
        verbose_name_plural = _("treden")
        constraints = [
            tenant_key_constraint("step"),
            models.UniqueConstraint(fields=["municipality", "year", "code"], name="step_unique"),
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=Q(is_default=True),
                name="step_one_default_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.year})"


class StepDecision(TenantModel):
    """The step of a placement from a date: advised by a consultant, decided by an account
    holder (never the same person), always justified. Approved decisions are in force from
    ``valid_from`` until the next approved one."""

    placement = TenantForeignKey(
        "participatie.Placement", related_name="step_decisions", verbose_name=_("plaatsing")
    )
    step = TenantForeignKey("participatie.Step", related_name="+", verbose_name=_("trede"))
    valid_from = models.DateField(_("geldig vanaf"))
    justification = models.TextField(_("onderbouwing"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=StepDecisionStatus.choices,
        default=StepDecisionStatus.ADVISED,
    )
    is_initial = models.BooleanField(
        _("startindeling"), default=False, help_text=_("De standaardtrede bij de start.")
    )
    advised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geadviseerd door"),
    )
    advised_at = models.DateTimeField(_("geadviseerd op"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True)
    history = tenant_history()

    class Meta:
        ordering = ["valid_from", "advised_at"]
        verbose_name = _("inschaling")
        verbose_name_plural = _("inschalingen")
        constraints = [
            tenant_key_constraint("stepdecision"),
            models.CheckConstraint(condition=~Q(justification=""), name="stepdecision_justified"),
            models.CheckConstraint(
                condition=~Q(status=StepDecisionStatus.REJECTED) | ~Q(rejection_reason=""),
                name="stepdecision_rejection_has_reason",
            ),
            models.UniqueConstraint(
                fields=["municipality", "placement", "valid_from"],
                condition=Q(status=StepDecisionStatus.APPROVED),
                name="stepdecision_one_approved_per_day",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "placement", "status", "valid_from"],
                name="stepdecision_placement_idx",
            ),
            models.Index(fields=["municipality", "status"], name="stepdecision_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.step} vanaf {self.valid_from:%d-%m-%Y} ({self.get_status_display()})"


class Objection(TenantModel):
    """A learning-work company objects to a step decision; the account holder handles it."""

    decision = TenantForeignKey(
        "participatie.StepDecision", related_name="objections", verbose_name=_("inschaling")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    raised_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    reason = models.TextField(_("reden"))
    status = models.CharField(
        _("status"), max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behandeld door"),
    )
    handled_at = models.DateTimeField(_("behandeld op"), null=True, blank=True)
    response = models.TextField(_("reactie"), blank=True)
    history = tenant_history()

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        constraints = [
            tenant_key_constraint("objection"),
            models.CheckConstraint(condition=~Q(reason=""), name="objection_has_reason"),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="objection_status_idx")]
