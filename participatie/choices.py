"""Organisation kinds and roles (who is who, for tenancy and accounts). Each feature keeps its
own choices in ``participatie.<feature>.choices``; the role groups and what each role may do
are in ``participatie.tenancy.permissions``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPAL_OFFICE = "municipal_office", _("Gemeentelijke organisatie")
    MATCHING_UNIT = "matching_unit", _("Matchingsunit")
    LEARNING_WORK_COMPANY = "learning_work_company", _("Leerwerkbedrijf")
    SOCIAL_SERVICE = "social_service", _("Sociale dienst")
    REGIONAL_BODY = "regional_body", _("Regionaal samenwerkingsverband")
    UWV = "uwv", _("UWV")
    DISTRICT_TEAM = "district_team", _("Sociaal wijkteam")


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platformbeheerder")
    ACCOUNT_HOLDER = "account_holder", _("Accounthouder gemeente")
    POLICY_OFFICER = "policy_officer", _("Beleidsmedewerker gemeente")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris gemeente")
    MU_CONSULTANT = "mu_consultant", _("Consulent matchingsunit")
    LWB_ADMIN = "lwb_admin", _("Beheerder leerwerkbedrijf")
    LWB_SUPERVISOR = "lwb_supervisor", _("Begeleider leerwerkbedrijf")
    REGIONAL_ANALYST = "regional_analyst", _("Regionaal analist")
    REGIONAL_ADMIN = "regional_admin", _("Beheerder regio")
    CLIENT_MANAGER = "client_manager", _("Klantmanager")
    PARTNER_REFERRER = "partner_referrer", _("Verwijzer ketenpartner")


# Which organisation kinds a role can be held in. A platform administrator belongs to whichever
# organisation runs the platform; the other roles only make sense in their own kind.
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.PLATFORM_ADMIN: set(OrganisationKind.values),
    Role.ACCOUNT_HOLDER: {OrganisationKind.MUNICIPAL_OFFICE},
    Role.POLICY_OFFICER: {OrganisationKind.MUNICIPAL_OFFICE},
    Role.PRIVACY_OFFICER: {OrganisationKind.MUNICIPAL_OFFICE},
    Role.MU_CONSULTANT: {OrganisationKind.MATCHING_UNIT},
    Role.LWB_ADMIN: {OrganisationKind.LEARNING_WORK_COMPANY},
    Role.LWB_SUPERVISOR: {OrganisationKind.LEARNING_WORK_COMPANY},
    Role.REGIONAL_ANALYST: {OrganisationKind.REGIONAL_BODY, OrganisationKind.SOCIAL_SERVICE},
    Role.REGIONAL_ADMIN: {OrganisationKind.REGIONAL_BODY},
    Role.CLIENT_MANAGER: {OrganisationKind.SOCIAL_SERVICE, OrganisationKind.UWV},
    Role.PARTNER_REFERRER: {OrganisationKind.DISTRICT_TEAM},
}
