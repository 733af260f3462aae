"""Choices of referrals by partners and residents (issue 16)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PARTNER = "partner", _("Verwijzing door een ketenpartner")
    PUBLIC = "public", _("Zelfmelding via het webformulier")


class PartnerStatus(models.TextChoices):
    """What a referrer sees of their referral: derived from the referral, its intake and the
    placement it led to, never stored."""

    RECEIVED = "received", _("Ontvangen")
    INTAKE = "intake", _("Intake gepland")
    WAITING = "waiting", _("Passend, wacht op een plek")
    PLACED = "placed", _("Geplaatst")
    ENDED = "ended", _("Plaatsing beëindigd")
    HANDED_OVER = "handed_over", _("Overgedragen")
    NOT_ELIGIBLE = "not_eligible", _("Niet passend")
    WITHDRAWN = "withdrawn", _("Teruggetrokken")
