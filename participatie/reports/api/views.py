"""The report API of a municipality, as its report pages (``participatie.reports.views``):
``GET report-kinds`` (what the user may request, with the parameters of the page's form),
``GET``/``POST report-runs`` (the runs; request one), ``GET report-runs/<reference>`` (status
and progress) and ``GET report-runs/<reference>/files/<format>`` (a finished run's PDF, XLSX or
CSV, through ``participatie.privacy.files.file_download``, named after kind and period).

Everything needs ``reports.request``, like the pages; which kinds a user may request and which
runs they see follow their roles (``participatie.reports.selectors.report_runs``): a run of a
kind the role may not request is a 404. Regional reports stay on the regional pages."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import TenantAPIMixin, validated
from participatie.api.schema import ERROR_DESCRIPTIONS
from participatie.models import ReportRun
from participatie.privacy.files import file_download
from participatie.reports import registry, selectors, services
from participatie.reports.api import serializers as s
from participatie.reports.models import REPORT_FORMATS
from participatie.reports.render import CONTENT_TYPES
from participatie.reports.views import download_filename
from participatie.tenancy.permissions import Perm


class _Reports(TenantAPIMixin):
    model = ReportRun
    permission = {"GET": Perm.REPORTS_REQUEST}
    lookup_field = "reference"

    @property
    def roles(self) -> set[str]:
        return set(self.access.roles)

    def tenant_queryset(self) -> QuerySet[ReportRun]:
        return selectors.report_runs(roles=self.roles, municipality=self.access.municipality)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        context["municipality_slug"] = self.kwargs.get("municipality_slug", "")
        return context


class ReportKindListView(_Reports, generics.ListAPIView):
    """The report kinds the user may request here, each with its parameters."""

    serializer_class = s.ReportKindSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kinds = registry.report_kinds(scope=registry.MUNICIPALITY, roles=self.roles)
        return Response(s.ReportKindSerializer(kinds, many=True).data)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> bool:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_parameters(kind: registry.ReportKind, parameters: dict[str, Any]) -> None:
    """Names the kind does not take are refused, and dates are jjjj-mm-dd only (the page's
    form also reads dd-mm-jjjj)."""
    fields = kind.form.base_fields
    errors = {
        name: [_("Deze soort rapportage kent deze parameter niet.")]
        for name in parameters
        if name not in fields
    }
    for name, field in fields.items():
        value = parameters.get(name)
        if isinstance(field, forms.DateField) and value not in (None, "") and not _iso_date(value):
            errors[name] = [_("Vul een datum in als jjjj-mm-dd, bijvoorbeeld 2024-03-01.")]
    if errors:
        raise ValidationError({"parameters": errors})


@extend_schema_view(
    post=extend_schema(
        request=s.ReportRunInputSerializer,
        responses={
            201: s.ReportRunSerializer,
            200: OpenApiResponse(
                s.ReportRunSerializer,
                description="Er was al een rapportage voor dezelfde gegevens: die komt terug.",
            ),
            503: OpenApiResponse(description=ERROR_DESCRIPTIONS["503"]),
        },
        summary="Rapportage aanvragen",
    )
)
class ReportRunListView(_Reports, generics.ListAPIView):
    """The runs of the kinds the user may request, newest first. POST requests one: the same
    kind, parameters and data give the existing run back (200) unless ``force``; otherwise a
    new run is queued (201) and its progress is at ``report-runs/<reference>``."""

    permission = {"GET": Perm.REPORTS_REQUEST, "POST": Perm.REPORTS_REQUEST}
    created_url_name = "api-reportrun-detail"
    created_lookup = created_lookup_field = "reference"
    serializer_class = s.ReportRunSerializer
    filter_backends: list[Any] = []

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(s.ReportRunInputSerializer, request, self.get_serializer_context())
        kind = registry.report_kind(data["kind"])
        if kind is None or registry.MUNICIPALITY not in kind.scopes:
            raise ValidationError({"kind": [_("Deze soort rapportage bestaat niet.")]})
        parameters = data["parameters"]
        _check_parameters(kind, parameters)
        try:
            requested = services.report_request(
                kind_slug=kind.slug,
                data={key: "" if value is None else value for key, value in parameters.items()},
                user=request.user,
                roles=self.roles,
                force=data["force"],
                municipality=self.access.municipality,
            )
        except services.ReportParametersInvalid as invalid:
            # The form's own errors name the parameter (``parameters.year``); one about the
            # parameters together (or "no data") names ``parameters``.
            errors = {
                ("non_field_errors" if name == "__all__" else name): [str(m) for m in messages]
                for name, messages in invalid.form.errors.items()
            }
            raise ValidationError({"parameters": errors}) from None
        body = s.ReportRunSerializer(requested.run, context=self.get_serializer_context()).data
        code = status.HTTP_200_OK if requested.reused else status.HTTP_201_CREATED
        return Response(body, status=code)


class ReportRunDetailView(_Reports, generics.RetrieveAPIView):
    """One run: status, progress (percent and the current step) and, once done, its files."""

    serializer_class = s.ReportRunSerializer


@extend_schema(
    responses={
        (200, "application/pdf"): OpenApiTypes.BINARY,
        (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): (
            OpenApiTypes.BINARY
        ),
        (200, "text/csv"): OpenApiTypes.BINARY,
    },
    summary="Bestand van een rapportage downloaden (pdf, xlsx of csv)",
)
class ReportRunFileView(_Reports, generics.GenericAPIView):
    """A finished run's file as an attachment named after the kind and the period (no names,
    no ids). 404 when the run has no file in that format (not done, expired, never made)."""

    pagination_class = None
    filter_backends: list[Any] = []
    serializer_class = s.ReportRunSerializer

    def get(self, request: Request, reference: UUID, fmt: str, **kwargs: Any) -> FileResponse:
        run = self.get_object()
        if fmt not in REPORT_FORMATS:
            raise Http404(_("Dit bestandsformaat bestaat niet."))
        return file_download(
            request,
            selectors.report_file(run, fmt),
            obj=run,
            filename=download_filename(run, registry.report_kind(run.kind), fmt),
            content_type=CONTENT_TYPES[fmt],
        )
