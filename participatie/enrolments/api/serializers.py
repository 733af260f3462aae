"""Output serializers of the enrolments API."""

from __future__ import annotations

from rest_framework import serializers

from participatie.models import Enrolment


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
