"""What of the partner referrals waits ("Wat wacht op mij"): for the matching unit, referrals
that came in and are not yet taken in; for a client manager, clients who left for paid work
(the signal). A fixed number of queries, however many wait."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from matching.partners import selectors
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from participatie.waiting import WaitingItem


def partners_waiting(access: Access) -> list[WaitingItem]:
    if access.user is None or access.municipality is None:
        return []
    slug = access.municipality.slug
    items = []
    if access.has(Perm.MATCHING_WORK):
        items.append(
            WaitingItem(
                key="matching.partner_referrals_in",
                label=_("Binnengekomen verwijzingen en zelfmeldingen"),
                count=selectors.inbound_queue(access).count(),
                url=reverse("matching:work-queues", args=[slug]) + "#queue-inbound",
                order=12,
            )
        )
    if access.has(Perm.CLIENTS_VIEW):
        items.append(
            WaitingItem(
                key="matching.clients_to_paid_work",
                label=_("Klanten uitgestroomd naar betaald werk"),
                count=selectors.paid_work_signals(access),
                url=reverse("matching:partner-referral-list", args=[slug]),
                order=13,
            )
        )
    return items
