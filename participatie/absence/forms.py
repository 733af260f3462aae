"""The matching unit's follow-up of an absence signal. Rules live in the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.absence.choices import SignalStatus
from participatie.kernel.forms import NlFormMixin


class SignalFollowUpForm(NlFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Opvolging"),
        widget=forms.RadioSelect,
        choices=[
            (SignalStatus.CONTACTED, _("Contact opgenomen")),
            (SignalStatus.CONTINUE, _("Plaatsing loopt door")),
            (SignalStatus.END_PLACEMENT, _("Plaatsing beëindigen")),
        ],
        error_messages={
            "required": _("Kies: contact opgenomen, plaatsing loopt door of plaatsing beëindigen."),
            "invalid_choice": _(
                "Kies: contact opgenomen, plaatsing loopt door of plaatsing beëindigen."
            ),
        },
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Verplicht bij beëindigen. De plaatsing beëindigt u daarna zelf op de "
            "plaatsingspagina; dat gebeurt nooit automatisch."
        ),
        error_messages={"max_length": _("Gebruik maximaal %(limit_value)d tekens.")},
    )
