"""Forms of the development pages: the plan (goals, agreed actions) and a talk."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.kernel.forms import NlFormMixin
from participatie.placements.forms import date_field

TEXT_LIMIT = 5000


class DevelopmentPlanForm(NlFormMixin, forms.Form):
    goals = forms.CharField(
        label=_("Doelen"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Waar werkt de deelnemer aan? Bijvoorbeeld: zelfstandig de kassa bedienen."),
        error_messages={
            "required": _("Vul ten minste één doel in."),
            "max_length": _("Gebruik maximaal %(limit_value)d tekens."),
        },
    )
    actions = forms.CharField(
        label=_("Afspraken"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat is afgesproken, met wie, en wanneer?"),
        error_messages={"max_length": _("Gebruik maximaal %(limit_value)d tekens.")},
    )
    is_developing = forms.BooleanField(
        label=_("Deelnemer is in ontwikkeling"),
        required=False,
        help_text=_("Dan volgt vaker een ontwikkelgesprek, net als in trede plus."),
    )


class DevelopmentTalkForm(NlFormMixin, forms.Form):
    held_on = date_field(_("Datum van het gesprek"))
    summary = forms.CharField(
        label=_("Samenvatting"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Vat het gesprek samen."),
            "max_length": _("Gebruik maximaal %(limit_value)d tekens."),
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()
