"""Step distribution (verdeling over de treden): of the placements active on a date, the share in
each step in force that day (the latest approved step decision from that day or before),
against the expected 17-20 % in step plus; a share outside that range is flagged in words.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.kernel.charts import Bar, bar_chart
from participatie.models import Placement, StepDecision
from participatie.reports import content
from participatie.reports.content import Chart, Column, Report, Section, Table
from participatie.reports.forms import DateForm
from participatie.reports.kinds.figures import percent_shown, rate, shown_rate
from participatie.reports.kinds.selectors import (
    changes_part,
    data_state,
    municipality_names,
    state_part,
    step_counts,
    step_labels,
)
from participatie.reports.registry import MUNICIPALITY, REGION, NoData, ReportContext, ReportKind
from participatie.tenancy.permissions import Perm, roles_with

# DOMAIN.md: 17-20 % of the participants are expected in step plus.
PLUS = "plus"
EXPECTED_PLUS = (0.17, 0.20)
NO_STEP = None


def expectation() -> str:
    low, high = EXPECTED_PLUS
    return _("%(low)s-%(high)s %%") % {"low": round(low * 100), "high": round(high * 100)}


def assessment(share: float | None) -> str:
    """The flag in words (never only a colour): inside, below or above the expected range."""
    if share is None:
        return ""
    low, high = EXPECTED_PLUS
    if share < low:
        return _("lager dan verwacht")
    if share > high:
        return _("hoger dan verwacht")
    return _("binnen de verwachting")


def no_data(ctx: ReportContext, day: date) -> NoData:
    return NoData(
        _("Geen actieve plaatsingen in %(scope)s op %(day)s.")
        % {"scope": ctx.scope_name, "day": date_format(day, "j F Y")}
    )


def fingerprint(ctx: ReportContext) -> str:
    day = ctx.parameters["date"]
    ids = ctx.municipality_ids
    state = data_state(
        state_part(
            "active", Placement.objects.filter(municipality_id__in=ids).active_on(day), Max("id")
        ),
        changes_part("placement changes", Placement, ids),
        state_part("decisions", StepDecision.objects.filter(municipality_id__in=ids), Max("id")),
        changes_part("decision changes", StepDecision, ids),
    )
    if not state.count("active"):
        raise no_data(ctx, day)
    return state.digest


def step_name(code: str | None, labels: dict[str, tuple[int, str]]) -> str:
    if code is NO_STEP:
        return _("Nog geen trede vastgesteld")
    return labels.get(code, (0, code))[1]


def in_catalogue_order(
    per_step: dict[str | None, int], labels: dict[str, tuple[int, str]]
) -> list[str | None]:
    """Steps by their position in the catalogue; placements without a step last."""
    return sorted(
        per_step,
        key=lambda code: (code is NO_STEP, labels.get(code or "", (999, ""))[0], code or ""),
    )


def steps_table(
    title: str,
    per_step: dict[str | None, int],
    labels: dict[str, tuple[int, str]],
    *,
    regional: bool,
) -> Table:
    """One row per step in catalogue order (placements without a step last): count, share,
    and for step plus the expected range and whether the share falls inside it."""
    active = sum(per_step.values())
    rows = []
    for code in in_catalogue_order(per_step, labels):
        share = shown_rate(per_step[code], active, counts=(per_step[code],), regional=regional)
        plus = code == PLUS
        rows.append(
            [
                step_name(code, labels),
                per_step[code],
                share,
                expectation() if plus else "",
                assessment(share) if plus else "",
            ]
        )
    return Table(
        title=title,
        columns=[
            Column(gettext_lazy("Trede")),
            Column(gettext_lazy("Plaatsingen"), content.COUNT),
            Column(gettext_lazy("Aandeel"), content.PERCENT),
            Column(gettext_lazy("Verwacht")),
            Column(gettext_lazy("Beoordeling")),
        ],
        rows=rows,
        totals=[_("Totaal"), active, rate(active, active), "", ""],
    )


def plus_table(
    title: str, first_column: str, groups: dict[str, dict[str | None, int]], *, regional: bool
) -> Table:
    """Per municipality or company: active placements, those in plus, and the flag."""
    rows = []
    for label, per_step in groups.items():
        active, plus = sum(per_step.values()), per_step.get(PLUS, 0)
        share = shown_rate(plus, active, counts=(plus, active), regional=regional)
        rows.append([label, active, plus, share, assessment(share)])
    active = sum(sum(per_step.values()) for per_step in groups.values())
    plus = sum(per_step.get(PLUS, 0) for per_step in groups.values())
    share = shown_rate(plus, active, counts=(plus, active), regional=regional)
    return Table(
        title=title,
        columns=[
            Column(first_column),
            Column(gettext_lazy("Actieve plaatsingen"), content.COUNT),
            Column(gettext_lazy("In trede plus"), content.COUNT),
            Column(gettext_lazy("Aandeel plus"), content.PERCENT),
            Column(gettext_lazy("Beoordeling")),
        ],
        rows=rows,
        totals=[_("Totaal"), active, plus, share, assessment(share)],
        note=_("Verwacht aandeel in trede plus: %(range)s.") % {"range": expectation()},
    )


def build(ctx: ReportContext) -> Report:
    day = ctx.parameters["date"]
    regional = ctx.regional
    ctx.progress(0.2, _("Treden op de peildatum bepalen"))
    counts = step_counts(ctx.municipality_ids, day)
    if not counts:
        raise no_data(ctx, day)
    labels = step_labels(ctx.municipality_ids, day.year)
    ctx.progress(0.7, _("Tabellen maken"))
    per_step: dict[str | None, int] = defaultdict(int)
    per_group: dict[str, dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    names = municipality_names(ctx.municipality_ids)
    for _enrolment_id, municipality_id, company, code, count in counts:
        per_step[code] += count
        per_group[names[municipality_id] if regional else company][code] += count
    sections: list[Section] = [
        steps_table(_("Verdeling over de treden"), per_step, labels, regional=regional)
    ]
    if PLUS in labels:
        sections.append(
            plus_table(
                _("Trede plus per gemeente") if regional else _("Trede plus per leerwerkbedrijf"),
                _("Gemeente") if regional else _("Leerwerkbedrijf"),
                dict(sorted(per_group.items())),
                regional=regional,
            )
        )
    sections.append(steps_chart(per_step, labels, regional=regional))
    return Report(
        title=_("Verdeling over de treden"),
        subtitle=_("%(scope)s, %(day)s")
        % {"scope": ctx.scope_name, "day": date_format(day, "j F Y")},
        sections=sections,
    )


def steps_chart(
    per_step: dict[str | None, int], labels: dict[str, tuple[int, str]], *, regional: bool
) -> Chart:
    title = _("Aandeel per trede")
    active = sum(per_step.values())
    chart_bars = []
    for code in in_catalogue_order(per_step, labels):
        count = per_step[code]
        share = shown_rate(count, active, counts=(count,), regional=regional)
        chart_bars.append(
            Bar(
                step_name(code, labels),
                share or 0,
                percent_shown(share) if share is not None else content.SUPPRESSED,
            )
        )
    return Chart(title=title, svg=bar_chart(title, chart_bars))


KIND = ReportKind(
    slug="step_distribution",
    title=gettext_lazy("Verdeling over de treden"),
    description=gettext_lazy(
        "Aandeel van de actieve plaatsingen per trede op een peildatum, naast het verwachte "
        "aandeel van 17-20 % in trede plus."
    ),
    scopes=frozenset({MUNICIPALITY, REGION}),
    roles=roles_with(Perm.REPORTS_REQUEST),
    form=DateForm,
    fingerprint=fingerprint,
    build=build,
    order=40,
)
