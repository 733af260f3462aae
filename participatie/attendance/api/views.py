"""``/api/v1/<municipality>/attendance``: company systems send attendance in bulk (PUT, keyed by
placement and day, idempotent, all or nothing) and read it back (GET, paginated).

The batch is not run through a DRF serializer per row (10,000 child serializers cost about a
second); the body is parsed once, counted, and handed to ``attendance_bulk_upsert``, which
checks every row in bulk and names each bad one. The serializers
(``participatie.attendance.api.serializers``) describe the shapes for the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import TenantAPIMixin
from participatie.api.limits import PayloadTooLarge
from participatie.api.pagination import KeysetPagination
from participatie.attendance import selectors, services
from participatie.attendance.api.serializers import (
    AttendanceBatchResultSerializer,
    AttendanceBatchSerializer,
    AttendanceQuerySerializer,
    AttendanceRowSerializer,
    AttendanceSerializer,
)
from participatie.kernel.problems import invalid_param, problem_response
from participatie.models import Attendance
from participatie.tenancy.permissions import Perm

_ROW = frozenset(AttendanceRowSerializer().fields)


class AttendanceView(TenantAPIMixin, generics.GenericAPIView):
    """Attendance per placement per day. A learning-work company sees and writes only the
    placements at its own company; another company's placement is reported like an unknown id."""

    model = Attendance
    permission = {"GET": Perm.ATTENDANCE_VIEW, "PUT": Perm.ATTENDANCE_RECORD}
    # 50,000 rows with a reason each fit comfortably.
    max_body_bytes = settings.API_MAX_BULK_BODY_BYTES
    serializer_class = AttendanceSerializer
    filter_backends: list[Any] = []
    paginates = True
    pagination_class = KeysetPagination
    # The list's order (``selectors.attendance_list``): one row per placement and day in a
    # municipality (``attendance_one_per_day``), so the order is total.
    cursor_ordering = ("placement_id", "day")
    extra_query_parameters = ("placement", "from", "to")

    @classmethod
    def body_too_large_detail(cls) -> str:
        return _(
            "Het verzoek is groter dan %(mb)s MB. Stuur hoogstens %(rows)s rijen per verzoek "
            "en verdeel grotere aantallen over meerdere verzoeken."
        ) % {
            "mb": cls.max_body_bytes // (1024 * 1024),
            "rows": f"{services.MAX_ROWS:,}".replace(",", "."),
        }

    def _organisations(self) -> frozenset[int] | None:
        return selectors.company_filter(self.access)

    def tenant_queryset(self) -> QuerySet[Attendance]:
        params = self.request.query_params
        raw = {
            "placement": params.get("placement"),
            "start": params.get("from"),
            "end": params.get("to"),
        }
        query = AttendanceQuerySerializer(
            data={k: v for k, v in raw.items() if v not in (None, "")}
        )
        if not query.is_valid():
            renamed = {{"start": "from", "end": "to"}.get(k, k): v for k, v in query.errors.items()}
            raise exceptions.ValidationError(renamed)
        return selectors.attendance_list(
            municipality=self.access.municipality,
            organisation_ids=self._organisations(),
            placement_id=query.validated_data.get("placement"),
            start=query.validated_data.get("start"),
            end=query.validated_data.get("end"),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("placement", OpenApiTypes.INT, description="Id van de plaatsing"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="Vanaf deze dag"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Tot en met deze dag"),
        ],
        responses={200: AttendanceSerializer(many=True)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AttendanceSerializer(page, many=True).data)

    @extend_schema(
        request=AttendanceBatchSerializer,
        responses={200: AttendanceBatchResultSerializer},
        description=(
            "Bulk-upsert op (plaatsing, dag): dezelfde batch twee keer sturen verandert niets. "
            "Alles of niets: bij één foute rij wordt niets opgeslagen en noemt "
            "`invalidParams[].name` de rij (`rows.<index>.<veld>`, vanaf 0). "
            "Hoogstens 50.000 rijen (anders 413)."
        ),
    )
    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = request.data
        if not isinstance(body, dict) or not isinstance(body.get("rows"), list):
            raise exceptions.ValidationError(
                {"rows": [_("Stuur een object met een lijst 'rows'.")]}
            )
        rows = body["rows"]
        if len(rows) > services.MAX_ROWS:
            raise PayloadTooLarge(
                _("%(count)s rijen is te veel: stuur hoogstens %(max)s rijen per verzoek.")
                % {
                    "count": f"{len(rows):,}".replace(",", "."),
                    "max": f"{services.MAX_ROWS:,}".replace(",", "."),
                }
            )
        # The service checks the rows' values in bulk; unknown fields are refused here.
        unknown: dict[str, Any] = {
            name: [_("Dit veld bestaat niet bij deze bewerking.")]
            for name in body
            if name != "rows"
        }
        row_errors = [
            {name: [_("Dit veld bestaat niet bij deze bewerking.")] for name in row.keys() - _ROW}
            if isinstance(row, dict) and not row.keys() <= _ROW
            else {}
            for row in rows
        ]
        if any(row_errors):
            unknown["rows"] = row_errors
        if unknown:
            raise exceptions.ValidationError(unknown)
        try:
            result = services.attendance_bulk_upsert(
                municipality=self.access.municipality,
                rows=rows,
                actor=request.user,
                allowed_organisation_ids=self._organisations(),
            )
        except services.AttendanceRowsInvalid as invalid:
            errors = [
                invalid_param(
                    f"rows.{error['row']}.{error['field']}".rstrip(".")
                    if error["row"] is not None
                    else error["field"],
                    error["message"],
                    error.get("code") or "invalid",
                )
                for error in invalid.row_errors
            ]
            rows_with_errors = len({e["row"] for e in invalid.row_errors})
            return problem_response(  # type: ignore[return-value]
                400,
                _(
                    "De invoer is ongeldig; er is niets opgeslagen. Fouten in %(count)s rij(en), "
                    "eerste: rij %(first)s."
                )
                % {"count": rows_with_errors, "first": invalid.row_errors[0]["row"]},
                request=request,
                invalid_params=errors,
            )
        return Response(
            {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "corrections": result.corrections,
                "total": result.total,
            }
        )
