"""Who may do what: the one module that names the role groups and turns roles into permissions.

A user's memberships in the active municipality (or region) become a set of named permissions
once per request (the tenancy middleware, ``participatie.tenancy.http.Access``). Views declare
the permission they need (``@permission_required(Perm.PLACEMENTS_VIEW)`` on a page, ``permission
= {"GET": Perm.PLACEMENTS_VIEW}`` on an API view); the visibility selectors of each feature
(``placements_visible_to(access)``...) decide *which rows* a permitted user sees. Nothing else
spells out roles.

Pairs such as ``PLACEMENTS_VIEW`` / ``PLACEMENTS_VIEW_ALL``: the first opens the page, the second
widens what the selector returns from the user's own companies to the whole municipality.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from participatie.choices import Role


class Perm(enum.StrEnum):
    # Entering the municipality at all (its home page, the enrolment list, the menu).
    TENANT_ENTER = "tenant.enter"
    # Enrolments of learning-work companies.
    ENROLMENTS_VIEW_ALL = "enrolments.view_all"
    ENROLMENTS_MANAGE = "enrolments.manage"
    # Participants: how much of a person a user sees (participants.selectors.participant_view).
    PARTICIPANTS_VIEW_FULL = "participants.view_full"  # full BSN, intake notes
    PARTICIPANTS_VIEW_MASKED = "participants.view_masked"  # masked BSN, no intake notes
    # Placements and steps.
    PLACEMENTS_VIEW = "placements.view"
    PLACEMENTS_VIEW_ALL = "placements.view_all"
    PLACEMENTS_MANAGE = "placements.manage"  # place, end, advise a step
    STEPS_DECIDE = "steps.decide"
    OBJECTIONS_VIEW = "objections.view"
    OBJECTIONS_RAISE = "objections.raise"
    OBJECTIONS_HANDLE = "objections.handle"
    # Attendance, absence signals, development plans.
    ATTENDANCE_VIEW = "attendance.view"
    ATTENDANCE_RECORD = "attendance.record"
    ATTENDANCE_RECORD_OWN_COMPANY = "attendance.record_own_company"
    ATTENDANCE_CHECK = "attendance.check"
    ATTENDANCE_LOCK = "attendance.lock"
    ABSENCE_VIEW = "absence.view"
    ABSENCE_FOLLOW_UP = "absence.follow_up"
    DEVELOPMENT_VIEW = "development.view"
    DEVELOPMENT_WRITE = "development.write"
    # The matching unit's work.
    MATCHING_VIEW = "matching.view"
    MATCHING_WORK = "matching.work"
    # Money.
    SUBSIDIES_VIEW = "subsidies.view"
    SUBSIDIES_VIEW_ALL = "subsidies.view_all"  # pages and endpoints for municipal staff only
    # Where a user may read money at all, the municipality's rows rather than the own companies'.
    SUBSIDIES_SCOPE_ALL = "subsidies.scope_all"
    SUBSIDIES_APPLY = "subsidies.apply"
    SUBSIDIES_DECIDE = "subsidies.decide"
    BUDGETS_VIEW = "budgets.view"
    BUDGETS_RECORD = "budgets.record"
    STATEMENTS_CONFIRM = "statements.confirm"
    STATEMENTS_APPROVE = "statements.approve"
    # Having a quarter's statements computed ("Kwartaal afrekenen"); the preparer does not
    # approve them (four eyes).
    STATEMENTS_SETTLE = "statements.settle"
    # The home municipality accepts or disputes a cross-municipal claim (reading claims is
    # SUBSIDIES_VIEW_ALL).
    CLAIMS_RESPOND = "claims.respond"
    # The matching unit's own subsidy: reading its applications, decisions and quarter costs
    # (municipal staff and the matching unit), applying (the matching unit; there is no
    # separate manager role, so its consultants), recording its realised quarter cost (the
    # matching unit or an account holder). Deciding is SUBSIDIES_DECIDE, approving the cost
    # STATEMENTS_APPROVE.
    MU_SUBSIDY_VIEW = "mu_subsidy.view"
    MU_SUBSIDY_APPLY = "mu_subsidy.apply"
    MU_COSTS_RECORD = "mu_subsidy.record_costs"
    # A municipality's year: step catalogue, tariffs, base fee, custom budget, advance model.
    YEARS_VIEW = "years.view"
    YEARS_MANAGE = "years.manage"
    # Bringing a caseload in from a spreadsheet (the matching unit and the account holder), and
    # transferring one to another municipality (the account holder, on both sides).
    CASELOAD_IMPORT = "caseload.import"
    CASELOAD_TRANSFER = "caseload.transfer"
    # Privacy (issue 15): the read log and change log, data subject requests (export,
    # rectification, erasure, legal hold) and the retention periods.
    PRIVACY_AUDIT = "privacy.audit"
    PRIVACY_REQUESTS = "privacy.requests"
    RETENTION_MANAGE = "privacy.retention"
    # The region's lump sum (IBN): a municipality's part of it, the provider's statements.
    LUMP_SUM_VIEW = "lump_sum.view"
    # Partners of the matching unit (issue 16): referring a candidate and following one's own
    # referrals; the social service's client manager also follows their clients (placed, ended,
    # outflow to paid work), records consent and reads the matching unit's quarterly report.
    PARTNER_REFER = "partners.refer"
    CLIENTS_VIEW = "partners.clients"
    CLIENTS_CONSENT = "partners.consent"
    MU_QUARTERLY_READ = "reports.mu_quarterly"
    # Reports and the regional pages.
    REPORTS_REQUEST = "reports.request"
    REGION_VIEW = "region.view"
    # The regional budget key and the effort obligations of the region's municipalities.
    REGION_MANAGE = "region.manage"


# -- role groups (the only place they are spelled out) ------------------------------------------

MUNICIPAL_ROLES = frozenset({Role.ACCOUNT_HOLDER, Role.POLICY_OFFICER, Role.PRIVACY_OFFICER})
MATCHING_UNIT_ROLES = frozenset({Role.MU_CONSULTANT})
LWB_ROLES = frozenset({Role.LWB_ADMIN, Role.LWB_SUPERVISOR})
# Partners linked to the municipalities they work for by a service area: the social service's
# and UWV's client managers, district teams' referrers.
PARTNER_ROLES = frozenset({Role.CLIENT_MANAGER, Role.PARTNER_REFERRER})
# The regional body's staff: they work on the regional pages of their own region.
REGIONAL_ROLES = frozenset({Role.REGIONAL_ANALYST, Role.REGIONAL_ADMIN})
# Roles that administer their organisation's memberships (they may invite colleagues).
ORGANISATION_ADMIN_ROLES = frozenset({Role.ACCOUNT_HOLDER, Role.LWB_ADMIN, Role.PLATFORM_ADMIN})
# Everyone who works inside a municipality.
TENANT_ROLES = frozenset(MUNICIPAL_ROLES | MATCHING_UNIT_ROLES | LWB_ROLES | {Role.PLATFORM_ADMIN})


_MUNICIPAL_READ = frozenset(
    {
        Perm.TENANT_ENTER,
        Perm.ENROLMENTS_VIEW_ALL,
        Perm.PARTICIPANTS_VIEW_MASKED,
        Perm.PLACEMENTS_VIEW,
        Perm.PLACEMENTS_VIEW_ALL,
        Perm.DEVELOPMENT_VIEW,
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.PLATFORM_ADMIN: _MUNICIPAL_READ
    | {
        Perm.ENROLMENTS_MANAGE,
        Perm.SUBSIDIES_SCOPE_ALL,
        Perm.YEARS_VIEW,
        Perm.REGION_VIEW,
        Perm.REGION_MANAGE,
        Perm.LUMP_SUM_VIEW,
    },
    Role.ACCOUNT_HOLDER: _MUNICIPAL_READ
    | {
        Perm.ENROLMENTS_MANAGE,
        Perm.STEPS_DECIDE,
        Perm.OBJECTIONS_VIEW,
        Perm.OBJECTIONS_HANDLE,
        Perm.ATTENDANCE_VIEW,
        Perm.ATTENDANCE_LOCK,
        Perm.MATCHING_VIEW,
        Perm.SUBSIDIES_VIEW,
        Perm.SUBSIDIES_VIEW_ALL,
        Perm.SUBSIDIES_SCOPE_ALL,
        Perm.SUBSIDIES_DECIDE,
        Perm.BUDGETS_VIEW,
        Perm.BUDGETS_RECORD,
        Perm.STATEMENTS_APPROVE,
        Perm.STATEMENTS_SETTLE,
        Perm.CLAIMS_RESPOND,
        Perm.MU_SUBSIDY_VIEW,
        Perm.MU_COSTS_RECORD,
        Perm.YEARS_VIEW,
        Perm.YEARS_MANAGE,
        Perm.CASELOAD_IMPORT,
        Perm.CASELOAD_TRANSFER,
        Perm.REPORTS_REQUEST,
        Perm.REGION_VIEW,
        Perm.LUMP_SUM_VIEW,
    },
    Role.POLICY_OFFICER: _MUNICIPAL_READ
    | {
        Perm.OBJECTIONS_VIEW,
        Perm.ATTENDANCE_VIEW,
        Perm.MATCHING_VIEW,
        Perm.SUBSIDIES_VIEW,
        Perm.SUBSIDIES_VIEW_ALL,
        Perm.SUBSIDIES_SCOPE_ALL,
        Perm.BUDGETS_VIEW,
        Perm.MU_SUBSIDY_VIEW,
        Perm.YEARS_VIEW,
        Perm.REPORTS_REQUEST,
        Perm.REGION_VIEW,
        Perm.LUMP_SUM_VIEW,
    },
    # The privacy officer answers data subject requests (so finds a person by BSN), reads who
    # opened which dossier, and keeps the retention periods (as the records manager's voice).
    Role.PRIVACY_OFFICER: frozenset(
        {
            Perm.TENANT_ENTER,
            Perm.PARTICIPANTS_VIEW_MASKED,
            Perm.PRIVACY_AUDIT,
            Perm.PRIVACY_REQUESTS,
            Perm.RETENTION_MANAGE,
        }
    ),
    Role.MU_CONSULTANT: frozenset(
        {
            Perm.TENANT_ENTER,
            Perm.ENROLMENTS_VIEW_ALL,
            Perm.PARTICIPANTS_VIEW_FULL,
            Perm.PARTICIPANTS_VIEW_MASKED,
            Perm.PLACEMENTS_VIEW,
            Perm.PLACEMENTS_VIEW_ALL,
            Perm.PLACEMENTS_MANAGE,
            Perm.ATTENDANCE_VIEW,
            Perm.ATTENDANCE_RECORD,
            Perm.ATTENDANCE_CHECK,
            Perm.ABSENCE_VIEW,
            Perm.ABSENCE_FOLLOW_UP,
            Perm.DEVELOPMENT_VIEW,
            Perm.DEVELOPMENT_WRITE,
            Perm.MATCHING_VIEW,
            Perm.MATCHING_WORK,
            Perm.CASELOAD_IMPORT,
            Perm.REPORTS_REQUEST,
            Perm.MU_SUBSIDY_VIEW,
            Perm.MU_SUBSIDY_APPLY,
            Perm.MU_COSTS_RECORD,
        }
    ),
    Role.LWB_ADMIN: frozenset(
        {
            Perm.TENANT_ENTER,
            Perm.PLACEMENTS_VIEW,
            Perm.OBJECTIONS_VIEW,
            Perm.OBJECTIONS_RAISE,
            Perm.ATTENDANCE_VIEW,
            Perm.ATTENDANCE_RECORD,
            Perm.ATTENDANCE_RECORD_OWN_COMPANY,
            Perm.ABSENCE_VIEW,
            Perm.DEVELOPMENT_VIEW,
            Perm.DEVELOPMENT_WRITE,
            Perm.SUBSIDIES_VIEW,
            Perm.SUBSIDIES_APPLY,
            Perm.STATEMENTS_CONFIRM,
            Perm.LUMP_SUM_VIEW,
            Perm.PARTNER_REFER,
        }
    ),
    Role.LWB_SUPERVISOR: frozenset(
        {
            Perm.TENANT_ENTER,
            Perm.PLACEMENTS_VIEW,
            Perm.OBJECTIONS_VIEW,
            Perm.ATTENDANCE_VIEW,
            Perm.ATTENDANCE_RECORD,
            Perm.ATTENDANCE_RECORD_OWN_COMPANY,
            Perm.ABSENCE_VIEW,
            Perm.DEVELOPMENT_VIEW,
            Perm.DEVELOPMENT_WRITE,
            Perm.SUBSIDIES_VIEW,
            Perm.PARTNER_REFER,
        }
    ),
    Role.CLIENT_MANAGER: frozenset(
        {
            Perm.TENANT_ENTER,
            Perm.PARTNER_REFER,
            Perm.CLIENTS_VIEW,
            Perm.CLIENTS_CONSENT,
            Perm.MU_QUARTERLY_READ,
        }
    ),
    Role.PARTNER_REFERRER: frozenset({Perm.TENANT_ENTER, Perm.PARTNER_REFER}),
    # Regional analysts work only on the regional pages.
    Role.REGIONAL_ANALYST: frozenset({Perm.REGION_VIEW}),
    # The regional body's administrator keeps the budget key and the effort obligations.
    Role.REGIONAL_ADMIN: frozenset({Perm.REGION_VIEW, Perm.REGION_MANAGE}),
}


def permissions_for(roles: Iterable[str]) -> frozenset[Perm]:
    """The union of the permissions of ``roles`` (no query)."""
    held: set[Perm] = set()
    for role in roles:
        held |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(held)


def roles_with(permission: Perm) -> frozenset[str]:
    """The roles that hold ``permission``: for queries that select users or memberships by
    what they may do (e.g. the account holders who can decide)."""
    return frozenset(role for role, held in ROLE_PERMISSIONS.items() if permission in held)
