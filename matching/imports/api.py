"""The import API, for systems that deliver a caseload (a matching unit's own administration,
the previous provider): upload with a dry run, read the run with its problems, commit, undo.
Thin views: the rules are in ``services`` and the engine. Every method needs
``Perm.CASELOAD_IMPORT``; runs of a transfer only for account holders (the selector).

Row problems are the run's content (``errors``, ``warnings``, each with ``row`` and ``column``
as the spreadsheet shows them). Input that cannot be a run at all (no file, not a spreadsheet,
a mapping without a BSN column) is 400 ``application/problem+json`` naming the field; a commit
asked for a file with errors is 422 with those errors, and nothing is written.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from matching.imports import files, parsing, selectors, services
from matching.imports.choices import ImportStatus
from matching.imports.columns import MAPPING_TARGETS
from matching.imports.mapping import mapping_from_headings
from matching.imports.models import CaseloadImport
from participatie.api.base import TenantActionView, TenantAPIMixin, validated
from participatie.api.limits import BoundedJSONParser
from participatie.kernel.problems import PROBLEM_CONTENT_TYPE, invalid_param, problem_response
from participatie.privacy.audit import record_read
from participatie.tenancy.permissions import Perm

# -- serializers ----------------------------------------------------------------------------------


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        allow_null=True,
        help_text="Regelnummer zoals de spreadsheet het toont; leeg: het hele bestand.",
    )
    column = serializers.CharField(help_text="Kolomletter zoals Excel die toont (C), of leeg.")
    field = serializers.CharField(help_text="De kolom van het sjabloon (geboortedatum).")
    message = serializers.CharField()


class ImportSerializer(serializers.ModelSerializer):
    errors = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    undo_until = serializers.SerializerMethodField()
    error_file = serializers.SerializerMethodField()

    class Meta:
        model = CaseloadImport
        fields = [
            "reference",
            "status",
            "source",
            "file_name",
            "sha256",
            "headers",
            "mapping",
            "rows",
            "error_count",
            "warning_count",
            "errors",
            "warnings",
            "participants_created",
            "participants_updated",
            "placements_created",
            "placements_updated",
            "unchanged",
            "message",
            "created_at",
            "checked_at",
            "committed_at",
            "undone_at",
            "undo_until",
            "error_file",
        ]
        read_only_fields = fields

    def _problems(self, run: CaseloadImport, level: str) -> list[dict[str, Any]]:
        return [
            {key: p.get(key) for key in ("row", "column", "field", "message")}
            for p in run.problems
            if p.get("level") == level
        ]

    @extend_schema_field(ImportProblemSerializer(many=True))
    def get_errors(self, run: CaseloadImport) -> list[dict[str, Any]]:
        return self._problems(run, "error")

    @extend_schema_field(ImportProblemSerializer(many=True))
    def get_warnings(self, run: CaseloadImport) -> list[dict[str, Any]]:
        return self._problems(run, "warning")

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_undo_until(self, run: CaseloadImport) -> str | None:
        deadline = services.undo_deadline(run) if run.status == ImportStatus.COMMITTED else None
        return deadline.isoformat() if deadline else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_error_file(self, run: CaseloadImport) -> str | None:
        if not run.error_file:
            return None
        return reverse("api-import-errors", args=[run.municipality.slug, run.reference])


class ImportCreateInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="XLSX, of CSV in UTF-8 of Windows-1252 (; of ,).")
    dry_run = serializers.BooleanField(
        default=True,
        help_text="Waar (standaard): alleen controleren. Onwaar: controleren en, zonder fouten, "
        "meteen importeren.",
    )
    mapping = serializers.CharField(
        required=False,
        help_text="JSON-object sjabloonkolom -> kop in het bestand, bijvoorbeeld "
        '{"bsn": "BSN-nummer", "naam": "Naam deelnemer"}. Zonder: de herkende koppen.',
    )

    def validate_mapping(self, value: str) -> dict[str, str]:
        try:
            parsed = json.loads(value)
        except ValueError:
            raise serializers.ValidationError(_("Dit is geen JSON.")) from None
        if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
            raise serializers.ValidationError(
                _("Geef een object met per sjabloonkolom de kop in het bestand.")
            )
        unknown = sorted(set(parsed) - set(MAPPING_TARGETS))
        if unknown:
            raise serializers.ValidationError(
                _("Onbekende kolommen van het sjabloon: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return parsed


class EmptySerializer(serializers.Serializer):
    pass


# -- views ----------------------------------------------------------------------------------------


def _body(run: CaseloadImport, context: dict[str, Any]) -> dict[str, Any]:
    return ImportSerializer(run, context=context).data


def _invalid(request: Request, field: str, message: str, code: int = 400) -> JsonResponse:
    return problem_response(
        code,
        _("De invoer is ongeldig.") if code == 400 else message,
        request=request,
        invalid_params=[invalid_param(field, message)],
    )


def _field_problems(request: Request, error: ValidationError) -> JsonResponse:
    errors = [
        invalid_param(
            f"mapping.{name}" if name != "mapping" else "mapping",
            message.messages[0],
            message.code or "invalid",
        )
        for name, messages in error.error_dict.items()
        for message in messages
    ]
    return problem_response(
        400, _("De invoer is ongeldig."), request=request, invalid_params=errors
    )


def _with_errors(request: Request, run: CaseloadImport) -> JsonResponse:
    """422: the file has errors, nothing was imported; the run stays for reading."""
    body = {
        "type": "about:blank",
        "title": "Onverwerkbare invoer",
        "status": 422,
        "detail": _("Het bestand heeft fouten. Er is niets geïmporteerd."),
        "instance": request.path,
        "import": str(run.reference),
        "invalidParams": [
            {
                "name": p.get("field") or "file",
                "code": p.get("code") or "invalid",
                "reason": p.get("message"),
                "row": p.get("row"),
                "column": p.get("column"),
            }
            for p in run.problems
            if p.get("level") == "error"
        ],
    }
    return JsonResponse(body, status=422, content_type=PROBLEM_CONTENT_TYPE)


@extend_schema_view(
    post=extend_schema(
        request={"multipart/form-data": ImportCreateInputSerializer},
        responses={
            201: ImportSerializer,
            202: OpenApiResponse(ImportSerializer, description="Groot bestand: wordt verwerkt."),
            (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                description="application/problem+json: geen bruikbaar bestand of koppeling."
            ),
            (422, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                description="application/problem+json: het bestand heeft fouten; "
                "`invalidParams[]` met `row` en `column`. Niets geïmporteerd."
            ),
        },
        summary="Caseload uploaden (proefimport of import)",
    )
)
class ImportListView(TenantAPIMixin, generics.ListAPIView):
    """Import runs of this municipality, newest first. POST uploads a file and checks every
    row (the dry run); with ``dry_run=false`` it also imports when nothing is wrong."""

    created_url_name = "api-import-detail"
    created_lookup = "reference"
    created_lookup_field = "reference"

    permission = {"GET": Perm.CASELOAD_IMPORT, "POST": Perm.CASELOAD_IMPORT}
    serializer_class = ImportSerializer
    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]
    # A spreadsheet of up to 50,000 rows.
    max_body_bytes = settings.API_MAX_BULK_BODY_BYTES
    filter_backends: list[Any] = []

    def tenant_queryset(self) -> QuerySet[CaseloadImport]:
        return selectors.imports_visible_to(self.access).select_related("municipality")

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        data = validated(ImportCreateInputSerializer, request, {})
        municipality = self.access.municipality
        assert municipality is not None
        upload = data["file"]
        try:
            run = services.import_upload(
                municipality=municipality,
                content=upload.read(),
                file_name=upload.name,
                actor=request.user,
                source="api",
                organisation=selectors.mapping_owner(self.access),
            )
        except parsing.FileRefused as refused:
            return _invalid(request, "file", str(refused))
        try:
            if "mapping" in data:
                columns = mapping_from_headings(data["mapping"], run.headers, run.mapping)
                run = services.import_map(run=run, columns=columns, actor=request.user)
            run = services.import_check(run=run, actor=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                return _field_problems(request, error)
            return _invalid(request, "file", " ".join(error.messages))
        if run.status == ImportStatus.REFUSED:
            return _invalid(request, "file", run.message)
        if not data["dry_run"] and run.status == ImportStatus.CHECKED:
            if run.error_count:
                return _with_errors(request, run)
            run = services.import_commit(run=run, actor=request.user)
        code = status.HTTP_202_ACCEPTED if run.is_busy else status.HTTP_201_CREATED
        return Response(_body(run, self.get_serializer_context()), status=code)


class ImportDetailView(TenantAPIMixin, generics.RetrieveAPIView):
    """One run with its problems and counts (poll it while ``status`` is checking or
    committing)."""

    permission = {"GET": Perm.CASELOAD_IMPORT}
    serializer_class = ImportSerializer
    lookup_field = "reference"

    def tenant_queryset(self) -> QuerySet[CaseloadImport]:
        return selectors.imports_visible_to(self.access).select_related("municipality")


def _conflict(request: Request, error: ValidationError) -> JsonResponse:
    return problem_response(409, " ".join(error.messages), request=request)


@extend_schema(
    request=EmptySerializer,
    responses={
        200: ImportSerializer,
        202: ImportSerializer,
        (409, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            description="application/problem+json: niet gecontroleerd, fouten, of al uitgevoerd."
        ),
        (422, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            description="application/problem+json: bij het importeren bleek iets veranderd; "
            "niets geïmporteerd."
        ),
    },
    summary="Gecontroleerde import uitvoeren",
)
class ImportCommitView(TenantActionView):
    """Import a checked run without errors: all or nothing."""

    model = CaseloadImport
    permission = {"POST": Perm.CASELOAD_IMPORT}
    input_serializer_class = EmptySerializer
    output_serializer_class = ImportSerializer
    lookup_field = "reference"

    def tenant_queryset(self) -> QuerySet[CaseloadImport]:
        return selectors.imports_visible_to(self.access).select_related("municipality")

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        try:
            run = services.import_commit(run=self.object, actor=request.user)
        except ValidationError as error:
            return _conflict(request, error)
        if run.status == ImportStatus.CHECKED:
            return _with_errors(request, run)
        code = status.HTTP_202_ACCEPTED if run.is_busy else status.HTTP_200_OK
        return Response(_body(run, self.get_serializer_context()), status=code)


@extend_schema(
    request=EmptySerializer,
    responses={
        200: ImportSerializer,
        (409, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            description="application/problem+json: kan niet (meer) ongedaan worden gemaakt."
        ),
    },
    summary="Import ongedaan maken",
)
class ImportUndoView(TenantActionView):
    """Undo a committed run within 30 days, while none of its placements is in an approved
    statement."""

    model = CaseloadImport
    permission = {"POST": Perm.CASELOAD_IMPORT}
    input_serializer_class = EmptySerializer
    output_serializer_class = ImportSerializer
    lookup_field = "reference"

    def tenant_queryset(self) -> QuerySet[CaseloadImport]:
        return selectors.imports_visible_to(self.access).select_related("municipality")

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        try:
            run = services.import_undo(run=self.object, actor=request.user)
        except ValidationError as error:
            return _conflict(request, error)
        return Response(_body(run, self.get_serializer_context()))


@extend_schema(
    responses={(200, files.CONTENT_TYPE): OpenApiTypes.BINARY},
    summary="Het bestand met de meldingen gemarkeerd",
)
class ImportErrorFileView(TenantAPIMixin, generics.GenericAPIView):
    """The uploaded file back as XLSX, with the problem cells marked and a ``fouten`` column."""

    model = CaseloadImport
    permission = {"GET": Perm.CASELOAD_IMPORT}
    lookup_field = "reference"
    serializer_class = EmptySerializer

    def tenant_queryset(self) -> QuerySet[CaseloadImport]:
        return selectors.imports_visible_to(self.access)

    def get(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        run = self.get_object()
        if not run.error_file or not run.error_file.storage.exists(run.error_file.name):
            raise Http404
        record_read(request, run)
        return FileResponse(
            run.error_file.open("rb"),
            as_attachment=True,
            filename="meldingen.xlsx",
            content_type=files.CONTENT_TYPE,
        )
