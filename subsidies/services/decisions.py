"""Applications by learning-work companies and the municipality's subsidy decisions.

A decision goes draft -> proposed -> approved -> sent. An account holder other than the one who
drafted it and the one who last changed it approves (four eyes, also database constraints:
``drafted_by`` and ``changed_by`` are never ``approved_by``); approval renders the letter and,
under full advance, creates the advance payment once. An approved or sent decision is never
edited: a change is a new decision that supersedes it. Amounts come from
``subsidies.calculations``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.enrolments.choices import EnrolmentStatus
from participatie.kernel.errors import StateConflict
from participatie.kernel.formatting import money
from participatie.models import Enrolment, Municipality, Step, User
from participatie.privacy.files import private_file_name
from subsidies import calculations
from subsidies.choices import AdvanceModel, DecisionStatus, PaymentKind
from subsidies.models import (
    ApplicationLine,
    DecisionLine,
    MunicipalBudget,
    PaymentInstruction,
    SubsidyApplication,
    SubsidyDecision,
    Tariff,
)
from subsidies.selectors import step_amounts_in_force
from subsidies.selectors_matching_unit import committed_cost
from subsidies.services.years import no_tariffs, year_not_set_up

DONE = (DecisionStatus.APPROVED, DecisionStatus.SENT)


def _places(places: Mapping[str, object]) -> dict[str, int]:
    """Whole, non-negative numbers of places per step code, or a Dutch ValidationError."""
    clean: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for code, raw in places.items():
        text = str(raw).strip() if raw is not None else ""
        if text == "":
            clean[code] = 0
            continue
        try:
            count = int(text)
        except ValueError:
            errors[f"places_{code}"] = [_("Vul een heel getal in.")]
            continue
        if count < 0:
            errors[f"places_{code}"] = [_("Het aantal plekken kan niet negatief zijn.")]
            continue
        clean[code] = count
    if errors:
        raise ValidationError(errors)
    if not any(clean.values()):
        raise ValidationError(_("Vul voor ten minste één trede een aantal plekken in."))
    return clean


def catalogue(municipality: Municipality, year: int) -> list[Step]:
    """The step catalogue of a year, in its order."""
    return list(Step.objects.filter(municipality=municipality, year=year).order_by("position"))


def _steps(municipality: Municipality, year: int, codes: list[str]) -> dict[str, Step]:
    steps = {s.code: s for s in catalogue(municipality, year)}
    unknown = sorted(set(codes) - set(steps))
    if unknown and not steps:
        raise year_not_set_up(
            "year",
            _(
                "Trede %(codes)s bestaat niet in %(y)s: er zijn geen treden vastgesteld voor "
                "%(y)s. De accounthouder stelt de tredecatalogus in onder Jaarinstellingen."
            )
            % {"codes": ", ".join(unknown), "y": year},
        )
    if unknown:
        raise ValidationError(
            _("Trede %(codes)s bestaat niet in %(y)s.") % {"codes": ", ".join(unknown), "y": year}
        )
    return steps


def application_submit(
    *,
    enrolment: Enrolment,
    year: int,
    places: Mapping[str, object],
    actor: User,
    note: str = "",
) -> SubsidyApplication:
    """A company applies for a year: places per step of that year's catalogue."""
    counts = _places(places)
    municipality = enrolment.municipality
    steps = _steps(municipality, year, list(counts))
    with transaction.atomic():
        application = SubsidyApplication.objects.create(
            municipality=municipality, enrolment=enrolment, year=year, submitted_by=actor, note=note
        )
        ApplicationLine.objects.bulk_create(
            ApplicationLine(
                municipality=municipality, application=application, step=steps[code], places=n
            )
            for code, n in counts.items()
            if n
        )
    return application


# -- budget --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRoom:
    allocated: Decimal
    matching_unit_cost: Decimal
    granted: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.matching_unit_cost - self.granted


