"""Explicit input and output serializers of the matching unit's API. Shape only: the rules are
in matching/services.py."""

from __future__ import annotations

from rest_framework import serializers

from matching.choices import HandoverParty, IntakeOutcome, ReferralSource
from matching.models import Intake, Referral
from participatie.api.fields import TenantPrimaryKeyRelatedField
from participatie.api.problems import ProblemSerializer
from participatie.models import Municipality, Participant, Placement
from participatie.participants.choices import Benefit
from participatie.participants.services import COMPARED_FIELDS
from participatie.placements.choices import PlacementKind

# -- referrals ----------------------------------------------------------------------------------


class ReferralParticipantSerializer(serializers.ModelSerializer):
    """The matching unit sees the full BSN."""

    home_municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "reference",
            "first_name",
            "last_name",
            "bsn",
            "birth_date",
            "home_municipality",
            "benefit",
        ]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer):
    participant = ReferralParticipantSerializer(read_only=True)
    matching_unit = serializers.CharField(source="matching_unit.name", read_only=True)
    registered_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "participant",
            "source",
            "referred_on",
            "referrer",
            "notes",
            "status",
            "matching_unit",
            "registered_by",
            "created_at",
        ]
        read_only_fields = fields


class ReferralCreateInputSerializer(serializers.Serializer):
    """A referral with the candidate's data. A BSN already known here with the same data reuses
    that participant; with other data the answer is 409 Conflict, naming the known participant's
    reference and the differing fields. Sent again with ``same_person``, the referral is
    registered for the known participant and the differences become corrections."""

    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    bsn = serializers.CharField(help_text="Negen cijfers die de elfproef doorstaan.")
    birth_date = serializers.DateField()
    address = serializers.CharField(required=False, allow_blank=True, default="")
    postcode = serializers.CharField(required=False, allow_blank=True, default="")
    city = serializers.CharField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.CharField(required=False, allow_blank=True, default="")
    home_municipality = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Municipality.objects.all(),
        required=False,
        help_text="Woongemeente (slug); standaard de gemeente van de URL.",
    )
    benefit = serializers.ChoiceField(choices=Benefit.choices, default=Benefit.NONE)
    consent_by = serializers.CharField(required=False, allow_blank=True, default="")
    consent_on = serializers.DateField(required=False, allow_null=True, default=None)
    source = serializers.ChoiceField(choices=ReferralSource.choices)
    referred_on = serializers.DateField()
    referrer = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    same_person = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Na een 409: true als het BSN klopt en het om de bekende deelnemer gaat. De "
        "aanmelding wordt dan bij die deelnemer geregistreerd.",
    )
    apply_corrections = serializers.ListField(
        child=serializers.ChoiceField(choices=COMPARED_FIELDS),
        required=False,
        default=None,
        allow_null=True,
        help_text="Met same_person: de afwijkende velden waarvan de opgegeven waarde de bekende "
        "vervangt (de wijziging komt in de geschiedenis). Weggelaten: alle afwijkende velden; "
        "een lege lijst: geen.",
    )


class ReferralConflictSerializer(ProblemSerializer):
    """409 Conflict (application/problem+json): the BSN belongs to a known participant of this
    municipality whose data differ (``invalidParams`` names them). Nothing is saved."""

    participant_reference = serializers.UUIDField(
        help_text="Referentie van de bekende deelnemer met dit BSN."
    )


REFERRAL_FIELDS = ("source", "referred_on", "referrer", "notes")


# -- intakes ------------------------------------------------------------------------------------


class IntakeSerializer(serializers.ModelSerializer):
    participant_name = serializers.CharField(
        source="referral.participant.full_name", read_only=True
    )
    consultant = serializers.StringRelatedField(read_only=True)
    contra_indications = serializers.ListField(child=serializers.CharField(), read_only=True)
    placed_in = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    # Read-only model fields lose ``allow_blank``; say explicitly that "" means "not yet".
    outcome = serializers.ChoiceField(
        choices=IntakeOutcome.choices, allow_blank=True, read_only=True
    )
    handover_to = serializers.ChoiceField(
        choices=HandoverParty.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Intake
        fields = [
            "id",
            "reference",
            "referral",
            "participant_name",
            "intake_date",
            "consultant",
            "informed",
            "motivated",
            "consent",
            "ci_day_care",
            "ci_independent_volunteering",
            "ci_paid_work",
            "ci_regular_education",
            "contra_indications",
            "wishes",
            "outcome",
            "outcome_on",
            "handover_to",
            "handover_note",
            "not_eligible_reason",
            "placed_in",
            "placement_reference",
            "created_at",
        ]
        read_only_fields = fields


class IntakeRecordInputSerializer(serializers.Serializer):
    """Start the intake of a referral, or update its open intake. Answers left out stay as
    they are."""

    referral = TenantPrimaryKeyRelatedField(Referral)
    intake_date = serializers.DateField()
    informed = serializers.BooleanField(required=False)
    motivated = serializers.BooleanField(required=False)
    consent = serializers.BooleanField(required=False)
    ci_day_care = serializers.BooleanField(required=False)
    ci_independent_volunteering = serializers.BooleanField(required=False)
    ci_paid_work = serializers.BooleanField(required=False)
    ci_regular_education = serializers.BooleanField(required=False)
    wishes = serializers.CharField(required=False, allow_blank=True)


class IntakeConcludeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=IntakeOutcome.choices,
        help_text="waiting, warm_handover, not_eligible of withdrawn (plaatsen: .../place).",
    )
    handover_to = serializers.ChoiceField(
        choices=HandoverParty.choices, required=False, allow_blank=True, default=""
    )
    handover_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    not_eligible_reason = serializers.CharField(required=False, allow_blank=True, default="")


class IntakePlaceInputSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(
        help_text="Id van het contract (enrolment) in de gemeente van de plek."
    )
    municipality = serializers.SlugField(
        required=False,
        help_text="Gemeente van de plek (slug), een van de gemeenten die uw matchingsunit "
        "bedient; standaard de gemeente van de URL.",
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)
    kind = serializers.ChoiceField(choices=PlacementKind.choices, default=PlacementKind.REGULAR)
    orientation_employer = serializers.CharField(required=False, allow_blank=True, default="")


class PlacedSerializer(serializers.ModelSerializer):
    """The placement an intake led to; it lives in the municipality of the place."""

    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    participant_name = serializers.CharField(source="participant.full_name", read_only=True)
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "reference",
            "municipality",
            "enrolment",
            "company",
            "participant_name",
            "kind",
            "start_date",
            "end_date",
            "hours_per_week",
        ]
        read_only_fields = fields
