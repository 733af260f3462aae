"""Serializers of the claims API: a cross-municipal claim (pseudonymised: the participant's
reference, never a name or BSN) and the home municipality's answer to it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from participatie.tenancy.http import access_of
from subsidies.models import CrossMunicipalClaim
from subsidies.selectors_claims import claim_can_respond
from subsidies.services.claims import NOTE_MAX_LENGTH


class ClaimSerializer(serializers.ModelSerializer):
    counterpart = serializers.CharField(source="counterpart.name", read_only=True)
    final = serializers.BooleanField(
        source="is_final",
        read_only=True,
        help_text=_(
            "De declaratie van de gemeente van de plek is goedgekeurd: de vordering verandert "
            "niet meer en de woongemeente kan reageren."
        ),
    )
    responded_by = serializers.StringRelatedField(read_only=True, allow_null=True)

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
            "final",
            "response",
            "response_note",
            "responded_by",
            "responded_at",
        ]


class ClaimAcceptInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Niet verplicht bij accepteren. De andere gemeente ziet deze tekst."),
    )


class ClaimDisputeInputSerializer(serializers.Serializer):
    # Required, but checked by the service (one message for page and API, naming ``note``).
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=NOTE_MAX_LENGTH,
        help_text=_(
            "Verplicht: waarom u de vordering betwist. De andere gemeente ziet deze tekst."
        ),
    )


class ClaimDetailSerializer(ClaimSerializer):
    can_respond = serializers.SerializerMethodField(
        help_text=_("U kunt nu accepteren of betwisten (als accounthouder van de woongemeente).")
    )

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "can_respond"]

    def get_can_respond(self, claim: CrossMunicipalClaim) -> bool:
        return claim_can_respond(claim, access_of(self.context["request"]))


class DirectionTotalsSerializer(serializers.Serializer):
    outgoing = serializers.DecimalField(max_digits=14, decimal_places=2)
    incoming = serializers.DecimalField(max_digits=14, decimal_places=2)
    outgoing_count = serializers.IntegerField()
    incoming_count = serializers.IntegerField()


class QuarterTotalsSerializer(DirectionTotalsSerializer):
    quarter = serializers.IntegerField()


class CounterpartTotalsSerializer(DirectionTotalsSerializer):
    counterpart = serializers.CharField()


class ClaimTotalsSerializer(serializers.Serializer):
    """A year's claims summed per quarter and per other municipality, outgoing (what this
    municipality charges others) and incoming (what others charge it)."""

    year = serializers.IntegerField()
    total = DirectionTotalsSerializer()
    quarters = QuarterTotalsSerializer(many=True)
    counterparts = CounterpartTotalsSerializer(many=True)
