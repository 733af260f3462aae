"""The matching unit's own subsidy: it applies per municipality per year, an account holder
decides (draft -> proposed -> approved -> sent, four eyes, budget check, PDF letter, advance
schedule), and its realised cost per quarter is recorded and approved with four eyes.

As for a company's decision: ``drafted_by`` is whoever drafted or last changed a decision and
a different account holder approves it (also a database constraint); approval renders the
letter and pays the advance schedule: the whole grant at once under ``full_advance``, under
``quarterly_80_20`` each quarter's 80 % once the unit's cost of that quarter is approved (the
held 20 % belongs to the determination). The amounts come from ``subsidies.calculations``.

Sending queues the letter to the matching unit's contact address (``subsidies.mail``), as
for a company's decision.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.choices import OrganisationKind
from participatie.kernel import formatting
from participatie.kernel.calendar import quarter_bounds
from participatie.kernel.errors import StateConflict
from participatie.kernel.formatting import money
from participatie.kernel.forms import REQUIRED
from participatie.models import Municipality, Organisation, ServiceArea, User
from subsidies import calculations
from subsidies import selectors_matching_unit as selectors
from subsidies.choices import (
    AdvanceModel,
    DecisionStatus,
    MatchingUnitApplicationStatus,
    MatchingUnitCostStatus,
    PaymentKind,
)
from subsidies.models import (
    MatchingUnitApplication,
    MatchingUnitCost,
    MatchingUnitDecision,
    MatchingUnitPayment,
    Tariff,
)
from subsidies.services.budgets import check_year
from subsidies.services.decisions import budget_room, no_contact_address
from subsidies.services.years import MAX_AMOUNT, no_tariffs

T = TypeVar("T")
DONE = (DecisionStatus.APPROVED, DecisionStatus.SENT)
NOTE_MAX = 2000
ACCOUNT_MAX = 1000

# -- input ---------------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_amount(value: object, field: str = "amount") -> Decimal:
    """A positive amount in euros typed as people do in Dutch (12500, 12.500,00, € 12.500),
    at most two decimals, or a Dutch ValidationError on ``field``."""
    if _blank(value):
        raise ValidationError({field: str(REQUIRED["required"])})
    amount = formatting.parse_amount(value)
    if amount is None:
        raise ValidationError({field: _("Vul een bedrag in, bijvoorbeeld 12.500,00.")})
    if amount <= 0:
        raise ValidationError({field: _("Het bedrag moet groter zijn dan nul.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Een bedrag heeft hoogstens twee decimalen.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("Dit bedrag is te groot.")})
    return amount.quantize(Decimal("0.01"))


def _quarter(value: object) -> int:
    try:
        quarter = int(str(value).strip())
    except (TypeError, ValueError):
        quarter = 0
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Kies kwartaal 1, 2, 3 of 4.")})
    return quarter


def _text(value: object, field: str, maximum: int, required: bool) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: str(REQUIRED["required"])})
    if len(text) > maximum:
        raise ValidationError(
            {
                field: _("Hoogstens %(max)s tekens; u typte er %(n)s.")
                % {"max": maximum, "n": len(text)}
            }
        )
    return text


def _collect(errors: dict[str, list[str]], func: Callable[..., T], *args: object) -> T | None:
    """Run a parser; on a ValidationError keep its field messages and return None."""
    try:
        return func(*args)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
        return None


def _serves(municipality: Municipality, unit: Organisation) -> None:
    """The unit is a matching unit that works for the municipality (its ServiceArea)."""
    if (
        unit.kind != OrganisationKind.MATCHING_UNIT
        or not ServiceArea.objects.filter(municipality=municipality, organisation=unit).exists()
    ):
        raise ValidationError(
            {
                "matching_unit": _("%(unit)s werkt niet als matchingsunit voor %(name)s.")
                % {"unit": unit.name, "name": municipality.name}
            }
        )


def choose_unit(units: Iterable[Organisation], chosen: int | None) -> Organisation:
    """The matching unit a request acts for: the one chosen among ``units`` (those the user
    may act for), or, when none is chosen, the only one. Another id reads as unknown."""
    units = list(units)
    if chosen is not None:
        for unit in units:
            if unit.pk == chosen:
                return unit
        raise ValidationError({"matching_unit": _("Kies een matchingsunit uit de lijst.")})
    if len(units) == 1:
        return units[0]
    if not units:
        raise ValidationError(
            {"matching_unit": _("Er werkt geen matchingsunit voor deze gemeente.")}
        )
    raise ValidationError({"matching_unit": _("Kies voor welke matchingsunit dit is (verplicht).")})


# -- applications --------------------------------------------------------------------------------


@transaction.atomic
def mu_application_submit(
    *,
    municipality: Municipality,
    matching_unit: Organisation,
    year: object,
    amount: object,
    actor: User,
    note: str = "",
) -> MatchingUnitApplication:
    """The matching unit applies for a year's subsidy: an amount and a note. One open
    application per unit, municipality and year (also a database constraint)."""
    errors: dict[str, list[str]] = {}
    checked_year = _collect(errors, check_year, year)
    value = _collect(errors, parse_amount, amount)
    text = _collect(errors, _text, note, "note", NOTE_MAX, False)
    if errors:
        raise ValidationError(errors)
    assert checked_year is not None and value is not None and text is not None
    _serves(municipality, matching_unit)
    already = _("%(unit)s heeft al een aanvraag voor %(y)s waarover nog niet is besloten.") % {
        "unit": matching_unit.name,
        "y": checked_year,
    }
    if MatchingUnitApplication.objects.filter(
        municipality=municipality,
        matching_unit=matching_unit,
        year=checked_year,
        status=MatchingUnitApplicationStatus.OPEN,
    ).exists():
        raise ValidationError({"year": already})
    try:
        with transaction.atomic():
            return MatchingUnitApplication.objects.create(
                municipality=municipality,
                matching_unit=matching_unit,
                year=checked_year,
                amount=value,
                note=text,
                submitted_by=actor,
            )
    except IntegrityError:  # a second submit at the same moment
        raise ValidationError({"year": already}) from None


# -- budget --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitBudgetRoom:
    """The year's budget left for a matching unit's decision: the budget minus what the
    companies and the matching units were granted (the planned cost no longer counts: a
    decision replaces the plan)."""

    allocated: Decimal
    companies: Decimal
    units: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.companies - self.units


def mu_budget_room(municipality: Municipality, year: int) -> UnitBudgetRoom:
    room = budget_room(municipality, year)
    units = selectors.granted_per_municipality([municipality.pk], year).get(municipality.pk)
    return UnitBudgetRoom(room.allocated, room.granted, units or Decimal("0"))


def _check_budget(
    municipality: Municipality, year: int, amount: Decimal, *, confirmed: bool
) -> None:
    room = mu_budget_room(municipality, year)
    if amount > room.remaining and not confirmed:
        raise ValidationError(
            {
                "over_budget_confirmed": _(
                    "Het bedrag %(amount)s is hoger dan het resterende budget %(remaining)s "
                    "(budget %(allocated)s - verleend aan leerwerkbedrijven %(companies)s - "
                    "verleend aan matchingsunits %(units)s). Bevestig dat u boven het budget "
                    "wilt beschikken."
                )
                % {
                    "amount": money(amount),
                    "remaining": money(room.remaining),
                    "allocated": money(room.allocated),
                    "companies": money(room.companies),
                    "units": money(room.units),
                }
            }
        )


# -- decisions -----------------------------------------------------------------------------------


def _advance_model(municipality: Municipality, year: int) -> str:
    tariff = Tariff.objects.filter(municipality=municipality, year=year).first()
    if tariff is None:
        raise no_tariffs(year, field="amount")
    return tariff.advance_model


@transaction.atomic
def mu_decision_draft(
    *,
    application: MatchingUnitApplication,
    amount: object,
    actor: User,
    over_budget_confirmed: bool = False,
) -> MatchingUnitDecision:
    """Draft the decision on an open application: the amount granted (the requested one or
    another), checked against the budget left; the advance model is the year's."""
    application = (
        MatchingUnitApplication.objects.select_for_update()
        .select_related("municipality", "matching_unit")
        .get(municipality_id=application.municipality_id, pk=application.pk)
    )
    if application.status != MatchingUnitApplicationStatus.OPEN:
        raise StateConflict({"application": _("Over deze aanvraag is al besloten.")})
    if MatchingUnitDecision.objects.filter(
        municipality_id=application.municipality_id, application=application
    ).exists():
        raise ValidationError(
            {"application": _("Er is al een beschikking op deze aanvraag. Wijzig die.")}
        )
    value = parse_amount(amount)
    municipality = application.municipality
    advance_model = _advance_model(municipality, application.year)
    _check_budget(municipality, application.year, value, confirmed=over_budget_confirmed)
    return MatchingUnitDecision.objects.create(
        municipality=municipality,
        application=application,
        year=application.year,
        advance_model=advance_model,
        amount=value,
        over_budget_confirmed=over_budget_confirmed,
        drafted_by=actor,
    )


