"""The verdeelsleutel comparison: cost game calibration, keys beside Shapley and nucleolus.

Hand-computed on three neighbouring municipalities with 10.000, 20.000 and 30.000 inhabitants
(no subsidy: all groups stay below 85.000 inhabitants).
"""

from decimal import Decimal

import pytest

from samenspel.funding.analysis import (
    CostModel,
    KeySpec,
    Place,
    compare,
)
from samenspel.partnerships.rules import RULES_2027, rule_set

PLACES = [
    Place("11001", "Aa", 10_000, 25_000.0, "R", 4.40, 51.10, 10.0),
    Place("11002", "Bb", 20_000, 25_000.0, "R", 4.45, 51.10, 20.0),
    Place("11003", "Cc", 30_000, 25_000.0, "R", 4.50, 51.10, 30.0),
]
ADJ = [("11001", "11002"), ("11002", "11003"), ("11001", "11003")]


def test_minimum_cofinancing_2027():
    # max(0,90 × 90.000 = 81.000, 100.000) × 75 % = 75.000
    assert RULES_2027.subsidy.cofinancing(90_000) == Decimal("75000.00")
    # 0,90 × 200.000 = 180.000; × 75 % = 135.000
    assert RULES_2027.subsidy.cofinancing(200_000) == Decimal("135000.00")
    # 0,90 × 248.923 × 75 % = 168.023,025: half up to 168.023,03 (half-even gave ,02)
    assert RULES_2027.subsidy.cofinancing(248_923) == Decimal("168023.03")


def test_additive_costs_make_every_rule_agree():
    # F = 0, b = 1: c(S) = a · P(S) with a = 90.000 / 60.000 = 1,5 €: per inhabitant is fair.
    cmp = compare(
        PLACES,
        ADJ,
        [KeySpec("inwoners")],
        90_000,
        CostModel(fixed_cost=0, exponent=1.0, with_subsidy=False),
    )
    assert cmp.scale == pytest.approx(1.5)
    amounts = cmp.results[0].allocation.amounts()
    assert amounts == {
        "11001": Decimal("15000.00"),
        "11002": Decimal("30000.00"),
        "11003": Decimal("45000.00"),
    }
    assert cmp.shapley.as_dict() == pytest.approx(
        {"11001": 15_000, "11002": 30_000, "11003": 45_000}
    )
    assert cmp.nucleolus.as_dict() == pytest.approx(cmp.shapley.as_dict())
    assert cmp.results[0].explanation.win_win


def test_fixed_cost_is_shared_equally_by_shapley_and_nucleolus():
    # F = 30.000, b = 1: a = (90.000 − 30.000) / 60.000 = 1 €. Shapley = F/3 + P_i:
    # 20.000, 30.000, 40.000; alone F + P_i: 40.000, 50.000, 60.000; meerkost a·P_i.
    cmp = compare(
        PLACES,
        ADJ,
        [KeySpec("gelijk")],
        90_000,
        CostModel(fixed_cost=30_000, exponent=1.0, with_subsidy=False),
    )
    assert cmp.shapley.as_dict() == pytest.approx(
        {"11001": 20_000, "11002": 30_000, "11003": 40_000}
    )
    assert cmp.nucleolus.as_dict() == pytest.approx(
        {"11001": 20_000, "11002": 30_000, "11003": 40_000}
    )
    assert cmp.stand_alone == pytest.approx({"11001": 40_000, "11002": 50_000, "11003": 60_000})
    assert cmp.marginal == pytest.approx({"11001": 10_000, "11002": 20_000, "11003": 30_000})
    # equal shares (30.000 each) stay below every stand-alone cost: win-win
    assert cmp.results[0].explanation.win_win


def test_a_floor_that_breaks_win_win_is_named():
    # Additive costs (F = 0, b = 1, a = 1,5 €): alone Aa 15.000, Bb 30.000, Cc 45.000.
    # Per inhabitant with a floor of 20.000 €: Aa pays 20.000 instead of 15.000; the other
    # 70.000 € go to Bb and Cc in proportion 30.000 : 45.000, i.e. 28.000 and 42.000.
    # Excesses: {Aa} 20.000 − 15.000 = 5.000 (the worst), {Aa, Bb} 48.000 − 45.000 = 3.000,
    # {Aa, Cc} 62.000 − 60.000 = 2.000; the others are negative.
    cmp = compare(
        PLACES,
        ADJ,
        [KeySpec("inwoners", minimum=20_000)],
        90_000,
        CostModel(fixed_cost=0, exponent=1.0, with_subsidy=False),
    )
    result = cmp.results[0]
    assert result.allocation.amounts() == {
        "11001": Decimal("20000.00"),
        "11002": Decimal("28000.00"),
        "11003": Decimal("42000.00"),
    }
    assert result.explanation.win_win is False
    assert result.explanation.core.worst_coalition == ("11001",)
    assert result.explanation.core.worst_excess == pytest.approx(5_000)


