"""Settling a quarter through the API: ``POST statements/settle`` with ``{"year", "quarter"}``
answers 202 with the run and its ``Location``; ``GET settlement-runs/<id>`` reports how far it
is (``status``, ``progress`` 0-100, ``statement_count`` once done); ``GET settlement-runs``
lists them. Thin views: the rules are in ``subsidies.services.settlement_runs`` (its refusals
become problem+json naming the field), who sees runs in ``subsidies.selectors_settlement``.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from participatie.api.base import TenantAPIMixin, validated
from participatie.api.schema import ERROR_DESCRIPTIONS
from participatie.tenancy.permissions import Perm
from subsidies.api import serializers as s
from subsidies.models import SettlementRun
from subsidies.selectors_settlement import settlement_runs_progress, settlement_runs_visible_to
from subsidies.services.settlement_runs import settlement_run_start


class _Runs(TenantAPIMixin):
    model = SettlementRun
    serializer_class = s.SettlementRunSerializer

    def tenant_queryset(self) -> QuerySet[SettlementRun]:
        return settlement_runs_visible_to(self.access)

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer:
        """The runs' live progress in the context: one cache read for the page."""
        if args:
            runs = list(args[0]) if kwargs.get("many") else [args[0]]
            context = kwargs.setdefault("context", self.get_serializer_context())  # type: ignore[attr-defined]
            context["progress"] = settlement_runs_progress(runs)
        return super().get_serializer(*args, **kwargs)  # type: ignore[misc]


@extend_schema(
    request=s.SettleInputSerializer,
    responses={
        202: OpenApiResponse(
            s.SettlementRunSerializer,
            description="De afrekening staat in de wachtrij (of liep al voor dit kwartaal); "
            "de Location-header wijst naar de afrekening.",
        ),
        503: OpenApiResponse(description=ERROR_DESCRIPTIONS["503"]),
    },
    summary="Kwartaal afrekenen (accounthouder)",
)
class StatementSettleView(_Runs, generics.GenericAPIView):
    """An account holder has the quarter's statements drafted by a job. The quarter must have
    ended and the year must be set up (else 400, naming ``year`` or ``quarter``). A run of the
    same quarter that is still queued or running is given back instead of a second one."""

    permission = {"POST": Perm.STATEMENTS_SETTLE}
    filter_backends: list[Any] = []
    pagination_class = None

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.SettleInputSerializer, request, self.get_serializer_context())
        started = settlement_run_start(
            municipality=self.access.municipality,
            year=data["year"],
            quarter=data["quarter"],
            actor=request.user,
        )
        run = self.tenant_queryset().get(pk=started.run.pk)
        location = reverse(
            "api-settlement-run-detail", args=[self.access.municipality.slug, run.pk]
        )
        return Response(
            self.get_serializer(run).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": request.build_absolute_uri(location)},
        )


class SettlementRunFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(min_value=1900, max_value=2200)
    quarter = django_filters.NumberFilter(min_value=1, max_value=4)

    class Meta:
        model = SettlementRun
        fields: list[str] = []


class SettlementRunListView(_Runs, generics.ListAPIView):
    """The municipality's settlement runs, newest first; filters ``year`` and ``quarter``."""

    permission = {"GET": Perm.SUBSIDIES_VIEW_ALL}
    filterset_class = SettlementRunFilter


class SettlementRunDetailView(_Runs, generics.RetrieveAPIView):
    """One settlement run: poll it until ``status`` is ``done`` (``statement_count`` drafts)
    or ``failed`` (``message`` says why, in Dutch)."""

    permission = {"GET": Perm.SUBSIDIES_VIEW_ALL}
