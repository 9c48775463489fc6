"""The Verdeelsleutel cost game without enumeration (samenspel.funding.implicit).

Every exact result is compared with the fully enumerated game of ``samenspel.funding.games``
(``cost_model_game`` − ``subsidy_game``, floor 0, as in ``analysis.compare``) on the same inputs.
"""

import numpy as np
import pytest

from samenspel.funding import games
from samenspel.funding.implicit import PopulationCostGame, most_dissatisfied, nucleolus

RULES = {"min_population": 85_000, "per_inhabitant": 0.9, "minimum": 100_000.0}


def make(pops, regions, *, with_subsidy=True, fixed=25_000.0, exponent=0.8, share=0.3):
    """A game calibrated like ``analysis.compare``: c(N) = share · 0,90 € · P(N) (when that
    leaves a positive scale ``a``; else a = 1)."""
    total = sum(pops)
    subsidy = max(0.9 * total, 100_000.0) if len(set(regions)) == 1 and total >= 85_000 else 0.0
    scale = (share * 0.9 * total + (subsidy if with_subsidy else 0.0) - fixed) / total**exponent
    return PopulationCostGame(
        tuple(f"g{i}" for i in range(len(pops))),
        tuple(int(p) for p in pops),
        tuple(regions),
        fixed,
        max(scale, 1.0),
        exponent,
        with_subsidy=with_subsidy,
        **RULES,
    )


def enumerated(game):
    """The same game built by the enumerating generators of ``games`` (as analysis.compare)."""
    programme = games.cost_model_game(
        game.players, game.populations, game.fixed_cost, game.scale, game.exponent
    )
    if not game.with_subsidy:
        return programme
    subsidy = games.subsidy_game(
        game.players,
        game.populations,
        game.regions,
        [],
        require_contiguous=False,
        **RULES,
    )
    return games.net_cost_game(programme, subsidy, floor=0.0)


def random_games(seed, count, n_low=3, n_high=11):
    rng = np.random.default_rng(seed)
    for k in range(count):
        n = int(rng.integers(n_low, n_high))
        pops = rng.integers(3_000, 60_000, n)
        regions = ["A"] * n if k % 2 == 0 else ["A" if i < n // 2 else "B" for i in range(n)]
        yield make(pops, regions, with_subsidy=k % 3 != 2), rng


def test_same_game_as_the_enumerating_generators():
    for game, _ in random_games(1, 20):
        assert np.allclose(game.to_game().values, enumerated(game).values, rtol=1e-12, atol=1e-6)


def test_oracle_finds_the_largest_excess_of_all_coalitions():
    for game, rng in random_games(2, 40):
        n = game.n
        values = enumerated(game).values
        masks = np.arange(1, (1 << n) - 1)
        for _ in range(3):
            y = rng.normal(values[-1] / n, values[-1] / n, n)
            excess = games.subset_sums(y)[masks] - values[masks]
            found = most_dissatisfied(game, y)
            assert found.excess == pytest.approx(excess.max(), rel=1e-12, abs=1e-6)
            assert excess[found.mask - 1] == pytest.approx(found.excess, abs=1e-6)


def test_oracle_skips_coalitions_and_returns_the_next_best():
    for game, rng in random_games(3, 20, n_low=4):
        n = game.n
        values = enumerated(game).values
        masks = np.arange(1, (1 << n) - 1)
        y = rng.normal(values[-1] / n, values[-1] / n, n)
        excess = games.subset_sums(y)[masks] - values[masks]
        top = {int(m) for m in masks[np.argsort(-excess)[:7]]}
        found = most_dissatisfied(game, y, skip=lambda m, top=top: m in top)
        rest = excess[[int(m) not in top for m in masks]]
        assert found.excess == pytest.approx(rest.max(), rel=1e-12, abs=1e-6)
        assert found.mask not in top


@pytest.mark.parametrize("two_regions", [False, True])
def test_nucleolus_equals_the_enumerated_nucleolus(two_regions):
    rng = np.random.default_rng(4 + two_regions)
    checked = 0
    for n in (4, 6, 8, 10, 12):
        pops = rng.integers(5_000, 40_000, n)
        regions = ["A" if i < n // 2 or not two_regions else "B" for i in range(n)]
        game = make(pops, regions)
        expected = games.nucleolus(enumerated(game)).allocation
        got = nucleolus(game)
        assert got.verification.ok
        np.testing.assert_allclose(got.allocation, expected, rtol=1e-6, atol=1e-6 * expected.max())
        checked += 1
    assert checked == 5


def test_two_regions_core_is_deeply_empty_and_one_region_core_is_not():
    # The first level is the least-core value: > 0 means an empty core.
    rng = np.random.default_rng(6)
    pops = rng.integers(5_000, 40_000, 10)
    one = nucleolus(make(pops, ["A"] * 10))
    two = nucleolus(make(pops, ["A"] * 5 + ["B"] * 5))
    assert one.levels[0] <= 0
    grand = make(pops, ["A"] * 5 + ["B"] * 5).cost((1 << 10) - 1)
    assert two.levels[0] > 0.1 * grand


def test_nucleolus_at_forty_municipalities_is_verified_with_the_oracle():
    rng = np.random.default_rng(7)
    pops = rng.integers(5_000, 40_000, 40)
    game = make(pops, ["A"] * 40)
    sol = nucleolus(game)
    assert sol.verification.ok
    assert sum(sol.allocation) == pytest.approx(game.cost((1 << 40) - 1), rel=1e-9)
    # Independently: no random coalition pays more above its stand-alone cost than level 1.
    masks = rng.integers(1, (1 << 40) - 1, 20_000, dtype=np.uint64)
    excess = np.array(
        [sum(sol.allocation[i] for i in range(40) if int(m) >> i & 1) for m in masks]
    ) - game.costs(masks)
    assert excess.max() <= sol.levels[0] + 1e-6 * game.cost((1 << 40) - 1)
    assert most_dissatisfied(game, sol.allocation).excess == pytest.approx(
        sol.levels[0], abs=1e-6 * game.cost((1 << 40) - 1)
    )


def test_contiguity_and_convex_costs_are_refused_in_dutch():
    with pytest.raises(games.GameError, match="aaneengesloten"):
        PopulationCostGame(("a", "b"), (1, 2), ("A", "A"), 1.0, 1.0, 0.8, require_contiguous=True)
    with pytest.raises(games.GameError, match="exponent b"):
        PopulationCostGame(("a", "b"), (1, 2), ("A", "A"), 1.0, 1.0, 1.2)
    with pytest.raises(games.GameError, match="'b'.*geheel getal"):
        PopulationCostGame(("a", "b"), (1, 2.5), ("A", "A"), 1.0, 1.0, 0.8)