def _locked(decision: MatchingUnitDecision) -> MatchingUnitDecision:
    return (
        MatchingUnitDecision.objects.select_for_update()
        .select_related("application__matching_unit", "municipality")
        .get(municipality_id=decision.municipality_id, pk=decision.pk)
    )


def _refuse_if_final(decision: MatchingUnitDecision) -> None:
    if decision.status in DONE:
        raise StateConflict(
            _(
                "Deze beschikking is al goedgekeurd en kan niet meer worden gewijzigd. Voor "
                "een extra bedrag dient de matchingsunit een nieuwe aanvraag in."
            )
        )


@transaction.atomic
def mu_decision_update(
    *,
    decision: MatchingUnitDecision,
    amount: object,
    actor: User,
    over_budget_confirmed: bool = False,
) -> MatchingUnitDecision:
    """Change the amount of a decision that is not approved yet: it goes back to draft, with
    the actor as the one who last changed it (so another account holder approves)."""
    decision = _locked(decision)
    _refuse_if_final(decision)
    value = parse_amount(amount)
    advance_model = _advance_model(decision.municipality, decision.year)
    _check_budget(decision.municipality, decision.year, value, confirmed=over_budget_confirmed)
    decision.amount = value
    decision.advance_model = advance_model
    decision.over_budget_confirmed = over_budget_confirmed
    decision.status = DecisionStatus.DRAFT
    decision.drafted_by = actor
    decision.changed_at = timezone.now()
    decision.save()
    return decision


