"""The matching unit's API: referrals, intakes, concluding an intake and placing a candidate.
Thin views: the rules are in matching/services.py. Only matching-unit roles come here."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from matching.api import serializers as s
from matching.choices import IntakeOutcome, ReferralSource, ReferralStatus
from matching.models import Intake, Referral
from matching.services import intake_conclude, intake_place, intake_record, referral_register
from participatie.api.base import RoleAPIMixin, TenantActionView, validated
from participatie.api.permissions import MATCHING_UNIT, organisation_ids
from participatie.audit import ReadLoggedRetrieveMixin
from participatie.choices import MATCHING_UNIT_ROLES
from participatie.models import Placement
from participatie.tenancy.access import municipalities_served_by

# -- referrals ----------------------------------------------------------------------------------


class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReferralStatus.choices)
    source = django_filters.ChoiceFilter(choices=ReferralSource.choices)
    referred_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Referral
        fields: list[str] = []


def referrals(request: Request) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(municipality=request.municipality)
        .select_related("participant__home_municipality", "matching_unit", "registered_by")
        .order_by("-referred_on", "-id")
    )


@extend_schema_view(
    post=extend_schema(
        request=s.ReferralCreateInputSerializer,
        responses={201: s.ReferralSerializer},
        summary="Aanmelding registreren",
    )
)
class ReferralListView(RoleAPIMixin, generics.ListAPIView):
    """Referrals registered for this municipality (the matching unit's work queue)."""

    roles = {"GET": MATCHING_UNIT, "POST": MATCHING_UNIT}
    serializer_class = s.ReferralSerializer
    filterset_class = ReferralFilter

    def tenant_queryset(self) -> QuerySet[Referral]:
        return referrals(self.request)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.ReferralCreateInputSerializer, request, self.get_serializer_context())
        referral_data = {name: data.pop(name) for name in s.REFERRAL_FIELDS}
        matching_unit = next(
            m.organisation for m in request.tenant_memberships if m.role in MATCHING_UNIT_ROLES
        )
        referral = referral_register(
            municipality=request.municipality,
            matching_unit=matching_unit,
            participant_data=data,
            actor=request.user,
            **referral_data,
        )
        body = s.ReferralSerializer(referral, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class ReferralDetailView(RoleAPIMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView):
    roles = {"GET": MATCHING_UNIT}
    serializer_class = s.ReferralSerializer

    def tenant_queryset(self) -> QuerySet[Referral]:
        return referrals(self.request)


# -- intakes ------------------------------------------------------------------------------------


class IntakeFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=IntakeOutcome.choices)
    referral = django_filters.NumberFilter(field_name="referral_id")

    class Meta:
        model = Intake
        fields: list[str] = []


def intakes(request: Request) -> QuerySet[Intake]:
    return (
        Intake.objects.filter(municipality=request.municipality)
        .select_related("referral__participant", "consultant", "placed_in")
        .order_by("-intake_date", "-id")
    )


@extend_schema_view(
    post=extend_schema(
        request=s.IntakeRecordInputSerializer,
        responses={200: s.IntakeSerializer},
        summary="Intake vastleggen of bijwerken",
    )
)
class IntakeListView(RoleAPIMixin, generics.ListAPIView):
    """Intakes of this municipality. POST records the screening of a referral: it starts the
    intake, or updates the referral's open one."""

    roles = {"GET": MATCHING_UNIT, "POST": MATCHING_UNIT}
    serializer_class = s.IntakeSerializer
    filterset_class = IntakeFilter

    def tenant_queryset(self) -> QuerySet[Intake]:
        return intakes(self.request)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.IntakeRecordInputSerializer, request, self.get_serializer_context())
        intake = intake_record(
            referral=data.pop("referral"),
            intake_date=data.pop("intake_date"),
            consultant=request.user,
            **data,
        )
        body = s.IntakeSerializer(intakes(request).get(pk=intake.pk)).data
        return Response(body, status=status.HTTP_200_OK)


class IntakeDetailView(RoleAPIMixin, ReadLoggedRetrieveMixin, generics.RetrieveAPIView):
    roles = {"GET": MATCHING_UNIT}
    serializer_class = s.IntakeSerializer

    def tenant_queryset(self) -> QuerySet[Intake]:
        return intakes(self.request)


@extend_schema(
    request=s.IntakeConcludeInputSerializer,
    responses={200: s.IntakeSerializer},
    summary="Intake afronden zonder plaatsing",
)
class IntakeConcludeView(TenantActionView):
    """Waiting for a place (only when eligible), warm handover, not eligible or withdrawn."""

    model = Intake
    roles = {"POST": MATCHING_UNIT}
    input_serializer_class = s.IntakeConcludeInputSerializer
    output_serializer_class = s.IntakeSerializer

    def tenant_queryset(self) -> QuerySet[Intake]:
        return intakes(self.request)

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

    model = Intake
    roles = {"POST": MATCHING_UNIT}
    input_serializer_class = s.IntakePlaceInputSerializer
    output_serializer_class = s.PlacedSerializer
    success_status = status.HTTP_201_CREATED

    def tenant_queryset(self) -> QuerySet[Intake]:
        return intakes(self.request)

    def perform(self, obj: Intake, data: dict[str, Any]) -> Placement:
        served = municipalities_served_by(organisation_ids(self.request, MATCHING_UNIT_ROLES))
        slug = data.pop("municipality", self.request.municipality.slug)
        # An unknown or unserved slug becomes id 0, which the service refuses in words.
        place_municipality_id = next((m.id for m in served if m.slug == slug), 0)
        return intake_place(
            intake=obj,
            enrolment_id=data.pop("enrolment"),
            place_municipality_id=place_municipality_id,
            served_municipality_ids=[m.id for m in served],
            actor=self.request.user,
            **data,
        )
