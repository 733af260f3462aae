"""A participant on a place at one learning-work company, from start (instroom) to end
(uitstroom). The placement belongs to the municipality where the place is: it pays."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from participatie.choices import OutflowReason, PlacementKind
from participatie.tenancy.base import (
    TenantForeignKey,
    TenantModel,
    tenant_history,
    tenant_key_constraint,
)


class PlacementQuerySet(models.QuerySet["Placement"]):
    def active_on(self, day) -> PlacementQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def overlapping(self, start, end) -> PlacementQuerySet:  # type: ignore[no-untyped-def]
        """Placements whose period shares at least one day with [start, end] (end None: open)."""
        queryset = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        if end is not None:
            queryset = queryset.filter(start_date__lte=end)
        return queryset


class Placement(TenantModel):
    reference = models.UUIDField(_("referentie"), default=uuid.uuid4, editable=False)
    participant = TenantForeignKey(
        "participatie.Participant", related_name="placements", verbose_name=_("deelnemer")
    )
    enrolment = TenantForeignKey(
        "participatie.Enrolment", related_name="placements", verbose_name=_("leerwerkbedrijf")
    )
    kind = models.CharField(
        _("soort plek"), max_length=16, choices=PlacementKind.choices, default=PlacementKind.REGULAR
    )
    orientation_employer = models.CharField(
        _("werkgever oriëntatieplek"), max_length=200, blank=True
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("uren per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    outflow_reason = models.CharField(
        _("reden uitstroom"), max_length=32, choices=OutflowReason.choices, blank=True
    )
    outflow_note = models.TextField(_("toelichting uitstroom"), blank=True)
    # The intake (in the municipality that registered the referral, possibly another tenant)
    # this placement came from: a global reference, not a foreign key.
    intake_reference = models.UUIDField(_("intake"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geplaatst door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    history = tenant_history()

    objects = ScopedManager(
        _manager_class=models.Manager.from_queryset(PlacementQuerySet), municipality="municipality"
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        constraints = [
            tenant_key_constraint("placement"),
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="placement_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="placement_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PlacementKind.ORIENTATION) | ~Q(orientation_employer=""),
                name="placement_orientation_names_employer",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PlacementKind.SECOND) | Q(end_date__isnull=False),
                name="placement_second_has_end",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0) & Q(hours_per_week__lte=40),
                name="placement_hours_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "enrolment", "end_date"], name="placement_enrolment_idx"
            ),
            models.Index(fields=["municipality", "participant"], name="placement_participant_idx"),
            models.Index(fields=["municipality", "start_date"], name="placement_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} bij {self.enrolment.organisation}"

    @property
    def is_active(self) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


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
