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
    subsidy_game,
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


#: The 2027 parameters (draft uitvoeringsbesluit of 15 Dec 2023 and the 2024 decree, as in
#: samenspel.partnerships.rules): 0,90 € per inhabitant, at least 100.000 €, ≥ 85.000 inhabitants.
RULES_2027 = {"min_population": 85_000, "per_inhabitant": 0.90, "minimum": 100_000}


def path_game(**kwargs):
    # A – B – C – D on a line; A, B, C in referentieregio R1, D in R2.
    params = {**RULES_2027, "require_contiguous": True, **kwargs}
    return subsidy_game(
        ["A", "B", "C", "D"],
        [50_000, 40_000, 30_000, 60_000],
        {"A": "R1", "B": "R1", "C": "R1", "D": "R2"},
        [("A", "B"), ("B", "C"), ("C", "D"), ("C", "X")],  # X is not a player: ignored
        **params,
    )


def test_subsidy_game_by_hand():
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
    game = subsidy_game(
        players,
        [10_000] * n,
        ["R"] * n,
        [(players[i], players[i + 1]) for i in range(n - 1)],
        **RULES_2027,
        require_contiguous=True,
    )
    stretch9 = sum(1 << i for i in range(3, 12))
    stretch12 = sum(1 << i for i in range(12))
    broken = stretch12 & ~(1 << 5)
    values = game.evaluate(np.array([stretch9, stretch12, broken, (1 << n) - 1], dtype=np.uint64))
    assert values == pytest.approx([100_000, 108_000, 0, 243_000])


def test_contiguity_is_an_option_of_the_subsidy_game():
    # A – B – C on a line, one referentieregio. A (70.000) and C (50.000) reach 85.000 only
    # together (120.000), without their common neighbour B (5.000).
    def game(require_contiguous):
        return subsidy_game(
            ["A", "B", "C"],
            [70_000, 5_000, 50_000],
            ["R1", "R1", "R1"],
            [("A", "B"), ("B", "C")],
            **RULES_2027,
            require_contiguous=require_contiguous,
        )

    loose, strict = game(False), game(True)
    # The 2027 decree asks no contiguity: v(A,C) = max(0,90 × 120.000, 100.000) = 108.000.
    assert loose.value(["A", "C"]) == pytest.approx(108_000)
    # With contiguity as a stricter reading, A and C are two separate pieces: nothing.
    assert strict.value(["A", "C"]) == 0
    # Coalitions that do not depend on the reading: A+B has 75.000 and B+C 55.000 inhabitants
    # (too few); A+B+C has 125.000 and is contiguous: 0,90 × 125.000 = 112.500.
    for g in (loose, strict):
        assert g.value(["A", "B"]) == 0
        assert g.value(["B", "C"]) == 0
        assert g.grand_value == pytest.approx(112_500)
    assert "niet noodzakelijk aaneengesloten" in loose.description
    assert "aaneengesloten groepen" in strict.description
    # The enumerated table (used by the exact algorithms) agrees with the function.
    assert loose.values[0b101] == pytest.approx(108_000)
    assert strict.values[0b101] == 0


def test_subsidy_game_parameters_come_from_the_caller():
    # No silent defaults: the rule set is the single source of the numbers.
    with pytest.raises(TypeError, match="require_contiguous"):
        subsidy_game(["A"], [90_000], ["R"], [], **RULES_2027)
    with pytest.raises(GameError, match="per_inhabitant"):
        subsidy_game(
            ["A"],
            [90_000],
            ["R"],
            [],
            **{**RULES_2027, "per_inhabitant": -1},
            require_contiguous=False,
        )


def test_net_cost_game():
    cost = Game.from_values(["A", "B"], [0, 100, 100, 150], COST)
    subsidy = Game.from_values(["A", "B"], [0, 0, 0, 100], VALUE)
    net = net_cost_game(cost, subsidy)
    assert list(net.values) == [0, 100, 100, 50]
    # With a floor of 0 a group never "earns" from the subsidy: 150 − 200 = −50 becomes 0.
    rich = Game.from_values(["A", "B"], [0, 0, 0, 200], VALUE)
    assert list(net_cost_game(cost, rich, floor=0.0).values) == [0, 100, 100, 0]
    assert net_cost_game(cost, rich, floor=0.0).value(["A", "B"]) == 0
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
