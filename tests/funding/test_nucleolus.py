"""Nucleolus: published results, hand-computed examples and an independent reference algorithm."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from samenspel.funding.games import (
    COST,
    VALUE,
    BudgetExceeded,
    EmptyImputationSetError,
    Game,
    core_is_empty,
    nucleolus,
    popcounts,
    subset_sums,
    verify_nucleolus,
)


def names(n):
    return [f"p{i}" for i in range(n)]


def bankruptcy_values(estate, claims):
    """O'Neill's bankruptcy game: v(S) = max(0, E − Σ_{i∉S} d_i)."""
    n = len(claims)
    total = sum(claims)
    values = np.zeros(1 << n)
    for m in range(1, 1 << n):
        inside = sum(claims[i] for i in range(n) if m >> i & 1)
        values[m] = max(0.0, estate - (total - inside))
    return values


@pytest.mark.parametrize(
    ("estate", "expected"),
    [(100, [100 / 3, 100 / 3, 100 / 3]), (200, [50, 75, 75]), (300, [50, 100, 150])],
)
def test_talmud_estates(estate, expected):
    # Aumann, R. J. & Maschler, M. (1985), "Game theoretic analysis of a bankruptcy problem from
    # the Talmud", Journal of Economic Theory 36(2), 195–213: for the Mishna's three widows with
    # claims 100, 200, 300 the Talmud's division (33⅓ each; 50/75/75; 50/100/150) is the
    # nucleolus of the bankruptcy game.
    sol = nucleolus(
        Game.from_values(["A", "B", "C"], bankruptcy_values(estate, [100, 200, 300]), VALUE)
    )
    assert sol.allocation == pytest.approx(expected, abs=1e-9)
    assert sol.exact and sol.verification.ok
    assert sol.verification.criterion == "Kohlberg"


def airport_values(costs):
    n = len(costs)
    values = np.zeros(1 << n)
    for m in range(1, 1 << n):
        values[m] = max(costs[i] for i in range(n) if m >> i & 1)
    return values


def test_airport_cost_game_by_hand():
    # Cost game c(S) = max runway cost, costs 1, 2, 3; excess e(S) = y(S) − c(S).
    # With y3 = 3 − y1 − y2 the excesses are y1 − 1, y2 − 2, −y1 − y2, y1 + y2 − 2, −y2, −y1.
    # The largest, max(−y1, y1 − 1), is smallest at y1 = 1/2 (excess −1/2, coalitions {1} and
    # {2,3}). Then max(−y2, y2 − 3/2) is smallest at y2 = 3/4 (excess −3/4). So y = (½, ¾, 7/4).
    game = Game.from_values(["A", "B", "C"], airport_values([1, 2, 3]), COST)
    sol = nucleolus(game)
    assert sol.allocation == pytest.approx([0.5, 0.75, 1.75], abs=1e-9)
    assert sol.levels[:2] == pytest.approx((-0.5, -0.75), abs=1e-9)
    # Sign convention: the cost nucleolus is minus the nucleolus of the value game −c, and the
    # stand-alone costs minus the nucleolus of the savings game s(S) = Σ c({i}) − c(S).
    minus = nucleolus(Game.from_values(["A", "B", "C"], -airport_values([1, 2, 3]), VALUE))
    assert minus.allocation == pytest.approx(-sol.allocation, abs=1e-9)
    alone = game.stand_alone()
    savings = subset_sums(alone) - game.values
    saved = nucleolus(Game.from_values(["A", "B", "C"], savings, VALUE))
    assert alone - saved.allocation == pytest.approx(sol.allocation, abs=1e-9)


def test_glove_and_majority_games():
    # Glove game (L, R1, R2): the core is the single point (1, 0, 0), so that is the nucleolus.
    values = np.zeros(8)
    for m in range(8):
        values[m] = min(m & 1, ((m >> 1) & 1) + ((m >> 2) & 1))
    sol = nucleolus(Game.from_values(["L", "R1", "R2"], values, VALUE))
    assert sol.allocation == pytest.approx([1, 0, 0], abs=1e-9)
    assert not np.signbit(sol.allocation).any()  # no "-0"
    # Symmetric majority game v(S) = 1 iff |S| ≥ 2: by symmetry (1/3, 1/3, 1/3).
    majority = (popcounts(3) >= 2).astype(float)
    sol = nucleolus(Game.from_values(["A", "B", "C"], majority, VALUE))
    assert sol.allocation == pytest.approx([1 / 3] * 3, abs=1e-9)


def test_two_players_split_the_surplus_equally():
    # v(1) = 1, v(2) = 4, v(12) = 11: surplus 6, so (1 + 3, 4 + 3).
    sol = nucleolus(Game.from_values(["A", "B"], [0, 1, 4, 11], VALUE))
    assert sol.allocation == pytest.approx([4, 7])


def test_nucleolus_versus_prenucleolus():
    # v(12) = 10, v(123) = 2, all else 0. Prenucleolus: e(12) = 8 + x3 and e(3) = −x3 balance at
    # x3 = −4, then x1 = x2 = 3 → (3, 3, −4). Over imputations x3 ≥ 0, so x3 = 0 and (1, 1, 0).
    values = np.zeros(8)
    values[0b011] = 10
    values[0b111] = 2
    game = Game.from_values(["A", "B", "C"], values, VALUE)
    assert nucleolus(game).allocation == pytest.approx([1, 1, 0], abs=1e-9)
    pre = nucleolus(game, domain="preimputation")
    assert pre.allocation == pytest.approx([3, 3, -4], abs=1e-9)
    assert pre.method == "prenucleolus"


def test_empty_imputation_set_is_reported_in_dutch():
    # Together it costs 30, alone 10 each: nobody can pay less than alone.
    values = np.array([0, 10, 10, 20, 10, 20, 20, 30.0])
    values[-1] = 31
    with pytest.raises(EmptyImputationSetError, match="imputatieverzameling is leeg"):
        nucleolus(Game.from_values(["A", "B", "C"], values, COST))


def test_too_many_players_for_exact():
    game = Game.from_function(names(26), lambda m: np.zeros(m.shape), VALUE)
    with pytest.raises(BudgetExceeded, match="De nucleolus is niet berekend.*maximaal 25"):
        nucleolus(game)


# --- independent reference: the classic sequential LP with all coalitions ----------------


def reference_nucleolus(values, n):
    """Kopelowitz / Maschler–Peleg–Shapley with every coalition in every LP; a coalition is fixed
    when an extra LP shows its excess cannot go below the level (no duals, no spans)."""
    full = (1 << n) - 1
    chi = ((np.arange(1 << n)[:, None] >> np.arange(n)) & 1).astype(float)
    bounds = [(values[1 << i], None) for i in range(n)] + [(None, None)]
    fixed: dict[int, float] = {}
    remaining = set(range(1, full))
    x = None
    while remaining:
        rem = sorted(remaining)
        a_ub = np.hstack([-chi[rem], -np.ones((len(rem), 1))])
        eq = [full, *fixed]
        a_eq = np.hstack([chi[eq], np.zeros((len(eq), 1))])
        b_eq = [values[full]] + [values[m] - level for m, level in fixed.items()]
        c = np.zeros(n + 1)
        c[-1] = 1
        res = linprog(c, a_ub, -values[rem], a_eq, b_eq, bounds, method="highs")
        t = res.x[-1]
        x = res.x[:n]
        newly = []
        for m in rem:
            # Can the excess of m go below t while all remaining excesses stay ≤ t?
            obj = np.r_[-chi[m], 0.0]
            bnds = bounds[:-1] + [(t, t)]
            r = linprog(obj, a_ub, -values[rem], a_eq, b_eq, bnds, method="highs")
            if values[m] + r.fun >= t - 1e-9:
                newly.append(m)
        for m in newly:
            fixed[m] = t
            remaining.discard(m)
    return x


@st.composite
def small_games(draw):
    n = draw(st.integers(2, 4))
    raw = draw(st.lists(st.integers(0, 20), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    values = np.array([0.0, *map(float, raw)])
    singles = values[1 << np.arange(n)].sum()
    values[-1] = max(values[-1], singles + draw(st.integers(0, 10)))
    return n, values


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games())
def test_agrees_with_the_reference_algorithm(game):
    # Integer games from 0..20 are often degenerate (many ties): the hard case for dual-based
    # fixing and for Kohlberg's check.
    n, values = game
    sol = nucleolus(Game.from_values(names(n), values, VALUE))
    assert sol.allocation == pytest.approx(reference_nucleolus(values, n), abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(small_games())
def test_symmetric_players_get_the_same_and_core_is_respected(game):
    n, values = game
    assume(n >= 3)
    # Symmetrise players 0 and 1, keeping the imputation set non-empty.
    sym = values.copy()
    for m in range(1 << n):
        if (m & 3) == 1:
            sym[(m & ~3) | 2] = sym[m]
    sym[-1] = max(sym[-1], sym[1 << np.arange(n)].sum())
    g = Game.from_values(names(n), sym, VALUE)
    sol = nucleolus(g)
    assert sol.allocation[0] == pytest.approx(sol.allocation[1], abs=1e-7)
    # When the core is not empty the nucleolus lies in it.
    empty, _ = core_is_empty(g)
    if not empty:
        excess = sym - subset_sums(sol.allocation)
        assert excess[1:-1].max() <= 1e-7


def test_random_twelve_player_game_is_verified():
    rng = np.random.default_rng(7)
    n = 12
    values = rng.uniform(0.5, 1.0, 1 << n) * popcounts(n).astype(float) ** 2
    values[0] = 0
    sol = nucleolus(Game.from_values(names(n), values, VALUE))
    assert sol.verification.ok
    assert sol.allocation.sum() == pytest.approx(values[-1])
    assert sol.verification.levels_checked >= 1


def test_kohlberg_check_rejects_a_wrong_allocation():
    # Talmud estate 200: v(23) = 100, v(N) = 200, all else 0. For x = (50, 70, 80) the excesses
    # are e(1) = −50, e(23) = −50, e(2) = −70, …: D(−50) = {1}, {2,3} is balanced, but
    # D(−70) = {1}, {2,3}, {2} is not ({2} would need weight 0), so x is not the nucleolus.
    game = Game.from_values(["A", "B", "C"], bankruptcy_values(200, [100, 200, 300]), VALUE)
    wrong = verify_nucleolus(game, [50, 70, 80])
    assert not wrong.ok
    assert any("niet gebalanceerd" in d for d in wrong.details)
    right = verify_nucleolus(game, {"A": 50, "B": 75, "C": 75})
    assert right.ok
    not_efficient = verify_nucleolus(game, [50, 75, 76])
    assert not not_efficient.ok
