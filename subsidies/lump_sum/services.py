"""Writes of the lump sum (IBN, seed 003): the region's agreement with a provider (amount per
participant per year, how participants are counted, the key, plus packages), the counts, the
quarter statements and the yearly determination (approved with four eyes by the region), and
the financial review every 2 years.

The money is computed by :func:`subsidies.calculations.lump_sum_settlement`; these functions
read and write the rows around it. Everything here is the region's (global rows); the counts
from the registration read the placements of exactly the region's members.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.choices import OrganisationKind
from participatie.kernel import formatting
from participatie.kernel.errors import StateConflict
from participatie.models import Municipality, Organisation, Region, User
from subsidies import calculations
from subsidies.lump_sum import selectors
from subsidies.lump_sum.choices import CountMethod, CountSource, LumpSumStatus
from subsidies.models import (
    LumpSumAgreement,
    LumpSumCount,
    LumpSumKeyShare,
    LumpSumPlusPackage,
    LumpSumReview,
    LumpSumStatement,
    LumpSumStatementShare,
)
from subsidies.models.lump_sum import YEAR
from subsidies.services.budgets import check_year

PROVIDER_KINDS = frozenset({OrganisationKind.LEARNING_WORK_COMPANY, OrganisationKind.MATCHING_UNIT})
MAX_AMOUNT = Decimal("99999999.99")
MAX_WEIGHT = Decimal("999999999999.99")
MAX_PARTICIPANTS = 1_000_000
NOTE_MAX = 2000


def weight_field(municipality_id: int) -> str:
    """The name of a member's key weight in forms and in the services' errors."""
    return f"weight_{municipality_id}"


def plus_field(municipality_id: int) -> str:
    """The name of a member's plus package price in forms and in the services' errors."""
    return f"plus_{municipality_id}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _amount(value: object, *, required: str, maximum: Decimal, allow_zero: bool = False) -> Decimal:
    """A euro amount with at most two decimals, or ValueError with the Dutch reason."""
    if _blank(value):
        raise ValueError(required)
    amount = formatting.parse_amount(value)
    if amount is None:
        raise ValueError(_("Vul een bedrag in, bijvoorbeeld 674,17."))
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValueError(_("Het bedrag moet groter zijn dan nul."))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("Een bedrag heeft hoogstens twee decimalen."))
    if amount > maximum:
        raise ValueError(_("Dit bedrag is te groot."))
    return amount.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class AgreementInput:
    """What the agreement form sends: ``weights`` and ``plus`` keyed by municipality id (a
    blank plus price: the member does not take the plus package)."""

    provider: Organisation | None
    year: object
    amount_per_participant: object
    count_method: object
    reference_date: date | None
    weights: Mapping[int, object]
    plus: Mapping[int, object]


def _checked(
    region: Region, data: AgreementInput, members: Sequence[Municipality]
) -> tuple[int, Decimal, str, dict[int, Decimal], dict[int, Decimal]]:
    """Every error at once, on its field; nothing is written here."""
    errors: dict[str, list[str]] = {}

    def note(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if data.provider is None:
        note("provider", _("Kies de aanbieder (verplicht)."))
    elif data.provider.kind not in PROVIDER_KINDS:
        note("provider", _("Kies een leerwerkbedrijf of matchingsunit als aanbieder."))
    year = 0
    try:
        year = check_year(data.year)
    except ValidationError as error:
        note("year", error.message_dict["year"][0])
    amount = Decimal(0)
    try:
        amount = _amount(
            data.amount_per_participant,
            required=_("Vul het bedrag per deelnemer per jaar in (verplicht)."),
            maximum=MAX_AMOUNT,
        )
    except ValueError as error:
        note("amount_per_participant", str(error))
    method = str(data.count_method or "")
    if method not in CountMethod.values:
        note("count_method", _("Kies hoe de deelnemers worden geteld (verplicht)."))
    elif method == CountMethod.REFERENCE_DATE:
        if data.reference_date is None:
            note(
                "reference_date", _("Vul de peildatum in (verplicht bij een telling op peildatum).")
            )
        elif year and not date(year - 1, 10, 1) <= data.reference_date <= date(year, 12, 31):
            note(
                "reference_date",
                _("De peildatum ligt in %(year)s of in het laatste kwartaal ervoor.")
                % {"year": year},
            )
    by_id = {m.pk: m for m in members}
    if not members:
        note("weights", _("Regio %(region)s heeft nog geen gemeenten.") % {"region": region.name})
    outside = sorted(set(data.weights) - set(by_id)) + sorted(set(data.plus) - set(by_id))
    if outside:
        note("weights", _("De verdeelsleutel noemt gemeenten die niet bij de regio horen."))
    weights: dict[int, Decimal] = {}
    missing = []
    for municipality in members:
        value = data.weights.get(municipality.pk)
        if _blank(value):
            missing.append(municipality.name)
            note(
                weight_field(municipality.pk),
                _(
                    "Vul het gewicht van %(name)s in (verplicht): het basispakket is voor alle "
                    "gemeenten."
                )
                % {"name": municipality.name},
            )
            continue
        try:
            weights[municipality.pk] = _amount(
                value, required="", maximum=MAX_WEIGHT, allow_zero=False
            )
        except ValueError as error:
            note(weight_field(municipality.pk), str(error))
    if missing:
        note(
            "weights",
            _("De verdeelsleutel dekt niet alle gemeenten van de regio. Er ontbreken: %(names)s.")
            % {"names": ", ".join(missing)},
        )
    plus: dict[int, Decimal] = {}
    for municipality in members:
        value = data.plus.get(municipality.pk)
        if _blank(value):
            continue
        try:
            plus[municipality.pk] = _amount(value, required="", maximum=MAX_AMOUNT)
        except ValueError as error:
            note(plus_field(municipality.pk), str(error))
    if errors:
        raise ValidationError(errors)
    return year, amount, method, weights, plus


def _refuse_when_approved(agreement: LumpSumAgreement) -> None:
    if agreement.statements.filter(status=LumpSumStatus.APPROVED).exists():
        raise ValidationError(
            _(
                "Er is al een goedgekeurde afrekening bij deze afspraak. De afspraak kan niet "
                "meer veranderen."
            ),
            code="approved",
        )


@transaction.atomic
def lump_sum_agreement_save(
    *,
    region: Region,
    data: AgreementInput,
    actor: User,
    agreement: LumpSumAgreement | None = None,
) -> LumpSumAgreement:
    """Create (or change) the region's agreement with a provider for a year, with its key (a
    weight for every member, for the basic package) and the members' plus packages. Refused
    with every error on its field; nothing is written then. An agreement with an approved
    statement no longer changes; a draft statement stays and is recomputed when settled."""
    members = selectors.members_of(region)
    year, amount, method, weights, plus = _checked(region, data, members)
    assert data.provider is not None
    if agreement is not None:
        agreement = LumpSumAgreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.region_id != region.pk:
            raise ValidationError(_("Deze afspraak hoort bij een andere regio."))
        _refuse_when_approved(agreement)
    else:
        agreement = LumpSumAgreement(region=region)
    agreement.provider = data.provider
    agreement.year = year
    agreement.amount_per_participant = amount
    agreement.count_method = method
    agreement.reference_date = data.reference_date if method == CountMethod.REFERENCE_DATE else None
    agreement.changed_by = actor
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:
        raise ValidationError(
            {
                "provider": _(
                    "Er is al een lumpsumafspraak met %(provider)s voor %(year)s. Wijzig die."
                )
                % {"provider": data.provider.name, "year": year}
            }
        ) from None
    agreement.key_shares.all().delete()
    LumpSumKeyShare.objects.bulk_create(
        LumpSumKeyShare(agreement=agreement, municipality=m, weight=weights[m.pk]) for m in members
    )
    agreement.plus_packages.all().delete()
    LumpSumPlusPackage.objects.bulk_create(
        LumpSumPlusPackage(agreement=agreement, municipality=m, annual_amount=plus[m.pk])
        for m in members
        if m.pk in plus
    )
    return agreement


# -- counts -------------------------------------------------------------------------------------


def _check_count_day(agreement: LumpSumAgreement, counted_on: date, today: date) -> None:
    if counted_on not in selectors.all_count_dates(agreement):
        raise ValidationError(
            {"counted_on": _("Op deze dag wordt voor deze afspraak niet geteld.")}
        )
    if counted_on > today:
        raise ValidationError(
            {"counted_on": _("Deze dag is nog niet voorbij: er valt nog niets te tellen.")}
        )


@transaction.atomic
def lump_sum_count_record(
    *, agreement: LumpSumAgreement, counted_on: date, participants: object, actor: User
) -> LumpSumCount:
    """Record the provider's reported number of participants on a counting day (the end of a
    month, or the reference date), replacing an earlier count of that day."""
    today = timezone.localdate()
    _check_count_day(agreement, counted_on, today)
    try:
        number = int(str(participants).strip())
    except (TypeError, ValueError):
        number = -1
    if str(participants).strip() == "" or participants is None:
        raise ValidationError({"participants": _("Vul het aantal deelnemers in (verplicht).")})
    if not 0 <= number <= MAX_PARTICIPANTS:
        raise ValidationError({"participants": _("Vul een heel aantal deelnemers in, 0 of meer.")})
    count, _created = LumpSumCount.objects.update_or_create(
        agreement=agreement,
        counted_on=counted_on,
        defaults={"participants": number, "source": CountSource.REPORTED, "recorded_by": actor},
    )
    return count


@transaction.atomic
def lump_sum_count_from_registration(
    *,
    agreement: LumpSumAgreement,
    days: Sequence[date],
    actor: User | None,
    replace: bool = True,
) -> dict[date, int]:
    """Count the provider's participants on these days from the placements in the region's
    members (one query for all days) and record them; days not yet over are left out. With
    ``replace=False`` a day that has a count keeps it."""
    today = timezone.localdate()
    wanted = [day for day in days if day <= today]
    if not replace:
        known = set(
            LumpSumCount.objects.filter(agreement=agreement, counted_on__in=wanted).values_list(
                "counted_on", flat=True
            )
        )
        wanted = [day for day in wanted if day not in known]
    for day in wanted:
        _check_count_day(agreement, day, today)
    member_ids = [m.pk for m in selectors.members_of(agreement.region)]
    counts = selectors.registration_counts(
        provider=agreement.provider, municipality_ids=member_ids, days=wanted
    )
    for day, number in counts.items():
        LumpSumCount.objects.update_or_create(
            agreement=agreement,
            counted_on=day,
            defaults={
                "participants": number,
                "source": CountSource.REGISTRATION,
                "recorded_by": actor,
            },
        )
    return counts


# -- statements ---------------------------------------------------------------------------------


def _counts_for(agreement: LumpSumAgreement, quarter: int) -> list[tuple[date, int]]:
    days = selectors.count_dates(agreement, quarter)
    recorded = {
        c.counted_on: c.participants
        for c in LumpSumCount.objects.filter(agreement=agreement, counted_on__in=days)
    }
    missing = [day for day in days if day not in recorded]
    if missing:
        raise ValidationError(
            {
                "counts": _(
                    "Er is nog geen telling van de deelnemers op %(days)s. Tel uit de registratie "
                    "of vul de telling van de aanbieder in."
                )
                % {"days": ", ".join(formatting.long_date(day) for day in missing)}
            },
            code="no_count",
        )
    return [(day, recorded[day]) for day in days]


def _key_of(agreement: LumpSumAgreement) -> tuple[list[LumpSumKeyShare], dict[int, Decimal]]:
    """The key shares (by municipality name) and plus prices, refused when the key no longer
    covers every member (a municipality joined the region after the agreement was made)."""
    shares = list(
        agreement.key_shares.select_related("municipality").order_by("municipality__name")
    )
    members = selectors.members_of(agreement.region)
    uncovered = sorted({m.pk for m in members} - {s.municipality_id for s in shares})
    if uncovered or not shares:
        names = [m.name for m in members if m.pk in uncovered]
        raise ValidationError(
            {
                "weights": _(
                    "De verdeelsleutel dekt niet alle gemeenten van de regio. Er ontbreken: "
                    "%(names)s. Pas de afspraak aan."
                )
                % {"names": ", ".join(names) or _("alle gemeenten")}
            },
            code="key_incomplete",
        )
    plus = {p.municipality_id: p.annual_amount for p in agreement.plus_packages.all()}
    return shares, plus


def _settlement(
    agreement: LumpSumAgreement, quarter: int
) -> tuple[calculations.LumpSumSettlement, list[tuple[date, int]], list[LumpSumKeyShare]]:
    counts = _counts_for(agreement, quarter)
    shares, plus = _key_of(agreement)
    slug = {s.municipality_id: s.municipality.slug for s in shares}
    result = calculations.lump_sum_settlement(
        counts=[number for _day, number in counts],
        amount_per_year=agreement.amount_per_participant,
        weights={slug[s.municipality_id]: s.weight for s in shares},
        plus={slug[pk]: amount for pk, amount in plus.items() if pk in slug},
        quarter=None if quarter == YEAR else quarter,
    )
    return result, counts, shares


def _participants(value: Fraction) -> Decimal:
    """The counted participants as stored and shown: to two decimals (an average of three
    monthly counts can be a third); the amount was computed from the exact value."""
    return calculations.round_cents(value)


def _locked(agreement: LumpSumAgreement) -> LumpSumAgreement:
    return (
        LumpSumAgreement.objects.select_for_update()
        .select_related("region", "provider")
        .get(pk=agreement.pk)
    )


def _write(
    agreement: LumpSumAgreement,
    quarter: int,
    result: calculations.LumpSumSettlement,
    counts: list[tuple[date, int]],
    shares: list[LumpSumKeyShare],
    actor: User | None,
    stated: dict[int, Decimal] | None = None,
) -> LumpSumStatement:
    statement, _created = LumpSumStatement.objects.update_or_create(
        agreement=agreement,
        quarter=quarter,
        defaults={
            "status": LumpSumStatus.DRAFT,
            "participants": _participants(result.participants),
            "counts": [[day.isoformat(), number] for day, number in counts],
            "basic_total": result.basic_total,
            "plus_total": result.plus_total,
            "total": result.total,
            "stated_total": sum(stated.values(), Decimal("0.00")) if stated is not None else None,
            "prepared_by": actor,
            "prepared_at": timezone.now(),
            "approved_by": None,
            "approved_at": None,
        },
    )
    statement.shares.all().delete()
    by_slug = {s.municipality.slug: s for s in shares}
    LumpSumStatementShare.objects.bulk_create(
        LumpSumStatementShare(
            statement=statement,
            municipality=by_slug[part.name].municipality,
            weight=part.weight,
            basic=part.basic,
            plus=part.plus,
            amount=part.amount,
            stated=(
                stated.get(by_slug[part.name].municipality_id, Decimal("0.00"))
                if stated is not None
                else None
            ),
        )
        for part in result.shares
    )
    return statement


def _refuse_approved(agreement: LumpSumAgreement, quarter: int) -> None:
    existing = LumpSumStatement.objects.filter(agreement=agreement, quarter=quarter).first()
    if existing is not None and existing.status == LumpSumStatus.APPROVED:
        raise StateConflict(
            _("Deze afrekening is al goedgekeurd en verandert niet meer."), code="approved"
        )


@transaction.atomic
def lump_sum_settle(
    *,
    agreement: LumpSumAgreement,
    quarter: int,
    actor: User | None,
    count_from_registration: bool = False,
) -> LumpSumStatement:
    """Compute a quarter's statement (a draft; computing again replaces it): the counted
    participants x amount / 4, split over the members by the key in whole cents (largest
    remainder, adding up exactly), plus each member's plus package. ``actor`` None is the
    ``settle_lump_sum`` command. With ``count_from_registration`` the days without a count
    are counted from the registration first. Refused without a count for every counting day,
    when the key no longer covers every member, and once the quarter is approved."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Kies kwartaal 1, 2, 3 of 4.")})
    agreement = _locked(agreement)
    _refuse_approved(agreement, quarter)
    if count_from_registration:
        lump_sum_count_from_registration(
            agreement=agreement,
            days=selectors.count_dates(agreement, quarter),
            actor=actor,
            replace=False,
        )
    result, counts, shares = _settlement(agreement, quarter)
    return _write(agreement, quarter, result, counts, shares, actor)