def test_subsidy_makes_cooperation_pay():
    # Two adjacent municipalities of 50.000 inhabitants. Together 100.000 ≥ 85.000: subsidy
    # max(90.000, 100.000) = 100.000 €, cofinancing 75.000 € (the default amount).
    # F = 0, b = 1: K(N) = 75.000 + 100.000 = 175.000 → a = 1,75 €. Alone: 87.500 € each
    # and no subsidy (50.000 < 85.000). Meerkost: 75.000 − 87.500 = −12.500 € each.
    places = [
        Place("11001", "Aa", 50_000, 25_000.0, "R", 4.4, 51.1, 10.0),
        Place("11002", "Bb", 50_000, 25_000.0, "R", 4.5, 51.1, 10.0),
    ]
    cmp = compare(
        places,
        [("11001", "11002")],
        [KeySpec("inwoners")],
        model=CostModel(fixed_cost=0, exponent=1.0),
    )
    assert cmp.amount == Decimal("75000.00")
    assert cmp.subsidy_total == 100_000
    assert cmp.scale == pytest.approx(1.75)
    assert cmp.stand_alone == pytest.approx({"11001": 87_500, "11002": 87_500})
    assert cmp.marginal == pytest.approx({"11001": -12_500, "11002": -12_500})
    assert cmp.shapley.as_dict() == pytest.approx({"11001": 37_500, "11002": 37_500})


def test_not_adjacent_still_gets_the_subsidy_unless_the_user_assumes_contiguity():
    places = [
        Place("11001", "Aa", 50_000, 25_000.0, "R", 4.4, 51.1, 10.0),
        Place("11002", "Bb", 50_000, 25_000.0, "R", 4.5, 51.1, 10.0),
    ]
    model = CostModel(fixed_cost=0, exponent=1.0)
    # The 2024 decree asks ≥ 85.000 inhabitants in one referentieregio, not contiguity:
    # max(0,90 × 100.000, 100.000) = 100.000 €.
    cmp = compare(places, [], [KeySpec("inwoners")], model=model)
    assert cmp.subsidy_total == 100_000
    assert cmp.verdict.eligible and cmp.verdict.advice
    strict = compare(
        places, [], [KeySpec("inwoners")], model=model, rules=rule_set("2027", contiguous=True)
    )
    assert strict.subsidy_total == 0
    assert not strict.verdict.eligible


def test_profijt_uses_the_huff_model_when_no_figures_are_given():
    cmp = compare(
        PLACES,
        ADJ,
        [KeySpec("profijt")],
        90_000,
        CostModel(fixed_cost=0, exponent=1.0, with_subsidy=False),
    )
    amounts = cmp.results[0].allocation.amounts()
    assert sum(amounts.values()) == Decimal("90000.00")
    # Bb lies in the middle, closest to the others' supply: it benefits most per inhabitant
    per_inh = {
        c: a / p.population for (c, a), p in zip(sorted(amounts.items()), PLACES, strict=True)
    }
    assert per_inh["11002"] > per_inh["11001"] and per_inh["11002"] > per_inh["11003"]


def test_given_benefit_figures_are_used():
    spec = KeySpec("profijt", benefits={"11001": 1, "11002": 1, "11003": 2})
    cmp = compare(PLACES, ADJ, [spec], 100_000)
    assert cmp.results[0].allocation.amounts() == {
        "11001": Decimal("25000.00"),
        "11002": Decimal("25000.00"),
        "11003": Decimal("50000.00"),
    }


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ([], "Kies minstens één verdeelsleutel"),
        ([KeySpec("inwoners")] * 5, "hoogstens 4"),
        ([KeySpec("raar")], "Onbekende verdeelsleutel 'raar'"),
        ([KeySpec("mix")], "Geef voor 'mix' de gewichten"),
    ],
)
def test_bad_choices_are_explained(specs, message):
    with pytest.raises(ValueError, match=message):
        compare(PLACES, ADJ, specs, 90_000)
