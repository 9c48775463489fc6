"""Core: is an allocation win-win for every group, and is the core empty?"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenspel.funding.games import (
    COST,
    VALUE,
    Game,
    GameError,
    core_check,
    core_is_empty,
    nucleolus,
    popcounts,
    shapley,
    subset_sums,
)


def airport(costs):
    n = len(costs)
    values = np.zeros(1 << n)
    for m in range(1, 1 << n):
        values[m] = max(costs[i] for i in range(n) if m >> i & 1)
    return Game.from_values(["A", "B", "C"][:n], values, COST)


def test_airport_shapley_is_in_the_core():
    # Airport games are concave (submodular) cost games: the Shapley value lies in the core.
    game = airport([1, 2, 3])
    check = core_check(game, shapley(game).allocation)
    assert check.in_core and check.efficient
    assert not check.core_empty
    # Shapley (1/3, 5/6, 11/6): the tightest coalition is {A, B}: 1/3 + 5/6 − 2 = −5/6, and {A}:
    # 1/3 − 1 = −2/3, {B, C}: 5/6 + 11/6 − 3 = −1/3 — so the worst (largest) excess is −1/3.
    assert check.worst_coalition == ("B", "C")
    assert check.worst_excess == pytest.approx(-1 / 3)
    # max Σy with y(S) ≤ c(S): y1 ≤ 1, y2 ≤ 2, y3 ≤ 3, pairs ≤ 2, 3, 3 → y = (1, 1, 2): 4 ≥ 3.
    assert check.core_bound == pytest.approx(4.0)


def test_a_group_that_pays_too_much_is_found():
    # y = (0,9; 1,3; 0,8): {A,B} pays 2,2 but would pay c(AB) = 2 alone → excess 0,2.
    check = core_check(airport([1, 2, 3]), {"A": 0.9, "B": 1.3, "C": 0.8})
    assert not check.in_core
    assert check.worst_coalition == ("A", "B")
    assert check.worst_excess == pytest.approx(0.2)


def test_inefficient_allocation_is_not_in_the_core():
    check = core_check(airport([1, 2, 3]), [0.5, 0.5, 1.0])
    assert not check.efficient and not check.in_core
    assert check.efficiency_gap == pytest.approx(-1.0)


def test_majority_game_has_an_empty_core():
    # v(S) = 1 for |S| ≥ 2: x_i + x_j ≥ 1 for all pairs forces Σx ≥ 3/2 > v(N) = 1.
    game = Game.from_values(["A", "B", "C"], (popcounts(3) >= 2).astype(float), VALUE)
    empty, bound = core_is_empty(game)
    assert empty
    assert bound == pytest.approx(1.5)
    check = core_check(game, nucleolus(game).allocation)
    assert check.core_empty and not check.in_core
    # Every pair gets 2/3 but could get 1 alone: excess 1/3.
    assert check.worst_excess == pytest.approx(1 / 3)
    assert len(check.worst_coalition) == 2


def test_cost_game_with_an_empty_core():
    # Three partners, 100 alone, 120 for any pair, 190 for all three: each pair should pay at
    # most 120, so Σy ≤ 3 · 120 / 2 = 180 < 190.
    values = np.array([0, 100, 100, 120, 100, 120, 120, 190.0])
    game = Game.from_values(["A", "B", "C"], values, COST)
    empty, bound = core_is_empty(game)
    assert empty and bound == pytest.approx(180)


def test_bad_allocations():
    game = airport([1, 2, 3])
    with pytest.raises(GameError, match="Onbekende speler"):
        core_check(game, {"A": 1, "B": 1, "C": 1, "D": 0})
    with pytest.raises(GameError, match="mist"):
        core_check(game, {"A": 1, "B": 2})
    with pytest.raises(GameError, match="3 bedragen"):
        core_check(game, [1, 2])


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 8), st.integers(0, 2**32 - 1))
def test_convex_games_have_the_shapley_value_in_the_core(n, seed):
    # Shapley (1971): in a convex game the Shapley value is in the core. v(S) = (Σ w_i)^2 with
    # w ≥ 0 is supermodular.
    w = np.random.default_rng(seed).random(n)
    game = Game.from_values([f"p{i}" for i in range(n)], subset_sums(w) ** 2, VALUE)
    check = core_check(game, shapley(game).allocation)
    assert check.in_core and not check.core_empty


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6), st.integers(0, 2**32 - 1), st.sampled_from([COST, VALUE]))
def test_core_bound_matches_the_full_linear_programme(n, seed, kind):
    # Constraint generation must reach the optimum of the LP with every coalition.
    from scipy.optimize import linprog

    rng = np.random.default_rng(seed)
    values = rng.integers(0, 30, 1 << n).astype(float)
    values[0] = 0
    game = Game.from_values([f"p{i}" for i in range(n)], values, kind)
    empty, bound = core_is_empty(game)
    sign = 1.0 if kind == VALUE else -1.0
    full = (1 << n) - 1
    chi = ((np.arange(1, full)[:, None] >> np.arange(n)) & 1).astype(float)
    res = linprog(np.ones(n), -chi, -sign * values[1:full], bounds=[(None, None)] * n)
    assert bound == pytest.approx(sign * res.fun, abs=1e-7)
    assert empty == (res.fun > sign * values[full] + 1e-7)


def test_the_core_lp_is_solved_once_per_game(monkeypatch):
    # A page checks up to four keys against one game: the core's emptiness is the same for all.
    # Airport game with runway costs 1, 2, 3 (Littlechild & Owen 1973): c(S) = max cost in S.
    from samenspel.funding import games

    calls = []
    solve = games._solve_lp
    monkeypatch.setattr(games, "_solve_lp", lambda *a, **k: calls.append(1) or solve(*a, **k))
    game = airport([1, 2, 3])
    first = core_check(game, [1 / 3, 5 / 6, 11 / 6])  # the Shapley value: in the core
    solved = len(calls)
    assert solved >= 1
    second = core_check(game, [3, 0, 0])  # A pays everything: more than its 1 alone
    assert len(calls) == solved
    assert first.in_core and not second.in_core
    # max Σy s.t. y(S) ≤ c(S) for every group other than N: y_A + (y_B + y_C) ≤ c(A) + c(B,C)
    # = 1 + 3 = 4, reached by y = (1, 1, 2). 4 ≥ c(N) = 3: the core is not empty.
    assert first.core_bound == second.core_bound == pytest.approx(4)
    assert not first.core_empty and not second.core_empty
