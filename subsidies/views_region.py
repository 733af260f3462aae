"""The regional body's pages under ``/regio/<region_slug>/``: the budget key (enter the total
and each member's contribution, preview, commit as a new version) and the effort obligation per
member per year. Everyone with the regional view reads them; only REGION_MANAGE writes."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.kernel.charts import Bar, bar_chart
from participatie.kernel.formatting import money
from participatie.kernel.forms import NlFormMixin, widget_class
from participatie.kernel.web import add_service_errors
from participatie.models import Municipality
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from subsidies import region_selectors as selectors
from subsidies.models import BudgetKeyVersion
from subsidies.services import budgets as services


def _shown_year(request: TenantRequest) -> int:
    """The year the page shows (``?jaar=``): from 2000 up to two years ahead, else this year."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("jaar") or today.year)
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 2 else today.year


def _years(year: int) -> range:
    latest = timezone.localdate().year + 2
    return range(max(2000, min(year, latest) - 3), latest + 1)


def _deny_unless_manager(request: TenantRequest) -> None:
    if not request.access.has(Perm.REGION_MANAGE):
        raise PermissionDenied(_("Alleen de beheerder van de regio kan dit vastleggen."))


def _style_added_fields(form: forms.Form) -> None:
    """The NL Design System class on the fields added after ``NlFormMixin`` styled the form."""
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", widget_class(field.widget))


# -- the budget key ---------------------------------------------------------------------------


