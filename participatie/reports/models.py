"""Report runs and the daily occupancy snapshot (issue 6).

A run is one request for one report kind with its parameters: who asked, how far it got, and
the files it produced. Municipal runs are tenant-owned (they may hold personal data, e.g. the
matching unit's quarterly list); regional runs belong to a region and hold aggregates only.
Both share their fields through :class:`ReportRunFields`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.base import TenantForeignKey, TenantModel, tenant_key_constraint


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")
    EXPIRED = "expired", _("Verlopen")


REPORT_FORMATS = ("pdf", "xlsx", "csv")


def report_file_path(run: ReportRunFields, filename: str) -> str:
    """``reports/<run reference>/<filename>``: one directory per run, named by its random
    reference (no municipality or region id: nothing in the path can be guessed or counted)."""
    return f"reports/{run.reference}/{filename}"


class ReportRunFields(models.Model):
    reference = models.UUIDField(_("referentie"), default=uuid.uuid4, editable=False)
    kind = models.CharField(_("soort"), max_length=64)
    parameters = models.JSONField(_("parameters"), default=dict)
    # sha256 over kind, parameters and the data state the kind reports on: same key, same report.
    run_key = models.CharField(_("sleutel"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    progress_label = models.CharField(_("stap"), max_length=200, blank=True)
    message = models.TextField(_("melding"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    scheduled = models.BooleanField(_("volgens planning gemaakt"), default=False)
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("laatste teken van leven"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    task_id = models.CharField(_("taak"), max_length=255, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_file_path, blank=True, max_length=255)
    xlsx = models.FileField(_("Excel"), upload_to=report_file_path, blank=True, max_length=255)
    csv = models.FileField(_("CSV"), upload_to=report_file_path, blank=True, max_length=255)
    expires_at = models.DateTimeField(_("bestanden verlopen op"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"

    @property
    def is_finished(self) -> bool:
        return self.status in {ReportStatus.DONE, ReportStatus.FAILED, ReportStatus.EXPIRED}


class ReportRun(TenantModel, ReportRunFields):
    class Meta:
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        constraints = [
            tenant_key_constraint("reportrun"),
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="reportrun_unique_reference"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "kind", "run_key"], name="reportrun_key_idx"),
            models.Index(fields=["municipality", "-requested_at"], name="reportrun_recent_idx"),
        ]


class RegionalReportRun(ReportRunFields):
    """A run over a region's municipalities: aggregates only, small counts suppressed."""

    region = models.ForeignKey(
        "participatie.Region",
        on_delete=models.PROTECT,
        related_name="report_runs",
        verbose_name=_("regio"),
    )

    class Meta:
        verbose_name = _("regionale rapportage")
        verbose_name_plural = _("regionale rapportages")
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="regionalrun_unique_reference")
        ]
        indexes = [
            models.Index(fields=["region", "kind", "run_key"], name="regionalrun_key_idx"),
            models.Index(fields=["region", "-requested_at"], name="regionalrun_recent_idx"),
        ]


class OccupancySnapshot(TenantModel):
    """Per company enrolment per day: its places and the placements active that day. Written
    by the daily beat job (upsert), read by the occupancy chart over time."""

    day = models.DateField(_("dag"))
    enrolment = TenantForeignKey(
        "participatie.Enrolment", related_name="+", verbose_name=_("leerwerkbedrijf")
    )
    capacity = models.PositiveIntegerField(_("plekken"))
    occupied = models.PositiveIntegerField(_("bezet"))

    class Meta:
        verbose_name = _("bezettingsmeting")
        verbose_name_plural = _("bezettingsmetingen")
        constraints = [
            tenant_key_constraint("occupancysnapshot"),
            models.UniqueConstraint(
                fields=["municipality", "day", "enrolment"], name="occupancysnapshot_unique_day"
            ),
        ]
