"""Setting up a municipality's year: the step catalogue, the tariffs (an amount per step, the
base fee, the custom budget, the advance model, the maximum length of a second place) and the
budget (DOMAIN.md "Setting up a year").

A year is usually copied from the previous one and then edited. Its tariffs can be changed
until the first statement of that year is approved; after that an amount changes only by a new
version from a date (the settlement pays each day at the version in force that day), and the
base fee, custom budget and advance model, which have no versions, stay as they are.

Every write is one transaction and writes nothing when it refuses; errors are Dutch and name
the field (``amount_<code>`` for a step's amount, as the page's fields are called).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from participatie.kernel.formatting import parse_amount
from participatie.models import Municipality, Step, User
from participatie.placements import services as steps
from participatie.placements.services import (
    YEAR_NOT_SET_UP,
    is_year_not_set_up,
    setup_year_error,
    year_not_set_up,
)
from subsidies.choices import AdvanceModel, StatementStatus
from subsidies.models import (
    ApplicationLine,
    DecisionLine,
    MunicipalBudget,
    QuarterStatement,
    StatementLine,
    StepTariff,
    Tariff,
)

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

ZERO = Decimal("0.00")
# MONEY fields: 12 digits of which 2 decimals.
MAX_AMOUNT = Decimal("9999999999.99")
MAX_SECOND_PLACE_DAYS = 366

__all__ = [
    "YEAR_NOT_SET_UP",
    "budget_set",
    "is_year_not_set_up",
    "no_tariffs_message",
    "step_create",
    "step_delete",
    "step_update",
    "tariff_create",
    "tariff_update",
    "tariff_version_create",
    "tariffs_locked",
    "year_create",
    "year_not_set_up",
]


def no_tariffs_message(year: int) -> str:
    """The refusal of whatever needs the tariffs of a year that has none."""
    return _(
        "Er zijn geen tarieven vastgesteld voor %(y)s. De accounthouder stelt de tarieven "
        "van %(y)s in onder Jaarinstellingen."
    ) % {"y": year}


def no_tariffs(year: int, field: str = "year") -> ValidationError:
    return year_not_set_up(field, no_tariffs_message(year))


def tariffs_locked(municipality: Municipality | int, year: int) -> bool:
    """Whether a statement of ``year`` is approved: from then on only new versions."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    return QuarterStatement.objects.filter(
        municipality_id=municipality_id, year=year, status=StatementStatus.APPROVED
    ).exists()


# -- input ------------------------------------------------------------------------------------