class BudgetKeyForm(NlFormMixin, forms.Form):
    year = forms.CharField(widget=forms.HiddenInput)
    # Text, not number fields: the service explains non-numeric or negative input in Dutch.
    total = forms.CharField(
        label=gettext_lazy("Regionaal totaal (€, hele euro's)"),
        max_length=24,
        error_messages={"required": gettext_lazy("Vul het regionale totaal in (verplicht).")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def __init__(self, *args: object, members: Sequence[Municipality], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for municipality in self.members:
            self.fields[services.contribution_field(municipality.pk)] = forms.CharField(
                label=_("Bijdrage %(name)s (€)") % {"name": municipality.name},
                max_length=24,
                error_messages={
                    "required": _(
                        "Vul de bijdrage van %(name)s in (verplicht). Vul 0 in als de gemeente "
                        "niet meedoet."
                    )
                    % {"name": municipality.name}
                },
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        _style_added_fields(self)

    def contributions(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[services.contribution_field(m.pk)] for m in self.members}

    def rows(self) -> list[tuple[Municipality, forms.BoundField]]:
        return [(m, self[services.contribution_field(m.pk)]) for m in self.members]


def _plain(amount: Decimal | None) -> str:
    """An amount as the form shows it: whole euros without decimals, else with a comma."""
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return str(int(amount))
    return f"{amount:.2f}".replace(".", ",")


def _chart(allocation_rows: Sequence[tuple[str, Decimal]], title: str) -> str:
    return bar_chart(
        title,
        [Bar(name, amount, money(amount, 0)) for name, amount in allocation_rows],
        description=" ".join(f"{name}: {money(amount, 0)}." for name, amount in allocation_rows),
    )


def _version_matrix(
    members: Sequence[Municipality], versions: Sequence[BudgetKeyVersion]
) -> list[tuple[str, list[Decimal | None]]]:
    """Per member the amount in each version (newest first); from the prefetched shares."""
    amounts = [
        {share.municipality_id: share.amount for share in version.shares.all()}
        for version in versions
    ]
    return [(m.name, [per_version.get(m.pk) for per_version in amounts]) for m in members]


@permission_required(Perm.REGION_VIEW)
def budget_key(request: TenantRequest, region_slug: str) -> HttpResponse:
    region = request.region
    assert region is not None  # the middleware resolved it
    can_manage = request.access.has(Perm.REGION_MANAGE)
    year = _shown_year(request)
    members = services.region_members(region)
    preview: services.KeyAllocation | None = None
    form: BudgetKeyForm | None = None
    if request.method == "POST":
        _deny_unless_manager(request)
        form = BudgetKeyForm(request.POST, members=members)
        if form.is_valid():
            arguments = {
                "region": region,
                "year": form.cleaned_data["year"],
                "total": form.cleaned_data["total"],
                "contributions": form.contributions(),
            }
            try:
                if request.POST.get("action") == "commit":
                    version = services.budget_key_commit(**arguments, actor=request.user)
                else:
                    preview = services.budget_key_preview(**arguments, members=members)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if preview is None:
                    messages.success(
                        request,
                        _(
                            "Versie %(number)s van de verdeelsleutel %(year)s is vastgelegd en "
                            "in het budget van elke gemeente gezet."
                        )
                        % {"number": version.number, "year": version.year},
                    )
                    return redirect(f"{request.path}?jaar={version.year}")
                year = preview.year
    versions = selectors.budget_key_versions(region=region, year=year)
    if form is None and can_manage:
        start = selectors.budget_key_start(
            region=region, year=year, members=members, versions=versions
        )
        initial: dict[str, object] = {"year": year, "total": _plain(start.total)}
        initial.update(
            {
                services.contribution_field(m.pk): _plain(start.contributions.get(m.pk))
                for m in members
            }
        )
        form = BudgetKeyForm(initial=initial, members=members)
    current = versions[0] if versions else None
    chart = None
    if preview is not None:
        chart = _chart(
            [(row.municipality.name, row.amount) for row in preview.rows],
            _("Voorbeeld: verdeling van %(total)s in %(year)s")
            % {"total": money(preview.total, 0), "year": year},
        )
    elif current is not None:
        chart = _chart(
            [(share.municipality.name, share.amount) for share in current.shares.all()],
            _("Verdeling van %(total)s in %(year)s (versie %(number)s)")
            % {"total": money(current.total, 0), "year": year, "number": current.number},
        )
    current_rows = []
    if current is not None:
        weight = sum((share.contribution for share in current.shares.all()), Decimal(0))
        current_rows = [
            (share, share.contribution / weight if weight else None)
            for share in current.shares.all()
        ]
    preview_by_id = {row.municipality.pk: row for row in preview.rows} if preview else {}
    return render(
        request,
        "subsidies/region/budget_key.html",
        {
            "region": region,
            "year": year,
            "years": _years(year),
            "can_manage": can_manage,
            "form": form,
            "form_rows": (
                [(m, field, preview_by_id.get(m.pk)) for m, field in form.rows()] if form else []
            ),
            "preview": preview,
            "current": current,
            "current_rows": current_rows,
            "versions": versions,
            "matrix": _version_matrix(members, versions),
            "chart": chart,
        },
        status=400 if form is not None and form.errors else 200,
    )


# -- the effort obligation --------------------------------------------------------------------

MET, NOT_MET = "ja", "nee"


class EffortObligationForm(NlFormMixin, forms.Form):
    year = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: object,
        members: Sequence[Municipality],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for municipality in self.members:
            self.fields[f"met_{municipality.pk}"] = forms.ChoiceField(
                label=_("Inspanningsverplichting %(name)s") % {"name": municipality.name},
                choices=[(MET, _("Nagekomen")), (NOT_MET, _("Niet nagekomen"))],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies nagekomen of niet nagekomen (verplicht)."),
                    "invalid_choice": _("Kies nagekomen of niet nagekomen."),
                },
            )
            self.fields[f"note_{municipality.pk}"] = forms.CharField(
                label=_("Toelichting %(name)s") % {"name": municipality.name},
                required=False,
                max_length=services.NOTE_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": _("Een toelichting is hoogstens %(limit_value)s tekens.")
                },
            )
        _style_added_fields(self)

    def rows(self) -> list[tuple[Municipality, forms.BoundField, forms.BoundField]]:
        return [(m, self[f"met_{m.pk}"], self[f"note_{m.pk}"]) for m in self.members]


def _add_row_errors(form: forms.Form, municipality: Municipality, error: ValidationError) -> None:
    """A service error on ``met``/``note`` belongs to that member's field; the rest on top."""
    for name, field_errors in error.message_dict.items():
        field = f"{name}_{municipality.pk}"
        form.add_error(field if field in form.fields else None, field_errors)


@permission_required(Perm.REGION_VIEW)
def effort_obligations(request: TenantRequest, region_slug: str) -> HttpResponse:
    region = request.region
    assert region is not None
    can_manage = request.access.has(Perm.REGION_MANAGE)
    year = _shown_year(request)
    members = services.region_members(region)
    form: EffortObligationForm | None = None
    if request.method == "POST":
        _deny_unless_manager(request)
        form = EffortObligationForm(request.POST, members=members)
        if form.is_valid():
            posted_year = form.cleaned_data["year"]
            try:
                with transaction.atomic():  # all rows or none
                    saved = _save_obligations(request, form, members, posted_year)
            except ValidationError:
                pass  # the errors are on the form
            else:
                messages.success(
                    request,
                    _("De inspanningsverplichting is vastgelegd voor %(n)s gemeente(n).")
                    % {"n": saved}
                    if saved
                    else _("Er was niets gewijzigd."),
                )
                return redirect(f"{request.path}?jaar={posted_year}")
    obligations = selectors.effort_obligations(members=members, year=year)
    if form is None and can_manage:
        initial: dict[str, object] = {"year": year}
        for m in members:
            obligation = obligations.get(m.pk)
            initial[f"met_{m.pk}"] = MET if obligation is None or obligation.met else NOT_MET
            initial[f"note_{m.pk}"] = obligation.note if obligation else ""
        form = EffortObligationForm(initial=initial, members=members)
    return render(
        request,
        "subsidies/region/effort_obligations.html",
        {
            "region": region,
            "year": year,
            "years": _years(year),
            "can_manage": can_manage,
            "form": form,
            "rows": [(m, obligations.get(m.pk)) for m in members],
            "form_rows": (
                [(m, met, note, obligations.get(m.pk)) for m, met, note in form.rows()]
                if form
                else []
            ),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _save_obligations(
    request: TenantRequest,
    form: EffortObligationForm,
    members: Sequence[Municipality],
    year: str,
) -> int:
    """Write the rows that changed (or that have no row yet); raise after marking the errors."""
    try:
        checked_year = services.check_year(year)
    except ValidationError as error:
        add_service_errors(form, error)
        raise
    current = selectors.effort_obligations(members=members, year=checked_year)
    saved = 0
    failed: ValidationError | None = None
    for municipality in members:
        met = form.cleaned_data[f"met_{municipality.pk}"] == MET
        note = form.cleaned_data[f"note_{municipality.pk}"].strip()
        existing = current.get(municipality.pk)
        if existing is not None and existing.met == met and existing.note == note:
            continue
        try:
            services.effort_obligation_set(
                municipality=municipality, year=checked_year, met=met, note=note, actor=request.user
            )
        except ValidationError as error:
            _add_row_errors(form, municipality, error)
            failed = error
        else:
            saved += 1
    if failed is not None:
        raise failed
    return saved
