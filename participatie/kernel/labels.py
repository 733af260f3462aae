"""``get_<field>_display()`` without Django's per-call work.

Django's own builds a dict of every choice of the field on each call, hashing each lazily
translated label on the way, and hashing a lazy string translates it: a table of 50 rows showing
a field with ten choices costs 500 translations. Here the value-to-label map is built once per
field (the labels stay lazy), so one call translates one label, in the active language.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS = "_participatie_choice_labels"


def choice_labels(field: models.Field) -> dict[Any, Any]:
    """The field's ``{value: label}`` (labels untranslated, i.e. lazy), built on first use.
    Our fields have fixed choices; a field with callable choices would be read once."""
    labels = field.__dict__.get(_LABELS)
    if labels is None:
        labels = {make_hashable(value): label for value, label in field.flatchoices}
        field.__dict__[_LABELS] = labels
    return labels


class ChoiceLabels(models.Model):
    """Abstract base: every model inheriting it gets the cheap ``get_<field>_display()``."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> Any:
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)