@transaction.atomic
def lump_sum_determine(*, agreement: LumpSumAgreement, actor: User | None) -> LumpSumStatement:
    """The yearly determination (a draft): the year's counted participants x amount, split by
    the key, plus the plus packages; per member also what its approved quarters stated and the
    difference. Needs the four quarters approved."""
    agreement = _locked(agreement)
    _refuse_approved(agreement, YEAR)
    approved = list(
        LumpSumStatement.objects.filter(
            agreement=agreement, quarter__in=(1, 2, 3, 4), status=LumpSumStatus.APPROVED
        ).prefetch_related("shares")
    )
    if len(approved) < 4:
        missing = sorted({1, 2, 3, 4} - {s.quarter for s in approved})
        raise ValidationError(
            _("Eerst moeten alle kwartalen goedgekeurd zijn. Nog niet goedgekeurd: %(q)s.")
            % {"q": ", ".join(str(q) for q in missing)},
            code="quarters_open",
        )
    stated: dict[int, Decimal] = {}
    for statement in approved:
        for share in statement.shares.all():
            stated[share.municipality_id] = stated.get(share.municipality_id, Decimal("0.00")) + (
                share.amount
            )
    result, counts, shares = _settlement(agreement, YEAR)
    return _write(agreement, YEAR, result, counts, shares, actor, stated=stated)


