"""Kinds of place, reasons to leave, and the states of step decisions and objections."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlacementKind(models.TextChoices):
    REGULAR = "regular", _("Reguliere plek")
    ORIENTATION = "orientation", _("Oriëntatieplek")
    SECOND = "second", _("Tweede plek")


class OutflowReason(models.TextChoices):
    PAID_WORK = "paid_work", _("Betaald werk")
    REGULAR_VOLUNTEERING = "regular_volunteering", _("Regulier vrijwilligerswerk")
    EDUCATION = "education", _("Opleiding")
    DAY_CARE = "day_care", _("Dagbesteding")
    MOVED = "moved", _("Verhuisd")
    HEALTH = "health", _("Gezondheid")
    REPEATED_ABSENCE = "repeated_absence", _("Herhaald verzuim")
    OTHER = "other", _("Anders")


class StepDecisionStatus(models.TextChoices):
    ADVISED = "advised", _("Geadviseerd")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")
    SUPERSEDED = "superseded", _("Vervangen")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("In behandeling")
    UPHELD = "upheld", _("Gegrond")
    DISMISSED = "dismissed", _("Ongegrond")
