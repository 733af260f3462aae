"""The shapes of the attendance API (for the OpenAPI document and the read side). The batch
itself is parsed once, not per row through these serializers (see the view)."""

from __future__ import annotations

from rest_framework import serializers

from participatie.api.fields import DateField
from participatie.attendance.choices import AttendanceStatus
from participatie.models import Attendance


class AttendanceRowSerializer(serializers.Serializer):
    placement = serializers.IntegerField(help_text="Id van de plaatsing.")
    day = serializers.DateField(
        help_text="De dag (JJJJ-MM-DD), binnen de plaatsing, niet later dan vandaag."
    )
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        max_value=24,
        required=False,
        allow_null=True,
        help_text="Uren (0-24), mag leeg blijven.",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=(
            "Verplicht bij een wijziging in een door de matchingsunit gecontroleerde maand, en "
            "bij een correctie van een vergrendelde dag (alleen de matchingsunit)."
        ),
    )


class AttendanceBatchSerializer(serializers.Serializer):
    rows = AttendanceRowSerializer(many=True, help_text="Hoogstens 50.000 rijen per verzoek.")


class AttendanceBatchResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    corrections = serializers.IntegerField()
    total = serializers.IntegerField()


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "placement", "day", "status", "hours", "entered_by", "entered_at"]
        read_only_fields = fields


class AttendanceQuerySerializer(serializers.Serializer):
    placement = serializers.IntegerField(required=False, min_value=1)
    start = DateField(required=False)
    end = DateField(required=False)
