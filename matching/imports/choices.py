"""The states of an import run, where a run came from, what it changed and which way a
transfer went."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("Kolommen koppelen")
    CHECKING = "checking", _("Wordt gecontroleerd")
    CHECKED = "checked", _("Gecontroleerd")
    COMMITTING = "committing", _("Wordt geïmporteerd")
    COMMITTED = "committed", _("Geïmporteerd")
    UNDONE = "undone", _("Ongedaan gemaakt")
    REFUSED = "refused", _("Bestand geweigerd")


class ImportSource(models.TextChoices):
    UPLOAD = "upload", _("Upload op de website")
    API = "api", _("API")
    COMMAND = "command", _("Opdrachtregel")
    TRANSFER = "transfer", _("Overdracht van een andere gemeente")


class ChangeKind(models.TextChoices):
    PARTICIPANT_CREATED = "participant_created", _("Deelnemer aangemaakt")
    PARTICIPANT_UPDATED = "participant_updated", _("Deelnemer bijgewerkt")
    PLACEMENT_CREATED = "placement_created", _("Plaatsing aangemaakt")
    PLACEMENT_ENDED = "placement_ended", _("Plaatsing beëindigd")


class TransferDirection(models.TextChoices):
    OUTGOING = "out", _("Verzonden")
    INCOMING = "in", _("Ontvangen")
