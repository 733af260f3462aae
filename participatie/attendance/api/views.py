"""``/api/v1/<municipality>/attendance``: company systems send attendance in bulk (PUT, keyed by
placement and day, idempotent, all or nothing) and read it back (GET, paginated).

The batch is not run through a DRF serializer per row (10,000 child serializers cost about a
second); the body is parsed once, counted, and handed to ``attendance_bulk_upsert``, which
checks every row in bulk and names each bad one. The serializers
(``participatie.attendance.api.serializers``) describe the shapes for the OpenAPI document.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from participatie.api.base import TenantAPIMixin
from participatie.attendance import selectors, services
from participatie.attendance.api.serializers import (
    AttendanceBatchResultSerializer,
    AttendanceBatchSerializer,
    AttendanceQuerySerializer,
    AttendanceRowSerializer,
    AttendanceSerializer,
)
from participatie.kernel.problems import problem_response
from participatie.models import Attendance
from participatie.tenancy.permissions import Perm

# 50,000 rows with a reason each fit comfortably; anything larger is refused before it is read.
MAX_BODY_BYTES = 16 * 1024 * 1024


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = gettext_lazy("Het verzoek is te groot.")
    default_code = "payload_too_large"


class BoundedJSONParser(JSONParser):
    """JSON with a ceiling on the body: DRF reads the request stream directly, past Django's
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``, so the limit is enforced here (Content-Length first, then
    while reading, for bodies without one)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        request = (parser_context or {}).get("request")
        too_large = PayloadTooLarge(
            _(
                "Het verzoek is groter dan %(mb)s MB. Stuur hoogstens %(rows)s rijen per verzoek "
                "en verdeel grotere aantallen over meerdere verzoeken."
            )
            % {
                "mb": MAX_BODY_BYTES // (1024 * 1024),
                "rows": f"{services.MAX_ROWS:,}".replace(",", "."),
            }
        )
        try:
            declared = int((request.META if request else {}).get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BODY_BYTES:
            raise too_large
        body = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(body) > MAX_BODY_BYTES:
            raise too_large
        try:
            return json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(
                _("De inhoud is geen geldige JSON: %(error)s") % {"error": exc}
            ) from None


_ROW = frozenset(AttendanceRowSerializer().fields)

_PROBLEM = OpenApiResponse(
    OpenApiTypes.OBJECT, description="application/problem+json met `errors[].field`."
)


class AttendanceView(TenantAPIMixin, generics.GenericAPIView):
    """Attendance per placement per day. A learning-work company sees and writes only the
    placements at its own company; another company's placement is reported like an unknown id."""

    model = Attendance
    permission = {"GET": Perm.ATTENDANCE_VIEW, "PUT": Perm.ATTENDANCE_RECORD}
    parser_classes = [BoundedJSONParser]
    serializer_class = AttendanceSerializer
    filter_backends: list[Any] = []
    paginates = True
    extra_query_parameters = ("placement", "from", "to")

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
        responses={
            200: AttendanceBatchResultSerializer,
            400: _PROBLEM,
            413: _PROBLEM,
        },
        description=(
            "Bulk-upsert op (plaatsing, dag): dezelfde batch twee keer sturen verandert niets. "
            "Alles of niets: bij één foute rij wordt niets opgeslagen en noemt `errors[].field` "
            "de rij (`rows.<index>.<veld>`, vanaf 0). Hoogstens 50.000 rijen (anders 413)."
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
                {
                    "field": f"rows.{error['row']}.{error['field']}".rstrip(".")
                    if error["row"] is not None
                    else error["field"],
                    "message": error["message"],
                }
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
                errors=errors,
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
