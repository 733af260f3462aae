"""Forms of the placement pages. They check the shape of the input; the rules (which step fits
which year, who may decide, end after start) live in ``participatie.placements.services``."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.kernel.forms import NlFormMixin
from participatie.models import Step
from participatie.placements.choices import OutflowReason

DATE_ERRORS = {
    "required": _("Vul een datum in."),
    "invalid": _("Vul een geldige datum in, bijvoorbeeld 15-02-2022."),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, **kwargs: object) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages=DATE_ERRORS,
        **kwargs,
    )


class PlacementFilterForm(NlFormMixin, forms.Form):
    ACTIVE = "actief"
    ENDED = "beeindigd"
    ALL = "alle"

    status = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[
            (ACTIVE, _("Lopende plaatsingen")),
            (ENDED, _("Beëindigde plaatsingen")),
            (ALL, _("Alle plaatsingen")),
        ],
        error_messages={"invalid_choice": _("Kies lopende, beëindigde of alle plaatsingen.")},
    )

    def chosen(self) -> str:
        if self.is_valid():
            return self.cleaned_data["status"] or self.ACTIVE
        return self.ACTIVE


class StepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Step) -> str:  # type: ignore[override]
        return f"{obj.label} ({obj.year})"


class StepAdviseForm(NlFormMixin, forms.Form):
    step = StepChoiceField(
        label=_("Trede"),
        queryset=Step.objects.none(),
        empty_label=_("Kies een trede"),
        help_text=_("De trede moet horen bij de treden van het jaar van ‘geldig vanaf’."),
        error_messages={
            "required": _("Kies een trede."),
            "invalid_choice": _("Kies een trede uit de lijst."),
        },
    )
    valid_from = date_field(_("Geldig vanaf"))
    justification = forms.CharField(
        label=_("Onderbouwing"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Onderbouw het advies.")},
    )

    def __init__(self, *args: object, steps: QuerySet[Step], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = steps  # type: ignore[attr-defined]
        self.fields["valid_from"].initial = timezone.localdate()


class PlacementEndForm(NlFormMixin, forms.Form):
    end_date = date_field(_("Einddatum"))
    reason = forms.ChoiceField(
        label=_("Reden van uitstroom"),
        choices=[("", _("Kies een reden")), *OutflowReason.choices],
        error_messages={
            "required": _("Kies een reden van uitstroom."),
            "invalid_choice": _("Kies een reden van uitstroom uit de lijst."),
        },
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()


class StepDecideForm(NlFormMixin, forms.Form):
    APPROVE = "goedkeuren"
    REJECT = "afwijzen"

    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("", _("Kies een besluit")), (APPROVE, _("Goedkeuren")), (REJECT, _("Afwijzen"))],
        error_messages={
            "required": _("Kies goedkeuren of afwijzen."),
            "invalid_choice": _("Kies goedkeuren of afwijzen."),
        },
    )
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        required=False,
        max_length=5000,
        help_text=_("Verplicht bij afwijzen."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["outcome"] == self.APPROVE


class ObjectionRaiseForm(NlFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden van het bezwaar"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Geef een reden voor het bezwaar.")},
    )


class ObjectionHandleForm(NlFormMixin, forms.Form):
    UPHELD = "gegrond"
    DISMISSED = "ongegrond"

    outcome = forms.ChoiceField(
        label=_("Oordeel"),
        choices=[
            ("", _("Kies een oordeel")),
            (UPHELD, _("Gegrond")),
            (DISMISSED, _("Ongegrond")),
        ],
        error_messages={
            "required": _("Kies gegrond of ongegrond."),
            "invalid_choice": _("Kies gegrond of ongegrond."),
        },
    )
    response = forms.CharField(
        label=_("Reactie"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Geef een reactie op het bezwaar.")},
    )

    @property
    def upheld(self) -> bool:
        return self.cleaned_data["outcome"] == self.UPHELD


def steps_for(*, municipality_id: int, start: date, end: date | None) -> QuerySet[Step]:
    """The step catalogues of the years a placement runs (to the next year while it is open)."""
    last = (end or timezone.localdate()).year + (0 if end else 1)
    return Step.objects.filter(
        municipality_id=municipality_id, year__gte=start.year, year__lte=max(last, start.year)
    ).order_by("-year", "position", "code")
