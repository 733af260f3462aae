"""This week's attendance that a company still has to fill in (two aggregate queries, however
many participants)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from participatie.attendance.home import attendance_to_fill, days_to_fill
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from participatie.waiting import WaitingItem


def attendance_waiting(access: Access) -> list[WaitingItem]:
    municipality = access.municipality
    own = access.company_ids
    if municipality is None or not own or not access.has(Perm.ATTENDANCE_RECORD_OWN_COMPANY):
        return []
    count = attendance_to_fill(
        municipality=municipality,
        organisation_ids=own,
        days=days_to_fill(timezone.localdate()),
    )
    label = ngettext(
        "Dag aanwezigheid nog in te vullen deze week",
        "Dagen aanwezigheid nog in te vullen deze week",
        count,
    )
    url = reverse("participatie:attendance:grid", args=[municipality.slug])
    return [WaitingItem("attendance.days_to_fill", label, count, url, order=10)]
