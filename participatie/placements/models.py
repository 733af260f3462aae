"""A participant on a place at one learning-work company, from start (instroom) to end
(uitstroom), and its guidance steps (treden). The placement belongs to the municipality where
the place is: it pays.

The step catalogue is per municipality per year; the money per step lives in ``subsidies``
(tariffs keyed by these rows), so this module knows nothing of money."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from participatie.kernel import periods
from participatie.kernel.calendar import is_active_on
from participatie.placements.choices import (
    ObjectionStatus,
    OutflowReason,
    PlacementKind,
    StepDecisionStatus,
)
from participatie.tenancy.base import (
    TenantForeignKey,
    TenantModel,
    tenant_history,
    tenant_key_constraint,
)


class PlacementQuerySet(models.QuerySet["Placement"]):
    def active_on(self, day: date) -> PlacementQuerySet:
        return self.filter(periods.active_on(day))

    def overlapping(self, start: date, end: date | None) -> PlacementQuerySet:
        """Placements whose period shares at least one day with [start, end] (end None: open)."""
        return self.filter(periods.overlapping(start, end))


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
        return is_active_on(self.start_date, self.end_date, timezone.localdate())


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

    @property
    def reopened_by(self) -> Objection | None:
        """The upheld objection that put this decision back before the account holder, while
        it awaits the new decision (uses prefetched ``objections`` when there are)."""
        if self.status != StepDecisionStatus.ADVISED:
            return None
        upheld = [o for o in self.objections.all() if o.status == ObjectionStatus.UPHELD]
        return max(upheld, key=lambda o: (o.handled_at or o.raised_at, o.pk), default=None)


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
            # One open objection per step decision (and so per company: the decision is about
            # one placement at one company); the next waits until this one is handled.
            models.UniqueConstraint(
                fields=["municipality", "decision"],
                condition=Q(status="open"),
                name="objection_one_open_per_decision",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="objection_status_idx")]
