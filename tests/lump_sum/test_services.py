"""The lump-sum services: the agreement and its key, counts, quarter statements, four eyes,
the determination, and the bad input of the issue (a key that misses members, a lump sum
without a count)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from participatie.models import Enrolment
from subsidies.lump_sum import selectors
from subsidies.lump_sum.choices import CountMethod, CountSource, LumpSumStatus
from subsidies.lump_sum.services import (
    lump_sum_agreement_save,
    lump_sum_approve,
    lump_sum_count_from_registration,
    lump_sum_count_record,
    lump_sum_determine,
    lump_sum_review_record,
    lump_sum_settle,
    weight_field,
)
from subsidies.models import LumpSumAgreement, LumpSumCount, LumpSumStatement
from tests.conftest import in_tenant
from tests.factories import MunicipalityFactory, PlacementFactory
from tests.lump_sum.conftest import agreement_input

Q1_DAYS = [datetime.date(2022, 1, 31), datetime.date(2022, 2, 28), datetime.date(2022, 3, 31)]


def _count(agreement, actor, participants=400, days=Q1_DAYS):
    for day in days:
        lump_sum_count_record(
            agreement=agreement, counted_on=day, participants=participants, actor=actor
        )


def test_the_ibn_quarter_is_split_over_all_eleven_members_to_the_cent(agreement, ibn_admin):
    _count(agreement, ibn_admin)
    statement = lump_sum_settle(agreement=agreement, quarter=1, actor=ibn_admin)
    assert statement.status == LumpSumStatus.DRAFT
    assert statement.participants == 400
    assert statement.total == Decimal("67417.00")
    shares = list(statement.shares.all())
    assert len(shares) == 11
    assert sum(s.amount for s in shares) == statement.total
    assert statement.counts == [[d.isoformat(), 400] for d in Q1_DAYS]


def test_a_key_that_misses_a_member_is_refused_and_nothing_is_written(
    ibn_region, provider, weights, ibn_admin, ibn_members
):
    boekel = ibn_members["Boekel"]
    incomplete = {pk: value for pk, value in weights.items() if pk != boekel.pk}
    with pytest.raises(ValidationError) as error:
        lump_sum_agreement_save(
            region=ibn_region, data=agreement_input(provider, incomplete), actor=ibn_admin
        )
    errors = error.value.message_dict
    assert weight_field(boekel.pk) in errors
    assert "Boekel" in " ".join(errors["weights"])
    assert "dekt niet alle gemeenten" in " ".join(errors["weights"])
    assert not LumpSumAgreement.objects.exists()


def test_every_error_of_the_agreement_is_named_on_its_field(ibn_region, weights, ibn_admin):
    with pytest.raises(ValidationError) as error:
        lump_sum_agreement_save(
            region=ibn_region,
            data=agreement_input(
                None,
                weights,
                year="twintig",
                amount="-3",
                method=CountMethod.REFERENCE_DATE,
            ),
            actor=ibn_admin,
        )
    assert set(error.value.message_dict) >= {
        "provider",
        "year",
        "amount_per_participant",
        "reference_date",
    }


def test_a_key_weight_of_another_region_is_refused(
    ibn_region, provider, weights, ibn_admin, dordrecht
):
    with pytest.raises(ValidationError) as error:
        lump_sum_agreement_save(
            region=ibn_region,
            data=agreement_input(provider, {**weights, dordrecht.municipality.pk: "10"}),
            actor=ibn_admin,
        )
    assert "weights" in error.value.message_dict


def test_a_lump_sum_without_a_count_is_refused_naming_the_days(agreement, ibn_admin):
    lump_sum_count_record(
        agreement=agreement, counted_on=Q1_DAYS[0], participants=400, actor=ibn_admin
    )
    with pytest.raises(ValidationError) as error:
        lump_sum_settle(agreement=agreement, quarter=1, actor=ibn_admin)
    message = " ".join(error.value.message_dict["counts"])
    assert "28 februari 2022" in message and "31 maart 2022" in message
    assert "31 januari 2022" not in message
    assert not LumpSumStatement.objects.exists()


def test_a_count_on_a_day_that_is_not_a_counting_day_is_refused(agreement, ibn_admin):
    with pytest.raises(ValidationError) as error:
        lump_sum_count_record(
            agreement=agreement,
            counted_on=datetime.date(2022, 1, 15),
            participants=1,
            actor=ibn_admin,
        )
    assert "counted_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        lump_sum_count_record(
            agreement=agreement, counted_on=Q1_DAYS[0], participants="veel", actor=ibn_admin
        )
    assert "participants" in error.value.message_dict


def test_the_key_no_longer_covering_a_new_member_stops_the_settlement(
    agreement, ibn_admin, ibn_region
):
    _count(agreement, ibn_admin)
    MunicipalityFactory(name="Nieuwkomer", slug="nieuwkomer", region=ibn_region)
    with pytest.raises(ValidationError) as error:
        lump_sum_settle(agreement=agreement, quarter=1, actor=ibn_admin)
    assert "Nieuwkomer" in " ".join(error.value.message_dict["weights"])


def test_counts_from_the_registration_are_the_providers_active_participants(
    agreement, ibn_admin, ibn_members, provider, meierijstad
):
    uden, oss = ibn_members["Uden"], ibn_members["Oss"]
    with in_tenant(uden, oss, meierijstad.municipality):
        at_uden = Enrolment.objects.get(municipality=uden, organisation=provider)
        at_oss = Enrolment.objects.get(municipality=oss, organisation=provider)
        for _ in range(3):
            PlacementFactory(
                municipality=uden, enrolment=at_uden, start_date=datetime.date(2022, 1, 1)
            )
        PlacementFactory(
            municipality=oss,
            enrolment=at_oss,
            start_date=datetime.date(2022, 1, 10),
            end_date=datetime.date(2022, 2, 10),
        )
        # Another company's placement does not count.
        PlacementFactory(municipality=oss, start_date=datetime.date(2022, 1, 1))
    counts = lump_sum_count_from_registration(agreement=agreement, days=Q1_DAYS, actor=ibn_admin)
    assert counts == {Q1_DAYS[0]: 4, Q1_DAYS[1]: 3, Q1_DAYS[2]: 3}
    stored = LumpSumCount.objects.get(agreement=agreement, counted_on=Q1_DAYS[0])
    assert stored.source == CountSource.REGISTRATION and stored.participants == 4
    statement = lump_sum_settle(agreement=agreement, quarter=1, actor=None)
    # (4 + 3 + 3) / 3 x 674.17 / 4 = 561.808... -> 561.81.
    assert statement.total == Decimal("561.81")
    assert statement.participants == Decimal("3.33")


def test_settling_with_counting_keeps_counts_already_entered(agreement, ibn_admin):
    lump_sum_count_record(
        agreement=agreement, counted_on=Q1_DAYS[0], participants=300, actor=ibn_admin
    )
    statement = lump_sum_settle(
        agreement=agreement, quarter=1, actor=None, count_from_registration=True
    )
    assert statement.counts == [[Q1_DAYS[0].isoformat(), 300]] + [
        [d.isoformat(), 0] for d in Q1_DAYS[1:]
    ]


def test_four_eyes_the_preparer_cannot_approve_another_admin_can(
    agreement, ibn_admin, second_admin
):
    _count(agreement, ibn_admin)
    statement = lump_sum_settle(agreement=agreement, quarter=1, actor=ibn_admin)
    with pytest.raises(ValidationError) as error:
        lump_sum_approve(statement=statement, actor=ibn_admin)
    assert error.value.code == "four_eyes"
    approved = lump_sum_approve(statement=statement, actor=second_admin)
    assert approved.status == LumpSumStatus.APPROVED and approved.approved_by == second_admin


def test_an_approved_quarter_is_final(agreement, ibn_admin, second_admin):
    _count(agreement, ibn_admin)
    statement = lump_sum_settle(agreement=agreement, quarter=1, actor=ibn_admin)
    lump_sum_approve(statement=statement, actor=second_admin)
    with pytest.raises(ValidationError):
        lump_sum_settle(agreement=agreement, quarter=1, actor=ibn_admin)
    with pytest.raises(ValidationError):
        lump_sum_agreement_save(
            region=agreement.region,
            data=agreement_input(
                agreement.provider, {s.municipality_id: "1" for s in agreement.key_shares.all()}
            ),
            actor=ibn_admin,
            agreement=agreement,
        )


def test_a_changed_count_after_computing_blocks_the_approval(agreement, ibn_admin, second_admin):
    _count(agreement, ibn_admin)
    statement = lump_sum_settle(agreement=agreement, quarter=1, actor=ibn_admin)
    lump_sum_count_record(
        agreement=agreement, counted_on=Q1_DAYS[2], participants=410, actor=ibn_admin
    )
    with pytest.raises(ValidationError) as error:
        lump_sum_approve(statement=statement, actor=second_admin)
    assert error.value.code == "stale"
    statement.refresh_from_db()
    assert statement.status == LumpSumStatus.DRAFT


def test_a_statement_of_the_command_is_approved_by_a_region_admin(agreement, ibn_admin):
    _count(agreement, ibn_admin)
    statement = lump_sum_settle(agreement=agreement, quarter=1, actor=None)
    assert lump_sum_approve(statement=statement, actor=ibn_admin).status == "approved"


def test_the_determination_compares_the_year_with_the_approved_quarters(
    ibn_region, provider, weights, ibn_admin, second_admin, ibn_members
):
    meierijstad = ibn_members["Meierijstad"]
    agreement = lump_sum_agreement_save(
        region=ibn_region,
        data=agreement_input(provider, weights, plus={meierijstad.pk: "12000"}),
        actor=ibn_admin,
    )
    days = selectors.all_count_dates(agreement)
    _count(agreement, ibn_admin, days=days)
    with pytest.raises(ValidationError) as error:
        lump_sum_determine(agreement=agreement, actor=ibn_admin)
    assert error.value.code == "quarters_open"
    for quarter in (1, 2, 3, 4):
        statement = lump_sum_settle(agreement=agreement, quarter=quarter, actor=ibn_admin)
        assert statement.plus_total == Decimal("3000.00")
        lump_sum_approve(statement=statement, actor=second_admin)
    # A count corrected after the quarters were approved shows up in the determination.
    lump_sum_count_record(
        agreement=agreement, counted_on=days[-1], participants=412, actor=ibn_admin
    )
    determination = lump_sum_determine(agreement=agreement, actor=ibn_admin)
    assert determination.is_determination
    assert determination.stated_total == Decimal("4") * Decimal("67417.00") + Decimal("12000.00")
    # (11 x 400 + 412) / 12 = 401 participants x 674.17 = 270,342.17, plus 12,000.
    assert determination.total == Decimal("270342.17") + Decimal("12000.00")
    assert determination.difference == Decimal("674.17")
    shares = list(determination.shares.all())
    assert sum(s.amount for s in shares) == determination.total
    assert sum(s.difference for s in shares) == determination.difference
    lump_sum_approve(statement=determination, actor=second_admin)


def test_the_financial_review_is_due_two_years_after_the_last(
    agreement, ibn_admin, ibn_region, provider
):
    (state,) = selectors.review_states(region=ibn_region)
    assert state.last is None and state.due_on == datetime.date(2024, 1, 1)
    assert state.is_due(datetime.date(2023, 10, 15)) and not state.is_due(datetime.date(2023, 6, 1))
    lump_sum_review_record(
        region=ibn_region,
        provider=provider,
        reviewed_on=datetime.date(2023, 11, 20),
        note="Bedrag blijft gelijk.",
        actor=ibn_admin,
    )
    (state,) = selectors.review_states(region=ibn_region)
    assert state.due_on == datetime.date(2025, 11, 20)


def test_a_review_in_the_future_is_refused(agreement, ibn_admin, ibn_region, provider):
    with pytest.raises(ValidationError) as error:
        lump_sum_review_record(
            region=ibn_region,
            provider=provider,
            reviewed_on=datetime.date.today() + datetime.timedelta(days=1),
            note="",
            actor=ibn_admin,
        )
    assert "reviewed_on" in error.value.message_dict


def test_reference_date_counting_uses_one_count_for_every_quarter(
    ibn_region, provider, weights, ibn_admin
):
    agreement = lump_sum_agreement_save(
        region=ibn_region,
        data=agreement_input(
            provider,
            weights,
            method=CountMethod.REFERENCE_DATE,
            reference_date=datetime.date(2022, 1, 1),
        ),
        actor=ibn_admin,
    )
    lump_sum_count_record(
        agreement=agreement, counted_on=datetime.date(2022, 1, 1), participants=400, actor=ibn_admin
    )
    for quarter in (1, 4):
        assert lump_sum_settle(agreement=agreement, quarter=quarter, actor=None).total == Decimal(
            "67417.00"
        )
