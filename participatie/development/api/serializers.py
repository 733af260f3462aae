"""Serializers of the development plan API: a plan (goals, agreed actions) with its talks. The
people who wrote them are not named; the participant is the placement's (by id)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from participatie.development.forms import TEXT_LIMIT
from participatie.models import DevelopmentPlan, DevelopmentTalk, Placement
from participatie.placements.selectors import placements_visible_to
from participatie.tenancy.http import access_of


class DevelopmentTalkSerializer(serializers.ModelSerializer):
    class Meta:
        model = DevelopmentTalk
        fields = ["id", "plan", "held_on", "summary", "recorded_at"]


class DevelopmentPlanWithTalksSerializer(serializers.ModelSerializer):
    talks = DevelopmentTalkSerializer(many=True, read_only=True, source="talk_list")

    class Meta:
        model = DevelopmentPlan
        fields = [
            "id",
            "placement",
            "goals",
            "actions",
            "is_developing",
            "created_at",
            "updated_at",
            "talks",
        ]


class VisiblePlacementField(serializers.PrimaryKeyRelatedField):
    """A placement the user may see (``placements_visible_to``); any other id, also one of
    another company or municipality, is 'does not exist'."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["queryset"] = Placement._base_manager.none()  # schema generation only
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Placement]:
        return placements_visible_to(access_of(self.context["request"]))


class DevelopmentPlanCreateInputSerializer(serializers.Serializer):
    # "At least one goal" is the service's rule (one message for page and API).
    placement = VisiblePlacementField()
    goals = serializers.CharField(
        allow_blank=True, max_length=TEXT_LIMIT, help_text=_("Verplicht: ten minste één doel.")
    )
    actions = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_LIMIT
    )
    is_developing = serializers.BooleanField(required=False, default=False)


class DevelopmentPlanUpdateInputSerializer(serializers.Serializer):
    """Fields left out keep their value."""

    goals = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    actions = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT)
    is_developing = serializers.BooleanField(required=False)


class DevelopmentTalkInputSerializer(serializers.Serializer):
    held_on = serializers.DateField(
        input_formats=["%Y-%m-%d"], help_text=_("Verplicht, jjjj-mm-dd; niet in de toekomst.")
    )
    summary = serializers.CharField(
        allow_blank=True, max_length=TEXT_LIMIT, help_text=_("Verplicht.")
    )
