"""Tariffs per municipality per year: the money per step of that year's step catalogue (which
lives in ``participatie``), the base fee, the custom budget and the advance model."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.base import (
    TenantForeignKey,
    TenantModel,
    tenant_history,
    tenant_key_constraint,
)
from subsidies.choices import AdvanceModel

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Tariff(TenantModel):
    year = models.PositiveSmallIntegerField(_("jaar"))
    base_fee = models.DecimalField(_("basisvergoeding per jaar"), **MONEY)
    custom_budget = models.DecimalField(_("maatwerkbudget"), **MONEY)
    advance_model = models.CharField(
        _("bevoorschotting"), max_length=20, choices=AdvanceModel.choices
    )
    dual_placement_max_days = models.PositiveIntegerField(
        _("maximale duur tweede plek (dagen)"), default=365
    )
    history = tenant_history()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("tarieven")
        verbose_name_plural = _("tarieven")
        constraints = [
            tenant_key_constraint("tariff"),
            models.UniqueConstraint(fields=["municipality", "year"], name="tariff_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"Tarieven {self.year}"


class StepTariff(TenantModel):
    tariff = TenantForeignKey(
        "subsidies.Tariff",
        related_name="steps",
        on_delete=models.CASCADE,
        verbose_name=_("tarieven"),
    )
    step = TenantForeignKey("participatie.Step", related_name="+", verbose_name=_("trede"))
    annual_amount = models.DecimalField(_("bedrag per deelnemer per jaar"), **MONEY)
    # 1 January of the tariff's year, or the first day of a later version: once a statement of
    # the year is approved, a change is a new row from a date, and each day is paid at the row
    # in force that day (DOMAIN.md "Setting up a year").
    effective_from = models.DateField(_("geldig vanaf"))
    history = tenant_history()

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("tarief per trede")
        verbose_name_plural = _("tarieven per trede")
        constraints = [
            tenant_key_constraint("steptariff"),
            models.UniqueConstraint(
                fields=["municipality", "tariff", "step", "effective_from"],
                name="steptariff_unique",
            ),
        ]
