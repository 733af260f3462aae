"""Where matching keeps data about a person: referrals, intakes, partner referrals and the
changes of a caseload import, for the subject export and anonymisation
(``participatie.privacy.subject``); and the retention of partner referrals that were
declined, which belong to no participant (``partner_referral_retention``)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participatie.privacy.models import RetentionPolicy
from participatie.privacy.retention import register_retention_step, years_before
from participatie.privacy.subject import ANONYMISED, SubjectSection, register_subject_section

# A partner referral holds a name and contact details of someone who may never become a
# participant; anonymised like a participant's (the values do not need to be unique).
PARTNER_REFERRAL_ANONYMISED = {
    "first_name": ANONYMISED,
    "last_name": "",
    "birth_date": None,
    "phone": "",
    "email": "",
    "motivation": "",
    "consent_by": "",
    "declined_reason": "",
}


def register() -> None:
    register_subject_section(
        SubjectSection(
            key="referrals",
            label=_("Aanmeldingen"),
            model="matching.Referral",
            select_related=("matching_unit",),
            fields=("source", "referred_on", "referrer", "notes", "status", "matching_unit"),
            anonymise={"referrer": "", "notes": ""},
            activity=("referred_on",),
            order=50,
        )
    )
    register_subject_section(
        SubjectSection(
            key="intakes",
            label=_("Intakes"),
            model="matching.Intake",
            path="referral__participant",
            select_related=("placed_in",),
            fields=(
                "reference",
                "intake_date",
                "informed",
                "motivated",
                "consent",
                "ci_day_care",
                "ci_independent_volunteering",
                "ci_paid_work",
                "ci_regular_education",
                "wishes",
                "outcome",
                "outcome_on",
                "handover_to",
                "handover_note",
                "not_eligible_reason",
                "placed_in",
            ),
            anonymise={"wishes": "", "handover_note": "", "not_eligible_reason": ANONYMISED},
            activity=("intake_date", "outcome_on"),
            order=55,
        )
    )
    register_subject_section(
        SubjectSection(
            key="partner_referrals",
            label=_("Verwijzingen door ketenpartners"),
            model="matching.PartnerReferral",
            path="referral__participant",
            select_related=("organisation",),
            fields=(
                "channel",
                "organisation",
                "first_name",
                "last_name",
                "birth_date",
                "phone",
                "email",
                "motivation",
                "benefit",
                "consent_by",
                "consent_on",
                "created_at",
                "closed_at",
            ),
            anonymise=PARTNER_REFERRAL_ANONYMISED,
            order=49,
        )
    )
    register_subject_section(
        SubjectSection(
            key="caseload_import_changes",
            label=_("Wijzigingen door een import"),
            model="matching.CaseloadImportChange",
            select_related=("run",),
            fields=("run", "kind", "previous", "applied"),
            # The old and new values of a corrected person are personal data themselves.
            anonymise={"previous": {}, "applied": {}},
            order=95,
        )
    )
    register_retention_step(partner_referral_retention)


def partner_referral_retention(
    municipality_id: int, today: datetime.date, policy: RetentionPolicy, dry_run: bool
) -> dict[str, int]:
    """Partner referrals the matching unit declined belong to no participant: they are
    anonymised after the personal-data period, counted from their closing. (The caseload files
    go after the undo period: ``matching.imports.tasks.expire_import_files``.)"""
    from matching.models import PartnerReferral

    closed_before = datetime.datetime.combine(
        years_before(today, policy.personal_data_years), datetime.time.min
    )
    declined = PartnerReferral.objects.filter(
        municipality_id=municipality_id,
        referral__isnull=True,
        closed_at__lt=timezone.make_aware(closed_before),
    ).exclude(first_name=ANONYMISED)
    label = gettext("verwijzingen van ketenpartners (niet in behandeling genomen)")
    if dry_run:
        return {label: declined.count()}
    return {label: declined.update(**PARTNER_REFERRAL_ANONYMISED)}