def parse_money(value: object, field: str) -> Decimal:
    """A non-negative amount in euros with at most two decimals, typed as people do
    (``parse_amount``: 2500, 2500,00, 2.500,00), or a Dutch ValidationError on ``field``."""
    amount = None if value is None else parse_amount(value)
    if amount is None:
        raise ValidationError({field: _("Vul een bedrag in, bijvoorbeeld 2500,00.")})
    if amount < 0:
        raise ValidationError({field: _("Een bedrag kan niet negatief zijn.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Een bedrag heeft hoogstens twee decimalen.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("Dit bedrag is te groot.")})
    return amount.quantize(Decimal("0.01"))


def _save(row: M, actor: User) -> M:
    """Save a row with its audit entry in the actor's name."""
    row._history_user = actor  # type: ignore[attr-defined]
    row.save()
    return row


def _collect(errors: dict[str, list[str]], func: Callable[..., T], *args: object) -> T | None:
    """Run a parser; on a ValidationError keep its field messages and return None."""
    try:
        return func(*args)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
        return None


def _step_amounts(
    catalogue: list[Step], amounts: Mapping[str, object], errors: dict[str, list[str]]
) -> dict[str, Decimal]:
    """An amount for every step of the catalogue, parsed; unknown codes are refused."""
    clean: dict[str, Decimal] = {}
    for step in catalogue:
        field = f"amount_{step.code}"
        raw = amounts.get(step.code)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            errors.setdefault(field, []).append(
                _("Geef een bedrag voor trede %(label)s (%(code)s).")
                % {"label": step.label, "code": step.code}
            )
            continue
        amount = _collect(errors, parse_money, raw, field)
        if amount is not None:
            clean[step.code] = amount
    unknown = sorted(set(amounts) - {step.code for step in catalogue})
    if unknown:
        errors.setdefault("amounts", []).append(
            _("Trede %(codes)s staat niet in de tredecatalogus.") % {"codes": ", ".join(unknown)}
        )
    return clean


def _advance_model(value: object, errors: dict[str, list[str]]) -> str:
    if value not in AdvanceModel.values:
        errors.setdefault("advance_model", []).append(
            _("Kies de bevoorschotting: volledig voorschot of per kwartaal 80 % / 20 %.")
        )
        return ""
    return str(value)


def _second_place_days(value: object, errors: dict[str, list[str]]) -> int:
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_SECOND_PLACE_DAYS or isinstance(value, bool):
        errors.setdefault("dual_placement_max_days", []).append(
            _("Vul een aantal dagen in van 1 tot en met %(max)s.") % {"max": MAX_SECOND_PLACE_DAYS}
        )
        return 0
    return days


def _catalogue(municipality_id: int, year: int) -> list[Step]:
    return list(
        Step.objects.filter(municipality_id=municipality_id, year=year).order_by("position", "code")
    )


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# -- a year -----------------------------------------------------------------------------------


@transaction.atomic
def year_create(
    *,
    municipality: Municipality,
    year: int,
    copy_from: int | None,
    actor: User,
    today: date | None = None,
) -> Tariff:
    """Set up ``year``: as an exact copy of ``copy_from`` (its catalogue, its tariffs as in
    force at the end of that year, from 1 January, and its budget), or empty (the catalogue's
    existing steps at zero, no base fee, no custom budget, full advance; a budget of zero).

    A budget the year already has (the regional key may have written it) is kept as it is.
    Refused on ``year``: before 2000, more than two years ahead, already set up (it has
    tariffs), or a copy onto a year that already has steps; on ``copy_from``: no such year.
    """
    if error := setup_year_error(year, today):
        raise ValidationError({"year": error})
    if Tariff.objects.filter(municipality=municipality, year=year).exists():
        raise ValidationError(
            {"year": _("%(y)s is al ingericht; wijzig het op de pagina van %(y)s.") % {"y": year}}
        )
    existing_steps = _catalogue(municipality.pk, year)
    budget = MunicipalBudget.objects.filter(municipality=municipality, year=year).first()
    source: Tariff | None = None
    if copy_from is not None:
        source = Tariff.objects.filter(municipality=municipality, year=copy_from).first()
        if source is None:
            raise ValidationError(
                {"copy_from": _("Er is geen jaar %(y)s om te kopiëren.") % {"y": copy_from}}
            )
        if existing_steps:
            raise ValidationError(
                {
                    "year": _(
                        "%(y)s heeft al treden (%(codes)s); kopiëren zou ze dubbel maken. Kies "
                        "leeg beginnen, of verwijder die treden eerst."
                    )
                    % {"y": year, "codes": ", ".join(step.code for step in existing_steps)}
                }
            )
    first_day = date(year, 1, 1)
    tariff = _save(
        Tariff(
            municipality=municipality,
            year=year,
            base_fee=source.base_fee if source else ZERO,
            custom_budget=source.custom_budget if source else ZERO,
            advance_model=source.advance_model if source else AdvanceModel.FULL_ADVANCE,
            dual_placement_max_days=(
                source.dual_placement_max_days
                if source
                else Tariff._meta.get_field("dual_placement_max_days").default
            ),
        ),
        actor,
    )
    if source is None:
        for step in existing_steps:
            _save(
                StepTariff(
                    municipality=municipality,
                    tariff=tariff,
                    step=step,
                    annual_amount=ZERO,
                    effective_from=first_day,
                ),
                actor,
            )
        if budget is None:
            _save(
                MunicipalBudget(
                    municipality=municipality, year=year, allocated=ZERO, matching_unit_cost=ZERO
                ),
                actor,
            )
        return tariff
    assert copy_from is not None
    # The amount per step in force at the end of the source year (its latest version).
    in_force: dict[int, Decimal] = {}
    for row in StepTariff.objects.filter(municipality=municipality, tariff=source).order_by(
        "effective_from", "pk"
    ):
        in_force[row.step_id] = row.annual_amount
    for original in _catalogue(municipality.pk, copy_from):
        copy = Step.objects.create(
            municipality=municipality,
            year=year,
            code=original.code,
            label=original.label,
            is_default=original.is_default,
            position=original.position,
        )
        if original.pk in in_force:
            _save(
                StepTariff(
                    municipality=municipality,
                    tariff=tariff,
                    step=copy,
                    annual_amount=in_force[original.pk],
                    effective_from=first_day,
                ),
                actor,
            )
    if budget is None:
        source_budget = MunicipalBudget.objects.filter(
            municipality=municipality, year=copy_from
        ).first()
        _save(
            MunicipalBudget(
                municipality=municipality,
                year=year,
                allocated=source_budget.allocated if source_budget else ZERO,
                matching_unit_cost=source_budget.matching_unit_cost if source_budget else ZERO,
            ),
            actor,
        )
    return tariff


# -- the step catalogue -----------------------------------------------------------------------


def step_create(
    *,
    municipality: Municipality,
    year: int,
    code: str,
    label: str,
    is_default: bool = False,
    actor: User,
    today: date | None = None,
) -> Step:
    """A step in ``year``'s catalogue (the rules are the core's: ``participatie.placements``).
    Until the tariffs get its amount the year page says that it has none."""
    return steps.step_create(
        municipality_id=municipality.pk,
        year=year,
        code=code,
        label=label,
        is_default=is_default,
        actor=actor,
        today=today,
    )


def step_update(*, step: Step, code: str, label: str, is_default: bool, actor: User) -> Step:
    """Change a step (one default per year: a second default is refused on ``is_default``)."""
    return steps.step_update(step=step, code=code, label=label, is_default=is_default, actor=actor)


@transaction.atomic
def step_delete(*, step: Step, actor: User) -> None:
    """Remove an unused step with its amounts; refused on ``step`` when a placement, a step
    decision, an application, a decision or a statement uses it."""
    step = Step.objects.select_for_update().get(pk=step.pk)
    if used := steps.step_used_by(step):
        raise ValidationError(
            {
                "step": _("Trede %(label)s (%(code)s) kan niet weg: %(used)s gebruikt haar.")
                % {"label": step.label, "code": step.code, "used": used}
            }
        )
    StepTariff.objects.filter(municipality_id=step.municipality_id, step=step).delete()
    steps.step_delete(step=step, actor=actor)


def step_usage(step: Step) -> str | None:
    """What of subsidies uses a step (registered with the core, see ``SubsidiesConfig``)."""
    for model, what in (
        (StatementLine, _("een kwartaaldeclaratie")),
        (DecisionLine, _("een beschikking")),
        (ApplicationLine, _("een subsidieaanvraag")),
    ):
        if model.objects.filter(municipality_id=step.municipality_id, step=step).exists():
            return str(what)
    return None


# -- tariffs ----------------------------------------------------------------------------------


def _locked_message(what: str, year: int) -> str:
    return _(
        "%(what)s van %(y)s ligt vast: er is al een kwartaaldeclaratie van %(y)s goedgekeurd. "
        "Dit bedrag heeft geen versies en blijft het hele jaar gelijk."
    ) % {"what": what, "y": year}


@transaction.atomic
def tariff_update(
    *,
    tariff: Tariff,
    base_fee: object,
    custom_budget: object,
    advance_model: object,
    dual_placement_max_days: object,
    amounts: Mapping[str, object],
    actor: User,
) -> Tariff:
    """Change a year's tariffs: every step of the catalogue needs an amount (from 1 January).
    Once a statement of the year is approved nothing here changes any more: a changed amount is
    a new version (:func:`tariff_version_create`), the rest stays."""
    tariff = Tariff.objects.select_for_update().get(pk=tariff.pk)
    errors: dict[str, list[str]] = {}
    fee = _collect(errors, parse_money, base_fee, "base_fee")
    custom = _collect(errors, parse_money, custom_budget, "custom_budget")
    model = _advance_model(advance_model, errors)
    days = _second_place_days(dual_placement_max_days, errors)
    catalogue = _catalogue(tariff.municipality_id, tariff.year)
    clean = _step_amounts(catalogue, amounts, errors)
    _raise(errors)
    assert fee is not None and custom is not None
    first_day = date(tariff.year, 1, 1)
    current = {
        row.step_id: row
        for row in StepTariff.objects.filter(
            municipality_id=tariff.municipality_id, tariff=tariff, effective_from=first_day
        )
    }
    if tariffs_locked(tariff.municipality_id, tariff.year):
        y = tariff.year
        if fee != tariff.base_fee:
            errors["base_fee"] = [_locked_message(_("De basisvergoeding"), y)]
        if custom != tariff.custom_budget:
            errors["custom_budget"] = [_locked_message(_("Het maatwerkbudget"), y)]
        if model != tariff.advance_model:
            errors["advance_model"] = [
                _(
                    "De bevoorschotting van %(y)s ligt vast: er is al een kwartaaldeclaratie "
                    "van %(y)s goedgekeurd."
                )
                % {"y": y}
            ]
        if days != tariff.dual_placement_max_days:
            errors["dual_placement_max_days"] = [
                _(
                    "De maximale duur van een tweede plek in %(y)s ligt vast: er is al een "
                    "kwartaaldeclaratie van %(y)s goedgekeurd."
                )
                % {"y": y}
            ]
        for step in catalogue:
            row = current.get(step.pk)
            if row is None or row.annual_amount != clean[step.code]:
                errors[f"amount_{step.code}"] = [
                    _(
                        "Er is al een kwartaaldeclaratie van %(y)s goedgekeurd: een ander "
                        "bedrag geldt alleen met een nieuwe versie vanaf een datum."
                    )
                    % {"y": y}
                ]
        _raise(errors)
        return tariff
    tariff.base_fee, tariff.custom_budget = fee, custom
    tariff.advance_model, tariff.dual_placement_max_days = model, days
    _save(tariff, actor)
    for step in catalogue:
        row = current.get(step.pk) or StepTariff(
            municipality_id=tariff.municipality_id,
            tariff=tariff,
            step=step,
            effective_from=first_day,
        )
        if row.pk is None or row.annual_amount != clean[step.code]:
            row.annual_amount = clean[step.code]
            _save(row, actor)
    return tariff


@transaction.atomic
def tariff_create(
    *,
    municipality: Municipality,
    year: int,
    base_fee: object,
    custom_budget: object,
    advance_model: object,
    dual_placement_max_days: object,
    amounts: Mapping[str, object],
    actor: User,
    today: date | None = None,
) -> Tariff:
    """The tariffs of a year that has none yet (its steps must exist): an empty year set up
    and filled in one go, or nothing when anything is refused."""
    tariff = year_create(
        municipality=municipality, year=year, copy_from=None, actor=actor, today=today
    )
    return tariff_update(
        tariff=tariff,
        base_fee=base_fee,
        custom_budget=custom_budget,
        advance_model=advance_model,
        dual_placement_max_days=dual_placement_max_days,
        amounts=amounts,
        actor=actor,
    )


@transaction.atomic
def tariff_version_create(
    *, tariff: Tariff, effective_from: date | None, amounts: Mapping[str, object], actor: User
) -> list[StepTariff]:
    """A new version of the amounts per step from ``effective_from`` (inside the tariff's
    year, after 1 January and after the latest version); every step of the catalogue needs an
    amount. Each day is paid at the version in force that day."""
    tariff = Tariff.objects.select_for_update().get(pk=tariff.pk)
    errors: dict[str, list[str]] = {}
    catalogue = _catalogue(tariff.municipality_id, tariff.year)
    clean = _step_amounts(catalogue, amounts, errors)
    if not isinstance(effective_from, date):
        errors["effective_from"] = [_("Vul de datum in vanaf wanneer de nieuwe bedragen gelden.")]
    elif effective_from.year != tariff.year or effective_from == date(tariff.year, 1, 1):
        errors["effective_from"] = [
            _("Een nieuwe versie gaat in tussen 2 januari en 31 december %(y)s.")
            % {"y": tariff.year}
        ]
    else:
        latest = (
            StepTariff.objects.filter(municipality_id=tariff.municipality_id, tariff=tariff)
            .order_by("-effective_from")
            .values_list("effective_from", flat=True)
            .first()
        )
        if latest is not None and effective_from <= latest:
            errors["effective_from"] = [
                _("Een nieuwe versie gaat in na de laatste versie (%(date)s).")
                % {"date": steps.long_date(latest)}
            ]
    if not catalogue:
        errors.setdefault("amounts", []).append(
            _("De tredecatalogus van %(y)s is leeg.") % {"y": tariff.year}
        )
    _raise(errors)
    assert effective_from is not None
    return [
        _save(
            StepTariff(
                municipality_id=tariff.municipality_id,
                tariff=tariff,
                step=step,
                effective_from=effective_from,
                annual_amount=clean[step.code],
            ),
            actor,
        )
        for step in catalogue
    ]


# -- budget -----------------------------------------------------------------------------------


@transaction.atomic
def budget_set(
    *,
    municipality: Municipality,
    year: int,
    allocated: object,
    matching_unit_cost: object,
    actor: User,
    today: date | None = None,
) -> MunicipalBudget:
    """The year's budget (allocated; the regional key may have written it) and the planned
    matching-unit cost, neither negative."""
    errors: dict[str, list[str]] = {}
    if error := setup_year_error(year, today):
        errors["year"] = [error]
    total = _collect(errors, parse_money, allocated, "allocated")
    cost = _collect(errors, parse_money, matching_unit_cost, "matching_unit_cost")
    _raise(errors)
    assert total is not None and cost is not None
    budget = MunicipalBudget.objects.select_for_update().filter(
        municipality=municipality, year=year
    ).first() or MunicipalBudget(municipality=municipality, year=year)
    budget.allocated, budget.matching_unit_cost = total, cost
    return _save(budget, actor)
