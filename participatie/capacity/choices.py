"""Where an occupied count lies against a target range."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Band(models.TextChoices):
    BELOW = "below", _("Onder het streefaantal")
    WITHIN = "within", _("Binnen het streefaantal")
    ABOVE = "above", _("Boven het streefaantal")
