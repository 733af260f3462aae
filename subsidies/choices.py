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


class ClaimResponse(models.TextChoices):
    """The home municipality's answer to a claim, the same on both of its rows."""

    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Geaccepteerd")
    DISPUTED = "disputed", _("Betwist")


class MatchingUnitApplicationStatus(models.TextChoices):
    OPEN = "open", _("Ingediend")
    DECIDED = "decided", _("Besloten")


class MatchingUnitCostStatus(models.TextChoices):
    RECORDED = "recorded", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Goedgekeurd")


class SettlementRunStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")
