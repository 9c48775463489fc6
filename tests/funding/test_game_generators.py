"""Game construction: tables, the cost model, contiguity and the 2027 subsidy game."""

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenspel.funding.games import (
    COST,
    VALUE,
    Game,
    GameError,
    connected_coalitions,
    cost_model_game,
    net_cost_game,
    subsidy_game_2027,
)


def test_from_table_accepts_any_order_and_reports_problems():
    table = {"A": 10, "B": 12, "C": 9, "B,A": 18, "A,C": 16, "C, B": 17, "C,A,B": 24}
    game = Game.from_table(["A", "B", "C"], table, COST)
    assert game.value(["A", "B"]) == 18
    assert game.value(["B", "C"]) == 17
    assert game.grand_value == 24
    assert list(game.stand_alone()) == [10, 12, 9]
    # Marginal cost c(N) − c(N∖{i}): 24 − 17, 24 − 16, 24 − 18.
    assert list(game.marginal()) == [7, 8, 6]
    assert game.coalition(0b101) == ("A", "C")

    missing = dict(table)
    del missing["A,C"]
    with pytest.raises(GameError, match="ontbreken 1 coalitie.*'A,C'"):
        Game.from_table(["A", "B", "C"], missing, COST)
    with pytest.raises(GameError, match="Onbekende speler 'D' in coalitie 'A,D'"):
        Game.from_table(["A", "B", "C"], {**table, "A,D": 3}, COST)
    with pytest.raises(GameError, match="geen getal"):
        Game.from_table(["A", "B", "C"], {**table, "A": "tien"}, COST)
    with pytest.raises(GameError, match="twee keer"):
        Game.from_table(["A", "B", "C"], {**table, "A,B": 18}, COST)
    with pytest.raises(GameError, match="lege coalitie"):
        Game.from_table(["A", "B", "C"], {**table, "": 5}, COST)
    with pytest.raises(GameError, match="soort"):
        Game.from_table(["A", "B", "C"], table, "winst")


def test_cost_model_formula():
    # c(S) = F + a·P(S)^b with F = 25.000, a = 10, b = 0,8: 100.000 inhabitants → 10^4 → 125.000.
    game = cost_model_game(["A", "B"], [60_000, 40_000])
    assert game.value([]) == 0
    assert game.grand_value == pytest.approx(25_000 + 10 * 100_000**0.8)
    assert game.grand_value == pytest.approx(125_000)
    assert game.value(["A"]) == pytest.approx(25_000 + 10 * 60_000**0.8)
    custom = cost_model_game(["A", "B"], [100, 300], fixed_cost=1, scale=2, exponent=0.5)
    assert custom.value(["A", "B"]) == pytest.approx(1 + 2 * 20)
    # Economies of scale: together is cheaper than apart.
    assert game.grand_value < game.value(["A"]) + game.value(["B"])


def test_cost_model_for_many_players_is_a_function():
    game = cost_model_game([f"g{i}" for i in range(30)], [1000.0] * 30)
    masks = np.array([0, 1, 0b11, (1 << 30) - 1], dtype=np.uint64)
    expected = [0, 25_000 + 10 * 1000**0.8, 25_000 + 10 * 2000**0.8, 25_000 + 10 * 30_000**0.8]
    assert game.evaluate(masks) == pytest.approx(expected)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9), st.integers(0, 2**32 - 1), st.floats(0.1, 0.6))
def test_connected_coalitions_match_networkx(n, seed, density):
    rng = np.random.default_rng(seed)
    edges = [(a, b) for a, b in itertools.combinations(range(n), 2) if rng.random() < density]
    connected = connected_coalitions(n, edges)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    for mask in range(1, 1 << n):
        members = [i for i in range(n) if mask >> i & 1]
        assert connected[mask] == nx.is_connected(graph.subgraph(members)), mask
    assert not connected[0]


def path_game(**kwargs):
    # A – B – C – D on a line; A, B, C in referentieregio R1, D in R2.
    return subsidy_game_2027(
        ["A", "B", "C", "D"],
        [50_000, 40_000, 30_000, 60_000],
        {"A": "R1", "B": "R1", "C": "R1", "D": "R2"},
        [("A", "B"), ("B", "C"), ("C", "D"), ("C", "X")],  # X is not a player: ignored
        **kwargs,
    )


def test_subsidy_game_2027_by_hand():
    game = path_game()
    assert game.kind == VALUE
    # A+B: 90.000 inhabitants, contiguous, one region → max(0,9 × 90.000, 100.000) = 100.000.
    assert game.value(["A", "B"]) == pytest.approx(100_000)
    # A+B+C: 120.000 → 0,9 × 120.000 = 108.000.
    assert game.value(["A", "B", "C"]) == pytest.approx(108_000)
    # A+C: not contiguous; B+C: 70.000 < 85.000; C+D: two regions; single municipalities small.
    for coalition in (["A", "C"], ["B", "C"], ["C", "D"], ["D"], ["A"], ["A", "B", "C", "D"]):
        assert game.value(coalition) == 0, coalition
    # The threshold is a parameter (e.g. the transition rule): with 60.000, B+C qualifies.
    assert path_game(min_population=60_000).value(["B", "C"]) == pytest.approx(100_000)


def test_subsidy_game_for_more_than_25_players_evaluates_masks():
    # 27 municipalities of 10.000 on a line, all in one region: a coalition qualifies when it is
    # an unbroken stretch of at least 9 (90.000 inhabitants).
    n = 27
    players = [f"g{i}" for i in range(n)]
    game = subsidy_game_2027(
        players, [10_000] * n, ["R"] * n, [(players[i], players[i + 1]) for i in range(n - 1)]
    )
    stretch9 = sum(1 << i for i in range(3, 12))
    stretch12 = sum(1 << i for i in range(12))
    broken = stretch12 & ~(1 << 5)
    values = game.evaluate(np.array([stretch9, stretch12, broken, (1 << n) - 1], dtype=np.uint64))
    assert values == pytest.approx([100_000, 108_000, 0, 243_000])


def test_net_cost_game():
    cost = Game.from_values(["A", "B"], [0, 100, 100, 150], COST)
    subsidy = Game.from_values(["A", "B"], [0, 0, 0, 100], VALUE)
    net = net_cost_game(cost, subsidy)
    assert list(net.values) == [0, 100, 100, 50]
    with pytest.raises(GameError):
        net_cost_game(subsidy, cost)


def test_invalid_games():
    with pytest.raises(GameError, match="4 coalitiewaarden"):
        Game.from_values(["A", "B"], [0, 1, 2], VALUE)
    with pytest.raises(GameError, match="lege coalitie"):
        Game.from_values(["A"], [1, 2], VALUE)
    with pytest.raises(GameError, match="meer dan eens"):
        Game.from_values(["A", "A"], [0, 1, 1, 2], VALUE)
    with pytest.raises(GameError, match="eindig"):
        Game.from_values(["A"], [0, float("nan")], VALUE)
