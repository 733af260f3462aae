"""Serializers of the absence signal API. A signal names its placement and company by id, never
the participant: the name is on the placement for whoever may see it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from participatie.absence.selectors import signal_needs_action
from participatie.absence.services import FOLLOW_UP_CHOICES
from participatie.models import AbsenceSignal


class AbsenceSignalSerializer(serializers.ModelSerializer):
    company = serializers.IntegerField(source="placement.enrolment.organisation_id", read_only=True)
    needs_action = serializers.SerializerMethodField(
        help_text=_("De matchingsunit moet dit signaal nog opvolgen.")
    )

    class Meta:
        model = AbsenceSignal
        fields = [
            "id",
            "placement",
            "company",
            "streak_start",
            "raised_on",
            "status",
            "needs_action",
            "follow_up_note",
            "followed_up_at",
            "closed_on",
        ]

    def get_needs_action(self, signal: AbsenceSignal) -> bool:
        return signal_needs_action(signal)


class AbsenceSignalFollowUpInputSerializer(serializers.Serializer):
    # The choices and "note required when ending" are the service's rules (one message for
    # page and API); here only the shape.
    status = serializers.ChoiceField(
        choices=[(choice.value, choice.label) for choice in FOLLOW_UP_CHOICES],
        help_text=_("Verplicht: contacted, continue of end_placement."),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text=_(
            "Verplicht bij end_placement. De plaatsing beëindigt u daarna zelf "
            "(placements/{id}/end); dat gebeurt nooit automatisch."
        ),
    )