def four_eyes_refusal(statement: LumpSumStatement, user: User) -> str:
    """Why ``user`` may not approve ``statement`` (empty when they may)."""
    if statement.status == LumpSumStatus.APPROVED:
        return _("Deze afrekening is al goedgekeurd.")
    if statement.prepared_by_id is not None and statement.prepared_by_id == user.pk:
        return _(
            "U heeft deze afrekening zelf berekend. Een andere beheerder van de regio keurt hem "
            "goed (vier ogen)."
        )
    return ""


@transaction.atomic
def lump_sum_approve(*, statement: LumpSumStatement, actor: User) -> LumpSumStatement:
    """Approve a statement or determination (four eyes: not whoever computed it). Refused when
    the counts, key or price changed after it was computed: then it is computed again first."""
    statement = (
        LumpSumStatement.objects.select_for_update()
        .select_related("agreement__region", "agreement__provider")
        .get(pk=statement.pk)
    )
    refusal = four_eyes_refusal(statement, actor)
    if refusal:
        raise ValidationError(refusal, code="four_eyes")
    agreement = statement.agreement
    try:
        result, counts, _shares = _settlement(agreement, statement.quarter)
    except ValidationError as error:
        raise ValidationError(
            _("De afrekening klopt niet meer met de afspraak: %(reason)s")
            % {"reason": " ".join(error.messages)},
            code="stale",
        ) from None
    current = {
        s.municipality.slug: s.amount for s in statement.shares.select_related("municipality")
    }
    if (
        result.total != statement.total
        or [[d.isoformat(), n] for d, n in counts] != statement.counts
        or {part.name: part.amount for part in result.shares} != current
    ):
        raise ValidationError(
            _(
                "De tellingen of de afspraak zijn gewijzigd na het berekenen. Bereken de "
                "afrekening opnieuw; daarna keurt een ander hem goed."
            ),
            code="stale",
        )
    statement.status = LumpSumStatus.APPROVED
    statement.approved_by = actor
    statement.approved_at = timezone.now()
    statement.save(update_fields=["status", "approved_by", "approved_at"])
    return statement


# -- the financial review every 2 years ----------------------------------------------------------


@transaction.atomic
def lump_sum_review_record(
    *, region: Region, provider: Organisation, reviewed_on: date | None, note: str, actor: User
) -> LumpSumReview:
    """Record that the region reviewed the lump sum's financing with a provider (seed 003:
    "elke 2 jaar financieel bijstellen"); the next review is due 2 years later."""
    if reviewed_on is None:
        raise ValidationError({"reviewed_on": _("Vul de datum van de herziening in (verplicht).")})
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("Deze datum ligt in de toekomst.")})
    if not LumpSumAgreement.objects.filter(region=region, provider=provider).exists():
        raise ValidationError(
            {"provider": _("De regio heeft geen lumpsumafspraak met deze aanbieder.")}
        )
    text = (note or "").strip()
    if len(text) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Een toelichting is hoogstens %(max)s tekens.") % {"max": NOTE_MAX}}
        )
    return LumpSumReview.objects.create(
        region=region, provider=provider, reviewed_on=reviewed_on, note=text, recorded_by=actor
    )
