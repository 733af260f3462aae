"""Forms of the platform administration. They carry the input; the rules (unique names and web
addresses, CBS code, KvK number, which kind of organisation needs what) live in
``participatie.platform.services``, so a form error and a service error read the same."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from participatie.choices import ROLE_ORGANISATION_KINDS, OrganisationKind, Role
from participatie.kernel.forms import REQUIRED, NlFormMixin
from participatie.models import Municipality, Organisation, Region
from participatie.placements.forms import DATE_ERRORS, DateInput

CHOICE = {"invalid_choice": _("Kies een waarde uit de lijst.")}


class OrganisationChoiceField(forms.ModelChoiceField):
    """An organisation by its name (names are unique on the platform)."""

    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


def _conditional(field: forms.Field) -> forms.Field:
    """Required for some kinds only: the page says when in the help text, not "niet verplicht"."""
    field.conditional = True  # type: ignore[attr-defined]
    return field


def _slug_field(help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Webadres"),
        help_text=help_text,
        error_messages=REQUIRED,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class RegionForm(NlFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100, error_messages=REQUIRED)
    slug = _slug_field(
        _(
            "Het deel van het webadres na /regio/, bijvoorbeeld drechtsteden. Alleen kleine "
            "letters, cijfers en streepjes."
        )
    )


class MunicipalityForm(NlFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100, error_messages=REQUIRED)
    slug = _slug_field(
        _(
            "Het eerste deel van het webadres van de gemeente, bijvoorbeeld proefstad. Alleen "
            "kleine letters, cijfers en streepjes."
        )
    )
    cbs_code = forms.CharField(
        label=_("CBS-code"),
        help_text=_("GM en 4 cijfers, bijvoorbeeld GM0505."),
        error_messages=REQUIRED,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    region = forms.ModelChoiceField(
        label=_("Regio"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Geen regio"),
        error_messages={"invalid_choice": _("Kies een regio uit de lijst.")},
    )
    budget_key_contribution = forms.DecimalField(
        label=_("Bijdrage verdeelsleutel"),
        required=False,
        localize=True,
        help_text=_(
            "Het bedrag waarmee het regionale budget over de gemeenten wordt verdeeld, in euro's, "
            "bijvoorbeeld 7741339,00. Dit kan ook later."
        ),
        error_messages={
            "invalid": _("Vul een bedrag in, bijvoorbeeld 7741339,00."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class OrganisationForm(NlFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200, error_messages=REQUIRED)
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[("", _("Kies een soort")), *OrganisationKind.choices],
        error_messages={
            "required": _("Kies een soort organisatie."),
            "invalid_choice": _("Kies een soort organisatie uit de lijst."),
        },
    )
    kvk_number = _conditional(
        forms.CharField(
            label=_("KvK-nummer"),
            required=False,
            max_length=20,
            help_text=_("8 cijfers, bijvoorbeeld 12345678. Verplicht voor een leerwerkbedrijf."),
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
    )
    municipality = _conditional(
        forms.ModelChoiceField(
            label=_("Gemeente"),
            queryset=Municipality.objects.order_by("name"),
            required=False,
            empty_label=_("Geen gemeente"),
            help_text=_("Verplicht voor een gemeentelijke organisatie; anders leeg laten."),
            error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
        )
    )
    region = _conditional(
        forms.ModelChoiceField(
            label=_("Regio"),
            queryset=Region.objects.order_by("name"),
            required=False,
            empty_label=_("Geen regio"),
            help_text=_(
                "Verplicht voor een regionaal samenwerkingsverband; mag bij een sociale dienst; "
                "anders leeg laten."
            ),
            error_messages={"invalid_choice": _("Kies een regio uit de lijst.")},
        )
    )
    sector = forms.CharField(
        label=_("Sector"),
        max_length=100,
        required=False,
        help_text=_("Bij een leerwerkbedrijf, bijvoorbeeld kringloop, groen of horeca."),
    )
    contact_email = forms.CharField(
        label=_("E-mailadres voor contact"),
        max_length=254,
        required=False,
        help_text=_(
            "Een algemeen adres van de organisatie, bijvoorbeeld info@kringloop.nl. Hierheen "
            "gaan brieven, zoals de beschikking van een leerwerkbedrijf."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class OrganisationFilterForm(NlFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[("", _("Alle soorten")), *OrganisationKind.choices],
        error_messages=CHOICE,
    )

    def chosen(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""


class ServiceAreaAddForm(NlFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.none(),
        empty_label=_("Kies een gemeente"),
        error_messages={
            "required": _("Kies een gemeente."),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    since = forms.DateField(
        label=_("Sinds"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]


def roles_for_kind(kind: str | None) -> list[tuple[str, str]]:
    """The roles that fit an organisation kind (all roles when the kind is not known yet)."""
    return [
        (value, str(label))
        for value, label in Role.choices
        if kind is None or kind in ROLE_ORGANISATION_KINDS[value]
    ]


class InvitationForm(NlFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={**REQUIRED, "invalid": _("Vul een geldig e-mailadres in.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    organisation = OrganisationChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Kies een organisatie"),
        error_messages={
            "required": _("Kies een organisatie."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        help_text=_("De rol moet passen bij het soort organisatie."),
        error_messages={
            "required": _("Kies een rol."),
            "invalid_choice": _("Kies een rol uit de lijst."),
        },
    )

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies een rol")),
            *roles_for_kind(organisation.kind if organisation is not None else None),
        ]
