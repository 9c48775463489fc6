"""Contribution keys: hand-computed cents, the rounding rule, caps and floors, Dutch errors."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from samenspel.funding.keys import (
    KEYS,
    NOORDRAND,
    Benefit,
    EqualShares,
    FiscalCapacity,
    FixedPlusPerInhabitant,
    Mix,
    Partner,
    PerInhabitant,
    allocate,
    make_key,
)


def partners(*populations, incomes=None):
    """Partners A, B, C, … with REFNIS codes 11001, 11002, … in this order."""
    incomes = incomes or [None] * len(populations)
    return [
        Partner(f"1100{k + 1}", "ABCDEFGHIJ"[k], pop, inc)
        for k, (pop, inc) in enumerate(zip(populations, incomes, strict=True))
    ]


def cents(allocation):
    return [s.amount for s in allocation.shares]


def D(*values):
    return [Decimal(v) for v in values]


def test_registry_has_the_dutch_names():
    assert list(KEYS) == [
        "gelijk",
        "inwoners",
        "vast-plus-inwoners",
        "draagkracht",
        "profijt",
        "mix",
    ]


def test_per_inhabitant_largest_remainder():
    # 100 € over 1.000 / 2.000 / 3.000 inhabitants: exact 1666,67 / 3333,33 / 5000 cents.
    # Rounded down 1666 + 3333 + 5000 = 9999 cents: the missing cent goes to the largest
    # remainder (0,67 of A).
    a = allocate(partners(1000, 2000, 3000), "inwoners", 100)
    assert cents(a) == D("16.67", "33.33", "50.00")
    assert sum(cents(a)) == Decimal("100.00")
    assert a.shares[0].per_inhabitant == Decimal("0.0167")
    assert a.shares[2].share_of_population == pytest.approx(0.5)


def test_equal_shares_ties_go_to_the_lowest_refnis_not_to_the_input_order():
    # 100 € over 3: 3333,33 cents each, all remainders equal; the missing cent goes to the lowest
    # REFNIS code (11001), even though it is listed last.
    ps = partners(1, 1, 1)
    a = allocate([ps[2], ps[1], ps[0]], "gelijk", 100)
    assert a.amounts() == {
        "11003": Decimal("33.33"),
        "11002": Decimal("33.33"),
        "11001": Decimal("33.34"),
    }


def test_equal_shares_several_missing_cents():
    # 1 € over 7: 14,2857 cents each; 7 × 14 = 98, the 2 missing cents go to 11001 and 11002.
    a = allocate(partners(*[1] * 7), "gelijk", 1)
    assert cents(a) == D("0.15", "0.15", "0.14", "0.14", "0.14", "0.14", "0.14")


def test_cap_redistributes_proportionally():
    # 1.000 € over 10 / 30 / 60 inhabitants: 100 / 300 / 600. C is capped at 50 % = 500; the
    # 100 € freed goes to A and B in the ratio 10 : 30 → A 125, B 375.
    a = allocate(partners(10, 30, 60), "inwoners", 1000, max_share=0.5)
    assert cents(a) == D("125.00", "375.00", "500.00")
    assert [s.capped for s in a.shares] == [False, False, True]
    assert any("plafond" in note for note in a.notes)


def test_cap_iterates_until_stable():
    # 1.000 € over 10/20/30/40: 100/200/300/400, cap 30 % = 300.
    # Round 1: D capped at 300; the 100 freed goes to A, B, C as 10:20:30 → C = 350 > 300.
    # Round 2: C capped too; the remaining 400 goes to A and B as 1:2 → 133,333 / 266,667.
    # Cents: 13333 + 26666 + 30000 + 30000 = 99999; the missing cent goes to B (remainder 0,67).
    a = allocate(partners(10, 20, 30, 40), "inwoners", 1000, max_share=0.3)
    assert cents(a) == D("133.33", "266.67", "300.00", "300.00")
    assert a.shares[2].exact_amount == Fraction(300)


def test_floor_takes_from_the_others_proportionally():
    # 1.000 € over 10/30/60 with a minimum of 150 €: A goes from 100 to 150; B and C pay the 50 €
    # in the ratio 30 : 60 → B 300 − 16,667 = 283,333 and C 600 − 33,333 = 566,667.
    # Cents 15000 + 28333 + 56666 = 99999: the missing cent goes to C (remainder 0,67).
    a = allocate(partners(10, 30, 60), "inwoners", 1000, min_amount=150)
    assert cents(a) == D("150.00", "283.33", "566.67")
    assert [s.floored for s in a.shares] == [True, False, False]


def test_cap_and_floor_per_partner():
    # Per-partner bounds: C at most 40 %, A at least 200 €.
    # Raw 100/300/600. Clamping: C → 400 (frees 200), A → 200 (needs 100): net 100 freed, so
    # first only the cap is fixed; then A and B share 600 as 10:30 → 150 / 450; A < 200 →
    # A fixed at 200, B gets the rest 400.
    a = allocate(
        partners(10, 30, 60),
        "inwoners",
        1000,
        max_share={"11003": 0.4},
        min_amount={"11001": 200},
    )
    assert cents(a) == D("200.00", "400.00", "400.00")


def test_rounding_cent_skips_a_capped_partner():
    # 1,00 € over 1/1/1/3 inhabitants with a cap of 33,3 %: D is capped at 33,3 cents, the other
    # 66,7 cents are split equally: 22,2333 each. Rounded down 22+22+22+33 = 99 cents. D has the
    # largest remainder (0,3) but 34 cents would exceed its cap, so the cent goes to A (next
    # largest remainder 0,2333, lowest REFNIS).
    a = allocate(partners(1, 1, 1, 3), "inwoners", 1, max_share=0.333)
    assert cents(a) == D("0.23", "0.22", "0.22", "0.33")


def test_noordrand_key_fixes_its_own_total():
    # 4.000 € + 0,23 € per inhabitant: 10.000 inh → 6.300; 25.000 → 9.750; 41.250 → 13.487,50.
    ps = partners(10_000, 25_000, 41_250)
    a = allocate(ps, NOORDRAND)
    assert cents(a) == D("6300.00", "9750.00", "13487.50")
    assert a.total == Decimal("29537.50")
    a2 = allocate(ps, NOORDRAND, 30_000)
    assert cents(a2) == cents(a)
    assert any("niet gebruikt" in note for note in a2.notes)


def test_fixed_part_only_rest_per_inhabitant():
    # 30.000 € with 4.000 € fixed for 3 partners: the rest 18.000 € over 100.000 inhabitants is
    # 0,18 € each → 4.000 + 1.800 / 5.400 / 10.800.
    a = allocate(partners(10_000, 30_000, 60_000), FixedPlusPerInhabitant(fixed=4000), 30_000)
    assert cents(a) == D("5800.00", "9400.00", "14800.00")


def test_rate_only_rest_split_equally():
    # 0,10 € per inhabitant gives 1.000 / 3.000 / 6.000; the rest 20.000 € is split equally,
    # 6.666,666… each. Cents rounded down: 766666 + 966666 + 1266666 = 2999998; two missing
    # cents, equal remainders (0,67) → the two lowest REFNIS codes.
    a = allocate(
        partners(10_000, 30_000, 60_000),
        FixedPlusPerInhabitant(per_inhabitant=Decimal("0.10")),
        30_000,
    )
    assert cents(a) == D("7666.67", "9666.67", "12666.66")


def test_fiscal_capacity_taxable_income():
    # Taxable income 1.000 × 30.000 = 2.000 × 15.000 = 30 million each → equal halves.
    ps = partners(1000, 2000, incomes=[30_000.0, 15_000.0])
    assert cents(allocate(ps, "draagkracht", 1000)) == D("500.00", "500.00")


def test_fiscal_capacity_index_variant():
    # Mean income ȳ = 60 M / 3.000 = 20.000; indices 1,5 and 0,75; with e = 0,5 the weights are
    # 1.000·√1,5 and 2.000·√0,75 = 1.000·√3, so A's share is √1,5 / (√1,5 + √3) = 1/(1 + √2)
    # = √2 − 1 = 0,414213… → 414,21 € and B 585,79 €.
    ps = partners(1000, 2000, incomes=[30_000.0, 15_000.0])
    a = allocate(ps, FiscalCapacity("index", elasticity=0.5), 1000)
    assert cents(a) == D("414.21", "585.79")
    # e = 1 equals the taxable-income variant, e = 0 the per-inhabitant key.
    assert cents(allocate(ps, FiscalCapacity("index", 1.0), 1000)) == D("500.00", "500.00")
    assert cents(allocate(ps, FiscalCapacity("index", 0.0), 999)) == D("333.00", "666.00")


def test_benefit_key_from_mapping_and_from_partners():
    ps = partners(1, 1)
    assert cents(allocate(ps, Benefit({"11001": 1.0, "11002": 3.0}), 1000)) == D("250", "750")
    ps = [Partner("11001", "A", 1, benefit=2.0), Partner("11002", "B", 1, benefit=6.0)]
    assert cents(allocate(ps, "profijt", 1000)) == D("250.00", "750.00")


def test_mix_is_the_weighted_sum():
    # inwoners: 250 / 750; gelijk: 500 / 500; half of each → 375 / 625.
    ps = partners(1000, 3000)
    mix = make_key("mix", weights={"inwoners": 0.5, "gelijk": 0.5})
    assert cents(allocate(ps, mix, 1000)) == D("375.00", "625.00")


def test_mix_with_configured_components():
    # Taxable incomes 1.000 × 30.000 = 3.000 × 10.000 = 30 M, so draagkracht gives 500 / 500.
    # 0,5 inwoners (250 / 750) + 0,3 draagkracht (500 / 500) + 0,2 profijt (100 / 900):
    # A = 125 + 150 + 20 = 295, B = 375 + 150 + 180 = 705.
    ps = partners(1000, 3000, incomes=[30_000.0, 10_000.0])
    mix = Mix(
        {"inwoners": 0.5, "draagkracht": 0.3, "profijt": 0.2},
        keys={"profijt": Benefit({"11001": 1, "11002": 9})},
    )
    assert cents(allocate(ps, mix, 1000)) == D("295.00", "705.00")
    assert "50 % per inwoner" in mix.describe()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: allocate(partners(10, -3), "inwoners", 100), "negatief"),
        (lambda: allocate(partners(10, 20), "draagkracht", 100), "ontbreekt het inkomen"),
        (lambda: make_key("mix", weights={"inwoners": 0.5, "gelijk": 0.4}), "0,9000"),
        (lambda: make_key("per-hoofd"), "Onbekende verdeelsleutel 'per-hoofd'"),
        (lambda: allocate(partners(10, 30, 60), "inwoners", 1000, max_share=0.3), "plafonds"),
        (lambda: allocate(partners(10, 30, 60), "inwoners", 1000, min_amount=400), "minimum"),
        (lambda: allocate(partners(10, 30), "inwoners", "10.005"), "hele centen .*niet 10,005 €"),
        (lambda: allocate(partners(10, 30), "inwoners", -5), "negatief"),
        (lambda: allocate(partners(10, 30), "inwoners"), "Geef het te verdelen bedrag"),
        (lambda: allocate(partners(10, 30), FixedPlusPerInhabitant(fixed=600), 1000), "hoger"),
        (lambda: allocate(partners(1, 1), "profijt", 10), "ontbreekt het profijt"),
        (lambda: allocate([], "gelijk", 10), "geen partners"),
        (lambda: FixedPlusPerInhabitant(), "vast bedrag"),
        (lambda: allocate(partners(1, 1), "gelijk", 10, max_share=1.5), "tussen 0 en 1"),
    ],
)
def test_bad_input_gives_a_dutch_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@settings(max_examples=60, deadline=None)
# Field-test counterexample: caps 0,3 × 100,05 = 30,015 € for A and B, the rest 40,02 € split
# 20,01 / 20,01 exactly; the spare cent went to C (20,02 €, a full cent from its exact amount).
@example(populations=[10000, 10000, 100, 100], amount_cents=10005, cap=0.3)
@given(
    populations=st.lists(st.integers(0, 500_000), min_size=1, max_size=12),
    amount_cents=st.integers(0, 10**9),
    cap=st.one_of(st.none(), st.floats(0.05, 1.0)),
)
def test_amounts_always_sum_exactly_and_stay_within_a_cent(populations, amount_cents, cap):
    if sum(populations) == 0:
        populations[0] = 1
    ps = (
        partners(*populations)
        if len(populations) <= 9
        else [Partner(f"{20000 + k}", f"G{k}", p) for k, p in enumerate(populations)]
    )
    amount = Decimal(amount_cents).scaleb(-2)
    try:
        a = allocate(ps, "inwoners", amount, max_share=cap)
    except ValueError as exc:
        # Only infeasible caps (n · cap < 1) or all-zero free weights may be refused.
        assert "plafonds" in str(exc) or "restbedrag" in str(exc)
        return
    assert sum(cents(a)) == amount
    for s in a.shares:
        assert abs(Fraction(s.amount) - s.exact_amount) < Fraction(1, 100)
        if cap is not None:
            assert Fraction(s.amount) <= Fraction(cap) * Fraction(amount) + Fraction(1, 100)


# ---------------------------------------------------------------------------------------------
# Field test (issue 6)
# ---------------------------------------------------------------------------------------------


def test_spare_cent_never_goes_to_a_partner_without_a_remainder():
    # 100,05 € over 10.000 / 10.000 / 100 / 100 inhabitants, cap 30 % = 30,015 €. A and B are
    # capped at 30,015 € each; C and D share the other 40,02 € as 1 : 1 → exactly 20,01 € each.
    # Cents rounded down: 3001 + 3001 + 2001 + 2001 = 10004, one cent missing. Only A and B have
    # a remainder (0,5 cent each); the tie goes to the lowest REFNIS code, A, which ends half a
    # cent above its cap (30,02 € against 30,015 €) — C and D stay at their exact 20,01 €.
    a = allocate(partners(10_000, 10_000, 100, 100), "inwoners", Decimal("100.05"), max_share=0.3)
    assert cents(a) == D("30.02", "30.01", "20.01", "20.01")
    assert [s.exact_amount for s in a.shares] == [
        Fraction(3001.5) / 100,
        Fraction(3001.5) / 100,
        Fraction(2001, 100),
        Fraction(2001, 100),
    ]


def test_noordrand_like_key_with_a_rate_of_three_decimals_odd_and_even_population():
    # 4.000 € vast + 0,235 € per inhabitant.
    key = FixedPlusPerInhabitant(fixed=4000, per_inhabitant=Decimal("0.235"))
    # Even total (60.000 inhabitants): A 4.000 + 2.350 = 6.350, B 4.000 + 4.700 = 8.700,
    # C 4.000 + 7.050 = 11.050; total 26.100 € exactly.
    even = allocate(partners(10_000, 20_000, 30_000), key)
    assert cents(even) == D("6350.00", "8700.00", "11050.00")
    assert even.total == Decimal("26100.00")
    # Odd total (60.001 inhabitants): A 4.000 + 0,235 × 10.001 = 6.350,235 €; total 26.100,235 €,
    # rounded half up to 26.100,24 €. The half cent of rounding goes to A, the only partner with
    # a fraction of a cent: 6.350,24 / 8.700,00 / 11.050,00.
    odd = allocate(partners(10_001, 20_000, 30_000), key)
    assert odd.total == Decimal("26100.24")
    assert cents(odd) == D("6350.24", "8700.00", "11050.00")
    assert any("afgerond" in note for note in odd.notes)


def test_field_test_gent_aalter_evergem_vast_plus_0_235():
    # samenspel verdeelsleutel --gemeenten 44021,44084,44019 --sleutel vast-plus-inwoners
    # --vast 4000 --per-inwoner 0.235 (inhabitants from municipalities-2025.csv):
    # Gent 274.042 → 4.000 + 64.399,87 = 68.399,87 €; Aalter 29.862 → 4.000 + 7.017,57 =
    # 11.017,57 €; Evergem 37.371 → 4.000 + 8.782,185 = 12.782,185 €. Total 92.199,625 €
    # → 92.199,63 €; the half cent goes to Evergem: 12.782,19 €.
    ps = [
        Partner("44019", "Evergem", 37_371),
        Partner("44021", "Gent", 274_042),
        Partner("44084", "Aalter", 29_862),
    ]
    a = allocate(ps, FixedPlusPerInhabitant(fixed=4000.0, per_inhabitant=0.235))
    assert a.total == Decimal("92199.63")
    assert a.amounts() == {
        "44019": Decimal("12782.19"),
        "44021": Decimal("68399.87"),
        "44084": Decimal("11017.57"),
    }


def test_own_total_key_refuses_another_amount_with_a_message_that_does_not_contradict_itself():
    key = FixedPlusPerInhabitant(fixed=4000, per_inhabitant=Decimal("0.235"))
    ps = partners(10_001, 20_000, 30_000)
    with pytest.raises(ValueError) as info:
        key.split(ps, Fraction(26_100))
    message = str(info.value)
    assert "26.100,235 €, afgerond 26.100,24 €" in message
    assert "ander bedrag (26.100,00 €)" in message


def test_rates_and_fixed_amounts_are_written_in_belgian_notation():
    key = FixedPlusPerInhabitant(fixed=4000, per_inhabitant=Decimal("0.235"))
    assert key.describe() == "Elke partner betaalt 4.000 € vast plus 0,235 € per inwoner."
    assert (
        FixedPlusPerInhabitant(per_inhabitant=0.2)
        .describe()
        .startswith("Elke partner betaalt 0,20 € per inwoner")
    )
    with pytest.raises(ValueError, match=r"per inwoner \(0,235 €\) levert"):
        allocate(partners(1000), FixedPlusPerInhabitant(per_inhabitant=0.235), 100)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (PerInhabitant(), "0 inwoners; de sleutel 'per inwoner' kan niets verdelen"),
        (
            FixedPlusPerInhabitant(fixed=10),
            "0 inwoners; de sleutel 'vast bedrag plus per inwoner' kan niets verdelen: het "
            "restbedrag van 80,00 €",
        ),
        (FiscalCapacity(), "0 inwoners; de sleutel 'draagkracht' kan niets verdelen"),
        (FiscalCapacity("index"), "0 inwoners; de sleutel 'draagkracht' kan niets verdelen"),
        (Benefit({"11001": 0, "11002": 0}), "profijt van alle gemeenten samen is 0"),
        (Mix({"inwoners": 0.5, "gelijk": 0.5}), "sleutel 'per inwoner' kan niets verdelen"),
    ],
)
def test_zero_inhabitants_gives_a_dutch_error_naming_the_key(key, message):
    # Two municipalities with 0 inhabitants (as a user can get by typing wrong codes in a test
    # bundle): 100 € cannot be split per inhabitant.
    ps = partners(0, 0, incomes=[20_000.0, 30_000.0])
    with pytest.raises(ValueError, match=message):
        allocate(ps, key, 100)
    # Equal shares need no inhabitants.
    assert cents(allocate(ps, EqualShares(), 100)) == D("50.00", "50.00")


def test_benefit_for_a_municipality_that_is_not_a_partner_is_refused():
    # 11009 is not one of the partners 11001 / 11002: a typing error must not be ignored.
    with pytest.raises(ValueError, match="de code 11009, die geen van de gekozen gemeenten is"):
        allocate(partners(1, 1), Benefit({"11001": 1, "11002": 3, "11009": 5}), 100)


def test_amount_per_inhabitant_is_rounded_half_up():
    # 0,50 € over 2.000 inhabitants (one partner): 0,00025 € per inhabitant → 0,0002 half-even
    # but 0,0003 with THE rounding rule (half up).
    a = allocate([Partner("11001", "A", 2000)], "gelijk", Decimal("0.50"))
    assert a.shares[0].per_inhabitant == Decimal("0.0003")
