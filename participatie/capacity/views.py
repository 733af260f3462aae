"""The region's ceiling of places and its members' target ranges (``/regio/<slug>/capaciteit/``):
read by whoever has the regional view, set by the region's administrator."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.capacity import selectors, services
from participatie.kernel.forms import REQUIRED, NlFormMixin, widget_class
from participatie.kernel.web import add_service_errors
from participatie.models import Municipality
from participatie.placements.selectors import region_occupancy
from participatie.region_views import shown_occupancy
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm

NUMBER = {"inputmode": "numeric", "autocomplete": "off", "size": "6"}


class CapacityForm(NlFormMixin, forms.Form):
    year = forms.CharField(widget=forms.HiddenInput, error_messages=REQUIRED)
    ceiling = forms.CharField(
        label=gettext_lazy("Plafond van de regio (plekken per jaar)"),
        required=False,
        max_length=7,
        help_text=gettext_lazy("Laat leeg als de regio geen plafond afspreekt."),
        widget=forms.TextInput(attrs=NUMBER),
    )

    def __init__(self, *args: Any, members: Sequence[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for m in self.members:
            self.fields[services.minimum_field(m.pk)] = forms.CharField(
                label=_("Streefaantal %(name)s, van") % {"name": m.name},
                required=False,
                max_length=7,
                widget=forms.TextInput(attrs=NUMBER),
            )
            self.fields[services.maximum_field(m.pk)] = forms.CharField(
                label=_("Streefaantal %(name)s, tot en met") % {"name": m.name},
                required=False,
                max_length=7,
                widget=forms.TextInput(attrs=NUMBER),
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", widget_class(field.widget))

    def rows(self) -> list[tuple[Municipality, forms.BoundField, forms.BoundField]]:
        return [
            (m, self[services.minimum_field(m.pk)], self[services.maximum_field(m.pk)])
            for m in self.members
        ]

    def capacity_input(self) -> services.CapacityInput:
        data = self.cleaned_data
        return services.CapacityInput(
            year=data["year"],
            ceiling=data["ceiling"],
            ranges={
                m.pk: (
                    data[services.minimum_field(m.pk)],
                    data[services.maximum_field(m.pk)],
                )
                for m in self.members
            },
        )


def _year(request: TenantRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("jaar") or today.year)
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 2 else today.year


@permission_required(Perm.REGION_VIEW)
def capacity(request: TenantRequest, region_slug: str) -> HttpResponse:
    region = request.region
    assert region is not None
    can_manage = request.access.has(Perm.REGION_MANAGE)
    year = _year(request)
    rows = selectors.target_rows(region, year)
    members = [row.municipality for row in rows]
    form: CapacityForm | None = None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Alleen de beheerder van de regio kan dit vastleggen."))
        form = CapacityForm(request.POST, members=members)
        if form.is_valid():
            try:
                services.capacity_set(region=region, data=form.capacity_input(), actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Het plafond en de streefaantallen zijn opgeslagen."))
                return redirect(f"{request.path}?jaar={form.cleaned_data['year']}")
    capacity_row = selectors.capacity_of(region, year)
    if form is None and can_manage:
        initial: dict[str, object] = {
            "year": year,
            "ceiling": capacity_row.places if capacity_row else "",
        }
        for row in rows:
            initial[services.minimum_field(row.municipality.pk)] = (
                row.target.minimum if row.target else ""
            )
            initial[services.maximum_field(row.municipality.pk)] = (
                row.target.maximum if row.target else ""
            )
        form = CapacityForm(initial=initial, members=members)
    today = timezone.localdate()
    # Counts below 5 are shown as "<5" on every regional page; no band for those.
    shown, totals = shown_occupancy(region_occupancy(region=region, on=today))
    occupied = {r.name: r.occupied for r in shown}
    current = year == today.year
    table = []
    for row in rows:
        count = occupied.get(row.municipality.name, 0)
        counted = isinstance(count, int)
        table.append(
            (row, count, selectors.band(count, row.target) if current and counted else None)
        )
    ceiling = None
    if current and isinstance(totals.occupied, int):
        ceiling = selectors.ceiling_on(region, today, occupied=totals.occupied)
    return render(
        request,
        "participatie/capacity.html",
        {
            "region": region,
            "year": year,
            "years": range(max(2000, year - 3), today.year + 3),
            "can_manage": can_manage,
            "form": form,
            "capacity": capacity_row,
            "rows": table,
            "ceiling": ceiling,
            "today": today,
        },
        status=400 if form is not None and form.errors else 200,
    )
