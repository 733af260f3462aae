from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralSource(models.TextChoices):
    SELF = "self", _("Zelfmelder")
    SDD = "sdd", _("Sociale Dienst (SDD)")
    UWV = "uwv", _("UWV")
    LWB = "lwb", _("Leerwerkbedrijf")
    DISTRICT_TEAM = "district_team", _("Sociaal wijkteam")
    SOCIAL_BROKER = "social_broker", _("Sociaal makelaar")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Vrijwilligerscentrale")
    YOUTH_COACHES = "youth_coaches", _("Jongerencoaches")
    COMMUNITY_WORK = "community_work", _("Buurtwerk")
    OTHER = "other", _("Anders")


class ReferralStatus(models.TextChoices):
    NEW = "new", _("Nieuw")
    INTAKE = "intake", _("Intake loopt")
    WAITING = "waiting", _("Wacht op een plek")
    CLOSED = "closed", _("Afgerond")


class IntakeOutcome(models.TextChoices):
    PLACED = "placed", _("Geplaatst")
    WARM_HANDOVER = "warm_handover", _("Warme overdracht")
    NOT_ELIGIBLE = "not_eligible", _("Niet passend")
    WITHDRAWN = "withdrawn", _("Teruggetrokken")
    WAITING = "waiting", _("Passend, wacht op een plek")


class HandoverParty(models.TextChoices):
    DISTRICT_TEAM = "district_team", _("Sociaal wijkteam")
    DAY_CARE = "day_care", _("Dagbesteding")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Vrijwilligerscentrale")
    SDD = "sdd", _("Sociale Dienst (SDD)")
    OTHER = "other", _("Anders")


# The four contra-indications of the framework (001 ch. 3): any one blocks a placement.
CONTRA_INDICATIONS = {
    "ci_day_care": _("Geïndiceerde dagbesteding nodig of aanwezig"),
    "ci_independent_volunteering": _("Kan zelfstandig vrijwilligerswerk doen"),
    "ci_paid_work": _("Kan (beschut) betaald werk doen"),
    "ci_regular_education": _("Volgt regulier onderwijs"),
}
