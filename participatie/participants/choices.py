"""What a participant brings along."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Benefit(models.TextChoices):
    NONE = "none", _("Geen uitkering")
    SDD = "sdd", _("Uitkering Sociale Dienst (SDD)")
    UWV = "uwv", _("Uitkering UWV")
