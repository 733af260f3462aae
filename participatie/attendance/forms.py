"""Forms of the attendance pages: shape only; the rules live in ``attendance.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.attendance.choices import AttendanceStatus
from participatie.kernel.forms import NlFormMixin
from participatie.placements.forms import date_field


class LockForm(NlFormMixin, forms.Form):
    until = date_field(
        _("Vergrendelen t/m"),
        help_text=_(
            "Aanwezigheid tot en met deze dag kan daarna alleen de matchingsunit corrigeren."
        ),
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=200,
        error_messages={"required": _("Geef een reden, bijvoorbeeld: kwartaal 1 vastgesteld.")},
    )


class CorrectionForm(NlFormMixin, forms.Form):
    """The matching unit corrects one day (also a locked one) with a reason."""

    placement = forms.TypedChoiceField(label=_("Deelnemer"), coerce=int)
    day = date_field(_("Dag"))
    status = forms.ChoiceField(label=_("Status"))
    hours = forms.DecimalField(
        label=_("Uren"), required=False, min_value=0, max_value=24, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Een correctie heeft een reden nodig.")},
    )

    def __init__(self, *args: object, placements: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement"].choices = [(p.pk, p.participant.full_name) for p in placements]
        self.fields["status"].choices = AttendanceStatus.choices
