"""Reads about absence signals: the matching unit's queue, the company's own open signals."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from participatie.absence.choices import SignalStatus
from participatie.models import AbsenceSignal, Municipality
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm

# The matching unit acts on a signal until the streak closes, the placement continues by
# decision, or the decided end has been entered on the placement.
NEEDS_ACTION = Q(closed_on__isnull=True) & (
    Q(status__in=[SignalStatus.OPEN, SignalStatus.CONTACTED])
    | Q(status=SignalStatus.END_PLACEMENT, placement__end_date__isnull=True)
)


def signal_needs_action(signal: AbsenceSignal) -> bool:
    """``NEEDS_ACTION`` for one loaded signal (its placement loaded too), without a query."""
    if signal.closed_on is not None:
        return False
    if signal.status in (SignalStatus.OPEN, SignalStatus.CONTACTED):
        return True
    return signal.status == SignalStatus.END_PLACEMENT and signal.placement.end_date is None


def _with_people(queryset: QuerySet[AbsenceSignal]) -> QuerySet[AbsenceSignal]:
    return queryset.select_related(
        "placement__participant", "placement__enrolment__organisation", "followed_up_by"
    )


def signals_visible_to(access: Access) -> QuerySet[AbsenceSignal]:
    """All signals of the municipality for whoever follows them up (the matching unit); for a
    learning-work company only those of placements at its own companies."""
    queryset = AbsenceSignal.objects.filter(municipality=access.municipality)
    if access.has(Perm.ABSENCE_FOLLOW_UP):
        return queryset
    if access.has(Perm.ABSENCE_VIEW):
        return queryset.filter(placement__enrolment__organisation_id__in=access.company_ids)
    return queryset.none()


def signal_queue(*, municipality: Municipality) -> QuerySet[AbsenceSignal]:
    """The matching unit's queue: signals that still need action, longest absent first."""
    return _with_people(
        AbsenceSignal.objects.filter(NEEDS_ACTION, municipality=municipality)
    ).order_by("streak_start", "pk")


def signals_open_for_companies(
    *, municipality: Municipality, organisation_ids: Iterable[int]
) -> QuerySet[AbsenceSignal]:
    """A company's signals of streaks that are still running (read-only for the company)."""
    return _with_people(
        AbsenceSignal.objects.filter(
            municipality=municipality,
            closed_on__isnull=True,
            placement__end_date__isnull=True,
            placement__enrolment__organisation_id__in=list(organisation_ids),
        )
    ).order_by("streak_start", "pk")


def signal_queue_count(*, municipality: Municipality) -> int:
    return AbsenceSignal.objects.filter(NEEDS_ACTION, municipality=municipality).count()


def signal_get_visible(access: Access, pk: int) -> AbsenceSignal:
    signal = _with_people(signals_visible_to(access)).filter(pk=pk).first()
    if signal is None:
        raise Http404(_("Dit signaal bestaat niet of u heeft er geen toegang toe."))
    return signal
