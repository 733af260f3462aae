"""Explicit input and output serializers. They check the shape of the data only; the rules live
in the services (participatie/placements/services.py), whose errors become problem+json."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import serializers

from participatie.choices import OutflowReason
from participatie.models import (
    DevelopmentPlan,
    Enrolment,
    Objection,
    Participant,
    Placement,
    Step,
    StepDecision,
)


class TenantPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of a row of the active municipality; an id of another one is 'does not exist'."""

    def __init__(self, model: type[Model], **kwargs: Any) -> None:
        self.model = model
        kwargs["queryset"] = model._base_manager.none()  # schema generation only
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context["request"]
        return self.model.objects.filter(municipality=request.municipality)


# -- enrolments ---------------------------------------------------------------------------------


class EnrolmentSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    organisation_slug = serializers.CharField(source="organisation.slug", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "organisation",
            "organisation_slug",
            "status",
            "max_places",
            "started_on",
            "ended_on",
        ]


# -- steps --------------------------------------------------------------------------------------


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = Step
        fields = ["id", "year", "code", "label", "is_default", "position"]


# -- participants -------------------------------------------------------------------------------


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
