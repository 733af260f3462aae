"""Development talks that are overdue, for whoever holds them (the matching unit; a company for
its own participants): one query, whatever the number of placements."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from participatie.development.selectors import reviews_overdue_count
from participatie.placements.selectors import placements_visible_to
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from participatie.waiting import WaitingItem


def development_waiting(access: Access) -> list[WaitingItem]:
    municipality = access.municipality
    if municipality is None or not access.has(Perm.DEVELOPMENT_WRITE):
        return []
    count = reviews_overdue_count(
        municipality=municipality,
        placements=placements_visible_to(access),
        today=timezone.localdate(),
    )
    return [
        WaitingItem(
            key="development.talks_overdue",
            label=ngettext("Ontwikkelgesprek te laat", "Ontwikkelgesprekken te laat", count),
            count=count,
            url=reverse("participatie:development:overdue", args=[municipality.slug]),
            order=30,
        )
    ]
