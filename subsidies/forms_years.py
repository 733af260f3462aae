"""Forms of the year settings pages. They carry the input as text; the rules (amounts not
negative, one default step, an amount for every step, the year's range, the lock after the
first approved statement) live in ``subsidies.services.years``, whose errors land on these
fields (a step's amount is ``amount_<code>``)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participatie.kernel.formatting import plain_decimal
from participatie.kernel.forms import NlFormMixin
from participatie.models import Step
from subsidies.choices import AdvanceModel


def amount_text(amount: Decimal | None) -> str:
    """An amount as a Dutch form field shows it: 2500,00."""
    return "" if amount is None else plain_decimal(amount)


AMOUNT_REQUIRED = _("Vul een bedrag in, bijvoorbeeld 2500,00.")


def _amount_field(label: str | Any, required: Any = AMOUNT_REQUIRED) -> forms.CharField:
    # Text, not a number field: the service explains a non-numeric or negative value in Dutch.
    return forms.CharField(
        label=label,
        max_length=20,
        error_messages={"required": required},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class YearCreateForm(NlFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Jaar"))
    copy_from = forms.TypedChoiceField(
        label=_("Beginnen met"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_(
            "Een kopie neemt de treden, de tarieven (zoals ze eind dat jaar gelden) en het "
            "budget over; daarna wijzigt u wat anders is."
        ),
    )

    def __init__(self, *args: Any, years: Iterable[int], hide_year: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].choices = [
            *((year, _("Kopie van %(year)s") % {"year": year}) for year in years),
            ("", _("Leeg beginnen (treden en bedragen daarna invullen)")),
        ]
        if hide_year:
            self.fields["year"].widget = forms.HiddenInput()


class StepForm(NlFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Letters of cijfers, bijvoorbeeld basis of 2. Dezelfde code in elk jaar."),
    )
    label = forms.CharField(label=_("Omschrijving"), max_length=100)
    is_default = forms.BooleanField(
        label=_("Standaardtrede (hier start elke nieuwe plaatsing)"), required=False
    )


class _AmountsMixin:
    """One amount field per step of the catalogue, ``amount_<code>``."""

    def add_amount_fields(self, steps: list[Step]) -> None:
        self.steps = steps
        for step in steps:
            field = _amount_field(
                _("Tarief %(step)s (€ per jaar)") % {"step": step.label},
                required=_("Geef een bedrag voor trede %(label)s (%(code)s).")
                % {"label": step.label, "code": step.code},
            )
            field.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
            self.fields[f"amount_{step.code}"] = field  # type: ignore[attr-defined]

    def amounts(self) -> dict[str, str]:
        data = self.cleaned_data  # type: ignore[attr-defined]
        return {step.code: data.get(f"amount_{step.code}", "") for step in self.steps}

    def amount_fields(self) -> list[forms.BoundField]:
        return [self[f"amount_{step.code}"] for step in self.steps]  # type: ignore[index]


class TariffForm(_AmountsMixin, NlFormMixin, forms.Form):
    base_fee = _amount_field(_("Basisvergoeding per leerwerkbedrijf (€ per jaar)"))
    custom_budget = _amount_field(_("Maatwerkbudget (€)"))
    advance_model = forms.ChoiceField(label=_("Bevoorschotting"), choices=AdvanceModel.choices)
    dual_placement_max_days = forms.CharField(
        label=_("Maximale duur van een tweede plek (dagen)"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, steps: list[Step], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_amount_fields(steps)


class TariffVersionForm(_AmountsMixin, NlFormMixin, forms.Form):
    effective_from = forms.DateField(
        label=_("Geldig vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Vul de datum in vanaf wanneer de nieuwe bedragen gelden.")},
    )

    def __init__(self, *args: Any, steps: list[Step], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_amount_fields(steps)


class BudgetForm(NlFormMixin, forms.Form):
    allocated = _amount_field(_("Budget (€)"))
    matching_unit_cost = _amount_field(_("Geplande kosten matchingsunit (€)"))