@transaction.atomic
def mu_decision_propose(*, decision: MatchingUnitDecision, actor: User) -> MatchingUnitDecision:
    decision = _locked(decision)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(_("Alleen een concept kan ter goedkeuring worden voorgelegd."))
    decision.status = DecisionStatus.PROPOSED
    decision.save(update_fields=["status"])
    return decision


def may_approve(decision: MatchingUnitDecision, user: User) -> bool:
    """Whether ``user`` (an account holder) may approve: proposed, and not drafted or last
    changed by them."""
    return decision.status == DecisionStatus.PROPOSED and decision.drafted_by_id != user.pk


def _letter_name() -> str:
    """A file name nobody can guess or count through (no id, no year, no name)."""
    return f"{secrets.token_hex(16)}.pdf"


@transaction.atomic
def mu_decision_approve(*, decision: MatchingUnitDecision, actor: User) -> MatchingUnitDecision:
    """Approve (four eyes), render the letter, mark the application decided and pay the
    advance schedule as far as it is due."""
    from subsidies import letters

    decision = _locked(decision)
    if decision.status in DONE:
        raise StateConflict(_("Deze beschikking is al goedgekeurd."))
    if decision.status != DecisionStatus.PROPOSED:
        raise ValidationError(_("Leg de beschikking eerst ter goedkeuring voor."))
    if decision.drafted_by_id == actor.pk:
        raise ValidationError(
            _(
                "U hebt deze beschikking zelf opgesteld of als laatste gewijzigd. Een andere "
                "accounthouder moet haar goedkeuren (vier-ogenprincipe)."
            )
        )
    _check_budget(
        decision.municipality,
        decision.year,
        decision.amount,
        confirmed=decision.over_budget_confirmed,
    )
    decision.status = DecisionStatus.APPROVED
    decision.approved_by = actor
    decision.approved_at = timezone.now()
    pdf = letters.matching_unit_decision_letter_pdf(decision)
    decision.letter.save(_letter_name(), ContentFile(pdf), save=False)
    decision.save()
    application = decision.application
    application.status = MatchingUnitApplicationStatus.DECIDED
    application.save(update_fields=["status"])
    if decision.advance_model == AdvanceModel.FULL_ADVANCE:
        (advance,) = calculations.advance_schedule(decision.amount, decision.advance_model)
        MatchingUnitPayment.objects.get_or_create(
            municipality_id=decision.municipality_id,
            decision=decision,
            kind=PaymentKind.ADVANCE,
            defaults={"amount": advance.amount},
        )
    else:
        for cost in MatchingUnitCost.objects.filter(
            municipality_id=decision.municipality_id,
            matching_unit_id=application.matching_unit_id,
            year=decision.year,
            status=MatchingUnitCostStatus.APPROVED,
        ):
            _pay_quarter(decision, cost)
    return decision


def _pay_quarter(decision: MatchingUnitDecision, cost: MatchingUnitCost) -> None:
    """The quarter's instalment of a ``quarterly_80_20`` decision, once."""
    schedule = calculations.advance_schedule(decision.amount, decision.advance_model)
    instalment = next(i for i in schedule if i.moment == "quarter" and i.quarter == cost.quarter)
    MatchingUnitPayment.objects.get_or_create(
        municipality_id=decision.municipality_id,
        decision=decision,
        kind=PaymentKind.QUARTER,
        quarter=cost.quarter,
        defaults={"amount": instalment.amount, "cost": cost},
    )


