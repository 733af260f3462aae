"""Forms of the partner and public referral pages. They check the shape; the rules (a way to
make contact, consent with a benefit, a municipality of the product) live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.forms import MatchingFormMixin, date_field
from matching.partners.services import MOTIVATION_MAX, CandidateInput
from participatie.kernel.forms import REQUIRED
from participatie.models import Municipality, Organisation
from participatie.participants.choices import Benefit
from participatie.participants.models import validate_bsn


class CandidateFields(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=100, error_messages=REQUIRED)
    last_name = forms.CharField(label=_("Achternaam"), max_length=100, error_messages=REQUIRED)
    phone = forms.CharField(
        label=_("Telefoon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Dit is geen geldig e-mailadres.")},
        help_text=_("Vul een telefoonnummer of e-mailadres in (een van beide is verplicht)."),
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )
    motivation = forms.CharField(
        label=_("Korte toelichting"),
        required=False,
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Hoogstens %(limit_value)s tekens.")},
    )


class PartnerReferralForm(MatchingFormMixin, CandidateFields):
    organisation = forms.ModelChoiceField(
        label=_("Namens"),
        queryset=Organisation.objects.none(),
        error_messages={**REQUIRED, "invalid_choice": _("Kies uw organisatie.")},
    )
    birth_date = date_field(_("Geboortedatum"))
    benefit = forms.ChoiceField(
        label=_("Uitkering"),
        choices=Benefit.choices,
        initial=Benefit.NONE,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies of de kandidaat een uitkering heeft.")},
    )
    consent_on = date_field(
        _("Datum toestemming klantmanager"),
        required=False,
        help_text=_("Verplicht bij een uitkering: de klantmanager geeft eerst toestemming."),
    )

    field_order = [
        "organisation",
        "first_name",
        "last_name",
        "birth_date",
        "phone",
        "email",
        "benefit",
        "consent_on",
        "motivation",
    ]

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organisations]
        ).order_by("name")
        if len(organisations) == 1:
            field.initial = organisations[0].pk
            field.widget = forms.HiddenInput()

    def candidate(self) -> CandidateInput:
        data = self.cleaned_data
        return CandidateInput(
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
            phone=data["phone"],
            email=data["email"],
            motivation=data["motivation"],
            benefit=data["benefit"],
            consent_on=data.get("consent_on"),
        )


class PublicInterestForm(MatchingFormMixin, CandidateFields):
    municipality = forms.ChoiceField(
        label=_("Uw gemeente"),
        error_messages={
            **REQUIRED,
            "invalid_choice": _(
                "Kies uw gemeente uit de lijst. Deze gemeente doet (nog) niet mee."
            ),
        },
    )
    # The honeypot: hidden from people (CSS and aria), filled in by robots. Not "required".
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["first_name", "last_name", "phone", "email", "municipality", "motivation"]

    def __init__(self, *args: Any, municipalities: list[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies uw gemeente"))
        ] + [(str(m.pk), m.name) for m in municipalities]
        self.order_fields(self.field_order)

    def candidate(self) -> CandidateInput:
        data = self.cleaned_data
        return CandidateInput(
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=None,
            phone=data["phone"],
            email=data["email"],
            motivation=data["motivation"],
        )


class TakeInForm(MatchingFormMixin, forms.Form):
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        help_text=_("9 cijfers; vraag het de kandidaat bij het eerste contact."),
        validators=[validate_bsn],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = date_field(_("Geboortedatum"), required=False)
    same_person = forms.BooleanField(
        label=_("Dit is dezelfde persoon als in het dossier (gegevens in het dossier blijven)"),
        required=False,
    )


class DeclineForm(MatchingFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Waarom past de verwijzing niet?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Geef aan waarom de verwijzing niet past (verplicht)."),
            "max_length": _("Hoogstens %(limit_value)s tekens."),
        },
    )


class ConsentForm(MatchingFormMixin, forms.Form):
    benefit = forms.ChoiceField(
        label=_("Uitkering"),
        choices=[(Benefit.SDD, Benefit.SDD.label), (Benefit.UWV, Benefit.UWV.label)],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies de uitkering (verplicht)."),
            "invalid_choice": _("Kies de uitkering waarvoor u toestemming geeft."),
        },
    )
    consent_on = date_field(_("Datum van uw toestemming"))