def budget_room(
    municipality: Municipality, year: int, *, replacing: SubsidyDecision | None = None
) -> BudgetRoom:
    """The year's budget minus the matching unit's cost and the decisions in force (an approved
    decision that a newer approved one superseded no longer counts; nor does ``replacing``).
    The matching unit's cost is what its decisions of the year grant, or while it has none,
    the planned cost (``selectors_matching_unit.committed_cost``)."""
    budget = MunicipalBudget.objects.filter(municipality=municipality, year=year).first()
    in_force = SubsidyDecision.objects.filter(
        municipality=municipality, year=year, status__in=DONE
    ).exclude(superseded_by__status__in=DONE)
    if replacing is not None:
        in_force = in_force.exclude(pk=replacing.pk)
    granted = in_force.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    planned = budget.matching_unit_cost if budget else Decimal("0")
    return BudgetRoom(
        budget.allocated if budget else Decimal("0"),
        committed_cost(municipality.pk, year, planned),
        granted,
    )


def _check_budget(
    municipality: Municipality,
    year: int,
    amount: Decimal,
    *,
    confirmed: bool,
    replacing: SubsidyDecision | None,
) -> None:
    room = budget_room(municipality, year, replacing=replacing)
    if amount > room.remaining and not confirmed:
        raise ValidationError(
            {
                "over_budget_confirmed": _(
                    "Het bedrag %(amount)s is hoger dan het resterende budget %(remaining)s "
                    "(budget %(allocated)s - matchingsunit %(mu)s - verleend %(granted)s). "
                    "Bevestig dat u boven het budget wilt beschikken."
                )
                % {
                    "amount": money(amount),
                    "remaining": money(room.remaining),
                    "allocated": money(room.allocated),
                    "mu": money(room.matching_unit_cost),
                    "granted": money(room.granted),
                }
            }
        )


# -- decisions -----------------------------------------------------------------------------------


def _grant(
    municipality: Municipality, year: int, counts: dict[str, int]
) -> tuple[Tariff, calculations.Grant, dict[str, Step]]:
    tariff = Tariff.objects.filter(municipality=municipality, year=year).first()
    if tariff is None:
        raise no_tariffs(year)
    steps = _steps(municipality, year, list(counts))
    # A grant is priced at the tariffs in force today (within the year).
    tariffs = step_amounts_in_force(tariff, timezone.localdate())
    try:
        grant = calculations.grant_amount(
            {code: n for code, n in counts.items() if n},
            tariffs=tariffs,
            annual_base_fee=tariff.base_fee,
        )
    except KeyError as exc:
        raise year_not_set_up(
            "year",
            _(
                "Trede %(code)s heeft geen tarief in %(y)s. De accounthouder stelt het in "
                "onder Jaarinstellingen."
            )
            % {"code": exc.args[0], "y": year},
        ) from exc
    return tariff, grant, steps


def _check_enrolment(enrolment: Enrolment, counts: dict[str, int]) -> None:
    """A decision is only for an active company, and never for more places than its maximum.
    The row is locked, as ``placement_start`` does, so it cannot end or shrink meanwhile."""
    current = Enrolment.objects.select_for_update().get(
        municipality_id=enrolment.municipality_id, pk=enrolment.pk
    )
    if current.status != EnrolmentStatus.ACTIVE:
        raise ValidationError(
            {
                "enrolment": _(
                    "Een beschikking kan alleen voor een actief leerwerkbedrijf. Dit "
                    "leerwerkbedrijf heeft de status ‘%(status)s’."
                )
                % {"status": current.get_status_display()}
            }
        )
    total = sum(counts.values())
    if total > current.max_places:
        raise ValidationError(
            {
                "places": _(
                    "Deze beschikking is voor %(total)s plekken, maar het leerwerkbedrijf heeft "
                    "maximaal %(max)s plekken."
                )
                % {"total": total, "max": current.max_places}
            }
        )


def _write_lines(
    decision: SubsidyDecision, grant: calculations.Grant, steps: dict[str, Step]
) -> None:
    DecisionLine.objects.filter(
        municipality_id=decision.municipality_id, decision=decision
    ).delete()
    DecisionLine.objects.bulk_create(
        DecisionLine(
            municipality_id=decision.municipality_id,
            decision=decision,
            step=steps[line.step],
            places=line.places,
            annual_amount=line.annual_tariff,
            amount=line.amount,
        )
        for line in grant.lines
    )


