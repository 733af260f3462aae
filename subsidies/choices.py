from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AdvanceModel(models.TextChoices):
    FULL_ADVANCE = "full_advance", _("Volledig voorschot")
    QUARTERLY_80_20 = "quarterly_80_20", _("Per kwartaal 80 %, 20 % bij vaststelling")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PROPOSED = "proposed", _("Ter goedkeuring")
    APPROVED = "approved", _("Goedgekeurd")
    SENT = "sent", _("Verzonden")


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    CONFIRMED = "confirmed", _("Bevestigd door leerwerkbedrijf")
    APPROVED = "approved", _("Goedgekeurd")


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("Voorschot")
    QUARTER = "quarter", _("Kwartaalbetaling (80 %)")
    DETERMINATION = "determination", _("Vaststelling")


class ClaimDirection(models.TextChoices):
    OUTGOING = "outgoing", _("Te vorderen van woongemeente")
    INCOMING = "incoming", _("Te betalen aan plaatsingsgemeente")
