"""Forms of the lump-sum pages. They check the shape of the input; the rules (a weight for every
member, amounts, the reference date within the year) are in ``subsidies.lump_sum.services``,
whose errors land on these fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.kernel.forms import REQUIRED, NlFormMixin, widget_class
from participatie.models import Municipality, Organisation
from participatie.placements.forms import date_field
from subsidies.lump_sum.choices import CountMethod
from subsidies.lump_sum.services import AgreementInput, plus_field, weight_field

AMOUNT_WIDGET = {"inputmode": "decimal", "autocomplete": "off"}


def _amount_field(label: Any, *, required: bool) -> forms.CharField:
    # Text, not a number field: the service explains non-numeric input in Dutch.
    return forms.CharField(
        label=label,
        required=required,
        max_length=24,
        error_messages=REQUIRED,
        widget=forms.TextInput(attrs=AMOUNT_WIDGET),
    )


class AgreementForm(NlFormMixin, forms.Form):
    provider = forms.ModelChoiceField(
        label=gettext_lazy("Aanbieder"),
        queryset=Organisation.objects.none(),
        error_messages={
            **REQUIRED,
            "invalid_choice": gettext_lazy("Kies een aanbieder uit de lijst."),
        },
    )
    year = forms.IntegerField(
        label=gettext_lazy("Jaar"),
        error_messages={**REQUIRED, "invalid": gettext_lazy("Vul een jaar in, bijvoorbeeld 2022.")},
    )
    amount_per_participant = _amount_field(
        gettext_lazy("Lumpsum per deelnemer per jaar (€)"), required=True
    )
    count_method = forms.ChoiceField(
        label=gettext_lazy("Hoe worden de deelnemers geteld?"),
        choices=CountMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies hoe de deelnemers worden geteld (verplicht)."),
            "invalid_choice": gettext_lazy("Kies een van de manieren van tellen."),
        },
    )
    reference_date = date_field(
        gettext_lazy("Peildatum"),
        required=False,
        help_text=gettext_lazy("Alleen bij een telling op een peildatum."),
    )

    def __init__(
        self,
        *args: Any,
        providers: QuerySet[Organisation],
        members: Sequence[Municipality],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        self.members = list(members)
        for municipality in self.members:
            self.fields[weight_field(municipality.pk)] = _amount_field(
                _("Gewicht %(name)s") % {"name": municipality.name}, required=False
            )
            self.fields[plus_field(municipality.pk)] = _amount_field(
                _("Pluspakket %(name)s (€ per jaar)") % {"name": municipality.name},
                required=False,
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", widget_class(field.widget))

    def rows(self) -> list[tuple[Municipality, forms.BoundField, forms.BoundField]]:
        return [(m, self[weight_field(m.pk)], self[plus_field(m.pk)]) for m in self.members]

    def agreement_input(self) -> AgreementInput:
        data = self.cleaned_data
        return AgreementInput(
            provider=data["provider"],
            year=data["year"],
            amount_per_participant=data["amount_per_participant"],
            count_method=data["count_method"],
            reference_date=data.get("reference_date"),
            weights={m.pk: data.get(weight_field(m.pk), "") for m in self.members},
            plus={m.pk: data.get(plus_field(m.pk), "") for m in self.members},
        )


class CountForm(NlFormMixin, forms.Form):
    counted_on = forms.DateField(widget=forms.HiddenInput, error_messages=REQUIRED)
    participants = forms.CharField(
        label=gettext_lazy("Aantal deelnemers"),
        max_length=9,
        error_messages={"required": gettext_lazy("Vul het aantal deelnemers in (verplicht).")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ReviewForm(NlFormMixin, forms.Form):
    provider = forms.ModelChoiceField(
        label=gettext_lazy("Aanbieder"),
        queryset=Organisation.objects.none(),
        error_messages={
            **REQUIRED,
            "invalid_choice": gettext_lazy("Kies een aanbieder uit de lijst."),
        },
    )
    reviewed_on = date_field(gettext_lazy("Datum van de herziening"))
    note = forms.CharField(
        label=gettext_lazy("Wat is besproken en besloten"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("Hoogstens %(limit_value)s tekens.")},
    )

    def __init__(self, *args: Any, providers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
