"""Bringing a caseload in: import runs, what each run changed (so it can be undone), transfers
between municipalities and the column mappings of a matching unit's own spreadsheet.

Whose is this?

* :class:`CaseloadImport` and :class:`CaseloadImportChange` belong to the municipality the rows
  are imported into (the uploaded file holds BSNs and names).
* :class:`CaseloadTransfer` is written once in each of the two municipalities, sharing one
  ``reference``: the sender's row logs who sent how many persons where; the receiver's row holds
  the file, which only the receiver's account holders read.
* :class:`ImportMapping` is global on purpose: it belongs to an organisation (a matching unit
  serves several municipalities with one spreadsheet) and holds column headings only, no
  personal data.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from matching.imports.choices import ChangeKind, ImportSource, ImportStatus, TransferDirection
from participatie.tenancy.base import TenantForeignKey, TenantModel, tenant_key_constraint

UNDO_DAYS = 30


def _owner_path(instance: models.Model, kind: str, extension: str) -> str:
    """``<kind>/m<municipality>/<reference>/<random>.<ext>``: the stored name says nothing about
    the person or the run and cannot be guessed; the original name stays in the database."""
    token = secrets.token_urlsafe(18)
    municipality_id = instance.municipality_id  # type: ignore[attr-defined]
    reference = instance.reference  # type: ignore[attr-defined]
    return f"{kind}/m{municipality_id}/{reference}/{token}.{extension}"


def import_file_path(instance: CaseloadImport, filename: str) -> str:
    extension = "csv" if filename.lower().endswith(".csv") else "xlsx"
    return _owner_path(instance, "imports", extension)


def import_error_file_path(instance: CaseloadImport, filename: str) -> str:
    return _owner_path(instance, "imports", "xlsx")


def transfer_file_path(instance: CaseloadTransfer, filename: str) -> str:
    return _owner_path(instance, "transfers", "xlsx")


class CaseloadImport(TenantModel):
    """One import run: the file (name and sha256), the column mapping, the dry run's problems
    and counts, and who committed or undid it when."""

    reference = models.UUIDField(_("referentie"), default=uuid.uuid4, editable=False)
    source = models.CharField(
        _("bron"), max_length=16, choices=ImportSource.choices, default=ImportSource.UPLOAD
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.MAPPING
    )
    file = models.FileField(_("bestand"), upload_to=import_file_path, max_length=255, blank=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    file_format = models.CharField(_("soort bestand"), max_length=8, blank=True)
    sha256 = models.CharField(_("sha256"), max_length=64)
    file_size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    sheet_name = models.CharField(_("werkblad"), max_length=100, blank=True)
    headers = models.JSONField(_("kopregel"), default=list, blank=True)
    header_row = models.PositiveIntegerField(_("regel van de kopregel"), default=1)
    mapping = models.JSONField(
        _("koppeling"), default=dict, blank=True, help_text=_("Sjabloonkolom -> kolomnummer.")
    )
    rows = models.PositiveIntegerField(_("regels"), default=0)
    error_count = models.PositiveIntegerField(_("fouten"), default=0)
    warning_count = models.PositiveIntegerField(_("waarschuwingen"), default=0)
    problems = models.JSONField(_("meldingen"), default=list, blank=True)
    participants_created = models.PositiveIntegerField(_("deelnemers nieuw"), default=0)
    participants_updated = models.PositiveIntegerField(_("deelnemers bijgewerkt"), default=0)
    placements_created = models.PositiveIntegerField(_("plaatsingen nieuw"), default=0)
    placements_updated = models.PositiveIntegerField(_("plaatsingen beëindigd"), default=0)
    unchanged = models.PositiveIntegerField(_("regels ongewijzigd"), default=0)
    error_file = models.FileField(
        _("foutenbestand"), upload_to=import_error_file_path, max_length=255, blank=True
    )
    message = models.TextField(_("melding"), blank=True)
    task_id = models.CharField(_("taak"), max_length=255, blank=True)
    transfer = TenantForeignKey(
        "matching.CaseloadTransfer",
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("overdracht"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    created_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    checked_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geïmporteerd door"),
    )
    committed_at = models.DateTimeField(_("geïmporteerd op"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ongedaan gemaakt door"),
    )
    undone_at = models.DateTimeField(_("ongedaan gemaakt op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            tenant_key_constraint("caseloadimport"),
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="caseloadimport_reference_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "-created_at"], name="caseloadimport_recent_idx"),
            models.Index(fields=["municipality", "sha256"], name="caseloadimport_sha_idx"),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_busy(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.COMMITTING)


class CaseloadImportChange(TenantModel):
    """One write of a committed run: a participant created or corrected, a placement created or
    ended. Undo reads these, newest first; ``previous`` holds the corrected fields' old values."""

    run = TenantForeignKey(
        "matching.CaseloadImport",
        related_name="changes",
        on_delete=models.CASCADE,
        verbose_name=_("import"),
    )
    kind = models.CharField(_("soort"), max_length=24, choices=ChangeKind.choices)
    participant = TenantForeignKey(
        "participatie.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("deelnemer"),
    )
    placement = TenantForeignKey(
        "participatie.Placement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("plaatsing"),
    )
    previous = models.JSONField(_("vorige waarden"), default=dict, blank=True)
    applied = models.JSONField(_("nieuwe waarden"), default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("wijziging door een import")
        verbose_name_plural = _("wijzigingen door een import")
        constraints = [tenant_key_constraint("caseloadimportchange")]
        indexes = [
            models.Index(fields=["municipality", "run"], name="caseloadimportchange_run_idx")
        ]


class CaseloadTransfer(TenantModel):
    """A caseload sent from one municipality to another, as a row in each of the two."""

    reference = models.UUIDField(_("referentie"), default=uuid.uuid4, editable=False)
    direction = models.CharField(_("richting"), max_length=8, choices=TransferDirection.choices)
    counterpart = models.ForeignKey(
        "participatie.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("andere gemeente"),
        help_text=_("Bij een verzonden overdracht de ontvanger, bij een ontvangen de afzender."),
    )
    persons = models.PositiveIntegerField(_("personen"))
    placements = models.PositiveIntegerField(_("plaatsingen"))
    selection = models.CharField(_("selectie"), max_length=300, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("verzonden door"),
    )
    sent_at = models.DateTimeField(_("verzonden op"), auto_now_add=True)
    file = models.FileField(_("bestand"), upload_to=transfer_file_path, max_length=255, blank=True)
    sha256 = models.CharField(_("sha256"), max_length=64, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        constraints = [
            tenant_key_constraint("caseloadtransfer"),
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="caseloadtransfer_reference_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(direction=TransferDirection.INCOMING) | models.Q(file=""),
                name="caseloadtransfer_file_only_incoming",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "direction", "-sent_at"], name="caseloadtransfer_dir_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.counterpart}"


class ImportMapping(models.Model):
    """The saved column mapping of one organisation (a matching unit, or a municipal office):
    template column -> the heading of its own spreadsheet. Global, see the module docstring."""

    organisation = models.OneToOneField(
        "participatie.Organisation",
        on_delete=models.CASCADE,
        related_name="import_mapping",
        verbose_name=_("organisatie"),
    )
    columns = models.JSONField(_("koppeling"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("kolomkoppeling")
        verbose_name_plural = _("kolomkoppelingen")

    def __str__(self) -> str:
        return str(self.organisation)
