"""Output serializers of the participants API: three views of one participant, by role."""

from __future__ import annotations

from rest_framework import serializers

from participatie.models import DevelopmentPlan, Participant, Placement


class ParticipantSerializer(serializers.ModelSerializer):
    """What the municipality sees: the BSN masked, no intake notes."""

    # The patterns keep the three participant views apart in the schema's oneOf.
    bsn = serializers.RegexField(r"^\*{5}[0-9]{4}$", source="bsn_masked", read_only=True)
    home_municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    email = serializers.CharField(read_only=True, help_text="Leeg als het niet bekend is.")

    class Meta:
        model = Participant
        fields = [
            "id",
            "reference",
            "first_name",
            "last_name",
            "bsn",
            "birth_date",
            "address",
            "postcode",
            "city",
            "phone",
            "email",
            "home_municipality",
            "benefit",
            "consent_by",
            "consent_on",
            "created_at",
        ]
        read_only_fields = fields


class ParticipantMatchingUnitSerializer(ParticipantSerializer):
    """What the matching unit sees: the full BSN and the intake notes."""

    bsn = serializers.RegexField(r"^[0-9]{9}$", read_only=True)

    class Meta(ParticipantSerializer.Meta):
        fields = [*ParticipantSerializer.Meta.fields, "intake_notes"]
        read_only_fields = fields


class DevelopmentPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = DevelopmentPlan
        fields = ["id", "goals", "actions", "created_at", "updated_at"]
        read_only_fields = fields


class RestrictedPlacementSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)
    step_code = serializers.CharField(read_only=True, allow_null=True)
    step_label = serializers.CharField(read_only=True, allow_null=True)
    development_plans = DevelopmentPlanSerializer(many=True, read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "company",
            "start_date",
            "end_date",
            "step_code",
            "step_label",
            "development_plans",
        ]
        read_only_fields = fields


class ParticipantRestrictedSerializer(serializers.ModelSerializer):
    """What a learning-work company sees of a participant placed with it: name, step, dates and
    plan, of its own placements only. No BSN, no intake notes, no address."""

    placements = RestrictedPlacementSerializer(many=True, read_only=True, source="own_placements")

    class Meta:
        model = Participant
        fields = ["id", "first_name", "last_name", "placements"]
        read_only_fields = fields
