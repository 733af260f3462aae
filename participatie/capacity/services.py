"""Writes of the capacity ceiling and the target ranges: the region's call (REGION_MANAGE)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.capacity.models import MunicipalityTarget, RegionCapacity
from participatie.models import Municipality, Region, User

MAX_PLACES = 100_000


def minimum_field(municipality_id: int) -> str:
    return f"minimum_{municipality_id}"


def maximum_field(municipality_id: int) -> str:
    return f"maximum_{municipality_id}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _places(value: object) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError(_("Vul een heel aantal plekken in, bijvoorbeeld 630.")) from None
    if not 0 <= number <= MAX_PLACES:
        raise ValueError(_("Vul een aantal van 0 tot en met %(max)s in.") % {"max": MAX_PLACES})
    return number


def check_year(year: object) -> int:
    latest = timezone.localdate().year + 2
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        value = 0
    if not 2000 <= value <= latest:
        raise ValidationError(
            {"year": _("Kies een jaar van 2000 tot en met %(latest)s.") % {"latest": latest}}
        )
    return value


@dataclass(frozen=True)
class CapacityInput:
    year: object
    ceiling: object  # blank: no ceiling for the year
    ranges: Mapping[int, tuple[object, object]]  # per member (from, to); both blank: none


@transaction.atomic
def capacity_set(*, region: Region, data: CapacityInput, actor: User) -> int:
    """Set the region's ceiling of places for a year and each member's target range (a blank
    pair removes it). Every error at once on its field; nothing is written then. Returns the
    number of rows written or removed."""
    members: Sequence[Municipality] = list(Municipality.objects.filter(region=region))
    errors: dict[str, list[str]] = {}
    year = 0
    try:
        year = check_year(data.year)
    except ValidationError as error:
        errors["year"] = error.message_dict["year"]
    ceiling: int | None = None
    if not _blank(data.ceiling):
        try:
            ceiling = _places(data.ceiling)
            if ceiling == 0:
                raise ValueError(_("Een plafond is minstens 1 plek. Laat het leeg voor geen."))
        except ValueError as error:
            errors["ceiling"] = [str(error)]
    member_ids = {m.pk for m in members}
    if set(data.ranges) - member_ids:
        errors.setdefault("ranges", []).append(
            _("Er staan gemeenten in die niet bij regio %(region)s horen.")
            % {"region": region.name}
        )
    ranges: dict[int, tuple[int, int] | None] = {}
    for municipality in members:
        low, high = data.ranges.get(municipality.pk, ("", ""))
        if _blank(low) and _blank(high):
            ranges[municipality.pk] = None
            continue
        if _blank(low) or _blank(high):
            field = (
                minimum_field(municipality.pk) if _blank(low) else maximum_field(municipality.pk)
            )
            errors.setdefault(field, []).append(
                _("Vul van en tot en met allebei in, of laat ze allebei leeg.")
            )
            continue
        try:
            low_n = _places(low)
        except ValueError as error:
            errors.setdefault(minimum_field(municipality.pk), []).append(str(error))
            continue
        try:
            high_n = _places(high)
        except ValueError as error:
            errors.setdefault(maximum_field(municipality.pk), []).append(str(error))
            continue
        if low_n > high_n:
            errors.setdefault(maximum_field(municipality.pk), []).append(
                _("Het hoogste aantal is kleiner dan het laagste.")
            )
            continue
        ranges[municipality.pk] = (low_n, high_n)
    if errors:
        raise ValidationError(errors)
    written = 0
    if ceiling is None:
        written += RegionCapacity.objects.filter(region=region, year=year).delete()[0]
    else:
        RegionCapacity.objects.update_or_create(
            region=region, year=year, defaults={"places": ceiling, "set_by": actor}
        )
        written += 1
    for municipality_id, pair in ranges.items():
        if pair is None:
            written += MunicipalityTarget.objects.filter(
                municipality_id=municipality_id, year=year
            ).delete()[0]
        else:
            MunicipalityTarget.objects.update_or_create(
                municipality_id=municipality_id,
                year=year,
                defaults={"minimum": pair[0], "maximum": pair[1], "set_by": actor},
            )
            written += 1
    return written
