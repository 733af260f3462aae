"""Forms of the subsidy pages. They carry the input; the rules (whole, non-negative places, a
tariff schedule for the year, the budget) live in ``subsidies.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.kernel.forms import NlFormMixin
from participatie.models import Enrolment, Step


class PlacesFormMixin(NlFormMixin):
    """One text field per step of the year's catalogue, named ``places_<code>``. Text, not
    a number field, so the service gives the same clear message for every bad value."""

    def __init__(self, *args: Any, steps: list[Step], **kwargs: Any) -> None:
        self.steps = steps
        super().__init__(*args, **kwargs)
        for step in steps:
            field = forms.CharField(
                label=_("Plekken %(step)s") % {"step": step.label},
                required=False,
                max_length=6,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            )
            field.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
            self.fields[f"places_{step.code}"] = field  # type: ignore[attr-defined]

    def places(self) -> dict[str, str]:
        data = self.cleaned_data  # type: ignore[attr-defined]
        return {step.code: data.get(f"places_{step.code}", "") for step in self.steps}

    def place_fields(self) -> list[forms.BoundField]:
        return [self[f"places_{step.code}"] for step in self.steps]  # type: ignore[index]


class ApplicationForm(PlacesFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea
    )


class DecisionForm(PlacesFormMixin, forms.Form):
    enrolment = forms.ModelChoiceField(
        label=_("Leerwerkbedrijf"), queryset=Enrolment.objects.none(), empty_label=None
    )
    over_budget_confirmed = forms.BooleanField(
        label=_("Ik bevestig dat deze beschikking boven het resterende budget mag uitkomen"),
        required=False,
    )

    def __init__(self, *args: Any, enrolments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if enrolments is None:
            del self.fields["enrolment"]
        else:
            self.fields["enrolment"].queryset = enrolments
            self.fields["enrolment"].label_from_instance = lambda e: e.organisation.name
        self.fields["over_budget_confirmed"].widget.attrs["class"] = (
            "utrecht-checkbox utrecht-checkbox--html-input"
        )


class DeterminationForm(NlFormMixin, forms.Form):
    enrolment = forms.ModelChoiceField(
        label=_("Leerwerkbedrijf"), queryset=Enrolment.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, enrolments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = enrolments
        self.fields["enrolment"].label_from_instance = lambda e: e.organisation.name
