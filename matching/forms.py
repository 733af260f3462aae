"""Forms of the matching unit's pages. They check the shape of the input (a BSN that passes the
eleven test, a consent when there is a benefit); the rules live in ``matching.services``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.choices import HandoverParty, IntakeOutcome, ReferralSource
from participatie.enrolments.choices import GuidanceKind, WorkEnvironment
from participatie.kernel.forms import REQUIRED, NlFormMixin
from participatie.participants.choices import Benefit
from participatie.participants.models import (
    validate_birth_date,
    validate_bsn,
    validate_consent_date,
    validate_postcode,
)
from participatie.placements.choices import PlacementKind

DATE_INPUT = {"type": "date"}
DATE_ERRORS = {**REQUIRED, "invalid": _("Vul een geldige datum in (dd-mm-jjjj).")}


def date_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
        **kwargs,
    )


class MatchingFormMixin(NlFormMixin):
    """The core pages' widget classes, plus checkboxes that look like NL Design System ones."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"
            elif isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = (
                    "utrecht-radio-button utrecht-radio-button--html-input"
                )
            field.error_messages["required"] = REQUIRED["required"]


SAME_PERSON = "yes"
OTHER_PERSON = "no"


class ReferralRegisterForm(MatchingFormMixin, forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    last_name = forms.CharField(label=_("Achternaam"), max_length=100)
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        help_text=_("9 cijfers; het nummer moet de elfproef doorstaan."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = date_field(_("Geboortedatum"))
    address = forms.CharField(label=_("Adres"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        help_text=_("Bijvoorbeeld 3311 AB."),
    )
    city = forms.CharField(label=_("Woonplaats"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Telefoon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in.")},
    )
    benefit = forms.ChoiceField(label=_("Uitkering"), choices=Benefit.choices, initial=Benefit.NONE)
    consent_by = forms.CharField(
        label=_("Toestemming klantmanager: naam (verplicht bij een uitkering)"),
        max_length=200,
        required=False,
        help_text=_("Verplicht bij een uitkering: wie gaf toestemming (naam en organisatie)."),
    )
    consent_on = date_field(
        _("Toestemming klantmanager: datum (verplicht bij een uitkering)"), required=False
    )
    source = forms.ChoiceField(label=_("Aangemeld via"), choices=ReferralSource.choices)
    referred_on = date_field(_("Aanmelddatum"))
    referrer = forms.CharField(
        label=_("Verwijzer"),
        max_length=200,
        required=False,
        help_text=_("Naam en organisatie van de verwijzer."),
    )
    notes = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    # Asked only when the BSN is known here with other data (see ``referral_register``).
    same_person = forms.ChoiceField(
        label=_("Is dit dezelfde persoon?"),
        choices=[
            (SAME_PERSON, _("Ja, dezelfde persoon: neem mijn wijzigingen over")),
            (OTHER_PERSON, _("Nee, ik heb het BSN verkeerd getypt")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    apply_corrections = forms.MultipleChoiceField(
        label=_("Wijzigingen overnemen"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    existing_reference = forms.UUIDField(required=False, widget=forms.HiddenInput)

    PARTICIPANT_FIELDS = (
        "first_name",
        "last_name",
        "bsn",
        "birth_date",
        "address",
        "postcode",
        "city",
        "phone",
        "email",
        "benefit",
        "consent_by",
        "consent_on",
    )

    def fieldsets(self) -> list[tuple[Any, Any, list[forms.BoundField]]]:
        """(legend, explanation, fields) per part of the page."""
        groups = (
            (_("Kandidaat"), "", self.PARTICIPANT_FIELDS[:9]),
            (
                _("Uitkering"),
                _(
                    "Met een uitkering van de SDD of het UWV kan iemand pas starten na "
                    "toestemming van de klantmanager. Zonder uitkering is die niet nodig."
                ),
                self.PARTICIPANT_FIELDS[9:],
            ),
            (_("Aanmelding"), "", ("source", "referred_on", "referrer", "notes")),
        )
        return [(legend, text, [self[name] for name in names]) for legend, text, names in groups]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["apply_corrections"].choices = [  # type: ignore[attr-defined]
            (name, self.fields[name].label) for name in self.PARTICIPANT_FIELDS if name != "bsn"
        ]

    def clean_bsn(self) -> str:
        value = "".join(ch for ch in self.cleaned_data["bsn"] if ch not in " .-")
        validate_bsn(value)
        return value

    def clean_birth_date(self) -> date:
        # The service checks it too; here it shows beside the form's other errors at once.
        value: date = self.cleaned_data["birth_date"]
        validate_birth_date(value, today=timezone.localdate())
        return value

    def clean_consent_on(self) -> date | None:
        value: date | None = self.cleaned_data["consent_on"]
        if value is not None:
            validate_consent_date(value, today=timezone.localdate())
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip().upper()
        if not value:
            return ""
        compact = value.replace(" ", "")
        value = f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else value
        validate_postcode(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("benefit") and data["benefit"] != Benefit.NONE:
            if not (data.get("consent_by") or "").strip():
                self.add_error(
                    "consent_by",
                    _(
                        "Bij een uitkering is toestemming van de klantmanager nodig: vul de "
                        "naam in."
                    ),
                )
            if not data.get("consent_on") and "consent_on" not in self.errors:
                self.add_error(
                    "consent_on",
                    _(
                        "Bij een uitkering is toestemming van de klantmanager nodig: vul de "
                        "datum in."
                    ),
                )
        return data

    def participant_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.PARTICIPANT_FIELDS}
        data["consent_by"] = data["consent_by"].strip()
        if data["benefit"] == Benefit.NONE:
            data["consent_by"], data["consent_on"] = "", None
        return data


class IntakeForm(MatchingFormMixin, forms.Form):
    intake_date = date_field(_("Intakedatum"))
    informed = forms.BooleanField(label=_("Geïnformeerd over de participatieplek"), required=False)
    motivated = forms.BooleanField(label=_("Gemotiveerd en doet vrijwillig mee"), required=False)
    consent = forms.BooleanField(
        label=_("Toestemming van de deelnemer voor het delen van gegevens"), required=False
    )
    ci_day_care = forms.BooleanField(
        label=_("Geïndiceerde dagbesteding nodig of aanwezig"), required=False
    )
    ci_independent_volunteering = forms.BooleanField(
        label=_("Kan zelfstandig vrijwilligerswerk doen"), required=False
    )
    ci_paid_work = forms.BooleanField(label=_("Kan (beschut) betaald werk doen"), required=False)
    ci_regular_education = forms.BooleanField(label=_("Volgt regulier onderwijs"), required=False)
    wishes = forms.CharField(
        label=_("Wensen en interesses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sector, soort werk, werkomgeving, begeleiding, afstand tot huis."),
    )
    intake_notes = forms.CharField(
        label=_("Intakenotities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Alleen zichtbaar voor de matchingsunit."),
    )

    SCREENING = ("informed", "motivated", "consent")
    CONTRA_INDICATIONS = (
        "ci_day_care",
        "ci_independent_volunteering",
        "ci_paid_work",
        "ci_regular_education",
    )


OUTCOME_CHOICES = [
    (IntakeOutcome.WAITING, _("Passend: wacht op een plek")),
    (IntakeOutcome.WARM_HANDOVER, _("Warme overdracht")),
    (IntakeOutcome.NOT_ELIGIBLE, _("Niet passend")),
    (IntakeOutcome.WITHDRAWN, _("Teruggetrokken")),
]


class OutcomeForm(MatchingFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=OUTCOME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een uitkomst.")},
    )
    handover_to = forms.ChoiceField(
        label=_("Overgedragen aan"),
        choices=[("", _("— kies bij een warme overdracht —")), *HandoverParty.choices],
        required=False,
    )
    handover_note = forms.CharField(
        label=_("Toelichting overdracht"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld de naam van de contactpersoon."),
    )
    not_eligible_reason = forms.CharField(
        label=_("Reden niet passend"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome == IntakeOutcome.WARM_HANDOVER and not data.get("handover_to"):
            self.add_error("handover_to", _("Kies aan wie de deelnemer is overgedragen."))
        if (
            outcome == IntakeOutcome.NOT_ELIGIBLE
            and not data.get("not_eligible_reason", "").strip()
        ):
            self.add_error("not_eligible_reason", _("Geef aan waarom de deelnemer niet past."))
        return data


class MatchingSearchForm(MatchingFormMixin, forms.Form):
    sector = forms.CharField(
        label=_("Sector"),
        max_length=100,
        required=False,
        help_text=_("Bijvoorbeeld groen, horeca, dieren of kringloop."),
    )
    work_environment = forms.ChoiceField(
        label=_("Werkomgeving"),
        choices=[("", _("Alle werkomgevingen")), *WorkEnvironment.choices],
        required=False,
    )
    guidance_kind = forms.ChoiceField(
        label=_("Soort begeleiding"),
        choices=[("", _("Alle soorten begeleiding")), *GuidanceKind.choices],
        required=False,
    )


class PlaceForm(MatchingFormMixin, forms.Form):
    start_date = date_field(_("Startdatum"))
    hours_per_week = forms.DecimalField(
        label=_("Uren per week"),
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=40,
        error_messages={
            **REQUIRED,
            "invalid": _("Vul een getal in, bijvoorbeeld 12 of 12,5."),
            "min_value": _("Het aantal uren per week ligt tussen 0 en 40."),
            "max_value": _("Het aantal uren per week ligt tussen 0 en 40."),
            "max_decimal_places": _("Gebruik hooguit één cijfer achter de komma."),
            "max_digits": _("Het aantal uren per week ligt tussen 0 en 40."),
        },
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Soort plek"), choices=PlacementKind.choices, initial=PlacementKind.REGULAR
    )
    orientation_employer = forms.CharField(
        label=_("Werkgever oriëntatieplek"),
        max_length=200,
        required=False,
        help_text=_("Verplicht bij een oriëntatieplek."),
    )
    end_date = date_field(
        _("Einddatum"),
        required=False,
        help_text=_("Verplicht bij een tweede plek (hooguit een jaar na de start)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == PlacementKind.ORIENTATION and not data.get("orientation_employer", "").strip():
            self.add_error("orientation_employer", _("Noem de werkgever van de oriëntatieplek."))
        if (
            kind == PlacementKind.SECOND
            and not data.get("end_date")
            and "end_date" not in self.errors
        ):
            self.add_error(
                "end_date", _("Een tweede plek duurt hooguit een jaar: vul een einddatum in.")
            )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("De einddatum ligt vóór de startdatum."))
        return data


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam"), max_length=100, required=False)
