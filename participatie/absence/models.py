"""Absence signals: no 'present' day for N weeks. All tenant of the placement."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatie.absence.choices import SignalStatus
from participatie.tenancy.base import TenantForeignKey, TenantModel, tenant_key_constraint


class AbsenceSignal(TenantModel):
    """No 'present' day for N weeks: raised once per absence streak, followed up by the
    matching unit. A placement is never ended automatically."""

    placement = TenantForeignKey(
        "participatie.Placement", related_name="absence_signals", verbose_name=_("plaatsing")
    )
    streak_start = models.DateField(
        _("afwezig sinds"), help_text=_("De dag na de laatste aanwezige dag (of de start).")
    )
    raised_on = models.DateField(_("gesignaleerd op"))
    status = models.CharField(
        _("status"), max_length=16, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    follow_up_note = models.TextField(_("opvolging"), blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgevolgd door"),
    )
    followed_up_at = models.DateTimeField(_("opgevolgd op"), null=True, blank=True)
    closed_on = models.DateField(
        _("afgesloten op"), null=True, blank=True, help_text=_("Een aanwezige dag sluit de reeks.")
    )

    class Meta:
        ordering = ["-raised_on"]
        verbose_name = _("verzuimsignaal")
        verbose_name_plural = _("verzuimsignalen")
        constraints = [
            tenant_key_constraint("absencesignal"),
            models.UniqueConstraint(
                fields=["municipality", "placement", "streak_start"],
                name="absencesignal_once_per_streak",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="absencesignal_status_idx")]
