"""Attendance per placement per day, kept by the learning-work company and checked by the
matching unit; period locks. All tenant of the placement."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participatie.attendance.choices import AttendanceStatus
from participatie.tenancy.base import TenantForeignKey, TenantModel, tenant_key_constraint


class Attendance(TenantModel):
    placement = TenantForeignKey(
        "participatie.Placement", related_name="attendance", verbose_name=_("plaatsing")
    )
    day = models.DateField(_("dag"))
    status = models.CharField(_("status"), max_length=16, choices=AttendanceStatus.choices)
    hours = models.DecimalField(
        _("uren"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )
    entered_at = models.DateTimeField(_("ingevoerd op"))

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            tenant_key_constraint("attendance"),
            models.UniqueConstraint(
                fields=["municipality", "placement", "day"], name="attendance_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | (Q(hours__gte=0) & Q(hours__lte=24)),
                name="attendance_hours_range",
            ),
        ]
        # The unique constraint's index (municipality, placement, day) serves the grid and the
        # per-placement reads; the absence job scans recent days per municipality.
        indexes = [
            models.Index(fields=["municipality", "day", "status"], name="attendance_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d-%m-%Y} {self.get_status_display()}"


class AttendanceCorrection(TenantModel):
    """A change to a day after it was checked or settled: the previous value, the new one, the
    reason. Corrections after a settled quarter are flagged for the next statement."""

    attendance = TenantForeignKey(
        "participatie.Attendance", related_name="corrections", verbose_name=_("aanwezigheid")
    )
    previous_status = models.CharField(
        _("oude status"), max_length=16, choices=AttendanceStatus.choices
    )
    previous_hours = models.DecimalField(
        _("oude uren"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    new_status = models.CharField(
        _("nieuwe status"), max_length=16, choices=AttendanceStatus.choices
    )
    new_hours = models.DecimalField(
        _("nieuwe uren"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reden"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gecorrigeerd door"),
    )
    corrected_at = models.DateTimeField(_("gecorrigeerd op"), auto_now_add=True)
    flagged_for_statement = models.BooleanField(_("meenemen in volgende declaratie"), default=False)

    class Meta:
        ordering = ["-corrected_at"]
        verbose_name = _("correctie aanwezigheid")
        verbose_name_plural = _("correcties aanwezigheid")
        constraints = [
            tenant_key_constraint("attendancecorrection"),
            models.CheckConstraint(condition=~Q(reason=""), name="attendancecorrection_has_reason"),
        ]


class AttendanceLock(TenantModel):
    """Attendance up to ``locked_until`` (inclusive) is locked, e.g. when a quarter is settled."""

    locked_until = models.DateField(_("vergrendeld tot en met"))
    reason = models.CharField(_("reden"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        ordering = ["-locked_until"]
        verbose_name = _("vergrendeling aanwezigheid")
        verbose_name_plural = _("vergrendelingen aanwezigheid")
        constraints = [tenant_key_constraint("attendancelock")]
        indexes = [models.Index(fields=["municipality", "locked_until"], name="attendancelock_idx")]


class AttendanceCheck(TenantModel):
    """The matching unit checked a company's attendance of one month."""

    enrolment = TenantForeignKey(
        "participatie.Enrolment",
        related_name="attendance_checks",
        verbose_name=_("leerwerkbedrijf"),
    )
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gecontroleerd door"),
    )
    checked_at = models.DateTimeField(_("gecontroleerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("controle aanwezigheid")
        verbose_name_plural = _("controles aanwezigheid")
        constraints = [
            tenant_key_constraint("attendancecheck"),
            models.UniqueConstraint(
                fields=["municipality", "enrolment", "month"], name="attendancecheck_unique"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="attendancecheck_first_of_month"
            ),
        ]
