"""Which column of an uploaded spreadsheet holds which template column.

A mapping is ``{template column: column number}`` for one file. It is suggested from the
headings (the template's own names, known headings of other spreadsheets, and the mapping the
user's organisation saved last time, by heading text), and the user may change it. Saved
mappings are kept by heading text, so they fit the organisation's next file too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from matching.imports.columns import (
    BY_NAME,
    FULL_NAME,
    MAPPING_TARGETS,
    heading_key,
    suggested_target,
)


def suggest(headers: Sequence[str], saved: Mapping[str, str] | None = None) -> dict[str, int]:
    """The mapping for these headings: the saved one first (by heading text), then the
    headings we recognise. A column is used for one template column at most."""
    by_key: dict[str, int] = {}
    for index, heading in enumerate(headers):
        by_key.setdefault(heading_key(heading), index)
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for target, heading in (saved or {}).items():
        index = by_key.get(heading_key(heading))
        if target in MAPPING_TARGETS and index is not None and index not in used:
            mapping[target] = index
            used.add(index)
    for index, heading in enumerate(headers):
        target = suggested_target(heading)
        if target is None or target in mapping or index in used:
            continue
        mapping[target] = index
        used.add(index)
    if FULL_NAME in mapping and ("voornaam" in mapping or "achternaam" in mapping):
        # Separate name columns win over one column with the whole name.
        used.discard(mapping.pop(FULL_NAME))
    return mapping


def check(mapping: Mapping[str, object], headers: Sequence[str]) -> dict[str, int]:
    """The mapping as numbers, or a ValidationError naming the field: every target a known
    template column, every column within the file and used once, and a column for the BSN."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    seen: dict[int, str] = {}
    for target, raw in mapping.items():
        if raw in (None, ""):
            continue
        if target not in MAPPING_TARGETS:
            errors.setdefault("mapping", []).append(
                _("%(name)s is geen kolom van het sjabloon.") % {"name": target}
            )
            continue
        try:
            index = int(str(raw))
        except ValueError:
            index = -1
        if not 0 <= index < len(headers):
            errors.setdefault(target, []).append(_("Deze kolom staat niet in het bestand."))
            continue
        if index in seen:
            errors.setdefault(target, []).append(
                _("Deze kolom is al gekoppeld aan %(other)s.") % {"other": label_of(seen[index])}
            )
            continue
        seen[index] = target
        clean[target] = index
    if "bsn" not in clean and "bsn" not in errors:
        errors["bsn"] = [
            _(
                "Geen kolom gekoppeld aan BSN. Zonder BSN kan een deelnemer niet worden "
                "herkend: kies de kolom met het BSN."
            )
        ]
    if FULL_NAME in clean and ("voornaam" in clean or "achternaam" in clean):
        errors.setdefault(FULL_NAME, []).append(
            _("Kies één kolom met de hele naam, of aparte kolommen voor voornaam en achternaam.")
        )
    if errors:
        raise ValidationError(errors)
    return clean


def label_of(target: str) -> str:
    if target == FULL_NAME:
        from matching.imports.columns import FULL_NAME_LABEL

        return str(FULL_NAME_LABEL)
    return str(BY_NAME[target].label)


def as_saved(mapping: Mapping[str, int], headers: Sequence[str]) -> dict[str, str]:
    """The mapping by heading text, as an organisation keeps it for its next file."""
    return {target: headers[index] for target, index in mapping.items() if headers[index]}


def mapping_from_headings(
    columns: Mapping[str, str], headers: Sequence[str], base: Mapping[str, int] | None = None
) -> dict[str, int]:
    """A mapping given as ``{template column: heading}`` (the command's ``--mapping`` file, the
    API's ``mapping``) as column numbers, on top of ``base`` (the suggested mapping: what is
    given wins, and a column given for one template column is taken from any other); a heading
    that is not in the file is an error."""
    by_key = {heading_key(heading): index for index, heading in enumerate(headers)}
    mapping: dict[str, int | str] = {}
    errors: dict[str, list[str]] = {}
    for target, heading in columns.items():
        if heading in (None, ""):
            continue
        index = by_key.get(heading_key(heading))
        if index is None:
            errors.setdefault(target, []).append(
                _("De kolom %(heading)s staat niet in het bestand.") % {"heading": heading}
            )
            continue
        mapping[target] = index
    if errors:
        raise ValidationError(errors)
    used = set(mapping.values())
    for target, index in (base or {}).items():
        if target not in mapping and index not in used:
            mapping[target] = index
    if FULL_NAME in mapping and ("voornaam" in columns or "achternaam" in columns):
        mapping.pop(FULL_NAME)
    elif FULL_NAME in columns:
        mapping.pop("voornaam", None)
        mapping.pop("achternaam", None)
    return check(mapping, headers)
