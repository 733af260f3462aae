"""Serializers of the claims API: a cross-municipal claim (pseudonymised: the participant's
reference, never a name or BSN) and the home municipality's answer to it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from subsidies.models import CrossMunicipalClaim
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
