"""Kinds and states of the privacy records (read events, data subject requests)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadKind(models.TextChoices):
    DETAIL = "detail", _("Dossier geopend")
    LIST = "list", _("Lijst bekeken")
    DOWNLOAD = "download", _("Bestand gedownload")
    EXPORT = "export", _("Inzage voor de betrokkene")


class SubjectRequestKind(models.TextChoices):
    RECTIFICATION = "rectification", _("Correctie (rectificatie)")
    ERASURE = "erasure", _("Verwijdering (vergetelheid)")


class SubjectRequestStatus(models.TextChoices):
    OPEN = "open", _("Te beoordelen")
    DONE = "done", _("Uitgevoerd")
    REFUSED = "refused", _("Afgewezen")
