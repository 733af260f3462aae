"""Forms of the enrolment pages. They check the shape of the input; the rules live in services."""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from participatie.enrolments.choices import EnrolmentStatus
from participatie.enrolments.services import normalise_kvk
from participatie.kernel.forms import NlFormMixin
from participatie.models.tenancy import kvk_validator

MAX_PLACES_LIMIT = 1000


class EnrolmentRegisterForm(NlFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam van het bedrijf"), max_length=200)
    kvk_number = forms.CharField(
        label=_("KvK-nummer"),
        max_length=20,
        help_text=_("8 cijfers, bijvoorbeeld 12345678."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sector = forms.CharField(
        label=_("Sector"),
        max_length=100,
        required=False,
        help_text=_("Bijvoorbeeld kringloop, groen, horeca of dieren."),
    )
    max_places = forms.IntegerField(
        label=_("Maximaal aantal plekken"),
        min_value=0,
        max_value=MAX_PLACES_LIMIT,
        initial=0,
        error_messages={
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Het maximaal aantal plekken is 0 of meer."),
            "max_value": _("Het maximaal aantal plekken is ten hoogste %(limit_value)s."),
        },
    )

    def clean_kvk_number(self) -> str:
        value = normalise_kvk(self.cleaned_data["kvk_number"])
        kvk_validator(value)
        return value


class EnrolmentTransitionForm(NlFormMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("Nieuwe status"))
    notes = forms.CharField(
        label=_("Beoordeling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Welk werk, welke begeleiding, en waarom dit geen betaald werk verdringt."),
    )
    max_places = forms.IntegerField(
        label=_("Maximaal aantal plekken"),
        min_value=0,
        max_value=MAX_PLACES_LIMIT,
        validators=[MinValueValidator(0)],
        error_messages={
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Het maximaal aantal plekken is 0 of meer."),
            "max_value": _("Het maximaal aantal plekken is ten hoogste %(limit_value)s."),
        },
    )

    def __init__(self, *args: object, allowed: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(EnrolmentStatus.choices)
        self.fields["to_status"].choices = [(value, labels[value]) for value in allowed]
        self.fields["to_status"].error_messages["invalid_choice"] = _(
            "Deze status is vanuit de huidige status niet mogelijk."
        )
