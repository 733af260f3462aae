"""The matching unit's API: referrals, intakes, concluding an intake and placing a candidate.
Thin views: the rules are in matching/services.py. Every method needs ``Perm.MATCHING_WORK``
(the matching unit)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from matching.api import serializers as s
from matching.choices import IntakeOutcome, ReferralSource, ReferralStatus
from matching.models import Intake, Referral
from matching.selectors import intakes_visible_to, matching_unit_of, referrals_visible_to
from matching.services import (
    ExistingParticipant,
    intake_conclude,
    intake_record,
    placement_place,
    referral_register,
)
from participatie.api.base import TenantActionView, TenantAPIMixin, validated
from participatie.kernel.problems import PROBLEM_CONTENT_TYPE, invalid_param
from participatie.models import Placement
from participatie.privacy.audit import ReadLoggedRetrieveMixin
from participatie.tenancy.permissions import Perm

# -- referrals ----------------------------------------------------------------------------------


class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReferralStatus.choices)
    source = django_filters.ChoiceFilter(choices=ReferralSource.choices)
    referredOnAfter = django_filters.DateFilter(
        field_name="referred_on", lookup_expr="gte", label="Verwezen op of na deze dag"
    )
    referredOnBefore = django_filters.DateFilter(
        field_name="referred_on", lookup_expr="lte", label="Verwezen op of voor deze dag"
    )

    class Meta:
        model = Referral
        fields: list[str] = []


def _conflict(request: Request, conflict: ExistingParticipant) -> JsonResponse:
    """409 problem+json: the known participant by reference (never the BSN or a row id) and
    the fields that differ."""
    message = _("Wijkt af van de gegevens van de bekende deelnemer.")
    body = {
        "type": "about:blank",
        "title": "Conflict",
        "status": status.HTTP_409_CONFLICT,
        "detail": _(
            "Bij dit BSN is al een deelnemer bekend met andere gegevens. Er is niets opgeslagen. "
            "Gaat het om dezelfde persoon, stuur de aanmelding dan opnieuw met "
            '"same_person": true; anders klopt het BSN niet.'
        ),
        "instance": request.path,
        "participant_reference": str(conflict.participant.reference),
        "invalidParams": [invalid_param(name, message, "differs") for name in conflict.differences],
    }
    return JsonResponse(body, status=status.HTTP_409_CONFLICT, content_type=PROBLEM_CONTENT_TYPE)


@extend_schema_view(
    post=extend_schema(
        request=s.ReferralCreateInputSerializer,
        responses={
            201: s.ReferralSerializer,
            (409, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                s.ReferralConflictSerializer,
                description="application/problem+json: het BSN is al bekend met andere "
                "gegevens; `participant_reference` en `invalidParams[].name`. Niets opgeslagen.",
            ),
        },
        summary="Aanmelding registreren",
    )
)
class ReferralListView(TenantAPIMixin, generics.ListAPIView):
    """Referrals registered for this municipality (the matching unit's work queue)."""

    created_url_name = "api-referral-detail"

    permission = {"GET": Perm.MATCHING_WORK, "POST": Perm.MATCHING_WORK}
    serializer_class = s.ReferralSerializer
    filterset_class = ReferralFilter

    def tenant_queryset(self) -> QuerySet[Referral]:
        return referrals_visible_to(self.access)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.ReferralCreateInputSerializer, request, self.get_serializer_context())
        referral_data = {name: data.pop(name) for name in s.REFERRAL_FIELDS}
        same_person = data.pop("same_person")
        apply_corrections = data.pop("apply_corrections")
        municipality = self.access.municipality
        assert municipality is not None  # a tenant API view runs inside its municipality
        try:
            referral = referral_register(
                municipality=municipality,
                matching_unit=matching_unit_of(self.access),
                participant_data=data,
                same_person=same_person,
                apply_corrections=apply_corrections,
                actor=request.user,
                **referral_data,
            )
        except ExistingParticipant as conflict:
            return _conflict(request, conflict)
        body = s.ReferralSerializer(referral, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class ReferralDetailView(TenantAPIMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView):
    """One referral; every opening is kept as a read event."""

    permission = {"GET": Perm.MATCHING_WORK}
    serializer_class = s.ReferralSerializer

    def tenant_queryset(self) -> QuerySet[Referral]:
        return referrals_visible_to(self.access)


# -- intakes ------------------------------------------------------------------------------------


class IntakeFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=IntakeOutcome.choices)
    referral = django_filters.NumberFilter(field_name="referral_id")

    class Meta:
        model = Intake
        fields: list[str] = []