@transaction.atomic
def mu_decision_send(
    *, decision: MatchingUnitDecision, actor: User, without_email_confirmed: bool = False
) -> MatchingUnitDecision:
    """Send an approved decision: its letter is e-mailed to the matching unit's contact
    address. Without an address the sender confirms that they send the letter themselves."""
    from subsidies.mail import MATCHING_UNIT_LETTER

    decision = _locked(decision)
    if decision.status == DecisionStatus.SENT:
        raise StateConflict(_("Deze beschikking is al verzonden."))
    if decision.status != DecisionStatus.APPROVED:
        raise ValidationError(_("Alleen een goedgekeurde beschikking kan worden verzonden."))
    unit = decision.application.matching_unit
    if not unit.contact_email and not without_email_confirmed:
        raise ValidationError({"without_email_confirmed": no_contact_address(unit.name)})
    decision.status = DecisionStatus.SENT
    decision.sent_at = timezone.now()
    decision.save(update_fields=["status", "sent_at"])
    MATCHING_UNIT_LETTER.queue(decision)
    return decision


# -- realised cost per quarter -------------------------------------------------------------------


def _quarter_over(year: int, quarter: int, today: date) -> None:
    if quarter_bounds(year, quarter)[1] >= today:
        raise ValidationError(
            {
                "quarter": _(
                    "Kwartaal %(q)s %(y)s is nog niet voorbij. Leg de kosten vast na afloop van "
                    "het kwartaal."
                )
                % {"q": quarter, "y": year}
            }
        )


@transaction.atomic
def mu_cost_record(
    *,
    municipality: Municipality,
    matching_unit: Organisation,
    year: object,
    quarter: object,
    amount: object,
    account: object,
    actor: User,
    today: date | None = None,
) -> MatchingUnitCost:
    """Record the unit's realised cost of a quarter that is over, with a short account.
    Recording again before approval replaces the figures (and the recorder); an approved
    quarter is final."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    checked_year = _collect(errors, check_year, year)
    checked_quarter = _collect(errors, _quarter, quarter)
    value = _collect(errors, parse_amount, amount)
    text = _collect(errors, _text, account, "account", ACCOUNT_MAX, True)
    if checked_year is not None and checked_quarter is not None:
        _collect(errors, _quarter_over, checked_year, checked_quarter, today)
    if errors:
        raise ValidationError(errors)
    assert checked_year is not None and checked_quarter is not None
    assert value is not None and text is not None
    _serves(municipality, matching_unit)
    cost = (
        MatchingUnitCost.objects.select_for_update()
        .filter(
            municipality=municipality,
            matching_unit=matching_unit,
            year=checked_year,
            quarter=checked_quarter,
        )
        .first()
    )
    if cost is not None and cost.status == MatchingUnitCostStatus.APPROVED:
        raise ValidationError(
            {
                "quarter": _(
                    "De kosten van kwartaal %(q)s %(y)s zijn al goedgekeurd en veranderen niet "
                    "meer."
                )
                % {"q": checked_quarter, "y": checked_year}
            }
        )
    if cost is None:
        cost = MatchingUnitCost(
            municipality=municipality,
            matching_unit=matching_unit,
            year=checked_year,
            quarter=checked_quarter,
        )
    cost.amount, cost.account = value, text
    cost.recorded_by, cost.recorded_at = actor, timezone.now()
    try:
        with transaction.atomic():
            cost.save()
    except IntegrityError:  # recorded by someone else at the same moment
        raise ValidationError(
            {
                "quarter": _(
                    "Deze kosten zijn net door iemand anders vastgelegd. Probeer het opnieuw."
                )
            }
        ) from None
    return cost


def may_approve_cost(cost: MatchingUnitCost, user: User) -> bool:
    return cost.status == MatchingUnitCostStatus.RECORDED and cost.recorded_by_id != user.pk


@transaction.atomic
def mu_cost_approve(*, cost: MatchingUnitCost, actor: User) -> MatchingUnitCost:
    """An account holder who did not record them approves a quarter's costs (four eyes);
    a ``quarterly_80_20`` decision in force then pays that quarter's instalment, once."""
    cost = (
        MatchingUnitCost.objects.select_for_update()
        .select_related("matching_unit")
        .get(municipality_id=cost.municipality_id, pk=cost.pk)
    )
    if cost.status == MatchingUnitCostStatus.APPROVED:
        raise StateConflict(_("Deze kosten zijn al goedgekeurd."))
    if cost.recorded_by_id == actor.pk:
        raise ValidationError(
            _(
                "U hebt deze kosten zelf vastgelegd. Een andere accounthouder moet ze goedkeuren "
                "(vier-ogenprincipe)."
            )
        )
    cost.status = MatchingUnitCostStatus.APPROVED
    cost.approved_by = actor
    cost.approved_at = timezone.now()
    cost.save()
    for decision in MatchingUnitDecision.objects.filter(
        municipality_id=cost.municipality_id,
        application__matching_unit_id=cost.matching_unit_id,
        year=cost.year,
        status__in=DONE,
        advance_model=AdvanceModel.QUARTERLY_80_20,
    ):
        _pay_quarter(decision, cost)
    return cost
