"""Budget-key allocation, including the Drechtsteden 2022 key from seed 000 section 3.2."""

from __future__ import annotations

from decimal import Decimal

from subsidies.calculations import CENT, allocate

# IU + AU contributions (seed 000, 3.2 "Verdeelsleutel obv inleg (2021)").
DRECHTSTEDEN_CONTRIBUTIONS = {
    "Alblasserdam": 551_725,
    "Dordrecht": 7_741_339,
    "Hardinxveld-Giessendam": 181_222,
    "Hendrik-Ido-Ambacht": 363_121,
    "Papendrecht": 728_435,
    "Sliedrecht": 760_676,
    "Zwijndrecht": 1_960_280,
}
# The seed's own "bedrag verdeelsleutel" column: each share rounded on its own, summing to
# 1,845,002.
SEED_TABLE = {
    "Alblasserdam": 82_848,
    "Dordrecht": 1_162_449,
    "Hardinxveld-Giessendam": 27_213,
    "Hendrik-Ido-Ambacht": 54_527,
    "Papendrecht": 109_383,
    "Sliedrecht": 114_224,
    "Zwijndrecht": 294_358,
}
# Largest remainder: floors sum to 1,844,996; the 4 euros left go to the largest fractions
# (Zwijndrecht .944, HI-Ambacht .675, Alblasserdam .673, Papendrecht .654). Dordrecht (.545) and
# HG-dam (.508) stay down, where the seed rounded them up independently.
EXPECTED_SHARES = {
    "Alblasserdam": Decimal("82848"),
    "Dordrecht": Decimal("1162448"),
    "Hardinxveld-Giessendam": Decimal("27212"),
    "Hendrik-Ido-Ambacht": Decimal("54527"),
    "Papendrecht": Decimal("109383"),
    "Sliedrecht": Decimal("114224"),
    "Zwijndrecht": Decimal("294358"),
}


def test_drechtsteden_key_sums_exactly_to_1_845_000() -> None:
    shares = allocate(Decimal("1845000"), DRECHTSTEDEN_CONTRIBUTIONS)
    print("\nDrechtsteden 2022 key (ours vs seed):")
    for name, share in shares.items():
        print(f"  {name:<24} {share:>10}  seed {SEED_TABLE[name]:>10}")

    assert sum(shares.values()) == Decimal("1845000")
    assert shares == EXPECTED_SHARES


def test_drechtsteden_key_differs_from_seed_only_where_seed_rounded_both_halves_up() -> None:
    assert sum(SEED_TABLE.values()) == 1_845_002
    assert sum(DRECHTSTEDEN_CONTRIBUTIONS.values()) == 12_286_798  # the seed's "Totaal"
    shares = allocate(Decimal("1845000"), DRECHTSTEDEN_CONTRIBUTIONS)
    differences = {
        name: int(share) - SEED_TABLE[name]
        for name, share in shares.items()
        if share != SEED_TABLE[name]
    }
    assert differences == {"Dordrecht": -1, "Hardinxveld-Giessendam": -1}


def test_allocation_in_cents() -> None:
    shares = allocate(Decimal("100.00"), {"a": 1, "b": 1, "c": 1}, unit=CENT)
    # 33.333... each; the single cent left goes to "a" by name after equal remainder and weight.
    assert shares == {"a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}


def test_ties_go_to_larger_weight_before_name() -> None:
    # Exact shares 3.5 / 1.75 / 1.75 -> floors 3 / 1 / 1, one unit left; remainders .5 vs .75.
    assert allocate(7, {"x": 2, "y": 1, "z": 1}) == {
        "x": Decimal("3"),
        "y": Decimal("2"),
        "z": Decimal("2"),
    }
    # Equal remainders (.5 each) -> larger weight wins, regardless of name or order.
    assert allocate(4, {"b": 3, "a": 1}) == {"b": Decimal("3"), "a": Decimal("1")}
    assert allocate(1, {"b": 1, "a": 1}) == {"b": Decimal("0"), "a": Decimal("1")}


def test_allocation_does_not_depend_on_mapping_order() -> None:
    forwards = allocate(Decimal("1845000"), DRECHTSTEDEN_CONTRIBUTIONS)
    backwards = allocate(Decimal("1845000"), dict(reversed(DRECHTSTEDEN_CONTRIBUTIONS.items())))
    assert forwards == backwards


def test_zero_weight_party_gets_nothing_and_zero_total_gives_zeros() -> None:
    assert allocate(10, {"a": 0, "b": 3}) == {"a": Decimal("0"), "b": Decimal("10")}
    assert allocate(0, {"a": 1, "b": 3}) == {"a": Decimal("0"), "b": Decimal("0")}
