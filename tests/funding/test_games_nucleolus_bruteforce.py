"""The nucleolus against an independent brute force for 10–12 players.

The reference below shares no code with ``games.py``: the sequential linear programmes of
Maschler, Peleg & Shapley (1979, "Geometric properties of the kernel, nucleolus, and related
solution concepts", *Math. Oper. Res.* 4(4), 303–338) with EVERY coalition in EVERY LP (no
constraint generation), solved with scipy's ``linprog`` (HiGHS, default method), a coalition fixed
when its dual price is positive (then it is tight in every optimum, by complementary slackness),
and coalitions whose characteristic vector lies in the span of the fixed ones dropped (their
excess is constant from then on), with the span computed by an SVD.
"""

import numpy as np
import pytest
from scipy.optimize import linprog

from samenspel.funding.games import (
    COST,
    VALUE,
    Game,
    cost_model_game,
    net_cost_game,
    nucleolus,
    subsidy_game,
    verify_nucleolus,
)


def brute_force_nucleolus(values, n, kind):
    """Nucleolus over the imputations of the game with 2^n ``values`` (a value or a cost game)."""
    sign = 1.0 if kind == VALUE else -1.0  # a cost game c is solved as the value game −c
    v = sign * np.asarray(values, dtype=float)
    scale = np.abs(v).max() or 1.0
    v = v / scale
    full = (1 << n) - 1
    masks = np.arange(1, full)
    chi = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    singles = v[1 << np.arange(n)]
    bounds = [(s, None) for s in singles] + [(None, None)]
    eq_rows, eq_rhs = [np.ones(n)], [v[full]]
    open_ = np.ones(masks.size, dtype=bool)

    def rank(rows):
        return np.linalg.matrix_rank(np.array(rows), tol=1e-9)

    while rank(eq_rows) < n:
        rows = np.flatnonzero(open_)
        a_ub = np.hstack([-chi[rows], -np.ones((rows.size, 1))])  # v(S) − x(S) ≤ t
        a_eq = np.hstack([np.array(eq_rows), np.zeros((len(eq_rows), 1))])
        res = linprog(
            np.r_[np.zeros(n), 1.0],
            A_ub=a_ub,
            b_ub=-v[masks[rows]],
            A_eq=a_eq,
            b_eq=np.array(eq_rhs),
            bounds=bounds,
            method="highs",
        )
        assert res.status == 0, res.message
        t = res.x[n]
        for k in rows[-res.ineqlin.marginals > 1e-9]:
            if rank([*eq_rows, chi[k]]) > rank(eq_rows):
                eq_rows.append(chi[k])
                eq_rhs.append(v[masks[k]] - t)
            open_[k] = False
        for i in np.flatnonzero(res.lower.marginals[:n] > 1e-9):
            unit = np.eye(n)[i]
            if rank([*eq_rows, unit]) > rank(eq_rows):
                eq_rows.append(unit)
                eq_rhs.append(singles[i])
        _, sv, vt = np.linalg.svd(np.array(eq_rows))
        basis = vt[: int((sv > 1e-9).sum())]
        residual = np.linalg.norm(chi - chi @ basis.T @ basis, axis=1)
        open_ &= residual > 1e-9
    x = np.linalg.lstsq(np.array(eq_rows), np.array(eq_rhs), rcond=None)[0]
    return sign * scale * x


def assert_same_nucleolus(values, n, kind):
    game = Game.from_values([f"p{i}" for i in range(n)], values, kind)
    ours = nucleolus(game).allocation
    reference = brute_force_nucleolus(values, n, kind)
    size = np.abs(reference).max()
    np.testing.assert_allclose(ours, reference, rtol=1e-6, atol=1e-6 * size)
    # The reference itself passes Kohlberg's criterion (a check of the test's own oracle).
    assert verify_nucleolus(game, reference).ok
    return reference


@pytest.mark.parametrize(
    ("estate", "expected"),
    [(100, [100 / 3, 100 / 3, 100 / 3]), (200, [50, 75, 75]), (300, [50, 100, 150])],
)
def test_the_reference_reproduces_the_talmud(estate, expected):
    # Aumann & Maschler (1985), J. Econ. Theory 36(2), 195–213: claims 100, 200, 300; the
    # Talmud's divisions are the nucleolus of v(S) = max(0, E − Σ_{i∉S} d_i).
    claims = [100, 200, 300]
    values = [
        max(0, estate - sum(d for i, d in enumerate(claims) if not m >> i & 1)) for m in range(8)
    ]
    assert brute_force_nucleolus(values, 3, VALUE) == pytest.approx(expected, abs=1e-9)


