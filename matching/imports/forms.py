"""Forms of the import pages: the upload, the column mapping and the transfer. Shape only: the
rules are in ``services`` and the engine."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching.imports.columns import (
    BY_NAME,
    FULL_NAME,
    FULL_NAME_LABEL,
    MAPPING_TARGETS,
    column_letter,
)
from matching.imports.models import CaseloadImport
from participatie.kernel.forms import REQUIRED, NlFormMixin
from participatie.models import Enrolment, Municipality


class UploadForm(NlFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bestand"),
        help_text=gettext_lazy(
            "Een Excel-bestand (.xlsx) of CSV-bestand (met ; of , gescheiden). Gebruik het "
            "sjabloon, of uw eigen spreadsheet: daarna koppelt u de kolommen."
        ),
        error_messages={**REQUIRED, "empty": gettext_lazy("Het bestand is leeg.")},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


def _label(target: str) -> str:
    return str(FULL_NAME_LABEL) if target == FULL_NAME else str(BY_NAME[target].label)


class MappingForm(NlFormMixin, forms.Form):
    """One choice per template column: which column of the file holds it."""

    save_mapping = forms.BooleanField(
        label=gettext_lazy("Bewaar deze koppeling voor een volgend bestand"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, run: CaseloadImport, **kwargs: Any) -> None:
        self.run = run
        initial = {f"col_{target}": str(index) for target, index in run.mapping.items()}
        kwargs.setdefault("initial", {}).update(initial)
        choices = [("", _("— staat niet in het bestand —"))] + [
            (
                str(index),
                f"{column_letter(index)}: {heading}"
                if heading
                else _("%(column)s (kolom zonder kop)") % {"column": column_letter(index)},
            )
            for index, heading in enumerate(run.headers)
        ]
        fields: dict[str, forms.Field] = {}
        for target in MAPPING_TARGETS:
            column = BY_NAME.get(target)
            required_note = _(" (verplicht)") if column is not None and column.required else ""
            fields[f"col_{target}"] = forms.ChoiceField(
                label=_label(target) + required_note,
                choices=choices,
                required=False,
                help_text=str(column.explanation)
                if column is not None
                else _(
                    "Gebruik dit als uw bestand één kolom met de hele naam heeft; het eerste "
                    "woord wordt de voornaam, de rest de achternaam."
                ),
            )
        self.base_fields = {**fields, "save_mapping": self.base_fields["save_mapping"]}
        super().__init__(*args, **kwargs)

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("col_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("col_") and value not in (None, "")
        }

    def add_mapping_errors(self, errors: dict[str, list[str]]) -> None:
        for target, messages in errors.items():
            name = f"col_{target}"
            self.add_error(name if name in self.fields else None, messages)


class TransferForm(NlFormMixin, forms.Form):
    to = forms.ModelChoiceField(
        label=gettext_lazy("Naar gemeente"),
        queryset=Municipality.objects.none(),
        error_messages=REQUIRED,
        help_text=gettext_lazy(
            "Alleen de accounthouders van die gemeente kunnen het bestand openen en importeren."
        ),
    )
    current_only = forms.BooleanField(
        label=gettext_lazy("Alleen plaatsingen die nu lopen of nog beginnen"), required=False
    )
    enrolment = forms.ModelChoiceField(
        label=gettext_lazy("Alleen bij dit leerwerkbedrijf"),
        queryset=Enrolment.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alle leerwerkbedrijven"),
    )
    home_municipality = forms.ModelChoiceField(
        label=gettext_lazy("Alleen inwoners van"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=gettext_lazy("Alle woongemeenten"),
        help_text=gettext_lazy("Bijvoorbeeld de gemeente waar deelnemers naartoe verhuizen."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Municipality.objects.exclude(pk=municipality.pk).order_by("name")
        self.fields["to"].queryset = others  # type: ignore[attr-defined]
        self.fields["home_municipality"].queryset = Municipality.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["enrolment"].queryset = (  # type: ignore[attr-defined]
            Enrolment.objects.filter(municipality=municipality)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.fields["enrolment"].label_from_instance = lambda e: e.organisation.name  # type: ignore[attr-defined]
