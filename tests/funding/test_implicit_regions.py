"""Groups spanning several referentieregio's: nucleolus and win-win check without enumeration.

The nucleolus of ``samenspel.funding.implicit`` against the enumerating nucleolus (all
coalitions) for n ≤ 12, and at 40 partners in two referentieregio's against a result worked out
by hand, verified with the oracle and Kohlberg's criterion.
"""

import numpy as np
import pytest
from tests.funding.test_implicit import RULES, enumerated, make

from samenspel.funding import games
from samenspel.funding.games import Limits
from samenspel.funding.implicit import (
    PopulationCostGame,
    core_check,
    most_dissatisfied,
    nucleolus,
)


@pytest.mark.parametrize(
    "regions",
    [
        ["A"] * 4 + ["B"] * 8,  # two regions of unequal size
        ["A"] * 4 + ["B"] * 4 + ["C"] * 4,  # three regions
        ["A"] * 9 + ["B"] * 3,  # B too small for the subsidy on its own
    ],
)
def test_nucleolus_of_several_regions_equals_the_enumerated_nucleolus(regions):
    rng = np.random.default_rng(len(set(regions)) * 10 + regions.count("A"))
    pops = rng.integers(5_000, 45_000, 12)
    game = make(pops, regions)
    expected = games.nucleolus(enumerated(game)).allocation
    got = nucleolus(game)
    assert got.verification.ok
    np.testing.assert_allclose(got.allocation, expected, rtol=1e-6, atol=1e-6 * expected.max())


def test_forty_partners_in_two_regions_share_equally_worked_out_by_hand():
    # 20 + 20 partners of 5.000–40.000 inhabitants in regions A and B; a calibrated so that
    # c(N) = 30 % of 0,90 € × P(N) (no subsidy for N: two regions). Every subgroup of one region
    # with ≥ 85.000 inhabitants — A, B, and A or B minus any one partner (19 × 5.000 = 95.000) —
    # costs 0: its subsidy max(0,90 € × P, 100.000 €) exceeds its programme cost
    # K(P) = 25.000 + a·P^0,8 (K(85.000) ≈ 58.000 €, and K(P)/P falls with P).
    # Level 1: y(A) − 0 ≤ t and y(B) − 0 ≤ t with y(A) + y(B) = c(N), so t ≥ c(N)/2, attained by
    #          y(A) = y(B) = c(N)/2.
    # Level 2: A ∖ {i} has excess y(A) − y_i = c(N)/2 − y_i; the smallest maximum is reached when
    #          every y_i in A is equal (and likewise in B): y_i = c(N)/2 / 20 = c(N)/40.
    rng = np.random.default_rng(8)
    pops = rng.integers(5_000, 40_000, 40)
    game = make(pops, ["A"] * 20 + ["B"] * 20)
    grand = game.cost((1 << 40) - 1)
    a_mask = (1 << 20) - 1
    assert game.cost(a_mask) == 0.0 and game.cost(a_mask ^ 1) == 0.0
    sol = nucleolus(game, limits=Limits(max_seconds=120))
    assert sol.verification.ok
    assert "Kohlberg-balans van de gegenereerde krappe coalities: ok" in sol.verification.details
    assert sol.levels[0] == pytest.approx(grand / 2, rel=1e-9)
    np.testing.assert_allclose(sol.allocation, np.full(40, grand / 40), rtol=1e-7)
    # Independently of the solver: random coalitions never exceed level 1, and the oracle's
    # worst coalition at the result is level 1 (A or B).
    masks = rng.integers(1, (1 << 40) - 1, 5_000, dtype=np.uint64)
    sums = np.array([sum(sol.allocation[i] for i in range(40) if int(m) >> i & 1) for m in masks])
    assert (sums - game.costs(masks)).max() <= sol.levels[0] + 1e-6 * grand
    worst = most_dissatisfied(game, sol.allocation)
    assert worst.excess == pytest.approx(grand / 2, rel=1e-9)


def test_thirty_partners_in_three_regions_with_big_and_small_towns_is_verified():
    # Populations from 1.000 to 300.000 (log-uniform): some one-region groups get the subsidy,
    # others not; no hand result, the verification (oracle per level, Kohlberg) is the check.
    rng = np.random.default_rng(21)
    pops = np.exp(rng.uniform(np.log(1_000), np.log(300_000), 30)).astype(int)
    regions = ["A"] * 12 + ["B"] * 10 + ["C"] * 8
    game = make(pops, regions)
    sol = nucleolus(game, limits=Limits(max_seconds=120))
    assert sol.verification.ok
    assert sol.allocation.sum() == pytest.approx(game.cost((1 << 30) - 1), rel=1e-9)
    assert most_dissatisfied(game, sol.allocation).excess == pytest.approx(
        sol.levels[0], abs=1e-6 * game.cost((1 << 30) - 1)
    )


def test_win_win_check_by_the_oracle_equals_the_enumerated_check():
    rng = np.random.default_rng(31)
    for k in range(12):
        n = int(rng.integers(3, 11))
        regions = ["A"] * n if k % 2 else ["A" if i < n // 2 else "B" for i in range(n)]
        game = make(rng.integers(5_000, 50_000, n), regions)
        full = enumerated(game)
        grand = game.cost((1 << n) - 1)
        for y in (
            games.nucleolus(full).allocation,  # in the core when it is not empty
            rng.dirichlet(np.ones(n)) * grand,  # a random split of the same total
        ):
            expected = games.core_check(full, y, tolerance=0.01 * n)
            least = games.nucleolus(full).levels[0]
            got = core_check(game, y, tolerance=0.01 * n, least_core=least)
            assert got.in_core == expected.in_core
            assert got.worst_excess == pytest.approx(expected.worst_excess, abs=1e-6)
            assert got.core_empty == expected.core_empty


def test_win_win_check_names_the_group_better_off_alone():
    # F = 0, a = 1, b = 1: K(P) = P. a (60.000) and b (40.000) in region A, c (10.000) in B.
    # c({a,b}) = max(0, 100.000 − max(0,90 × 100.000, 100.000)) = 0 (subsidised, ≥ 85.000);
    # c(N) = 110.000 (two regions); c({a}) = 60.000, c({b}) = 40.000, c({c}) = 10.000,
    # c({a,c}) = 70.000, c({b,c}) = 50.000.
    # Key y = (55.000, 55.000, 0): excess of {a,b} = 110.000 − 0 = 110.000, of {b,c}
    # 55.000 − 50.000 = 5.000, of {b} 15.000, the others negative: {a,b} would be better off
    # alone by 110.000 €.
    game = PopulationCostGame(
        ("a", "b", "c"), (60_000, 40_000, 10_000), ("A", "A", "B"), 0.0, 1.0, 1.0, **RULES
    )
    check = core_check(game, [55_000, 55_000, 0], tolerance=0.03)
    assert not check.in_core and check.efficient
    assert check.worst_coalition == ("a", "b")
    assert check.worst_excess == pytest.approx(110_000)
    # The core is empty: y(a) + y(b) ≤ c({a,b}) = 0 and y(c) ≤ 10.000 cannot add up to
    # 110.000. First level of the nucleolus (over the imputations: nobody pays more than alone,
    # so y(c) ≤ 10.000): y(a) + y(b) = 110.000 − y(c) ≥ 100.000 = excess of {a,b}, so the
    # least excess that can be reached is 100.000.
    least = nucleolus(game).levels[0]
    assert least == pytest.approx(100_000)
    check = core_check(game, [50_000, 50_000, 10_000], tolerance=0.03, least_core=least)
    assert not check.in_core and check.core_empty
