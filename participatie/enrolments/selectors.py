"""Reads of the enrolments: who sees which companies, which wait for assessment and which
have places.

The audit history of an enrolment comes from ``participatie.privacy.audit.change_log``. Every
function takes the municipality explicitly and queries through it; the active tenant scope is
the safety net, not the mechanism."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from participatie.choices import OrganisationKind
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment, Municipality, Organisation
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm


def enrolments_visible_to(access: Access) -> QuerySet[Enrolment]:
    """The enrolments this user may see here: all with ``enrolments.view_all``, otherwise the
    user's own companies (none when the user works for none)."""
    queryset = Enrolment.objects.filter(municipality=access.municipality).select_related(
        "organisation"
    )
    if access.has(Perm.ENROLMENTS_VIEW_ALL):
        return queryset
    return queryset.filter(organisation_id__in=access.company_ids)


def enrolment_get_visible(access: Access, pk: int) -> Enrolment:
    """One enrolment, or 404 when it is another municipality's or another company's: not
    found and not allowed look the same, so ids reveal nothing."""
    enrolment = enrolments_visible_to(access).filter(pk=pk).first()
    if enrolment is None:
        raise Http404(_("Dit leerwerkbedrijf bestaat niet of u heeft er geen toegang toe."))
    return enrolment


def enrolments_to_assess(*, municipality: Municipality) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(
            municipality=municipality,
            status__in=[EnrolmentStatus.CANDIDATE, EnrolmentStatus.ASSESSED],
        )
        .select_related("organisation")
        .order_by("status", "organisation__name")
    )


def enrolments_with_capacity(*, municipality: Municipality) -> QuerySet[Enrolment]:
    """Active companies and their maximum number of places (the matching unit's view)."""
    return (
        Enrolment.objects.filter(municipality=municipality, status=EnrolmentStatus.ACTIVE)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def enrolment_counts(*, municipality: Municipality) -> dict[str, int]:
    """Active companies and their places, in one query."""
    active = Q(status=EnrolmentStatus.ACTIVE)
    row = Enrolment.objects.filter(municipality=municipality).aggregate(
        active_companies=Count("id", filter=active),
        active_places=Sum("max_places", filter=active),
        to_assess=Count(
            "id", filter=Q(status__in=[EnrolmentStatus.CANDIDATE, EnrolmentStatus.ASSESSED])
        ),
    )
    return {key: value or 0 for key, value in row.items()}


def companies_to_enrol(*, municipality: Municipality) -> QuerySet[Organisation]:
    """Company organisations this municipality has not admitted yet (organisations are global:
    a company enrolled elsewhere in the region is admitted here without a second record)."""
    enrolled = Enrolment.objects.filter(municipality=municipality).values("organisation_id")
    return (
        Organisation.objects.filter(kind=OrganisationKind.LEARNING_WORK_COMPANY)
        .exclude(pk__in=enrolled)
        .order_by("name", "pk")
    )


def enrolment_steps(enrolment: Enrolment) -> list[dict[str, object]]:
    """The four steps of an enrolment, each marked done, current or to come (an ended
    enrolment may have skipped steps: those stay unmarked)."""
    order = [
        EnrolmentStatus.CANDIDATE,
        EnrolmentStatus.ASSESSED,
        EnrolmentStatus.ACTIVE,
        EnrolmentStatus.ENDED,
    ]
    status = enrolment.status
    active = enrolment.started_on is not None or status == EnrolmentStatus.ACTIVE
    reached = {
        EnrolmentStatus.CANDIDATE: True,
        EnrolmentStatus.ASSESSED: active
        or enrolment.displacement_judged_at is not None
        or status == EnrolmentStatus.ASSESSED,
        EnrolmentStatus.ACTIVE: active,
        EnrolmentStatus.ENDED: status == EnrolmentStatus.ENDED,
    }
    return [
        {
            "status": step,
            "label": step.label,
            "current": step == status,
            "done": reached[step] and step != status,
        }
        for step in order
    ]
