"""The status of a company's enrolment and what the company offers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Kandidaat")
    ASSESSED = "assessed", _("Beoordeeld")
    ACTIVE = "active", _("Actief")
    ENDED = "ended", _("Beëindigd")


ENROLMENT_TRANSITIONS: dict[str, set[str]] = {
    EnrolmentStatus.CANDIDATE: {EnrolmentStatus.ASSESSED, EnrolmentStatus.ENDED},
    EnrolmentStatus.ASSESSED: {EnrolmentStatus.ACTIVE, EnrolmentStatus.ENDED},
    EnrolmentStatus.ACTIVE: {EnrolmentStatus.ENDED},
    EnrolmentStatus.ENDED: set(),
}


class WorkEnvironment(models.TextChoices):
    LOW_STIMULUS = "low_stimulus", _("Prikkelarm")
    LANGUAGE_RICH = "language_rich", _("Taalrijk")
    MIXED = "mixed", _("Gemengd")


class GuidanceKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuele begeleiding")
    GROUP = "group", _("Begeleiding in een groep")
    JOB_COACHING = "job_coaching", _("Jobcoaching richting werk")
