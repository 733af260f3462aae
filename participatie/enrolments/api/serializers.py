"""Serializers of the enrolments API: the read shape and the input of ``PATCH``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment
from participatie.tenancy.http import access_of
from participatie.tenancy.permissions import Perm

# The municipality's file on the company: staff who see every company read it; a company's own
# users get null in these fields.
ASSESSMENT_OUTPUT = (
    "kind_of_work",
    "guidance_offered",
    "no_displacement",
    "displacement_reason",
    "displacement_judged_by",
    "displacement_judged_at",
)


class EnrolmentSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    organisation_slug = serializers.CharField(source="organisation.slug", read_only=True)
    kind_of_work = serializers.CharField(read_only=True, allow_null=True)
    guidance_offered = serializers.CharField(read_only=True, allow_null=True)
    no_displacement = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text=_("Het oordeel van de verdringingstoets: true is geen verdringing."),
    )
    displacement_reason = serializers.CharField(read_only=True, allow_null=True)
    displacement_judged_by = serializers.SerializerMethodField(
        help_text=_("Wie de verdringingstoets deed (naam).")
    )
    displacement_judged_at = serializers.DateTimeField(read_only=True, allow_null=True)

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
            *ASSESSMENT_OUTPUT,
        ]

    def get_displacement_judged_by(self, enrolment: Enrolment) -> str | None:
        user = enrolment.displacement_judged_by
        if user is None:
            return None
        return user.get_full_name() or user.email

    def to_representation(self, instance: Enrolment) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not access_of(request).has(Perm.ENROLMENTS_VIEW_ALL):
            for name in ASSESSMENT_OUTPUT:
                data[name] = None
        return data


class EnrolmentPatchInputSerializer(serializers.Serializer):
    """Only the fields given change. The assessment (the four assessment fields) moves a
    candidate to ``assessed``; ``active`` needs ``no_displacement: true`` with a reason and
    ``max_places``; ``max_places`` alone changes the maximum."""

    status = serializers.ChoiceField(
        choices=EnrolmentStatus.choices,
        required=False,
        error_messages={"invalid_choice": _("Onbekende status “{input}”.")},
    )
    max_places = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Het maximaal aantal plekken is 0 of meer."),
            "max_value": _("Het maximaal aantal plekken is ten hoogste {max_value}."),
        },
    )
    kind_of_work = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    guidance_offered = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    no_displacement = serializers.BooleanField(
        required=False,
        help_text=_("true: het bedrijf verdringt geen betaald werk (nodig voor ‘active’)."),
    )
    displacement_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data:
            raise serializers.ValidationError(_("Geef ten minste één veld om te wijzigen."))
        return data
