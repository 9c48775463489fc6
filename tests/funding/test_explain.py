"""Plain-Dutch explanations of a contribution key."""

import pytest

from samenspel.funding.explain import explain_allocation, join_dutch
from samenspel.funding.games import VALUE, Game, GameError, cost_model_game
from samenspel.funding.keys import Partner, allocate

PARTNERS = [
    Partner("11001", "Aa", 1000),
    Partner("11002", "Bee", 2000),
    Partner("11003", "Cee", 3000),
]


def table_game():
    # 100 alone, 150 for any pair, 210 for all three.
    table = {
        "11001": 100,
        "11002": 100,
        "11003": 100,
        "11001,11002": 150,
        "11001,11003": 150,
        "11002,11003": 150,
        "11001,11002,11003": 210,
    }
    return Game.from_table(["11001", "11002", "11003"], table, "kosten")


def test_join_dutch():
    assert join_dutch([]) == ""
    assert join_dutch(["A"]) == "A"
    assert join_dutch(["A", "B", "C"]) == "A, B en C"


def test_key_without_game_explains_the_figures():
    e = explain_allocation(allocate(PARTNERS, "gelijk", 210))
    first = e.partners[0]
    assert first.sentences[0] == "Aa betaalt 70,00 €, of 0,07 € per inwoner."
    # 1/3 of the total against 1/6 of the inhabitants.
    assert "33,3 % van het totaal, terwijl Aa 16,7 % van de inwoners" in first.text
    assert "verhoudingsgewijs meer" in first.text
    assert e.win_win is None
    assert e.overall[0] == "De verdeelsleutel verdeelt 210,00 € over 3 partners."


def test_win_win_key_against_a_cost_game():
    # Equal shares 70 / 70 / 70: everybody pays 30 less than alone (100), every pair pays
    # 140 ≤ 150. Shapley and nucleolus are also 70 each (symmetric game).
    e = explain_allocation(allocate(PARTNERS, "gelijk", 210), table_game())
    assert e.win_win is True
    assert "Deze verdeling is win-win" in " ".join(e.overall)
    aa = e.partners[0]
    assert aa.stand_alone == 100 and aa.marginal == 60  # 210 − c({Bee, Cee}) = 210 − 150
    assert aa.shapley == pytest.approx(70) and aa.nucleolus == pytest.approx(70)
    assert aa.better_off_than_alone
    assert (
        "Alleen zou Aa 100,00 € kosten; in de samenwerking betaalt Aa dus 30,00 € minder" in aa.text
    )
    assert "kost de samenwerking 60,00 € extra (de meerkost); Aa betaalt meer dan die meerkost" in (
        aa.text
    )
    assert "zou Aa 70,00 € betalen, evenveel als met deze sleutel" in aa.text
    # Every pair pays 140, 10 less than the 150 it would pay alone.
    assert "samen betalen ze 10,00 € minder dan zonder de anderen" in " ".join(e.overall)


def test_per_inhabitant_key_that_is_not_win_win():
    # Per inhabitant 35 / 70 / 105: Cee pays 105 > 100 alone; Bee and Cee pay 175 together but
    # would pay 150 alone: 25 too much, the worst group.
    e = explain_allocation(allocate(PARTNERS, "inwoners", 210), table_game())
    overall = " ".join(e.overall)
    assert e.win_win is False
    assert "Deze verdeling is niet win-win: Cee betaalt meer dan alleen." in overall
    assert "is Bee en Cee: samen betalen ze 25,00 € meer" in overall
    assert "de nucleolus is er één van" in overall
    cee = e.partners[2]
    assert cee.better_off_than_alone is False
    assert "betaalt Cee 5,00 € meer dan alleen en is dus slechter af" in cee.text
    assert "zou Cee 70,00 € betalen, 35,00 € minder dan met deze sleutel" in cee.text
    # Aa and Cee differ most from Shapley (35 each); the first one is named.
    assert "grootst voor Aa: met deze sleutel betaalt Aa 35,00 € minder" in overall


def test_empty_core_is_explained():
    # Pairs cost 120, all three 190: no allocation keeps every pair at or below 120 (max 180).
    table = {
        "11001": 100,
        "11002": 100,
        "11003": 100,
        "11001,11002": 120,
        "11001,11003": 120,
        "11002,11003": 120,
        "11001,11002,11003": 190,
    }
    game = Game.from_table(["11001", "11002", "11003"], table, "kosten")
    e = explain_allocation(allocate(PARTNERS, "gelijk", 190), game)
    assert e.core.core_empty
    assert "de kern is leeg" in " ".join(e.overall)


def test_cost_model_game_with_rounded_amounts_is_efficient():
    partners = [
        Partner("23002", "Asse", 33_000),
        Partner("23025", "Grimbergen", 38_000),
        Partner("23088", "Vilvoorde", 46_000),
    ]
    game = cost_model_game([p.refnis for p in partners], [p.population for p in partners])
    allocation = allocate(partners, "inwoners", round(game.grand_value, 2))
    e = explain_allocation(allocation, game)
    assert e.core.efficient  # a rounding difference below a cent per partner is tolerated
    assert e.win_win
    assert all(p.better_off_than_alone for p in e.partners)
    assert e.text.count("\n\n") == 3


def test_game_must_be_a_cost_game_with_the_partners():
    value_game = Game.from_values(["11001", "11002", "11003"], [0] * 8, VALUE)
    with pytest.raises(GameError, match="kostenspel"):
        explain_allocation(allocate(PARTNERS, "gelijk", 210), value_game)
    other = Game.from_values(["X", "Y", "Z"], [0, 1, 1, 2, 1, 2, 2, 3], "kosten")
    with pytest.raises(GameError, match="geen speler"):
        explain_allocation(allocate(PARTNERS, "gelijk", 210), other)
