"""Where matching keeps data about a person: referrals and intakes, for the subject export and
anonymisation (``participatie.privacy.subject``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from participatie.privacy.subject import ANONYMISED, SubjectSection, register_subject_section


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