@extend_schema_view(
    post=extend_schema(
        request=s.IntakeRecordInputSerializer,
        responses={200: s.IntakeSerializer},
        summary="Intake vastleggen of bijwerken",
    )
)
class IntakeListView(TenantAPIMixin, generics.ListAPIView):
    """Intakes of this municipality. POST records the screening of a referral: it starts the
    intake, or updates the referral's open one."""

    permission = {"GET": Perm.MATCHING_WORK, "POST": Perm.MATCHING_WORK}
    serializer_class = s.IntakeSerializer
    filterset_class = IntakeFilter

    def tenant_queryset(self) -> QuerySet[Intake]:
        return intakes_visible_to(self.access)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.IntakeRecordInputSerializer, request, self.get_serializer_context())
        intake = intake_record(
            referral=data.pop("referral"),
            intake_date=data.pop("intake_date"),
            consultant=request.user,
            **data,
        )
        body = s.IntakeSerializer(intakes_visible_to(self.access).get(pk=intake.pk)).data
        return Response(body, status=status.HTTP_200_OK)


class IntakeDetailView(TenantAPIMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView):
    """One intake with its outcome; every opening is kept as a read event."""

    permission = {"GET": Perm.MATCHING_WORK}
    serializer_class = s.IntakeSerializer

    def tenant_queryset(self) -> QuerySet[Intake]:
        return intakes_visible_to(self.access)


@extend_schema(
    request=s.IntakeConcludeInputSerializer,
    responses={200: s.IntakeSerializer},
    summary="Intake afronden zonder plaatsing",
)
class IntakeConcludeView(TenantActionView):
    """Waiting for a place (only when eligible), warm handover, not eligible or withdrawn."""

    model = Intake
    permission = {"POST": Perm.MATCHING_WORK}
    input_serializer_class = s.IntakeConcludeInputSerializer
    output_serializer_class = s.IntakeSerializer

    def tenant_queryset(self) -> QuerySet[Intake]:
        return intakes_visible_to(self.access)

    def perform(self, obj: Intake, data: dict[str, Any]) -> Intake:
        intake_conclude(intake=obj, actor=self.request.user, **data)
        return self.tenant_queryset().get(pk=obj.pk)


@extend_schema(
    request=s.IntakePlaceInputSerializer,
    responses={201: s.PlacedSerializer},
    summary="Kandidaat plaatsen",
)
class IntakePlaceView(TenantActionView):
    """Place the candidate at a company with a free place, here or in another municipality the
    matching unit serves; the placement lives where the place is."""

    created_url_name = "api-placement-detail"
    created_municipality_field = "municipality"

    model = Intake
    permission = {"POST": Perm.MATCHING_WORK}
    input_serializer_class = s.IntakePlaceInputSerializer
    output_serializer_class = s.PlacedSerializer
    success_status = status.HTTP_201_CREATED

    def tenant_queryset(self) -> QuerySet[Intake]:
        return intakes_visible_to(self.access)

    def perform(self, obj: Intake, data: dict[str, Any]) -> Placement:
        here = self.access.municipality
        return placement_place(
            access=self.access,
            intake=obj,
            enrolment_id=data.pop("enrolment"),
            place_municipality_slug=data.pop("municipality", here.slug if here else None),
            actor=self.request.user,
            **data,
        )
