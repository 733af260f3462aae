"""Forms of the enrolment pages. They check the shape of the input; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from participatie.enrolments.choices import EnrolmentStatus
from participatie.enrolments.services import normalise_kvk
from participatie.kernel.forms import REQUIRED, NlFormMixin
from participatie.models import Organisation
from participatie.models.tenancy import kvk_validator

MAX_PLACES_LIMIT = 1000
PLACES_ERRORS = {
    "required": _("Vul het maximaal aantal plekken in."),
    "invalid": _("Vul een heel getal in."),
    "min_value": _("Het maximaal aantal plekken is 0 of meer."),
    "max_value": _("Het maximaal aantal plekken is ten hoogste %(limit_value)s."),
}


def _places_field(**kwargs: Any) -> forms.IntegerField:
    kwargs.setdefault("label", _("Maximaal aantal plekken"))
    return forms.IntegerField(
        min_value=0,
        max_value=MAX_PLACES_LIMIT,
        error_messages=PLACES_ERRORS,
        **kwargs,
    )


class EnrolmentRegisterForm(NlFormMixin, forms.Form):
    """An existing company organisation, or a new one by name and KvK number."""

    organisation = forms.ModelChoiceField(
        label=_("Bestaand leerwerkbedrijf"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Nieuw bedrijf: vul hieronder naam en KvK-nummer in"),
        help_text=_(
            "Kies een bedrijf dat al bekend is, bijvoorbeeld omdat het in een andere gemeente "
            "meedoet. Is het bedrijf nieuw? Vul dan naam en KvK-nummer in."
        ),
        error_messages={"invalid_choice": _("Kies een leerwerkbedrijf uit de lijst.")},
    )
    name = forms.CharField(label=_("Naam van het nieuwe bedrijf"), max_length=200, required=False)
    kvk_number = forms.CharField(
        label=_("KvK-nummer van het nieuwe bedrijf"),
        max_length=20,
        required=False,
        help_text=_("8 cijfers, bijvoorbeeld 12345678."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sector = forms.CharField(
        label=_("Sector"),
        max_length=100,
        required=False,
        help_text=_("Bijvoorbeeld kringloop, groen, horeca of dieren."),
    )
    max_places = _places_field(
        required=False,
        initial=0,
        help_text=_("Hoeveel plekken het bedrijf wil bieden. U stelt dit vast bij het activeren."),
    )

    def __init__(self, *args: Any, companies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = companies  # type: ignore[attr-defined]

    def clean_kvk_number(self) -> str:
        value = normalise_kvk(self.cleaned_data["kvk_number"])
        if value:
            kvk_validator(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organisation") is None:
            for name in ("name", "kvk_number"):
                if name not in self.errors and not (data.get(name) or "").strip():
                    self.add_error(name, REQUIRED["required"])
        if data.get("max_places") is None and "max_places" not in self.errors:
            data["max_places"] = 0
        return data


YES_NO = [
    ("yes", _("Ja, het bedrijf verdringt geen betaald werk")),
    ("no", _("Nee, er is wel verdringing")),
]


class EnrolmentAssessForm(NlFormMixin, forms.Form):
    kind_of_work = forms.CharField(
        label=_("Soort werk"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Welk werk doen deelnemers bij dit bedrijf?"),
        error_messages={"required": _("Beschrijf het werk dat het bedrijf biedt.")},
    )
    guidance_offered = forms.CharField(
        label=_("Begeleiding die het bedrijf kan geven"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wie begeleidt de deelnemers, hoe vaak, en met welke ervaring?"),
        error_messages={"required": _("Beschrijf de begeleiding die het bedrijf kan geven.")},
    )
    no_displacement = forms.ChoiceField(
        label=_("Geen verdringing van betaald werk"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=_(
            "Deelnemers mogen geen werk doen dat anders door betaalde medewerkers wordt gedaan. "
            "Alleen zonder verdringing kan het bedrijf actief worden."
        ),
        error_messages={
            "required": _("Kies of het bedrijf betaald werk verdringt."),
            "invalid_choice": _("Kies of het bedrijf betaald werk verdringt."),
        },
    )
    displacement_reason = forms.CharField(
        label=_("Waarom komt u tot dit oordeel?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Leg uit waarom u tot dit oordeel komt.")},
    )

    def clean_no_displacement(self) -> bool:
        return self.cleaned_data["no_displacement"] == "yes"


class EnrolmentTransitionForm(NlFormMixin, forms.Form):
    """Activate (with the maximum number of places) or end an enrolment."""

    to_status = forms.ChoiceField(label=_("Nieuwe status"))
    max_places = _places_field(
        required=False,
        label=_("Maximaal aantal plekken (verplicht bij activeren)"),
        help_text=_("Niet lager dan het aantal lopende of geplande plaatsingen."),
    )
    notes = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(EnrolmentStatus.choices)
        choices = [(value, labels[value]) for value in allowed if value != EnrolmentStatus.ASSESSED]
        self.fields["to_status"].choices = choices  # type: ignore[attr-defined]
        self.fields["to_status"].error_messages["invalid_choice"] = _(
            "Deze status is vanuit de huidige status niet mogelijk."
        )


class EnrolmentMaxPlacesForm(NlFormMixin, forms.Form):
    max_places = _places_field()
