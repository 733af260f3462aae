"""The effort obligation per member per year, with a note: set, changed, refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from subsidies.models import EffortObligation
from subsidies.services.budgets import NOTE_MAX, effort_obligation_set


def test_set_then_change_keeps_one_row_with_who_and_note(zwijndrecht, regional_admin):
    municipality = zwijndrecht.municipality
    first = effort_obligation_set(
        municipality=municipality,
        year=2022,
        met=False,
        note="  Te weinig plekken aangeboden.  ",
        actor=regional_admin,
    )
    assert (first.met, first.note, first.set_by) == (
        False,
        "Te weinig plekken aangeboden.",
        regional_admin,
    )
    again = effort_obligation_set(
        municipality=municipality, year=2022, met=True, note="", actor=regional_admin
    )
    assert again.pk == first.pk
    assert EffortObligation.objects.get(municipality=municipality, year=2022).met is True


@pytest.mark.parametrize(
    ("year", "met", "note", "field"),
    [
        (1999, True, "", "year"),
        (2100, True, "", "year"),
        (2022, "ja", "", "met"),
        (2022, False, "x" * (NOTE_MAX + 1), "note"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    zwijndrecht, regional_admin, year, met, note, field
):
    with pytest.raises(ValidationError) as error:
        effort_obligation_set(
            municipality=zwijndrecht.municipality,
            year=year,
            met=met,
            note=note,
            actor=regional_admin,
        )
    assert field in error.value.message_dict
    assert not EffortObligation.objects.exists()
