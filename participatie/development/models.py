"""Development plans per placement and the development talks (ontwikkelgesprekken) that
review them. All tenant of the placement."""

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


class DevelopmentPlan(TenantModel):
    """A simple plan per placement: goals and agreed actions, reviewed in development talks."""

    placement = TenantForeignKey(
        "participatie.Placement", related_name="development_plans", verbose_name=_("plaatsing")
    )
    goals = models.TextField(_("doelen"))
    actions = models.TextField(_("afspraken"), blank=True)
    is_developing = models.BooleanField(
        _("in ontwikkeling"),
        default=False,
        help_text=_(
            "Deelnemers in ontwikkeling hebben 3 à 4 gesprekken per jaar, net als trede plus."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opgesteld door"),
    )
    created_at = models.DateTimeField(_("opgesteld op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = tenant_history()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ontwikkelplan")
        verbose_name_plural = _("ontwikkelplannen")
        constraints = [tenant_key_constraint("developmentplan")]
        indexes = [models.Index(fields=["municipality", "placement"], name="devplan_placement_idx")]


class DevelopmentTalk(TenantModel):
    """A development talk (ontwikkelgesprek) about a plan: date and summary."""

    plan = TenantForeignKey(
        "participatie.DevelopmentPlan", related_name="talks", verbose_name=_("ontwikkelplan")
    )
    held_on = models.DateField(_("datum"))
    summary = models.TextField(_("samenvatting"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("ontwikkelgesprek")
        verbose_name_plural = _("ontwikkelgesprekken")
        constraints = [
            tenant_key_constraint("developmenttalk"),
            models.CheckConstraint(condition=~Q(summary=""), name="developmenttalk_has_summary"),
        ]
        indexes = [
            models.Index(fields=["municipality", "plan", "held_on"], name="devtalk_plan_idx")
        ]
