"""What a day of attendance can be."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Aanwezig")
    SICK = "sick", _("Ziek")
    EXCUSED = "excused", _("Afwezig met bericht")
    UNEXCUSED = "unexcused", _("Afwezig zonder bericht")
    CLOSED = "closed", _("Bedrijf gesloten")


# One letter per status, typed in the weekly grid (a = aanwezig, z = ziek, ...).
ATTENDANCE_LETTERS = {
    "a": AttendanceStatus.PRESENT,
    "z": AttendanceStatus.SICK,
    "b": AttendanceStatus.EXCUSED,
    "o": AttendanceStatus.UNEXCUSED,
    "g": AttendanceStatus.CLOSED,
}
