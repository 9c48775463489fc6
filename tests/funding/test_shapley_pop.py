"""Exact Shapley value of the population cost game by counting (samenspel.funding.shapley_pop).

Checked by hand on tiny games, against the enumerating ``games.shapley`` on random games of up
to 12 players (one, two and three referentieregio's, with and without subsidy), and at 40
players against a closed formula and efficiency.
"""

import numpy as np
import pytest
from tests.funding.test_implicit import enumerated, make

from samenspel.funding import games
from samenspel.funding.games import BudgetExceeded, Limits
from samenspel.funding.implicit import PopulationCostGame
from samenspel.funding.shapley_pop import shapley, table_bytes

RULES = {"min_population": 85_000, "per_inhabitant": 0.9, "minimum": 100_000.0}


def test_fixed_cost_is_shared_equally_and_the_rest_per_inhabitant():
    # F = 30.000, a = 1, b = 1, no subsidy: c(S) = 30.000 + P(S), an additive game plus a fixed
    # cost every order charges to whoever comes first (each player first in 1/3 of the orders):
    # φ_i = 30.000 / 3 + p_i = 10.000 + p_i → 20.000, 30.000, 40.000.
    game = PopulationCostGame(
        ("a", "b", "c"),
        (10_000, 20_000, 30_000),
        ("R", "R", "R"),
        30_000.0,
        1.0,
        1.0,
        with_subsidy=False,
    )
    np.testing.assert_allclose(shapley(game).allocation, [20_000, 30_000, 40_000])


def test_a_partner_from_another_region_pays_for_the_subsidy_it_ends():
    # F = 0, a = 1, b = 1: K(P) = P. A: 90.000 inhabitants in region R, B: 10.000 in Q.
    # c({A}) = max(0, 90.000 − max(0,90 × 90.000, 100.000)) = 0 (A alone gets the subsidy),
    # c({B}) = 10.000 (too small), c({A, B}) = 100.000 (two regions: no subsidy).
    # φ_A = ½ c({A}) + ½ (c(AB) − c(B)) = ½ · 0 + ½ · 90.000 = 45.000
    # φ_B = ½ c({B}) + ½ (c(AB) − c(A)) = ½ · 10.000 + ½ · 100.000 = 55.000
    game = PopulationCostGame(("A", "B"), (90_000, 10_000), ("R", "Q"), 0.0, 1.0, 1.0, **RULES)
    np.testing.assert_allclose(shapley(game).allocation, [45_000, 55_000])


def test_same_as_the_enumerating_shapley_on_small_games():
    rng = np.random.default_rng(11)
    checked = 0
    for k in range(24):
        n = int(rng.integers(1, 13))
        # Populations with a common divisor (1.000) every fourth game: exercises the gcd.
        pops = rng.integers(1, 60, n) * 1_000 if k % 4 == 0 else rng.integers(3_000, 60_000, n)
        regions = [("A", "B", "C")[int(rng.integers(0, 1 + k % 3))] for _ in range(n)]
        game = make(pops, regions, with_subsidy=k % 5 != 4)
        expected = games.shapley(enumerated(game)).allocation
        got = shapley(game).allocation
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6 * np.abs(expected).max())
        checked += 1
    assert checked == 24


def test_forty_partners_closed_formula_and_efficiency():
    rng = np.random.default_rng(12)
    pops = [int(p) for p in rng.integers(5_000, 40_000, 40)]
    # Without subsidy and b = 1: φ_i = F / 40 + a · p_i (as in the 3-player test above).
    plain = PopulationCostGame(
        tuple(f"g{i}" for i in range(40)),
        tuple(pops),
        ("R",) * 40,
        25_000.0,
        0.3,
        1.0,
        with_subsidy=False,
    )
    np.testing.assert_allclose(
        shapley(plain).allocation, 25_000 / 40 + 0.3 * np.array(pops), rtol=1e-9
    )
    one = make(pops, ["A"] * 40)
    assert shapley(one).allocation.sum() == pytest.approx(one.cost((1 << 40) - 1), rel=1e-9)
    # Two regions; partners 0 and 19 have the same population in the same region: they pay the
    # same (symmetry), and the shares add up to c(N) (efficiency).
    twins = make(pops[:19] + [pops[0]] + pops[20:], ["A"] * 20 + ["B"] * 20)
    phi = shapley(twins).allocation
    assert phi.sum() == pytest.approx(twins.cost((1 << 40) - 1), rel=1e-9)
    assert phi[0] == pytest.approx(phi[19], rel=1e-9)
    assert phi[0] != pytest.approx(phi[1], rel=1e-6)


def test_too_large_tables_are_refused_in_dutch_before_allocating():
    game = make([40_000] * 30, ["A"] * 30)
    # 30 players of 40.000 (gcd 40.000 → units of 1): tiny tables; distinct populations: large.
    assert table_bytes(game) < 10_000
    big = make(list(range(40_000, 40_030)), ["A"] * 30)
    assert table_bytes(big) > 2**20
    with pytest.raises(BudgetExceeded, match="geheugen.*grens van 1 MB"):
        shapley(big, limits=Limits(max_table_bytes=2**20))
