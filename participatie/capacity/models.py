"""The region's ceiling of places per year (Drechtsteden: 630) and each member's target range
(Dordrecht: 330-335). Both are global rows, like the budget key and the effort obligation: the
region sets them in its cooperation agreement, and they hold counts, never a person."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RegionCapacity(models.Model):
    region = models.ForeignKey(
        "participatie.Region",
        on_delete=models.PROTECT,
        related_name="capacities",
        verbose_name=_("regio"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    places = models.PositiveIntegerField(_("plafond (plekken)"), validators=[MinValueValidator(1)])
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )
    set_at = models.DateTimeField(_("vastgesteld op"), auto_now=True)

    class Meta:
        ordering = ["region", "-year"]
        verbose_name = _("plafond van de regio")
        verbose_name_plural = _("plafonds van de regio")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="regioncapacity_unique"),
            models.CheckConstraint(condition=Q(places__gte=1), name="regioncapacity_places"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}: {self.places}"


class MunicipalityTarget(models.Model):
    municipality = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        related_name="place_targets",
        verbose_name=_("gemeente"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    minimum = models.PositiveIntegerField(_("streefaantal plekken, van"))
    maximum = models.PositiveIntegerField(_("streefaantal plekken, tot en met"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )
    set_at = models.DateTimeField(_("vastgesteld op"), auto_now=True)

    class Meta:
        ordering = ["municipality__name", "-year"]
        verbose_name = _("streefaantal plekken")
        verbose_name_plural = _("streefaantallen plekken")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="municipalitytarget_unique"
            ),
            models.CheckConstraint(
                condition=Q(minimum__lte=F("maximum")), name="municipalitytarget_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.minimum}-{self.maximum}"
