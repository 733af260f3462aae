"""The claims API: ``GET claims`` (filters ``year``, ``quarter``, ``direction``) lists the
municipality's cross-municipal claims, outgoing and incoming, for its officers;
``GET claims/totals/<year>`` sums a year per quarter and per municipality;
``GET claims/<id>`` shows one with whether the user may answer it;
``POST claims/<id>/accept`` and ``POST claims/<id>/dispute`` (with ``{"note": ...}``) are the
home municipality's answer, written on both sides (``subsidies.services.claims``). Which claims
a user sees is ``subsidies.selectors_claims``, shared with the page. The list is a fixed number
of queries whatever its length."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import TenantActionView, TenantAPIMixin
from participatie.tenancy.permissions import Perm
from subsidies.api import serializers_claims as s
from subsidies.choices import ClaimDirection
from subsidies.models import CrossMunicipalClaim
from subsidies.selectors_claims import claim_totals, claims_mark_final, claims_visible_to
from subsidies.services import claims as services


class ClaimFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=1900, max_value=2200)
    quarter = django_filters.NumberFilter(min_value=1, max_value=4)
    direction = django_filters.ChoiceFilter(choices=ClaimDirection.choices)

    class Meta:
        model = CrossMunicipalClaim
        fields: list[str] = []


class _Claims(TenantAPIMixin):
    model = CrossMunicipalClaim

    def tenant_queryset(self) -> QuerySet[CrossMunicipalClaim]:
        return claims_visible_to(self.access)


class ClaimListView(_Claims, generics.ListAPIView):
    """Cross-municipal claims of this municipality, outgoing and incoming (pseudonymised),
    each with whether it is final and the home municipality's answer."""

    permission = {"GET": Perm.SUBSIDIES_VIEW_ALL}
    serializer_class = s.ClaimSerializer
    filterset_class = ClaimFilter

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        claims_mark_final(rows)
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class ClaimDetailView(_Claims, generics.RetrieveAPIView):
    """One cross-municipal claim (pseudonymised), as on the claim page, with whether the user
    may answer it now (``can_respond``)."""

    permission = {"GET": Perm.SUBSIDIES_VIEW_ALL}
    serializer_class = s.ClaimDetailSerializer

    def get_object(self) -> CrossMunicipalClaim:
        claim = super().get_object()
        claims_mark_final([claim])
        return claim


class ClaimTotalsView(_Claims, generics.GenericAPIView):
    """The totals of a year, as on the claims page: per quarter (every quarter, also without
    claims), per other municipality and for the year, each outgoing and incoming."""

    permission = {"GET": Perm.SUBSIDIES_VIEW_ALL}
    serializer_class = s.ClaimTotalsSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def get(self, request: Request, year: int, *args: Any, **kwargs: Any) -> Response:
        if not 2000 <= year <= 2100:
            raise ValidationError({"year": [_("Kies een jaar van 2000 tot en met 2100.")]})
        totals = claim_totals(self.access, year)
        body = {
            "year": year,
            "total": asdict(totals.year),
            "quarters": [
                {"quarter": quarter, **asdict(row)} for quarter, row in totals.quarters.items()
            ],
            "counterparts": [
                {"counterpart": name, **asdict(row)} for name, row in totals.counterparts.items()
            ],
        }
        return Response(s.ClaimTotalsSerializer(body).data)


class _ClaimAction(_Claims, TenantActionView):
    permission = {"POST": Perm.CLAIMS_RESPOND}
    output_serializer_class = s.ClaimSerializer
    service: Callable[..., CrossMunicipalClaim]

    def perform(self, obj: CrossMunicipalClaim, data: dict[str, Any]) -> CrossMunicipalClaim:
        claim = type(self).service(claim=obj, actor=self.request.user, note=data["note"])
        claims_mark_final([claim])
        return claim


@extend_schema(
    request=s.ClaimAcceptInputSerializer,
    responses={200: s.ClaimSerializer},
    summary="Vordering accepteren (woongemeente)",
)
class ClaimAcceptView(_ClaimAction):
    """The home municipality accepts a final claim (its outgoing statement is approved); the
    answer is final and shows on both sides. The placement municipality cannot answer (400)."""

    input_serializer_class = s.ClaimAcceptInputSerializer
    service = services.claim_accept


@extend_schema(
    request=s.ClaimDisputeInputSerializer,
    responses={200: s.ClaimSerializer},
    summary="Vordering betwisten (woongemeente)",
)
class ClaimDisputeView(_ClaimAction):
    """The home municipality disputes a final claim and says why (``note``, required; 400
    naming ``note`` without it). A disputed claim can later be accepted."""

    input_serializer_class = s.ClaimDisputeInputSerializer
    service = services.claim_dispute
