"""Choices of the lump sum (IBN, seed 003)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CountMethod(models.TextChoices):
    # The average of the counts at the end of each month of the period.
    MONTHLY_AVERAGE = "monthly_average", _("Gemiddelde van de maandtellingen")
    # One count on a reference date holds for every quarter of the year.
    REFERENCE_DATE = "reference_date", _("Telling op een peildatum")


class CountSource(models.TextChoices):
    REGISTRATION = "registration", _("Geteld uit de registratie")
    REPORTED = "reported", _("Opgegeven door de aanbieder")


class LumpSumStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    APPROVED = "approved", _("Goedgekeurd")
