"""Explicit input and output serializers of placements, steps, step decisions and objections.
They check the shape of the data only; the rules live in the services
(participatie/placements/services.py), whose errors become problem+json."""

from __future__ import annotations

from rest_framework import serializers

from participatie.api.fields import TenantPrimaryKeyRelatedField
from participatie.models import Objection, Placement, Step, StepDecision
from participatie.placements.choices import OutflowReason

# -- steps --------------------------------------------------------------------------------------


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = Step
        fields = ["id", "year", "code", "label", "is_default", "position"]


class StepInputSerializer(serializers.Serializer):
    """A step in a year's catalogue; the rules (code, one default per year, the year's range)
    are the service's."""

    year = serializers.IntegerField()
    code = serializers.CharField(allow_blank=True, trim_whitespace=True)
    label = serializers.CharField(allow_blank=True, trim_whitespace=True)
    is_default = serializers.BooleanField(default=False)


class StepUpdateInputSerializer(serializers.Serializer):
    """Change a step: code, label and default flag; fields left out keep their value. A step
    stays in its year."""

    year = serializers.IntegerField(required=False)
    code = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True)
    label = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True)
    is_default = serializers.BooleanField(required=False)


# -- placements ---------------------------------------------------------------------------------


class StepHistorySerializer(serializers.ModelSerializer):
    step_code = serializers.CharField(source="step.code", read_only=True)
    step_label = serializers.CharField(source="step.label", read_only=True)

    class Meta:
        model = StepDecision
        fields = [
            "id",
            "step",
            "step_code",
            "step_label",
            "valid_from",
            "status",
            "is_initial",
            "justification",
            "advised_at",
            "decided_at",
            "rejection_reason",
        ]
        read_only_fields = fields


class PlacementSerializer(serializers.ModelSerializer):
    participant_name = serializers.CharField(source="participant.full_name", read_only=True)
    home_municipality = serializers.CharField(
        source="participant.home_municipality.slug", read_only=True
    )
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)
    step_code = serializers.CharField(
        read_only=True, allow_null=True, help_text="De trede die vandaag geldt."
    )
    step_label = serializers.CharField(read_only=True, allow_null=True)
    is_active = serializers.BooleanField(read_only=True)
    # Read-only model fields lose ``allow_blank``; "" means "still running".
    outflow_reason = serializers.ChoiceField(
        choices=OutflowReason.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Placement
        fields = [
            "id",
            "reference",
            "participant",
            "participant_name",
            "home_municipality",
            "enrolment",
            "company",
            "kind",
            "orientation_employer",
            "start_date",
            "end_date",
            "is_active",
            "hours_per_week",
            "outflow_reason",
            "outflow_note",
            "step_code",
            "step_label",
        ]
        read_only_fields = fields


class PlacementDetailSerializer(PlacementSerializer):
    step_history = StepHistorySerializer(many=True, read_only=True)

    class Meta(PlacementSerializer.Meta):
        fields = [*PlacementSerializer.Meta.fields, "step_history"]
        read_only_fields = fields


class PlacementEndInputSerializer(serializers.Serializer):
    end_date = serializers.DateField()
    outflow_reason = serializers.ChoiceField(choices=OutflowReason.choices)
    outflow_note = serializers.CharField(required=False, allow_blank=True, default="")


# -- step decisions and objections ------------------------------------------------------------


class StepDecisionSerializer(serializers.ModelSerializer):
    participant_name = serializers.CharField(
        source="placement.participant.full_name", read_only=True
    )
    company = serializers.CharField(source="placement.enrolment.organisation.name", read_only=True)
    step_code = serializers.CharField(source="step.code", read_only=True)
    step_label = serializers.CharField(source="step.label", read_only=True)
    step_year = serializers.IntegerField(source="step.year", read_only=True)
    advised_by = serializers.StringRelatedField(read_only=True)
    decided_by = serializers.StringRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = StepDecision
        fields = [
            "id",
            "placement",
            "participant_name",
            "company",
            "step",
            "step_code",
            "step_label",
            "step_year",
            "valid_from",
            "justification",
            "status",
            "is_initial",
            "advised_by",
            "advised_at",
            "decided_by",
            "decided_at",
            "rejection_reason",
        ]
        read_only_fields = fields


class StepAdviseInputSerializer(serializers.Serializer):
    placement = TenantPrimaryKeyRelatedField(Placement)
    step = TenantPrimaryKeyRelatedField(Step)
    valid_from = serializers.DateField()
    justification = serializers.CharField(allow_blank=True, trim_whitespace=False)


class StepDecideInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Verplicht bij afwijzen."
    )


class ObjectionSerializer(serializers.ModelSerializer):
    placement = serializers.IntegerField(source="decision.placement_id", read_only=True)
    participant_name = serializers.CharField(
        source="decision.placement.participant.full_name", read_only=True
    )
    company = serializers.CharField(
        source="decision.placement.enrolment.organisation.name", read_only=True
    )
    step_code = serializers.CharField(source="decision.step.code", read_only=True)
    raised_by = serializers.StringRelatedField(read_only=True)
    handled_by = serializers.StringRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Objection
        fields = [
            "id",
            "decision",
            "placement",
            "participant_name",
            "company",
            "step_code",
            "reason",
            "status",
            "raised_by",
            "raised_at",
            "handled_by",
            "handled_at",
            "response",
        ]
        read_only_fields = fields


class ObjectionRaiseInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ObjectionHandleInputSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    response = serializers.CharField(allow_blank=True)
