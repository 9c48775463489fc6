"""Shapley value: axioms (hypothesis), closed forms from the literature, sampling for large n."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenspel.funding.games import (
    COST,
    VALUE,
    Game,
    GameError,
    popcounts,
    shapley,
    subset_sums,
)


def names(n):
    return [f"p{i}" for i in range(n)]


def naive_shapley(values, n):
    """Average marginal contribution over all n! orders (the definition)."""
    phi = np.zeros(n)
    for order in itertools.permutations(range(n)):
        mask = 0
        for i in order:
            phi[i] += values[mask | 1 << i] - values[mask]
            mask |= 1 << i
    return phi / math.factorial(n)


@st.composite
def games(draw, min_n=1, max_n=6):
    n = draw(st.integers(min_n, max_n))
    values = draw(
        st.lists(
            st.floats(-1000, 1000, allow_nan=False, allow_infinity=False),
            min_size=(1 << n) - 1,
            max_size=(1 << n) - 1,
        )
    )
    return n, np.array([0.0, *values])


@settings(max_examples=80, deadline=None)
@given(games())
def test_matches_the_permutation_definition_and_is_efficient(game):
    n, values = game
    sol = shapley(Game.from_values(names(n), values, VALUE))
    assert sol.exact and sol.verification.ok
    assert sol.allocation == pytest.approx(naive_shapley(values, n), abs=1e-7)
    assert sol.allocation.sum() == pytest.approx(values[-1], abs=1e-7)


@settings(max_examples=60, deadline=None)
@given(games(min_n=2))
def test_symmetry(game):
    # Make players 0 and 1 interchangeable: v(S) depends on S only through |S ∩ {0,1}|.
    n, values = game
    sym = values.copy()
    for m in range(1 << n):
        if (m & 3) == 1:
            swapped = (m & ~3) | 2
            sym[swapped] = sym[m]
    sol = shapley(Game.from_values(names(n), sym, VALUE))
    assert sol.allocation[0] == pytest.approx(sol.allocation[1], abs=1e-7)


@settings(max_examples=60, deadline=None)
@given(games(max_n=5))
def test_null_player_gets_nothing(game):
    # Add player n who never changes any coalition's value.
    n, values = game
    extended = np.concatenate([values, values])  # v(S ∪ {n}) = v(S)
    sol = shapley(Game.from_values(names(n + 1), extended, VALUE))
    assert sol.allocation[n] == pytest.approx(0.0, abs=1e-7)
    assert sol.allocation[:n] == pytest.approx(
        shapley(Game.from_values(names(n), values, VALUE)).allocation
    )


@settings(max_examples=60, deadline=None)
@given(games(min_n=3, max_n=3), games(min_n=3, max_n=3))
def test_additivity(g1, g2):
    (n, v), (_, w) = g1, g2
    a = shapley(Game.from_values(names(n), v, VALUE)).allocation
    b = shapley(Game.from_values(names(n), w, VALUE)).allocation
    ab = shapley(Game.from_values(names(n), v + w, VALUE)).allocation
    assert ab == pytest.approx(a + b, abs=1e-7)


def airport_values(costs):
    """Airport cost game: c(S) = the most expensive runway needed by a member of S."""
    n = len(costs)
    values = np.zeros(1 << n)
    for m in range(1, 1 << n):
        values[m] = max(costs[i] for i in range(n) if m >> i & 1)
    return values


def airport_shapley(costs):
    """Littlechild & Owen (1973), "A simple expression for the Shapley value in a special case",
    Management Science 20(3), 370–372: with costs sorted c_1 ≤ … ≤ c_n (c_0 = 0), player i pays
    Σ_{k ≤ i} (c_k − c_{k−1}) / (n − k + 1): every runway segment is shared equally by the
    players who need it."""
    order = np.argsort(costs, kind="stable")
    sorted_costs = np.concatenate([[0.0], np.asarray(costs, dtype=float)[order]])
    n = len(costs)
    shares = np.cumsum(np.diff(sorted_costs) / (n - np.arange(n)))
    result = np.empty(n)
    result[order] = shares
    return result


def test_airport_game_by_hand():
    # Costs 1, 2, 3: the first unit is shared by 3 (1/3 each), the second by 2 (1/2 each),
    # the third paid by player 3 alone: 1/3, 1/3 + 1/2 = 5/6, 5/6 + 1 = 11/6.
    sol = shapley(Game.from_values(["A", "B", "C"], airport_values([1, 2, 3]), COST))
    assert sol.allocation == pytest.approx([1 / 3, 5 / 6, 11 / 6])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=9))
def test_airport_game_closed_form(costs):
    sol = shapley(Game.from_values(names(len(costs)), airport_values(costs), COST))
    assert sol.allocation == pytest.approx(airport_shapley(costs), rel=1e-9, abs=1e-9)


def test_glove_game():
    # One left glove (L) and two right gloves (R1, R2); a pair is worth 1.
    # L contributes 1 unless it comes first (2 of the 6 orders): 4/6 = 2/3. R1 contributes 1 only
    # when it comes right after L with R2 still out (order L, R1, R2): 1/6.
    values = np.zeros(8)
    for m in range(8):
        values[m] = min(m & 1, ((m >> 1) & 1) + ((m >> 2) & 1))
    sol = shapley(Game.from_values(["L", "R1", "R2"], values, VALUE))
    assert sol.allocation == pytest.approx([2 / 3, 1 / 6, 1 / 6])


def test_chunked_computation_for_more_than_twenty_players():
    # n = 21 goes through the chunked code path (chunks of 2^20 masks). An additive game
    # v(S) = Σ w_i has Shapley value w; equal players of a symmetric game share v(N) equally.
    n = 21
    w = np.arange(1, n + 1, dtype=float)
    sol = shapley(Game.from_values(names(n), subset_sums(w), VALUE))
    assert sol.allocation == pytest.approx(w, rel=1e-9)
    sym = Game.from_function(
        names(n),
        lambda m: np.sqrt(popcounts(n)[m.astype(np.int64)].astype(float)),
        COST,
    )
    sol = shapley(sym)
    assert sol.allocation == pytest.approx(np.full(n, math.sqrt(n) / n), rel=1e-9)


def test_sampled_shapley_for_many_players_has_confidence_intervals():
    # 30 players: too many to enumerate. An airport game given as a function of the masks;
    # its Shapley value is known in closed form (Littlechild & Owen 1973).
    n = 30
    costs = np.arange(1, n + 1, dtype=float) * 10

    def airport(masks):
        out = np.zeros(masks.shape)
        for i in range(n):
            has = ((masks >> np.uint64(i)) & np.uint64(1)).astype(bool)
            out = np.where(has, np.maximum(out, costs[i]), out)
        return out

    game = Game.from_function(names(n), airport, COST)
    with pytest.raises(GameError, match="exacte Shapley"):
        shapley(game, exact=True)
    sol = shapley(game, samples=4000, seed=1)
    assert not sol.exact
    assert sol.verification.ok
    assert sol.allocation.sum() == pytest.approx(costs.max())  # every order telescopes to v(N)
    truth = airport_shapley(costs)
    inside = (sol.ci_low <= truth) & (truth <= sol.ci_high)
    assert inside.mean() >= 0.8  # 95 % intervals: nearly all cover the true value
    assert np.all(np.abs(sol.allocation - truth) <= 2.5 * (sol.ci_high - sol.ci_low))
