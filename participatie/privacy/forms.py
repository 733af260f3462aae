"""Forms of the privacy officer's pages. Shapes only; the rules live in ``privacy.services``."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as stdnum_bsn

from participatie.kernel.forms import REQUIRED, NlFormMixin
from participatie.models import User
from participatie.placements.forms import date_field
from participatie.privacy.choices import SubjectRequestKind
from participatie.privacy.models import RetentionPolicy


class PersonLookupForm(NlFormMixin, forms.Form):
    """A person by BSN. Sent by POST: a BSN never travels in a URL."""

    bsn = forms.CharField(
        label=_("BSN"),
        max_length=12,
        error_messages=REQUIRED,
        help_text=_("9 cijfers. Na het zoeken ziet u de persoon; het BSN komt niet in het adres."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_bsn(self) -> str:
        value = stdnum_bsn.compact(self.cleaned_data["bsn"])
        if not stdnum_bsn.is_valid(value):
            raise forms.ValidationError(
                _("Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan)."), code="bsn"
            )
        return value


class LegalHoldForm(NlFormMixin, forms.Form):
    on = forms.BooleanField(
        label=_("Bewaarplicht: deze gegevens niet anonimiseren"), required=False
    )
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bijvoorbeeld een lopende bezwaar- of rechtszaak. Verplicht als u de "
            "bewaarplicht aanzet."
        ),
    )


class SubjectRequestForm(NlFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort verzoek"), choices=SubjectRequestKind.choices, error_messages=REQUIRED
    )
    received_on = date_field(_("Ontvangen op"))
    description = forms.CharField(
        label=_("Wat vraagt de betrokkene?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=REQUIRED,
    )


class SubjectRequestDecisionForm(NlFormMixin, forms.Form):
    APPROVE = "uitvoeren"
    REFUSE = "afwijzen"

    approve = forms.ChoiceField(
        label=_("Besluit"),
        choices=[(APPROVE, _("Uitvoeren")), (REFUSE, _("Afwijzen"))],
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
    note = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=REQUIRED,
    )


def _period_field(name: str) -> forms.IntegerField:
    model_field = RetentionPolicy._meta.get_field(name)
    return forms.IntegerField(
        label=str(model_field.verbose_name).capitalize(),
        help_text=model_field.help_text,
        min_value=1,
        max_value=100 if not name.endswith("days") else 3650,
        error_messages={
            **REQUIRED,
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Vul een aantal van minstens 1 in."),
            "max_value": _("Dit aantal is te hoog."),
        },
    )


class RetentionPolicyForm(NlFormMixin, forms.Form):
    """The periods; their legal minimums are checked by the service (with the reason)."""

    personal_data_years = _period_field("personal_data_years")
    financial_years = _period_field("financial_years")
    read_log_years = _period_field("read_log_years")
    report_file_days = _period_field("report_file_days")
    reason = forms.CharField(
        label=_("Reden van de wijziging"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=REQUIRED,
        help_text=_("Bijvoorbeeld de selectielijst of het besluit van de archivaris."),
    )


class LogFilterForm(NlFormMixin, forms.Form):
    gebruiker = forms.ModelChoiceField(
        label=_("Gebruiker"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Alle gebruikers"),
    )
    van = date_field(_("Vanaf"), required=False)
    tot = date_field(_("Tot en met"), required=False)
    route = forms.CharField(label=_("Pagina of route bevat"), required=False, max_length=100)

    def __init__(self, *args: object, users: QuerySet[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["gebruiker"].queryset = users  # type: ignore[attr-defined]
        self.fields["gebruiker"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: user.get_full_name() or user.email
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            self.add_error("tot", _("Deze datum ligt vóór de begindatum."))
        return data
