"""How an absence signal is followed up."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONTACTED = "contacted", _("Contact opgenomen")
    CONTINUE = "continue", _("Plaatsing loopt door")
    END_PLACEMENT = "end_placement", _("Plaatsing wordt beëindigd")
