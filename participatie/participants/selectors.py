"""Who sees which participants, and how much of each: the one rule for pages, API and reports.

A participant record belongs to the municipality where the person is placed. The matching unit
sees everything it needs to match (the full BSN, the intake notes); municipal staff see a masked
BSN; a learning-work company sees only the people placed with it, and of them only what the
work needs (name, step, dates, development plan)."""

from __future__ import annotations

import enum

from django.db.models import Exists, OuterRef, QuerySet

from participatie.models import Participant
from participatie.placements.selectors import placements_visible_to
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm


class ParticipantView(enum.StrEnum):
    """How much of a participant a user sees (templates and serializers branch on it)."""

    FULL = "full"  # full BSN and intake notes: the matching unit
    MASKED = "masked"  # masked BSN, no intake notes: municipal staff
    RESTRICTED = "restricted"  # name, step, dates and plan of their own placements: a company


def participant_view(access: Access) -> ParticipantView:
    if access.has(Perm.PARTICIPANTS_VIEW_FULL):
        return ParticipantView.FULL
    if access.has(Perm.PARTICIPANTS_VIEW_MASKED):
        return ParticipantView.MASKED
    return ParticipantView.RESTRICTED


def participants_visible_to(access: Access) -> QuerySet[Participant]:
    """The municipality's participants for those who see more than their own company's;
    otherwise the people with a placement the user may see."""
    queryset = Participant.objects.filter(municipality=access.municipality)
    if participant_view(access) is not ParticipantView.RESTRICTED:
        return queryset
    return queryset.filter(Exists(placements_visible_to(access).filter(participant=OuterRef("pk"))))
