"""Forms of the matching unit's subsidy pages. They carry the input as text; the rules (an
amount in Dutch notation above zero, one open application, a quarter that is over, the budget,
four eyes) live in ``subsidies.services.matching_unit``, whose errors land on these fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.kernel.forms import REQUIRED, NlFormMixin, widget_class
from participatie.models import Organisation


def _amount_field(label: Any, help_text: Any = "") -> forms.CharField:
    # Text, not a number field: the service reads Dutch notation (12.500,00) and explains a
    # bad value in Dutch, on this field.
    return forms.CharField(
        label=label,
        max_length=24,
        help_text=help_text,
        error_messages=REQUIRED,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class _UnitMixin:
    """A choice of matching unit, only when the user acts for more than one."""

    def add_unit_field(self, units: Sequence[Organisation]) -> None:
        if len(units) > 1:
            self.fields["matching_unit"] = forms.TypedChoiceField(  # type: ignore[attr-defined]
                label=_("Matchingsunit"),
                choices=[(unit.pk, unit.name) for unit in units],
                coerce=int,
                error_messages=REQUIRED,
            )
            widget = self.fields["matching_unit"].widget  # type: ignore[attr-defined]
            widget.attrs["class"] = widget_class(widget)

    def chosen_unit(self) -> int | None:
        return self.cleaned_data.get("matching_unit")  # type: ignore[attr-defined]


class ApplicationForm(_UnitMixin, NlFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Jaar"), error_messages=REQUIRED)
    amount = _amount_field(_("Gevraagd bedrag (€)"), _("Bijvoorbeeld 225.336,00."))
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, units: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_unit_field(units)


class DecisionForm(NlFormMixin, forms.Form):
    amount = _amount_field(_("Te verlenen bedrag (€)"), _("Bijvoorbeeld 225.336,00."))
    over_budget_confirmed = forms.BooleanField(
        label=_("Ik bevestig dat deze beschikking boven het resterende budget mag uitkomen"),
        required=False,
    )


QUARTERS = [(q, _("Kwartaal %(q)s") % {"q": q}) for q in (1, 2, 3, 4)]


class CostForm(_UnitMixin, NlFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Jaar"), error_messages=REQUIRED)
    quarter = forms.TypedChoiceField(
        label=_("Kwartaal"), choices=QUARTERS, coerce=int, error_messages=REQUIRED
    )
    amount = _amount_field(_("Gerealiseerde kosten (€)"), _("Bijvoorbeeld 56.334,00."))
    account = forms.CharField(
        label=_("Verantwoording"),
        max_length=1000,
        error_messages=REQUIRED,
        help_text=_("Kort: waaraan de kosten zijn besteed, bijvoorbeeld uren en taken."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, units: Sequence[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_unit_field(units)
