"""Parameter forms shared by report kinds. A kind may subclass them to add its own fields.

The run stores the submitted values as strings (JSON-safe); the machinery validates them again
through the kind's form before building, so ``ReportContext.parameters`` holds typed values
(``int`` years and quarters, ``date`` dates). Bad input is a Dutch form error, never a run.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.kernel.calendar import quarter_bounds

FIRST_YEAR = 2015  # before any data this product holds


def _this_year() -> int:
    return timezone.localdate().year


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=FIRST_YEAR, max_value=2100)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > _this_year():
            raise forms.ValidationError(_("%(y)s ligt in de toekomst.") % {"y": year})
        return year


class QuarterForm(YearForm):
    quarter = forms.TypedChoiceField(
        label=_("Kwartaal"), choices=[(q, q) for q in range(1, 5)], coerce=int
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        year, quarter = cleaned.get("year"), cleaned.get("quarter")
        if year and quarter:
            first_day, _last_day = quarter_bounds(year, quarter)
            if first_day > timezone.localdate():
                self.add_error(
                    "quarter",
                    _("Kwartaal %(q)s van %(y)s is nog niet begonnen.") % {"q": quarter, "y": year},
                )
        return cleaned


class DateForm(forms.Form):
    date = forms.DateField(label=_("Peildatum"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_date(self) -> date:
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("De peildatum ligt in de toekomst."))
        if value.year < FIRST_YEAR:
            raise forms.ValidationError(
                _("Er zijn geen gegevens van vóór %(y)s.") % {"y": FIRST_YEAR}
            )
        return value


class DateOrQuarterForm(forms.Form):
    """Occupancy: on one date, or over a quarter (place-days / capacity-days). One of the two."""

    date = forms.DateField(
        label=_("Peildatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    year = forms.IntegerField(label=_("Jaar"), required=False, min_value=FIRST_YEAR, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Kwartaal"),
        choices=[("", "—"), *[(q, q) for q in range(1, 5)]],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        on, year, quarter = cleaned.get("date"), cleaned.get("year"), cleaned.get("quarter")
        today = timezone.localdate()
        if on and (year or quarter):
            raise forms.ValidationError(_("Kies een peildatum óf een kwartaal, niet allebei."))
        if on:
            if on > today:
                self.add_error("date", _("De peildatum ligt in de toekomst."))
            return cleaned
        if not (year and quarter):
            raise forms.ValidationError(_("Kies een peildatum, of een jaar en een kwartaal."))
        if quarter_bounds(year, quarter)[0] > today:
            self.add_error(
                "quarter",
                _("Kwartaal %(q)s van %(y)s is nog niet begonnen.") % {"q": quarter, "y": year},
            )
        return cleaned
