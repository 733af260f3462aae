"""What of the steps waits for one user: step advices to decide and objections to handle (the
account holder). One query each, whatever the number of rows."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from participatie.models import Objection, StepDecision
from participatie.placements.choices import ObjectionStatus, StepDecisionStatus
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm
from participatie.waiting import WaitingItem


def steps_waiting(access: Access) -> list[WaitingItem]:
    municipality = access.municipality
    if municipality is None:
        return []
    queue = reverse("participatie:placements:decision-queue", args=[municipality.slug])
    items = []
    if access.has(Perm.STEPS_DECIDE):
        advices = StepDecision.objects.filter(
            municipality=municipality, status=StepDecisionStatus.ADVISED
        ).count()
        items.append(
            WaitingItem(
                key="placements.step_advices_to_decide",
                label=ngettext(
                    "Trede-advies om over te beslissen",
                    "Trede-adviezen om over te beslissen",
                    advices,
                ),
                count=advices,
                url=queue,
                order=20,
            )
        )
    if access.has(Perm.OBJECTIONS_HANDLE):
        objections = Objection.objects.filter(
            municipality=municipality, status=ObjectionStatus.OPEN
        ).count()
        items.append(
            WaitingItem(
                key="placements.objections_to_handle",
                label=ngettext("Bezwaar om te behandelen", "Bezwaren om te behandelen", objections),
                count=objections,
                url=queue,
                order=21,
            )
        )
    return items
