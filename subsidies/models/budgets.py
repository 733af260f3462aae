"""Budgets: a region's total split by its key, each municipality's own figures, custom-budget
expenses and the effort obligation that decides cross-municipal charges."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.base import TenantModel, tenant_history, tenant_key_constraint
from subsidies.models.tariffs import MONEY


class RegionalBudget(models.Model):
    """The region's total for a year (global: it belongs to the cooperation, not one tenant)."""

    region = models.ForeignKey(
        "participatie.Region",
        on_delete=models.PROTECT,
        related_name="budgets",
        verbose_name=_("regio"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    total = models.DecimalField(_("totaal"), **MONEY)

    class Meta:
        verbose_name = _("regionaal budget")
        verbose_name_plural = _("regionale budgetten")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="regionalbudget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class BudgetKeyVersion(models.Model):
    """One committed split of a region's total over its members for a year (global: the region's).

    Each commit is a new version with who and when; the newest is in force and its shares are
    written into the members' budgets. Versions are never edited."""

    region = models.ForeignKey(
        "participatie.Region",
        on_delete=models.PROTECT,
        related_name="budget_keys",
        verbose_name=_("regio"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    number = models.PositiveSmallIntegerField(_("versie"))
    total = models.DecimalField(_("regionaal totaal"), **MONEY)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    committed_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["region", "-year", "-number"]
        verbose_name = _("verdeelsleutel")
        verbose_name_plural = _("verdeelsleutels")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "number"], name="budgetkeyversion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year} v{self.number}"


class BudgetKeyShare(models.Model):
    """A member's contribution in a key version and the whole euros it was allocated."""

    version = models.ForeignKey(
        BudgetKeyVersion,
        on_delete=models.CASCADE,
        related_name="shares",
        verbose_name=_("verdeelsleutel"),
    )
    municipality = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    contribution = models.DecimalField(
        _("bijdrage"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    amount = models.DecimalField(_("aandeel"), **MONEY)

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("aandeel in de verdeelsleutel")
        verbose_name_plural = _("aandelen in de verdeelsleutel")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "municipality"], name="budgetkeyshare_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.municipality_id}: {self.amount}"


class MunicipalBudget(TenantModel):
    year = models.PositiveSmallIntegerField(_("jaar"))
    allocated = models.DecimalField(_("budget"), **MONEY)
    # The planned cost; the realised cost is the matching unit's approved quarter costs
    # (``MatchingUnitCost``), and what it was granted its decisions.
    matching_unit_cost = models.DecimalField(_("geplande kosten matchingsunit"), default=0, **MONEY)
    history = tenant_history()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgetten")
        constraints = [
            tenant_key_constraint("municipalbudget"),
            models.UniqueConstraint(fields=["municipality", "year"], name="municipalbudget_unique"),
        ]


class CustomBudgetExpense(TenantModel):
    year = models.PositiveSmallIntegerField(_("jaar"))
    spent_on = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(
        _("bedrag"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    history = tenant_history()

    class Meta:
        ordering = ["-spent_on"]
        verbose_name = _("uitgave maatwerkbudget")
        verbose_name_plural = _("uitgaven maatwerkbudget")
        constraints = [tenant_key_constraint("custombudgetexpense")]
        indexes = [models.Index(fields=["municipality", "year"], name="custombudget_year_idx")]


class EffortObligation(models.Model):
    """Whether a municipality met its effort obligation in a year. The region decides it, so
    the row is the region's (global), like the regional budget. When not met, the other
    municipalities of the region charge it for its residents' placements."""

    municipality = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        related_name="effort_obligations",
        verbose_name=_("gemeente"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    met = models.BooleanField(_("inspanningsverplichting nagekomen"), default=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )
    set_at = models.DateTimeField(_("vastgesteld op"), auto_now=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("inspanningsverplichting")
        verbose_name_plural = _("inspanningsverplichtingen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="effortobligation_unique"
            ),
        ]

    def __str__(self) -> str:
        state = _("nagekomen") if self.met else _("niet nagekomen")
        return f"{self.municipality} {self.year}: {state}"
