"""The matching unit's quarterly report (issue 6; seed 001 ch. 9): "every quarter the matching
unit delivers the numbers of participants per learning-work company, with inflow date and any
outflow date; the report is shared with the social service".

A municipal report: it names the participants (never their BSN). Per company: how many were
placed at the start of the quarter, came in, went out, and are still placed after it, then the
participants themselves. Two queries on placements whatever their number: one grouped count per
company, one list of the placements that share a day with the quarter.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.choices import OrganisationKind, Role
from participatie.kernel.calendar import ONE_DAY, quarter_bounds
from participatie.kernel.pdf import dutch_date
from participatie.kernel.periods import active_on
from participatie.models import Enrolment, Municipality, Participant, Placement, ServiceArea
from participatie.placements.choices import OutflowReason
from participatie.reports.content import COUNT, DATE, TEXT, Column, Report, Table
from participatie.reports.forms import QuarterForm
from participatie.reports.registry import MUNICIPALITY, NoData, ReportContext, ReportKind


def _period(ctx: ReportContext) -> tuple[int, int, date, date]:
    year, quarter = ctx.parameters["year"], ctx.parameters["quarter"]
    return year, quarter, *quarter_bounds(year, quarter)


def _in_quarter(municipality: Municipality | OuterRef, first: date, last: date) -> QuerySet:
    return Placement.objects.filter(municipality=municipality).overlapping(first, last)


def _newest_change(history: QuerySet) -> Subquery:
    """The latest audit row of a model in the municipality: any edit, insert or delete."""
    rows = history.filter(municipality=OuterRef("pk")).order_by("-history_id")
    return Subquery(rows.values("history_id")[:1])


def fingerprint(ctx: ReportContext) -> str:
    """One query: how many placements the quarter holds and the newest change to placements,
    participants (names) and companies of the municipality."""
    year, quarter, first, last = _period(ctx)
    municipality = ctx.municipality
    assert municipality is not None  # a municipal kind
    placed = (
        _in_quarter(OuterRef("pk"), first, last)
        .order_by()
        .values("municipality")
        .annotate(n=Count("pk"))
        .values("n")
    )
    state = (
        Municipality.objects.filter(pk=municipality.pk)
        .annotate(
            placed=Subquery(placed),
            placements=_newest_change(Placement.history.all()),
            participants=_newest_change(Participant.history.all()),
            companies=_newest_change(Enrolment.history.all()),
        )
        .values_list("placed", "placements", "participants", "companies")
        .get()
    )
    if not state[0]:
        raise NoData(_("Geen plaatsingen in kwartaal %(q)s van %(y)s.") % {"q": quarter, "y": year})
    return f"{year}-Q{quarter}:" + ":".join(str(value) for value in state)


def build(ctx: ReportContext) -> Report:
    year, quarter, first, last = _period(ctx)
    municipality = ctx.municipality
    assert municipality is not None  # a municipal kind
    placements = _in_quarter(municipality, first, last)

    ctx.progress(0.1, _("Aantallen per leerwerkbedrijf"))
    counts = list(
        placements.values("enrolment_id")
        .annotate(
            company=F("enrolment__organisation__name"),
            at_start=Count("pk", filter=Q(start_date__lt=first)),
            inflow=Count("pk", filter=Q(start_date__gte=first)),
            outflow=Count("pk", filter=Q(end_date__lte=last)),
            at_end=Count("pk", filter=active_on(last + ONE_DAY)),
        )
        .order_by("company", "enrolment_id")
    )
    figures = ("at_start", "inflow", "outflow", "at_end")
    summary = Table(
        title=_("Aantallen per leerwerkbedrijf"),
        columns=[
            Column(_("Leerwerkbedrijf"), TEXT),
            Column(_("Geplaatst bij begin"), COUNT),
            Column(_("Instroom"), COUNT),
            Column(_("Uitstroom"), COUNT),
            Column(_("Geplaatst bij einde"), COUNT),
        ],
        rows=[[row["company"], *(row[name] for name in figures)] for row in counts],
        totals=[_("Totaal"), *(sum(row[name] for row in counts) for name in figures)],
        note=_(
            "Begin: gestart vóór %(first)s en dan nog geplaatst. Instroom: startdatum in het "
            "kwartaal. Uitstroom: einddatum in het kwartaal. Einde: begin + instroom - "
            "uitstroom, nog geplaatst na %(last)s."
        )
        % {"first": dutch_date(first), "last": dutch_date(last)},
    )

    ctx.progress(0.4, _("Deelnemers per leerwerkbedrijf"))
    reasons = dict(OutflowReason.choices)
    people: dict[int, list[list]] = defaultdict(list)
    for enrolment_id, first_name, last_name, start, end, reason in placements.values_list(
        "enrolment_id",
        "participant__first_name",
        "participant__last_name",
        "start_date",
        "end_date",
        "outflow_reason",
    ).order_by("participant__last_name", "participant__first_name", "start_date", "pk"):
        # An end after the quarter had not happened yet in it: the quarter's state, not today's.
        ended = end is not None and end <= last
        people[enrolment_id].append(
            [
                f"{first_name} {last_name}".strip(),
                start,
                end if ended else None,
                str(reasons.get(reason, "")) if ended else "",
            ]
        )
    columns = [
        Column(_("Deelnemer"), TEXT),
        Column(_("Instroomdatum"), DATE),
        Column(_("Uitstroomdatum"), DATE),
        Column(_("Reden uitstroom"), TEXT),
    ]
    per_company = [
        Table(title=row["company"], columns=columns, rows=people[row["enrolment_id"]])
        for row in counts
    ]

    ctx.progress(0.9, _("Rapportage samenstellen"))
    units = ", ".join(
        # Partners (the social service, UWV, district teams) have service areas too.
        ServiceArea.objects.filter(
            municipality=municipality, organisation__kind=OrganisationKind.MATCHING_UNIT
        )
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
    )
    subtitle = _("Kwartaal %(q)s %(y)s (%(first)s t/m %(last)s)") % {
        "q": quarter,
        "y": year,
        "first": dutch_date(first),
        "last": dutch_date(last),
    }
    if units:
        subtitle = _("%(period)s. Matchingsunit: %(units)s") % {"period": subtitle, "units": units}
    return Report(
        title=_("Kwartaalrapportage matchingsunit: deelnemers per leerwerkbedrijf"),
        subtitle=subtitle,
        sections=[summary, *per_company],
    )


MU_QUARTERLY = ReportKind(
    slug="mu_quarterly",
    title=gettext_lazy("Kwartaalrapportage matchingsunit"),
    description=gettext_lazy(
        "Deelnemers per leerwerkbedrijf met instroom- en uitstroomdatum, en de aantallen "
        "instroom en uitstroom in het kwartaal. Wordt gedeeld met de sociale dienst."
    ),
    scopes=frozenset({MUNICIPALITY}),
    roles=frozenset({Role.MU_CONSULTANT, Role.ACCOUNT_HOLDER, Role.POLICY_OFFICER}),
    form=QuarterForm,
    fingerprint=fingerprint,
    build=build,
    quarterly=True,
    order=20,
)
