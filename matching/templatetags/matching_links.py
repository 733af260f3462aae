"""Links from matching pages to the records they led to."""

from __future__ import annotations

from typing import Any

from django import template

from matching import selectors
from matching.models import Intake
from participatie.models import Placement
from participatie.tenancy.http import access_of

register = template.Library()


@register.simple_tag(takes_context=True)
def placement_of(context: dict[str, Any], intake: Intake | None) -> Placement | None:
    """``{% placement_of intake as placement %}``: the placement the intake led to, if the
    reader may open it here."""
    request = context.get("request")
    if intake is None or request is None:
        return None
    return selectors.placement_of_intake(access_of(request), intake)
