"""Absence signals that wait for someone: the matching unit follows them up; a company sees
the open signals of its own participants. One query, whatever the number of signals."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from participatie.absence.selectors import signal_queue_count, signals_open_for_companies
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from participatie.waiting import WaitingItem


def absence_waiting(access: Access) -> list[WaitingItem]:
    municipality = access.municipality
    if municipality is None or not access.has(Perm.ABSENCE_VIEW):
        return []
    url = reverse("participatie:absence:signal-list", args=[municipality.slug])
    if access.has(Perm.ABSENCE_FOLLOW_UP):
        count = signal_queue_count(municipality=municipality)
        label = ngettext("Verzuimsignaal om op te volgen", "Verzuimsignalen om op te volgen", count)
        return [WaitingItem("absence.signals_to_follow_up", label, count, url, order=25)]
    if not access.company_ids:
        return []
    count = signals_open_for_companies(
        municipality=municipality, organisation_ids=access.company_ids
    ).count()
    label = ngettext("Open verzuimsignaal", "Open verzuimsignalen", count)
    return [WaitingItem("absence.signals_open", label, count, url, order=25)]