def sizes(n):
    return np.array([int(m).bit_count() for m in range(1 << n)], dtype=float)


@pytest.mark.parametrize(("n", "seed"), [(10, 1), (11, 2), (12, 3)])
def test_random_value_games(n, seed):
    # v(S) = |S|^1,5 · U(0,8; 1,2): the imputation set is non-empty (v(N) is large).
    rng = np.random.default_rng(seed)
    values = sizes(n) ** 1.5 * rng.uniform(0.8, 1.2, 1 << n)
    values[0] = 0
    values[-1] = n**1.5 * 1.2
    assert_same_nucleolus(values, n, VALUE)


@pytest.mark.parametrize(("n", "seed"), [(10, 4), (11, 5), (12, 6)])
def test_random_cost_games(n, seed):
    # c(S) = 10 + P(S)^0,8 · U(0,9; 1,1) with random weights: economies of scale plus noise.
    rng = np.random.default_rng(seed)
    weights = rng.uniform(1, 50, n)
    pop = np.array([sum(weights[i] for i in range(n) if m >> i & 1) for m in range(1 << n)])
    values = (10 + pop**0.8) * rng.uniform(0.9, 1.1, 1 << n)
    values[0] = 0
    assert_same_nucleolus(values, n, COST)


@pytest.mark.parametrize(("n", "seed"), [(10, 7), (11, 8), (12, 9), (12, 10)])
def test_games_with_many_ties(n, seed):
    # Integer values 0–3 for every proper coalition: almost every excess is tied with hundreds
    # of others, the degenerate case for dual prices.
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 4, 1 << n).astype(float)
    values[0] = 0
    values[-1] = 3 * n
    assert_same_nucleolus(values, n, VALUE)


@pytest.mark.parametrize("n", [10, 11, 12])
def test_symmetric_games_split_equally(n):
    # v(S) = ⌊|S|²/4⌋ depends only on |S|; by symmetry the nucleolus gives everyone v(N)/n.
    values = np.floor(sizes(n) ** 2 / 4)
    reference = assert_same_nucleolus(values, n, VALUE)
    assert reference == pytest.approx(np.full(n, values[-1] / n))


@pytest.mark.parametrize(
    ("n", "seed", "contiguous", "grid"),
    [
        (10, 11, False, False),
        (10, 15, True, True),
        (11, 12, True, False),
        (11, 16, False, True),
        (12, 13, True, True),
        (12, 14, False, True),
    ],
)
def test_the_net_cost_model(n, seed, contiguous, grid):
    # The Verdeelsleutel page's game: c(S) = max(0, 25.000 + a·P(S)^0,8 − s(S)) with s the 2027
    # subsidy (0,90 €/inwoner, min. 100.000 €, ≥ 85.000 inwoners in one referentieregio),
    # a calibrated so that c(N) is 75 % of the subsidy of the whole group; populations
    # 5.000–80.000, two or three referentieregio's, neighbours on a path or a 4-wide grid.
    rng = np.random.default_rng(seed)
    players = [f"g{i:02d}" for i in range(n)]
    pops = rng.integers(5_000, 80_001, n).astype(float)
    regions = [
        ("R1", "R2", "R3")[i * 3 // n] if grid else ("R1", "R2")[i * 2 // n] for i in range(n)
    ]
    if grid:
        adjacency = [(players[i], players[i + 1]) for i in range(n - 1) if (i + 1) % 4]
        adjacency += [(players[i], players[i + 4]) for i in range(n - 4)]
    else:
        adjacency = [(players[i], players[i + 1]) for i in range(n - 1)]
    subsidy = subsidy_game(
        players,
        pops,
        regions,
        adjacency,
        min_population=85_000,
        per_inhabitant=0.90,
        minimum=100_000,
        require_contiguous=contiguous,
    )
    total = 0.75 * max(0.90 * pops.sum(), 100_000)
    scale = (total + subsidy.grand_value - 25_000) / pops.sum() ** 0.8
    game = net_cost_game(cost_model_game(players, pops, 25_000, scale, 0.8), subsidy, floor=0.0)
    values = np.array(game.values)
    # Some groups would get a subsidy of their own: the game is not just the smooth cost model.
    assert np.any(subsidy.values[1:-1] > 0)
    assert values[-1] == pytest.approx(total)
    reference = assert_same_nucleolus(values, n, COST)
    assert reference.sum() == pytest.approx(total)
