"""Serializers of the matching unit's subsidy API. Output: amounts as strings, never floats,
and no person's name. Input checks the shape only; amounts are strings that the services read
(``subsidies.services.matching_unit.parse_amount``) and refuse naming the field."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participatie.api.fields import TenantPrimaryKeyRelatedField
from subsidies import calculations
from subsidies.models import (
    MatchingUnitApplication,
    MatchingUnitCost,
    MatchingUnitDecision,
    MatchingUnitPayment,
)

AMOUNT_HELP = _("Bedrag in euro's als tekst, bijvoorbeeld 225336.00 of 225.336,00.")
WHOLE = {"invalid": _("Vul een heel getal in."), "max_string_length": _("Dit getal is te groot.")}
UNIT_HELP = _(
    "De matchingsunit (id). Alleen nodig als u voor meer dan één matchingsunit kunt handelen."
)


class MatchingUnitApplicationSerializer(serializers.ModelSerializer):
    matching_unit_name = serializers.CharField(source="matching_unit.name", read_only=True)

    class Meta:
        model = MatchingUnitApplication
        fields = [
            "id",
            "matching_unit",
            "matching_unit_name",
            "year",
            "amount",
            "note",
            "status",
            "submitted_at",
        ]


class MatchingUnitPaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchingUnitPayment
        fields = ["kind", "quarter", "amount", "created_at"]


class MatchingUnitInstalmentSerializer(serializers.Serializer):
    moment = serializers.ChoiceField(
        choices=["year_start", "quarter", "determination"], read_only=True
    )
    quarter = serializers.IntegerField(allow_null=True, read_only=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)


class MatchingUnitDecisionSerializer(serializers.ModelSerializer):
    matching_unit = serializers.IntegerField(source="application.matching_unit_id", read_only=True)
    matching_unit_name = serializers.CharField(
        source="application.matching_unit.name", read_only=True
    )
    requested = serializers.DecimalField(
        source="application.amount", max_digits=12, decimal_places=2, read_only=True
    )
    schedule = serializers.SerializerMethodField()
    payments = MatchingUnitPaymentSerializer(many=True, read_only=True)
    letter_available = serializers.SerializerMethodField()

    class Meta:
        model = MatchingUnitDecision
        fields = [
            "id",
            "application",
            "matching_unit",
            "matching_unit_name",
            "year",
            "status",
            "advance_model",
            "requested",
            "amount",
            "over_budget_confirmed",
            "drafted_at",
            "changed_at",
            "approved_at",
            "sent_at",
            "schedule",
            "payments",
            "letter_available",
        ]

    @extend_schema_field(MatchingUnitInstalmentSerializer(many=True))
    def get_schedule(self, decision: MatchingUnitDecision) -> list[dict[str, Any]]:
        """The advance schedule: when the grant is paid (at full realisation)."""
        return MatchingUnitInstalmentSerializer(
            calculations.advance_schedule(decision.amount, decision.advance_model), many=True
        ).data

    def get_letter_available(self, decision: MatchingUnitDecision) -> bool:
        return bool(decision.letter)


class MatchingUnitCostSerializer(serializers.ModelSerializer):
    matching_unit_name = serializers.CharField(source="matching_unit.name", read_only=True)

    class Meta:
        model = MatchingUnitCost
        fields = [
            "id",
            "matching_unit",
            "matching_unit_name",
            "year",
            "quarter",
            "amount",
            "account",
            "status",
            "recorded_at",
            "approved_at",
        ]


# -- input -------------------------------------------------------------------------------------


class MatchingUnitApplicationInputSerializer(serializers.Serializer):
    matching_unit = serializers.IntegerField(
        required=False, help_text=UNIT_HELP, error_messages=WHOLE
    )
    year = serializers.IntegerField(error_messages=WHOLE)
    amount = serializers.CharField(allow_blank=True, help_text=AMOUNT_HELP)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MatchingUnitDecisionDraftInputSerializer(serializers.Serializer):
    application = TenantPrimaryKeyRelatedField(
        MatchingUnitApplication, help_text=_("De aanvraag waarop u beschikt.")
    )
    amount = serializers.CharField(allow_blank=True, help_text=AMOUNT_HELP)
    over_budget_confirmed = serializers.BooleanField(
        default=False,
        help_text=_("Nodig als het bedrag hoger is dan het resterende budget van het jaar."),
    )


class MatchingUnitDecisionUpdateInputSerializer(serializers.Serializer):
    amount = serializers.CharField(allow_blank=True, help_text=AMOUNT_HELP)
    over_budget_confirmed = serializers.BooleanField(default=False)


class MatchingUnitActionInputSerializer(serializers.Serializer):
    """Proposing, approving and sending take no input."""


class MatchingUnitCostInputSerializer(serializers.Serializer):
    matching_unit = serializers.IntegerField(
        required=False, help_text=UNIT_HELP, error_messages=WHOLE
    )
    year = serializers.IntegerField(error_messages=WHOLE)
    quarter = serializers.IntegerField(
        help_text=_("1, 2, 3 of 4; een kwartaal dat voorbij is."), error_messages=WHOLE
    )
    amount = serializers.CharField(allow_blank=True, help_text=AMOUNT_HELP)
    account = serializers.CharField(
        allow_blank=True, help_text=_("Korte verantwoording van de kosten (verplicht).")
    )
