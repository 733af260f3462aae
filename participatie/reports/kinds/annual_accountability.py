"""Annual accountability (jaarverantwoording) of one company or of the matching unit: the year's
figures (places, occupancy, inflow, outflow by reason, steps at the end of the year) and three
texts the author writes before the PDF is made. The matching unit's report covers every company
of the municipality; a company's report only its own placements.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.db.models import Max, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment, Placement, StepDecision
from participatie.reports import content
from participatie.reports.content import Column, Report, Section, Table, Text
from participatie.reports.forms import YearForm
from participatie.reports.kinds.figures import Period, rate, today_of, year_period
from participatie.reports.kinds.outflow import REASONS, reason_label
from participatie.reports.kinds.selectors import (
    changes_part,
    company_occupancy,
    data_state,
    holding_places,
    matching_units,
    outflow_counts,
    state_part,
    step_counts,
    step_labels,
    total,
)
from participatie.reports.kinds.step_distribution import steps_table
from participatie.reports.registry import MUNICIPALITY, NoData, ReportContext, ReportKind
from participatie.tenancy.context import active_municipality_ids
from participatie.tenancy.permissions import Perm, roles_with

MAX_TEXT = 5000


class CompanyChoiceField(forms.ModelChoiceField):
    """The companies of the municipality whose tenant context is open, read whenever the field
    is used: the form class exists before any tenant does, so a queryset fixed then could only
    be empty, and one left to the scope alone would not say whose companies these are."""

    def _get_queryset(self):
        ids = active_municipality_ids()
        if not isinstance(ids, tuple):
            return Enrolment.objects.none()
        return (
            Enrolment.objects.filter(
                municipality_id__in=ids,
                status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.ENDED],
            )
            .select_related("organisation")
            .order_by("organisation__name")
        )

    queryset = property(_get_queryset, forms.ModelChoiceField._set_queryset)  # type: ignore[assignment,attr-defined]

    def label_from_instance(self, obj: Enrolment) -> str:
        return obj.organisation.name


def text_field(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AccountabilityForm(YearForm):
    company = CompanyChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Verantwoording van"),
        empty_label=gettext_lazy("De matchingsunit (alle leerwerkbedrijven)"),
    )
    review = text_field(gettext_lazy("Terugblik"), gettext_lazy("Hoe verliep het jaar?"))
    participants = text_field(
        gettext_lazy("Ontwikkeling deelnemers"),
        gettext_lazy("Wat hebben de deelnemers bereikt, wat viel op?"),
    )
    plans = text_field(
        gettext_lazy("Plannen volgend jaar"), gettext_lazy("Wat gaat er volgend jaar gebeuren?")
    )


def subject_of(ctx: ReportContext) -> Enrolment | None:
    """The company the report is about; None for the matching unit (all companies)."""
    return ctx.parameters.get("company") or None


def period_of(ctx: ReportContext) -> Period:
    return year_period(ctx.parameters["year"], today=today_of(ctx.today))


def no_data(ctx: ReportContext) -> NoData:
    company = subject_of(ctx)
    return NoData(
        _("Geen plekken of plaatsingen van %(name)s in %(year)s.")
        % {
            "name": company.organisation.name if company else ctx.scope_name,
            "year": ctx.parameters["year"],
        }
    )


def fingerprint(ctx: ReportContext) -> str:
    period = period_of(ctx)
    ids = ctx.municipality_ids
    company = subject_of(ctx)
    placements = Placement.objects.filter(municipality_id__in=ids)
    enrolments = Enrolment.objects.filter(municipality_id__in=ids)
    if company is not None:
        placements = placements.filter(enrolment=company)
        enrolments = enrolments.filter(id=company.id)
    state = data_state(
        state_part("placements", placements.overlapping(period.start, period.end), Max("id")),
        changes_part("placement changes", Placement, ids),
        state_part("enrolments", enrolments.filter(holding_places(period)), Sum("max_places")),
        changes_part("enrolment changes", Enrolment, ids),
        state_part("decisions", StepDecision.objects.filter(municipality_id__in=ids), Max("id")),
        changes_part("decision changes", StepDecision, ids),
    )
    if not state.count("placements") and not state.count("enrolments"):
        raise no_data(ctx)
    return state.digest


def key_figures(ctx: ReportContext, period: Period, enrolment_id: int | None) -> Table:
    """Per company: its places and placements on the last day, the occupancy over the year,
    and the placements that started and ended in it."""
    year = company_occupancy(ctx.municipality_ids, period, enrolment_id=enrolment_id)
    if not year:
        raise no_data(ctx)
    last_day = {
        row.enrolment_id: row.occupancy
        for row in company_occupancy(
            ctx.municipality_ids, Period(period.end, period.end), enrolment_id=enrolment_id
        )
    }
    on = date_format(period.end, "j F Y")
    rows = []
    for company in year:
        end = last_day.get(company.enrolment_id)
        figures = company.occupancy
        rows.append(
            [
                company.name,
                end.capacity_days if end else 0,
                end.place_days if end else 0,
                rate(figures.place_days, figures.capacity_days),
                figures.started,
                figures.ended,
            ]
        )
    whole = total(year)
    return Table(
        title=_("Kerncijfers %(year)s") % {"year": period.start.year},
        columns=[
            Column(gettext_lazy("Leerwerkbedrijf")),
            Column(_("Plekken op %(day)s") % {"day": on}, content.COUNT),
            Column(_("Bezet op %(day)s") % {"day": on}, content.COUNT),
            Column(gettext_lazy("Bezetting over het jaar"), content.PERCENT),
            Column(gettext_lazy("Instroom"), content.COUNT),
            Column(gettext_lazy("Uitstroom"), content.COUNT),
        ],
        rows=rows,
        totals=[
            _("Totaal"),
            sum(row[1] for row in rows),
            sum(row[2] for row in rows),
            rate(whole.place_days, whole.capacity_days),
            whole.started,
            whole.ended,
        ],
        note=_(
            "Bezetting over het jaar: bezette plekdagen gedeeld door capaciteitsdagen "
            "(plekken maal de dagen dat het leerwerkbedrijf actief was)."
        ),
    )


def outflow_table(ctx: ReportContext, period: Period, enrolment_id: int | None) -> Table:
    per_reason: dict[str, int] = defaultdict(int)
    for _municipality, _year, reason, count in outflow_counts(
        ctx.municipality_ids, period, enrolment_id=enrolment_id
    ):
        per_reason[reason] += count
    return Table(
        title=_("Uitstroom naar reden"),
        columns=[Column(gettext_lazy("Reden")), Column(gettext_lazy("Aantal"), content.COUNT)],
        rows=[[reason_label(reason), per_reason[reason]] for reason in REASONS],
        totals=[_("Totaal"), sum(per_reason.values())],
    )


def build(ctx: ReportContext) -> Report:
    period = period_of(ctx)
    company = subject_of(ctx)
    enrolment_id = company.id if company is not None else None
    ctx.progress(0.1, _("Plekken, bezetting, in- en uitstroom"))
    sections: list[Section] = [
        key_figures(ctx, period, enrolment_id),
        outflow_table(ctx, period, enrolment_id),
    ]
    ctx.progress(0.5, _("Treden aan het eind van het jaar"))
    per_step: dict[str | None, int] = defaultdict(int)
    for *_group, code, count in step_counts(
        ctx.municipality_ids, period.end, enrolment_id=enrolment_id
    ):
        per_step[code] += count
    if per_step:
        sections.append(
            steps_table(
                _("Treden op %(day)s") % {"day": date_format(period.end, "j F Y")},
                per_step,
                step_labels(ctx.municipality_ids, period.end.year),
                regional=False,
            )
        )
    ctx.progress(0.8, _("Teksten toevoegen"))
    sections.extend(
        Text(AccountabilityForm.base_fields[name].label, ctx.parameters[name])
        for name in ("review", "participants", "plans")
    )
    if company is not None:
        subject = company.organisation.name
    else:
        units = matching_units(ctx.municipality_ids)
        subject = _("Matchingsunit %(unit)s") % {"unit": " / ".join(sorted(set(units.values())))}
    return Report(
        title=_("Jaarverantwoording %(year)s") % {"year": ctx.parameters["year"]},
        subtitle=_("%(subject)s, %(scope)s") % {"subject": subject, "scope": ctx.scope_name},
        sections=sections,
    )


KIND = ReportKind(
    slug="annual_accountability",
    title=gettext_lazy("Jaarverantwoording"),
    description=gettext_lazy(
        "De cijfers van een jaar van een leerwerkbedrijf of van de matchingsunit, met de "
        "toelichting die u zelf schrijft."
    ),
    scopes=frozenset({MUNICIPALITY}),
    # No permission is held by exactly these two: the account holders (who decide on the steps)
    # and the matching unit; policy officers do not get the accountability report.
    roles=roles_with(Perm.STEPS_DECIDE) | roles_with(Perm.MATCHING_WORK),
    form=AccountabilityForm,
    fingerprint=fingerprint,
    build=build,
    order=50,
)