@transaction.atomic
def decision_draft(
    *,
    enrolment: Enrolment,
    year: int,
    places: Mapping[str, object],
    actor: User,
    over_budget_confirmed: bool = False,
    application: SubsidyApplication | None = None,
    supersedes: SubsidyDecision | None = None,
) -> SubsidyDecision:
    """Draft a decision: amounts from the year's tariffs, checked against the budget left."""
    counts = _places(places)
    municipality = enrolment.municipality
    _check_enrolment(enrolment, counts)
    tariff, grant, steps = _grant(municipality, year, counts)
    _check_budget(
        municipality, year, grant.total, confirmed=over_budget_confirmed, replacing=supersedes
    )
    decision = SubsidyDecision.objects.create(
        municipality=municipality,
        enrolment=enrolment,
        year=year,
        application=application,
        supersedes=supersedes,
        advance_model=tariff.advance_model,
        base_fee=grant.base_fee,
        amount=grant.total,
        over_budget_confirmed=over_budget_confirmed,
        drafted_by=actor,
        changed_by=actor,
        changed_at=timezone.now(),
    )
    _write_lines(decision, grant, steps)
    return decision


def _locked(decision: SubsidyDecision) -> SubsidyDecision:
    return (
        SubsidyDecision.objects.select_for_update()
        .select_related("enrolment__organisation", "municipality")
        .get(municipality_id=decision.municipality_id, pk=decision.pk)
    )


def _refuse_if_final(decision: SubsidyDecision) -> None:
    if decision.status in DONE:
        raise StateConflict(
            _(
                "Deze beschikking is al goedgekeurd en kan niet meer worden gewijzigd. "
                "Een wijziging is een nieuwe beschikking."
            )
        )


@transaction.atomic
def decision_update(
    *,
    decision: SubsidyDecision,
    places: Mapping[str, object],
    actor: User,
    over_budget_confirmed: bool = False,
) -> SubsidyDecision:
    """Change the places of a decision that is not approved yet (back to draft). The drafter
    stays; the actor becomes the last changer, who may not approve it either."""
    decision = _locked(decision)
    _refuse_if_final(decision)
    counts = _places(places)
    _check_enrolment(decision.enrolment, counts)
    tariff, grant, steps = _grant(decision.municipality, decision.year, counts)
    _check_budget(
        decision.municipality,
        decision.year,
        grant.total,
        confirmed=over_budget_confirmed,
        replacing=decision.supersedes,
    )
    decision.advance_model = tariff.advance_model
    decision.base_fee = grant.base_fee
    decision.amount = grant.total
    decision.over_budget_confirmed = over_budget_confirmed
    decision.status = DecisionStatus.DRAFT
    decision.changed_by = actor
    decision.changed_at = timezone.now()
    decision.save()
    _write_lines(decision, grant, steps)
    return decision


def decision_amend(
    *,
    decision: SubsidyDecision,
    places: Mapping[str, object],
    actor: User,
    over_budget_confirmed: bool = False,
) -> SubsidyDecision:
    """A change to an approved decision: a new draft that supersedes it, drafted (and so last
    changed) by the actor."""
    if decision.status not in DONE:
        raise ValidationError(
            _("Alleen een goedgekeurde beschikking wordt gewijzigd met een nieuwe beschikking.")
        )
    return decision_draft(
        enrolment=decision.enrolment,
        year=decision.year,
        places=places,
        actor=actor,
        over_budget_confirmed=over_budget_confirmed,
        application=decision.application,
        supersedes=decision,
    )


@transaction.atomic
def decision_propose(*, decision: SubsidyDecision, actor: User) -> SubsidyDecision:
    decision = _locked(decision)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(_("Alleen een concept kan ter goedkeuring worden voorgelegd."))
    decision.status = DecisionStatus.PROPOSED
    decision.save(update_fields=["status"])
    return decision


