"""The year services: copy-forward, set-up from empty, the step catalogue, the tariffs until
the first approved statement and their versions after it, the budget. Every bad input of the
issue gives a Dutch error on its field and writes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from participatie.models import Enrolment, Step
from participatie.placements.services import is_year_not_set_up
from subsidies.choices import StatementStatus
from subsidies.models import MunicipalBudget, StepTariff, Tariff
from subsidies.selectors_years import year_overview, year_to_set_up, years_of
from subsidies.services import years as svc
from tests.api.conftest import start
from tests.conftest import in_tenant
from tests.factories_subsidies import DecisionLineFactory, QuarterStatementFactory
from tests.subsidies_years.conftest import TODAY, YEAR, counts, set_up_year, snapshot


def refused(call, field: str, *words: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    error = caught.value
    assert field in error.message_dict, error.message_dict
    text = " ".join(error.message_dict[field])
    for word in words:
        assert word in text, text
    return error


def step(side, code: str, year: int = YEAR) -> Step:
    with in_tenant(side.municipality):
        return Step.objects.get(municipality=side.municipality, year=year, code=code)


def tariff_of(side, year: int = YEAR) -> Tariff:
    with in_tenant(side.municipality):
        return Tariff.objects.get(municipality=side.municipality, year=year)


def approve_a_statement(side, year: int = YEAR) -> None:
    with in_tenant(side.municipality):
        QuarterStatementFactory(
            municipality=side.municipality,
            enrolment=Enrolment.objects.get(organisation=side.lwb_a),
            year=year,
            quarter=1,
            status=StatementStatus.APPROVED,
        )


def update(side, tariff: Tariff, **changes):
    values = {
        "base_fee": "300",
        "custom_budget": "10000",
        "advance_model": "full_advance",
        "dual_placement_max_days": 365,
        "amounts": {"basis": "2500", "plus": "3500"},
    }
    values.update(changes)
    with in_tenant(side.municipality):
        return svc.tariff_update(tariff=tariff, actor=side.account_holder, **values)


def create_year(side, year: int, copy_from: int | None = YEAR):
    with in_tenant(side.municipality):
        return svc.year_create(
            municipality=side.municipality,
            year=year,
            copy_from=copy_from,
            actor=side.account_holder,
            today=TODAY,
        )


# -- copy-forward and empty -------------------------------------------------------------------


def test_a_copy_equals_the_year_it_copies_except_the_year(dordrecht, year_2026):
    create_year(dordrecht, 2027)
    copied, original = snapshot(dordrecht, 2027), snapshot(dordrecht, YEAR)
    assert copied == original
    assert copied["steps"] == [("basis", "Basis", True, 0), ("plus", "Plus", False, 1)]
    assert copied["amounts"] == [
        ("basis", Decimal("2500.00"), (1, 1)),
        ("plus", Decimal("3500.00"), (1, 1)),
    ]
    assert copied["budget"] == (Decimal("1162448.00"), Decimal("225336.00"))
    with in_tenant(dordrecht.municipality):
        assert StepTariff.objects.get(step__year=2027, step__code="basis").effective_from == date(
            2027, 1, 1
        )


def test_editing_the_copy_leaves_the_original_intact(dordrecht, year_2026):
    create_year(dordrecht, 2027)
    before = snapshot(dordrecht, YEAR)
    update(
        dordrecht,
        tariff_of(dordrecht, 2027),
        base_fee="350",
        advance_model="quarterly_80_20",
        amounts={"basis": "2600", "plus": "3600"},
    )
    with in_tenant(dordrecht.municipality):
        svc.step_update(
            step=step(dordrecht, "plus", 2027),
            code="plus",
            label="Plus (intensief)",
            is_default=False,
            actor=dordrecht.account_holder,
        )
        svc.budget_set(
            municipality=dordrecht.municipality,
            year=2027,
            allocated="1200000",
            matching_unit_cost="230000",
            actor=dordrecht.account_holder,
            today=TODAY,
        )
    assert snapshot(dordrecht, YEAR) == before
    after = snapshot(dordrecht, 2027)
    assert after["tariff"][:2] == (Decimal("350.00"), Decimal("10000.00"))
    assert after["steps"][1][1] == "Plus (intensief)"
    assert after["budget"] == (Decimal("1200000.00"), Decimal("230000.00"))


def test_a_copy_starts_at_the_amounts_in_force_at_the_end_of_the_source_year(dordrecht, year_2026):
    approve_a_statement(dordrecht)
    with in_tenant(dordrecht.municipality):
        svc.tariff_version_create(
            tariff=tariff_of(dordrecht),
            effective_from=date(YEAR, 7, 1),
            amounts={"basis": "2700", "plus": "3700"},
            actor=dordrecht.account_holder,
        )
    create_year(dordrecht, 2027)
    assert snapshot(dordrecht, 2027)["amounts"] == [
        ("basis", Decimal("2700.00"), (1, 1)),
        ("plus", Decimal("3700.00"), (1, 1)),
    ]


def test_an_empty_year_has_zero_tariffs_and_gets_its_steps_afterwards(dordrecht):
    tariff = create_year(dordrecht, 2027, copy_from=None)
    assert (tariff.base_fee, tariff.custom_budget, tariff.advance_model) == (
        Decimal("0"),
        Decimal("0"),
        "full_advance",
    )
    assert snapshot(dordrecht, 2027)["budget"] == (Decimal("0"), Decimal("0"))
    with in_tenant(dordrecht.municipality):
        svc.step_create(
            municipality=dordrecht.municipality,
            year=2027,
            code="A",
            label="Begeleiding",
            is_default=True,
            actor=dordrecht.account_holder,
            today=TODAY,
        )
        overview = year_overview(dordrecht.municipality, 2027)
    assert any("Begeleiding (A)" in item for item in overview.missing)
    update(dordrecht, tariff, amounts={"A": "1800"})
    with in_tenant(dordrecht.municipality):
        overview = year_overview(dordrecht.municipality, 2027)
    assert overview.is_set_up and overview.base_amounts() == {"A": Decimal("1800.00")}


def test_an_empty_year_keeps_the_budget_the_regional_key_wrote(dordrecht):
    with in_tenant(dordrecht.municipality):
        MunicipalBudget.objects.create(
            municipality=dordrecht.municipality, year=2027, allocated=Decimal("1162448")
        )
    create_year(dordrecht, 2027, copy_from=None)
    assert snapshot(dordrecht, 2027)["budget"] == (Decimal("1162448.00"), Decimal("0.00"))


# -- the year's range and existence --------------------------------------------------------------


@pytest.mark.parametrize("year", [1999, 1, TODAY.year + 3, 3000])
def test_a_year_before_2000_or_more_than_two_years_ahead_is_refused(dordrecht, year_2026, year):
    before = counts(dordrecht)
    refused(lambda: create_year(dordrecht, year), "year", "2000", str(TODAY.year + 2))
    refused(lambda: create_year(dordrecht, year, copy_from=None), "year")
    with in_tenant(dordrecht.municipality):
        refused(
            lambda: svc.step_create(
                municipality=dordrecht.municipality,
                year=year,
                code="basis",
                label="Basis",
                actor=dordrecht.account_holder,
                today=TODAY,
            ),
            "year",
        )
    assert counts(dordrecht) == before


def test_two_years_ahead_is_the_last_year_that_can_be_set_up(dordrecht, year_2026):
    create_year(dordrecht, TODAY.year + 2)
    assert snapshot(dordrecht, TODAY.year + 2)["steps"]


def test_a_year_that_exists_or_a_source_that_does_not_is_refused(dordrecht, year_2026):
    before = counts(dordrecht)
    refused(lambda: create_year(dordrecht, YEAR, copy_from=None), "year", "al ingericht")
    refused(lambda: create_year(dordrecht, 2027, copy_from=2019), "copy_from", "2019")
    assert counts(dordrecht) == before


def test_a_copy_onto_a_year_that_has_steps_is_refused(dordrecht, year_2026):
    with in_tenant(dordrecht.municipality):
        svc.step_create(
            municipality=dordrecht.municipality,
            year=2027,
            code="basis",
            label="Basis",
            actor=dordrecht.account_holder,
            today=TODAY,
        )
    before = counts(dordrecht)
    refused(lambda: create_year(dordrecht, 2027), "year", "basis")
    assert counts(dordrecht) == before


# -- the step catalogue -------------------------------------------------------------------------


def test_a_second_default_step_in_a_year_is_refused(dordrecht, year_2026):
    before = counts(dordrecht)
    with in_tenant(dordrecht.municipality):
        refused(
            lambda: svc.step_create(
                municipality=dordrecht.municipality,
                year=YEAR,
                code="extra",
                label="Extra",
                is_default=True,
                actor=dordrecht.account_holder,
                today=TODAY,
            ),
            "is_default",
            "Basis (basis)",
        )
        refused(
            lambda: svc.step_update(
                step=step(dordrecht, "plus"),
                code="plus",
                label="Plus",
                is_default=True,
                actor=dordrecht.account_holder,
            ),
            "is_default",
            "al de standaardtrede",
        )
    assert counts(dordrecht) == before
    assert not step(dordrecht, "plus").is_default and step(dordrecht, "basis").is_default


def test_the_default_moves_by_taking_it_off_the_other_step_first(dordrecht, year_2026):
    with in_tenant(dordrecht.municipality):
        for code, default in (("basis", False), ("plus", True)):
            svc.step_update(
                step=step(dordrecht, code),
                code=code,
                label=code.title(),
                is_default=default,
                actor=dordrecht.account_holder,
            )
    assert step(dordrecht, "plus").is_default and not step(dordrecht, "basis").is_default


@pytest.mark.parametrize(
    ("code", "label", "field"),
    [
        ("", "Leeg", "code"),
        ("met spatie", "X", "code"),
        ("plus", "Dubbel", "code"),
        ("x", "", "label"),
    ],
)
def test_bad_step_fields_are_refused(dordrecht, year_2026, code, label, field):
    before = counts(dordrecht)
    with in_tenant(dordrecht.municipality):
        refused(
            lambda: svc.step_create(
                municipality=dordrecht.municipality,
                year=YEAR,
                code=code,
                label=label,
                actor=dordrecht.account_holder,
                today=TODAY,
            ),
            field,
        )
    assert counts(dordrecht) == before


def test_deleting_a_step_a_placement_uses_is_refused(dordrecht, year_2026):
    start(dordrecht, dordrecht.lwb_a, start_date=date(YEAR, 3, 2))
    before = counts(dordrecht)
    with in_tenant(dordrecht.municipality):
        refused(
            lambda: svc.step_delete(step=step(dordrecht, "basis"), actor=dordrecht.account_holder),
            "step",
            "een plaatsing",
        )
        refused(
            lambda: svc.step_update(
                step=step(dordrecht, "basis"),
                code="start",
                label="Basis",
                is_default=True,
                actor=dordrecht.account_holder,
            ),
            "code",
            "een plaatsing",
        )
    assert counts(dordrecht) == before


def test_deleting_a_step_a_decision_uses_is_refused(dordrecht, year_2026):
    with in_tenant(dordrecht.municipality):
        DecisionLineFactory(municipality=dordrecht.municipality, step=step(dordrecht, "plus"))
    before = counts(dordrecht)
    with in_tenant(dordrecht.municipality):
        refused(
            lambda: svc.step_delete(step=step(dordrecht, "plus"), actor=dordrecht.account_holder),
            "step",
            "een beschikking",
        )
    assert counts(dordrecht) == before


def test_an_unused_step_goes_with_its_amounts(dordrecht, year_2026):
    with in_tenant(dordrecht.municipality):
        svc.step_delete(step=step(dordrecht, "plus"), actor=dordrecht.account_holder)
    assert snapshot(dordrecht, YEAR)["amounts"] == [("basis", Decimal("2500.00"), (1, 1))]


# -- tariffs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["-1", "-0.01", "twee", "12,345", "NaN", "Infinity", "", None, True]
)
@pytest.mark.parametrize("field", ["base_fee", "custom_budget", "amount_plus"])
def test_negative_or_non_numeric_amounts_are_refused(dordrecht, year_2026, field, value):
    before = snapshot(dordrecht, YEAR)
    if field == "amount_plus":
        change = {"amounts": {"basis": "2600", "plus": value}}
    else:
        change = {field: value, "amounts": {"basis": "2600", "plus": "3500"}}
    refused(lambda: update(dordrecht, tariff_of(dordrecht), **change), field)
    assert snapshot(dordrecht, YEAR) == before


def test_a_tariff_without_an_amount_for_a_catalogue_step_is_refused(dordrecht, year_2026):
    before = snapshot(dordrecht, YEAR)
    refused(
        lambda: update(dordrecht, tariff_of(dordrecht), amounts={"basis": "2600"}),
        "amount_plus",
        "Plus (plus)",
    )
    refused(
        lambda: update(
            dordrecht, tariff_of(dordrecht), amounts={"basis": "1", "plus": "1", "extra": "1"}
        ),
        "amounts",
        "extra",
    )
    assert snapshot(dordrecht, YEAR) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("advance_model", "maandelijks"),
        ("dual_placement_max_days", 0),
        ("dual_placement_max_days", "veel"),
    ],
)
def test_an_unknown_advance_model_or_length_is_refused(dordrecht, year_2026, field, value):
    before = snapshot(dordrecht, YEAR)
    refused(lambda: update(dordrecht, tariff_of(dordrecht), **{field: value}), field)
    assert snapshot(dordrecht, YEAR) == before


def test_a_tariff_for_a_year_without_steps_is_refused_whole(dordrecht):
    before = counts(dordrecht)
    with in_tenant(dordrecht.municipality):
        refused(
            lambda: svc.tariff_create(
                municipality=dordrecht.municipality,
                year=2027,
                base_fee="-5",
                custom_budget="0",
                advance_model="full_advance",
                dual_placement_max_days=365,
                amounts={},
                actor=dordrecht.account_holder,
                today=TODAY,
            ),
            "base_fee",
        )
    assert counts(dordrecht) == before


# -- the lock after the first approved statement, and versions ------------------------------------


def test_after_the_first_approved_statement_only_versions_change_amounts(dordrecht, year_2026):
    approve_a_statement(dordrecht)
    before = snapshot(dordrecht, YEAR)
    tariff = tariff_of(dordrecht)
    update(dordrecht, tariff)  # the same values: nothing to refuse
    error = refused(
        lambda: update(
            dordrecht,
            tariff,
            base_fee="350",
            custom_budget="12000",
            advance_model="quarterly_80_20",
            dual_placement_max_days=200,
            amounts={"basis": "2600", "plus": "3500"},
        ),
        "base_fee",
        "goedgekeurd",
    )
    assert set(error.message_dict) == {
        "base_fee",
        "custom_budget",
        "advance_model",
        "dual_placement_max_days",
        "amount_basis",
    }
    assert "nieuwe versie" in error.message_dict["amount_basis"][0]
    assert snapshot(dordrecht, YEAR) == before
    with in_tenant(dordrecht.municipality):
        svc.tariff_version_create(
            tariff=tariff,
            effective_from=date(YEAR, 7, 1),
            amounts={"basis": "2600", "plus": "3500"},
            actor=dordrecht.account_holder,
        )
        overview = year_overview(dordrecht.municipality, YEAR)
    assert overview.locked
    assert [(v.effective_from, v.amounts) for v in overview.versions] == [
        (date(YEAR, 1, 1), {"basis": Decimal("2500.00"), "plus": Decimal("3500.00")}),
        (date(YEAR, 7, 1), {"basis": Decimal("2600.00"), "plus": Decimal("3500.00")}),
    ]


@pytest.mark.parametrize(
    ("effective_from", "words"),
    [
        (date(YEAR, 1, 1), "2 januari"),
        (date(YEAR + 1, 3, 1), "31 december"),
        (date(YEAR, 7, 1), "na de laatste versie"),
        (date(YEAR, 5, 1), "na de laatste versie"),
        (None, "datum"),
    ],
)
def test_a_version_goes_in_after_1_january_and_the_latest_version(
    dordrecht, year_2026, effective_from, words
):
    approve_a_statement(dordrecht)
    tariff = tariff_of(dordrecht)
    with in_tenant(dordrecht.municipality):
        svc.tariff_version_create(
            tariff=tariff,
            effective_from=date(YEAR, 7, 1),
            amounts={"basis": "2600", "plus": "3600"},
            actor=dordrecht.account_holder,
        )
    before = snapshot(dordrecht, YEAR)
    with in_tenant(dordrecht.municipality):
        refused(
            lambda: svc.tariff_version_create(
                tariff=tariff,
                effective_from=effective_from,
                amounts={"basis": "2700", "plus": "3700"},
                actor=dordrecht.account_holder,
            ),
            "effective_from",
            words,
        )
    assert snapshot(dordrecht, YEAR) == before


def test_a_version_needs_an_amount_for_every_step(dordrecht, year_2026):
    approve_a_statement(dordrecht)
    before = snapshot(dordrecht, YEAR)
    with in_tenant(dordrecht.municipality):
        refused(
            lambda: svc.tariff_version_create(
                tariff=tariff_of(dordrecht),
                effective_from=date(YEAR, 7, 1),
                amounts={"basis": "2700", "plus": "-1"},
                actor=dordrecht.account_holder,
            ),
            "amount_plus",
            "negatief",
        )
        refused(
            lambda: svc.tariff_version_create(
                tariff=tariff_of(dordrecht),
                effective_from=date(YEAR, 7, 1),
                amounts={"basis": "2700"},
                actor=dordrecht.account_holder,
            ),
            "amount_plus",
            "Plus (plus)",
        )
    assert snapshot(dordrecht, YEAR) == before


# -- budget ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allocated", "cost", "field"),
    [("-1", "0", "allocated"), ("veel", "0", "allocated"), ("100", "-3", "matching_unit_cost")],
)
def test_a_negative_or_non_numeric_budget_is_refused(dordrecht, year_2026, allocated, cost, field):
    before = snapshot(dordrecht, YEAR)
    with in_tenant(dordrecht.municipality):
        refused(
            lambda: svc.budget_set(
                municipality=dordrecht.municipality,
                year=YEAR,
                allocated=allocated,
                matching_unit_cost=cost,
                actor=dordrecht.account_holder,
                today=TODAY,
            ),
            field,
        )
    assert snapshot(dordrecht, YEAR) == before


# -- what an unconfigured year refuses, and the overviews ------------------------------------------


def test_a_placement_in_a_year_without_steps_names_what_is_missing(dordrecht, year_2026):
    with pytest.raises(ValidationError) as caught:
        start(dordrecht, dordrecht.lwb_a, start_date=date(2027, 1, 4))
    assert is_year_not_set_up(caught.value)
    (message,) = caught.value.message_dict["start_date"]
    assert "geen treden vastgesteld voor 2027" in message and "Jaarinstellingen" in message


def test_a_catalogue_without_default_step_says_so(dordrecht, year_2026):
    with in_tenant(dordrecht.municipality):
        svc.step_update(
            step=step(dordrecht, "basis"),
            code="basis",
            label="Basis",
            is_default=False,
            actor=dordrecht.account_holder,
        )
    with pytest.raises(ValidationError) as caught:
        start(dordrecht, dordrecht.lwb_a, start_date=date(YEAR, 3, 2))
    assert "geen standaardtrede" in caught.value.message_dict["start_date"][0]


def test_a_decision_in_a_year_without_tariffs_names_the_menu_item(dordrecht, year_2026):
    from subsidies.services import decisions
    from tests.subsidies_decisions.helpers import enrolment

    with pytest.raises(ValidationError) as caught:
        with in_tenant(dordrecht.municipality):
            decisions.decision_draft(
                enrolment=enrolment(dordrecht),
                year=2027,
                places={"basis": 1},
                actor=dordrecht.account_holder,
            )
    assert is_year_not_set_up(caught.value)
    assert "Jaarinstellingen" in " ".join(caught.value.messages)


def test_the_year_overview_is_a_fixed_number_of_queries(
    dordrecht, year_2026, django_assert_num_queries
):
    with in_tenant(dordrecht.municipality), django_assert_num_queries(5):
        year_overview(dordrecht.municipality, YEAR)
    approve_a_statement(dordrecht)
    with in_tenant(dordrecht.municipality):
        for code in ("c", "d", "e", "f"):
            svc.step_create(
                municipality=dordrecht.municipality,
                year=YEAR,
                code=code,
                label=code,
                actor=dordrecht.account_holder,
                today=TODAY,
            )
        amounts = {code: "1" for code in ("basis", "plus", "c", "d", "e", "f")}
        for month in (4, 7, 10):
            svc.tariff_version_create(
                tariff=tariff_of(dordrecht),
                effective_from=date(YEAR, month, 1),
                amounts=amounts,
                actor=dordrecht.account_holder,
            )
    with in_tenant(dordrecht.municipality), django_assert_num_queries(5):
        overview = year_overview(dordrecht.municipality, YEAR)
    assert len(overview.steps) == 6 and len(overview.versions) == 4
    with in_tenant(dordrecht.municipality), django_assert_num_queries(4):
        years_of(dordrecht.municipality)


def test_years_of_lists_every_year_with_what_it_has(dordrecht, year_2026):
    create_year(dordrecht, 2027)
    with in_tenant(dordrecht.municipality):
        MunicipalBudget.objects.create(
            municipality=dordrecht.municipality, year=2028, allocated=Decimal("5")
        )
        years = years_of(dordrecht.municipality)
    assert [(y.year, y.steps, y.has_tariff, y.has_budget, y.is_set_up) for y in years] == [
        (2028, 0, False, True, False),
        (2027, 2, True, True, True),
        (2026, 2, True, True, True),
    ]


@pytest.mark.parametrize(
    ("today", "warned"),
    [
        (date(YEAR, 9, 30), False),
        (date(YEAR, 10, 1), True),
        (date(YEAR, 12, 31), True),
        (date(YEAR, 1, 15), False),
    ],
)
def test_next_year_is_to_set_up_from_1_october(dordrecht, year_2026, today, warned):
    with in_tenant(dordrecht.municipality):
        overview = year_to_set_up(dordrecht.municipality, today)
    assert (overview is not None) == warned
    if warned:
        assert overview.year == YEAR + 1
        assert any("tredecatalogus" in item for item in overview.missing)


def test_no_warning_once_next_year_is_set_up(dordrecht, year_2026):
    create_year(dordrecht, YEAR + 1)
    with in_tenant(dordrecht.municipality):
        assert year_to_set_up(dordrecht.municipality, date(YEAR, 10, 1)) is None


def test_the_tariffs_are_kept_per_municipality(dordrecht, zwijndrecht, year_2026):
    set_up_year(zwijndrecht)
    update(zwijndrecht, tariff_of(zwijndrecht), base_fee="1")
    assert snapshot(dordrecht, YEAR)["tariff"][0] == Decimal("300.00")


def test_a_step_advice_in_a_year_without_catalogue_names_what_is_missing(dordrecht, year_2026):
    from participatie.placements.services import step_advise

    placement = start(dordrecht, dordrecht.lwb_a, start_date=date(YEAR, 3, 2))
    with in_tenant(dordrecht.municipality):
        refused(
            lambda: step_advise(
                placement=placement,
                step=step(dordrecht, "plus"),
                valid_from=date(YEAR + 1, 1, 5),
                justification="Meer begeleiding nodig.",
                actor=dordrecht.consultant,
            ),
            "valid_from",
            "geen treden vastgesteld voor 2027",
            "Jaarinstellingen",
        )
