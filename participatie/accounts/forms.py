from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from participatie.choices import Role
from participatie.kernel.forms import NlFormMixin
from participatie.models import Organisation


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)

    def __init__(self, *args: object, organisations: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 12 tekens; geen veelgebruikt wachtwoord."),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord (nogmaals)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("De wachtwoorden zijn niet gelijk."))
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Omschrijving"),
        max_length=100,
        help_text=_("Waarvoor gebruikt u deze token? Bijvoorbeeld: koppeling zaaksysteem."),
    )
    days = forms.IntegerField(
        label=_("Geldig (dagen)"),
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=90,
        error_messages={
            "min_value": _("Een token is minstens 1 dag geldig."),
            "max_value": _("Een token is hoogstens %(limit_value)s dagen geldig."),
        },
    )


class EmailSettingsForm(NlFormMixin, forms.Form):
    digest = forms.BooleanField(
        label=_("Stuur mij elke ochtend een e-mail als er iets op mij wacht"),
        required=False,
        help_text=_(
            "In de e-mail staat per gemeente wat op u wacht, met een link. Als er niets wacht, "
            "krijgt u geen e-mail."
        ),
    )
