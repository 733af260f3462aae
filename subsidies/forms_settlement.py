"""The "Kwartaal afrekenen" form on the statement list. It carries the input; what may be
settled (an ended quarter, a year that is set up) is decided by
``subsidies.services.settlement_runs``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.kernel.forms import REQUIRED, NlFormMixin

QUARTER_CHOICES = [
    (1, _("Kwartaal 1 (januari tot en met maart)")),
    (2, _("Kwartaal 2 (april tot en met juni)")),
    (3, _("Kwartaal 3 (juli tot en met september)")),
    (4, _("Kwartaal 4 (oktober tot en met december)")),
]


class SettleForm(NlFormMixin, forms.Form):
    # The statement list has its own year and quarter filter; the prefix keeps the ids apart.
    prefix = "afrekenen"

    year = forms.IntegerField(
        label=_("Jaar"),
        error_messages={**REQUIRED, "invalid": _("Vul een jaar in, bijvoorbeeld 2022.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    quarter = forms.TypedChoiceField(
        label=_("Kwartaal"), choices=QUARTER_CHOICES, coerce=int, error_messages=REQUIRED
    )
