"""Output serializers of the subsidies API (amounts as strings, never floats)."""

from __future__ import annotations

from rest_framework import serializers

from subsidies.models import (
    ApplicationLine,
    CrossMunicipalClaim,
    DecisionLine,
    Determination,
    MunicipalBudget,
    QuarterStatement,
    StatementLine,
    StepTariff,
    SubsidyApplication,
    SubsidyDecision,
    Tariff,
)


class StepTariffSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.code", read_only=True)
    step_label = serializers.CharField(source="step.label", read_only=True)

    class Meta:
        model = StepTariff
        fields = ["step", "step_label", "annual_amount"]


class TariffSerializer(serializers.ModelSerializer):
    steps = StepTariffSerializer(many=True, read_only=True)

    class Meta:
        model = Tariff
        fields = [
            "id",
            "year",
            "base_fee",
            "custom_budget",
            "advance_model",
            "dual_placement_max_days",
            "steps",
        ]


class BudgetSerializer(serializers.ModelSerializer):
    class Meta:
        model = MunicipalBudget
        fields = ["id", "year", "allocated", "matching_unit_cost"]


class StatementLineSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.code", read_only=True)

    class Meta:
        model = StatementLine
        fields = [
            "id",
            "placement",
            "step",
            "date_from",
            "date_to",
            "days",
            "annual_tariff",
            "amount",
        ]


class StatementSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)
    lines = StatementLineSerializer(many=True, read_only=True)

    class Meta:
        model = QuarterStatement
        fields = [
            "id",
            "enrolment",
            "company",
            "year",
            "quarter",
            "status",
            "advance_model",
            "lines_total",
            "base_fee",
            "total",
            "payable_now",
            "held",
            "corrects",
            "computed_at",
            "confirmed_at",
            "confirmed_late",
            "approved_at",
            "lines",
        ]


class StatementActionInputSerializer(serializers.Serializer):
    """Confirming or approving takes no input."""


class DeterminationSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)

    class Meta:
        model = Determination
        fields = [
            "id",
            "enrolment",
            "company",
            "year",
            "advance_model",
            "realised",
            "granted",
            "paid",
            "final",
            "balance",
            "approved_at",
        ]


class ClaimSerializer(serializers.ModelSerializer):
    counterpart = serializers.CharField(source="counterpart.name", read_only=True)

    class Meta:
        model = CrossMunicipalClaim
        fields = [
            "id",
            "direction",
            "counterpart",
            "claim_reference",
            "participant_reference",
            "year",
            "quarter",
            "step_code",
            "days",
            "amount",
            "created_at",
        ]


class DecisionLineSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.code", read_only=True)

    class Meta:
        model = DecisionLine
        fields = ["step", "places", "annual_amount", "amount"]


class DecisionSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)
    lines = DecisionLineSerializer(many=True, read_only=True)
    letter_available = serializers.SerializerMethodField()

    class Meta:
        model = SubsidyDecision
        fields = [
            "id",
            "enrolment",
            "company",
            "year",
            "status",
            "advance_model",
            "base_fee",
            "amount",
            "lines",
            "supersedes",
            "approved_at",
            "sent_at",
            "letter_available",
        ]

    def get_letter_available(self, decision: SubsidyDecision) -> bool:
        return bool(decision.letter)


class ApplicationLineSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="step.code", read_only=True)

    class Meta:
        model = ApplicationLine
        fields = ["step", "places"]


class ApplicationSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="enrolment.organisation.name", read_only=True)
    lines = ApplicationLineSerializer(many=True, read_only=True)

    class Meta:
        model = SubsidyApplication
        fields = ["id", "enrolment", "company", "year", "submitted_at", "note", "lines"]
