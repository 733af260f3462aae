"""Serializers of the report API: the kinds a user may request (with the parameters of the
page's form), a run with its status, progress and files. Runs are named by their random
reference, never by a counting id; who asked is not named."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from participatie.models import ReportRun
from participatie.reports import registry
from participatie.reports.models import REPORT_FORMATS, ReportStatus
from participatie.reports.registry import ReportKind
from participatie.reports.selectors import report_progress


def parameter_type(field: forms.Field) -> str:
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.BooleanField):
        return "boolean"
    if isinstance(field, forms.IntegerField):
        return "integer"
    if isinstance(field, forms.ModelChoiceField):
        return "id"
    if isinstance(field, forms.ChoiceField):
        return "choice"
    return "string"


class ReportParameterSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    type = serializers.ChoiceField(
        choices=["date", "boolean", "integer", "id", "choice", "string"],
        help_text=_("Een datum als jjjj-mm-dd; een id is een leerwerkbedrijf (enrolments)."),
    )
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField(), allow_null=True)
    help_text = serializers.CharField(allow_blank=True)


class ReportKindSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    parameters = serializers.SerializerMethodField()

    @extend_schema_field(ReportParameterSerializer(many=True))
    def get_parameters(self, kind: ReportKind) -> list[dict[str, Any]]:
        found = []
        for name, field in kind.form.base_fields.items():
            static = isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            )
            found.append(
                {
                    "name": name,
                    "label": str(field.label or name),
                    "type": parameter_type(field),
                    "required": field.required,
                    "choices": (
                        [str(value) for value, _label in field.choices if value != ""]
                        if static
                        else None
                    ),
                    "help_text": str(field.help_text or ""),
                }
            )
        return ReportParameterSerializer(found, many=True).data


class ReportFileSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(REPORT_FORMATS))
    url = serializers.CharField()


class ReportRunSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField(help_text=_("Voortgang in procenten (0-100)."))
    progress_label = serializers.SerializerMethodField()
    finished = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField(
        help_text=_("De bestanden van een klare rapportage, elk met de downloadlink.")
    )

    class Meta:
        model = ReportRun
        fields = [
            "reference",
            "kind",
            "title",
            "parameters",
            "status",
            "progress",
            "progress_label",
            "finished",
            "message",
            "scheduled",
            "requested_at",
            "started_at",
            "finished_at",
            "expires_at",
            "files",
        ]

    def get_title(self, run: ReportRun) -> str:
        kind = registry.report_kind(run.kind)
        return str(kind.title) if kind is not None else run.kind

    def get_progress(self, run: ReportRun) -> int:
        return report_progress(run).percent

    def get_progress_label(self, run: ReportRun) -> str:
        return report_progress(run).label

    def get_finished(self, run: ReportRun) -> bool:
        return report_progress(run).finished

    @extend_schema_field(ReportFileSerializer(many=True))
    def get_files(self, run: ReportRun) -> list[dict[str, str]]:
        if run.status != ReportStatus.DONE:
            return []
        slug = self.context["municipality_slug"]
        request = self.context.get("request")
        found = []
        for fmt in REPORT_FORMATS:
            if getattr(run, fmt):
                path = reverse(
                    "api-reportrun-file",
                    kwargs={"municipality_slug": slug, "reference": run.reference, "fmt": fmt},
                )
                found.append(
                    {"format": fmt, "url": request.build_absolute_uri(path) if request else path}
                )
        return found


class ReportRunInputSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=64, help_text=_("Verplicht: zie report-kinds."))
    parameters = serializers.DictField(
        required=False,
        default=dict,
        help_text=_(
            "De parameters van de soort (zie report-kinds), bijvoorbeeld "
            '{"year": 2024, "quarter": 1}; datums als jjjj-mm-dd.'
        ),
    )
    force = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Opnieuw maken, ook als er al een rapportage is voor dezelfde gegevens."),
    )
