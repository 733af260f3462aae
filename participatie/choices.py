from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPAL_OFFICE = "municipal_office", _("Gemeentelijke organisatie")
    MATCHING_UNIT = "matching_unit", _("Matchingsunit")
    LEARNING_WORK_COMPANY = "learning_work_company", _("Leerwerkbedrijf")
    SOCIAL_SERVICE = "social_service", _("Sociale dienst")
    REGIONAL_BODY = "regional_body", _("Regionaal samenwerkingsverband")


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platformbeheerder")
    ACCOUNT_HOLDER = "account_holder", _("Accounthouder gemeente")
    POLICY_OFFICER = "policy_officer", _("Beleidsmedewerker gemeente")
    MU_CONSULTANT = "mu_consultant", _("Consulent matchingsunit")
    LWB_ADMIN = "lwb_admin", _("Beheerder leerwerkbedrijf")
    LWB_SUPERVISOR = "lwb_supervisor", _("Begeleider leerwerkbedrijf")
    REGIONAL_ANALYST = "regional_analyst", _("Regionaal analist")


# Which organisation kinds a role can be held in. A platform administrator belongs to whichever
# organisation runs the platform; the other roles only make sense in their own kind.
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.PLATFORM_ADMIN: set(OrganisationKind.values),
    Role.ACCOUNT_HOLDER: {OrganisationKind.MUNICIPAL_OFFICE},
    Role.POLICY_OFFICER: {OrganisationKind.MUNICIPAL_OFFICE},
    Role.MU_CONSULTANT: {OrganisationKind.MATCHING_UNIT},
    Role.LWB_ADMIN: {OrganisationKind.LEARNING_WORK_COMPANY},
    Role.LWB_SUPERVISOR: {OrganisationKind.LEARNING_WORK_COMPANY},
    Role.REGIONAL_ANALYST: {OrganisationKind.REGIONAL_BODY, OrganisationKind.SOCIAL_SERVICE},
}

# Roles that administer their organisation's memberships (they may invite colleagues).
ORGANISATION_ADMIN_ROLES = {Role.ACCOUNT_HOLDER, Role.LWB_ADMIN, Role.PLATFORM_ADMIN}

MUNICIPAL_ROLES = {Role.ACCOUNT_HOLDER, Role.POLICY_OFFICER}
MATCHING_UNIT_ROLES = {Role.MU_CONSULTANT}
LWB_ROLES = {Role.LWB_ADMIN, Role.LWB_SUPERVISOR}


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


class Benefit(models.TextChoices):
    NONE = "none", _("Geen uitkering")
    SDD = "sdd", _("Uitkering Sociale Dienst (SDD)")
    UWV = "uwv", _("Uitkering UWV")


class WorkEnvironment(models.TextChoices):
    LOW_STIMULUS = "low_stimulus", _("Prikkelarm")
    LANGUAGE_RICH = "language_rich", _("Taalrijk")
    MIXED = "mixed", _("Gemengd")


class GuidanceKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuele begeleiding")
    GROUP = "group", _("Begeleiding in een groep")
    JOB_COACHING = "job_coaching", _("Jobcoaching richting werk")


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


class SignalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONTACTED = "contacted", _("Contact opgenomen")
    CONTINUE = "continue", _("Plaatsing loopt door")
    END_PLACEMENT = "end_placement", _("Plaatsing wordt beëindigd")