def four_eyes_refusal(decision: SubsidyDecision, user: User) -> str:
    """Why ``user`` may not approve ``decision`` (the drafter or the last changer), or ``""``.
    The detail page shows it instead of the button; approval raises it."""
    if decision.drafted_by_id == user.pk:
        return _(
            "U hebt deze beschikking zelf opgesteld. Een andere accounthouder keurt deze "
            "beschikking goed (vier-ogenprincipe)."
        )
    if decision.changed_by_id == user.pk:
        return _(
            "U hebt deze beschikking als laatste gewijzigd. Een andere accounthouder keurt deze "
            "beschikking goed (vier-ogenprincipe)."
        )
    return ""


@transaction.atomic
def decision_approve(*, decision: SubsidyDecision, actor: User) -> SubsidyDecision:
    """Approve (four eyes), render the letter, and pay the advance once under full advance."""
    from subsidies import letters

    decision = _locked(decision)
    if decision.status in DONE:
        raise StateConflict(_("Deze beschikking is al goedgekeurd."))
    if decision.status != DecisionStatus.PROPOSED:
        raise ValidationError(_("Leg de beschikking eerst ter goedkeuring voor."))
    refusal = four_eyes_refusal(decision, actor)
    if refusal:
        raise ValidationError(refusal, code="four_eyes")
    _check_budget(
        decision.municipality,
        decision.year,
        decision.amount,
        confirmed=decision.over_budget_confirmed,
        replacing=decision.supersedes,
    )
    decision.status = DecisionStatus.APPROVED
    decision.approved_by = actor
    decision.approved_at = timezone.now()
    pdf = letters.decision_letter_pdf(decision)
    decision.letter.save(private_file_name("pdf"), ContentFile(pdf), save=False)
    decision.save()
    if decision.advance_model == AdvanceModel.FULL_ADVANCE:
        already = PaymentInstruction.objects.filter(
            municipality_id=decision.municipality_id,
            enrolment_id=decision.enrolment_id,
            decision__year=decision.year,
            kind=PaymentKind.ADVANCE,
        ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
        advance = calculations.advance_schedule(decision.amount, decision.advance_model)[0].amount
        PaymentInstruction.objects.get_or_create(
            municipality_id=decision.municipality_id,
            decision=decision,
            defaults={
                "enrolment_id": decision.enrolment_id,
                "kind": PaymentKind.ADVANCE,
                # An amended grant pays (or reclaims) the difference with the advances paid.
                "amount": advance - already,
            },
        )
    return decision


@transaction.atomic
def no_contact_address(name: str) -> str:
    """Why a decision cannot be sent by mail: the organisation it is for has no address."""
    return _(
        "%(company)s heeft geen e-mailadres voor contact, dus de brief kan niet per e-mail "
        "worden verstuurd. Bevestig dat u de brief zelf verstuurt, of vraag de "
        "platformbeheerder het e-mailadres in te vullen."
    ) % {"company": name}


def decision_send(
    *, decision: SubsidyDecision, actor: User, without_email_confirmed: bool = False
) -> SubsidyDecision:
    """Send an approved decision: its letter is e-mailed to the company's contact address
    (``subsidies.mail``, after commit). A company without a contact address gets no mail; the
    sender confirms that they send the letter themselves (by post, say)."""
    from subsidies.mail import COMPANY_LETTER

    decision = _locked(decision)
    if decision.status == DecisionStatus.SENT:
        raise StateConflict(_("Deze beschikking is al verzonden."))
    if decision.status != DecisionStatus.APPROVED:
        raise ValidationError(_("Alleen een goedgekeurde beschikking kan worden verzonden."))
    company = decision.enrolment.organisation
    if not company.contact_email and not without_email_confirmed:
        raise ValidationError({"without_email_confirmed": no_contact_address(company.name)})
    decision.status = DecisionStatus.SENT
    decision.sent_at = timezone.now()
    decision.save(update_fields=["status", "sent_at"])
    COMPANY_LETTER.queue(decision)
    return decision
