"""The home municipality's answer to a cross-municipal claim. The form carries the input; the
rules (a dispute needs a note, an accepted claim is final) are ``subsidies.services.claims``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.kernel.forms import REQUIRED, NlFormMixin
from subsidies.choices import ClaimResponse
from subsidies.services.claims import NOTE_MAX_LENGTH

CHOICES = {
    ClaimResponse.ACCEPTED: _("Accepteren: wij betalen deze vordering"),
    ClaimResponse.DISPUTED: _("Betwisten: wij zijn het niet eens met deze vordering"),
}


class ClaimResponseForm(NlFormMixin, forms.Form):
    response = forms.ChoiceField(
        label=_("Uw reactie"), widget=forms.RadioSelect, error_messages=REQUIRED
    )
    note = forms.CharField(
        label=_("Toelichting (verplicht als u betwist)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De andere gemeente ziet deze tekst."),
    )

    def __init__(self, *args: object, disputed: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A disputed claim can still be accepted; disputing it again is not offered.
        offered = [ClaimResponse.ACCEPTED] if disputed else list(CHOICES)
        self.fields["response"].choices = [(value, CHOICES[value]) for value in offered]  # type: ignore[attr-defined]
