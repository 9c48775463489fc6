"""Win-win bands (core / least core) and the nucleolus when nobody is paid, checked against
numbers worked out by hand in the comments."""

import numpy as np
import pytest
from scipy.optimize import linprog

from samenspel.funding import bands as bands_module
from samenspel.funding.analysis import CostModel, KeySpec, Place, compare
from samenspel.funding.bands import restricted_nucleolus, win_win_bands
from samenspel.funding.games import (
    COST,
    BudgetExceeded,
    Game,
    Limits,
    cost_model_game,
    nucleolus,
)
from samenspel.funding.report import band_sentences, band_view, restricted_sentences


def cost_game(players: str, table: dict[str, float]) -> Game:
    """A cost game from {"AB": c(AB), ...} with one letter per player."""
    values = np.zeros(1 << len(players))
    for coalition, value in table.items():
        values[sum(1 << players.index(p) for p in coalition)] = value
    return Game.from_values(list(players), values, COST)


def bounds(bands) -> dict[str, tuple[float, float]]:
    return {b.player: (round(b.low, 6), round(b.high, 6)) for b in bands.bands}


def test_core_band_three_players():
    # c(A)=60, c(B)=50, c(C)=40, c(AB)=90, c(AC)=80, c(BC)=70, c(N)=100.
    # y(N)=100 and y(BC) ≤ 70 give y_A ≥ 30; y_A ≤ c(A) = 60 (reached at y = (60, 25, 15)).
    # Likewise y_B ∈ [100 − 80, 50] = [20, 50] and y_C ∈ [100 − 90, 40] = [10, 40].
    game = cost_game("ABC", {"A": 60, "B": 50, "C": 40, "AB": 90, "AC": 80, "BC": 70, "ABC": 100})
    bands = win_win_bands(game)
    assert not bands.empty_core
    assert bounds(bands) == {"A": (30, 60), "B": (20, 50), "C": (10, 40)}
    assert "kern" in bands.note


def test_core_band_four_players_where_pairs_bind():
    # Singletons 10; c(AB)=12, c(AC)=c(AD)=15, c(BC)=c(BD)=c(CD)=20;
    # c(ABC)=c(ABD)=22, c(ACD)=c(BCD)=30; c(N)=32.
    # y(AB) ≤ 12 and y(CD) ≤ 20 with y(N) = 32 force y(AB) = 12, y(CD) = 20, so y_C = y_D = 10.
    # Then y(AC) ≤ 15 gives y_A ≤ 5 (not c(A) = 10), and y_B = 12 − y_A ≤ 10 gives y_A ≥ 2:
    # y_A ∈ [2, 5], y_B ∈ [7, 10] (not c(N) − c(ACD) = 2), y_C = y_D = 10.
    game = cost_game(
        "ABCD",
        {
            "A": 10, "B": 10, "C": 10, "D": 10,
            "AB": 12, "AC": 15, "AD": 15, "BC": 20, "BD": 20, "CD": 20,
            "ABC": 22, "ABD": 22, "ACD": 30, "BCD": 30, "ABCD": 32,
        },
    )  # fmt: skip
    bands = win_win_bands(game)
    assert bands.epsilon <= 0
    assert bounds(bands) == {"A": (2, 5), "B": (7, 10), "C": (10, 10), "D": (10, 10)}
    assert bands.of("A").contains(4.999999) and not bands.of("A").contains(5.01)


def test_empty_core_gives_least_core_band():
    # Singletons 10, c(AB)=12, c(AC)=c(BC)=20, c(N)=24. The core is empty: y(AB) ≤ 12 and
    # y_C ≤ 10 allow at most 22 < 24. Least core: y(AB) ≤ 12 + ε and y_C ≤ 10 + ε sum to
    # 24 ≤ 22 + 2ε, so ε = 1, with y(AB) = 13 and y_C = 11. Then y(AC) ≤ 21 gives y_A ≤ 10 and
    # y_B = 13 − y_A ≥ 3; by symmetry y_A, y_B ∈ [3, 10], y_C = 11.
    game = cost_game("ABC", {"A": 10, "B": 10, "C": 10, "AB": 12, "AC": 20, "BC": 20, "ABC": 24})
    bands = win_win_bands(game)
    assert bands.empty_core
    assert bands.epsilon == pytest.approx(1.0, abs=1e-6)
    assert bounds(bands) == {"A": (3, 10), "B": (3, 10), "C": (11, 11)}
    assert "minste kern" in bands.note and "1,00 €" in bands.note


def negative_nucleolus_game() -> Game:
    # c(A)=c(B)=10, c(C)=2, c(AB)=20, c(AC)=c(BC)=10, c(N)=6. By symmetry y = (a, a, 6 − 2a);
    # the excesses y(S) − c(S) are a − 10 ({A}, {B}), 4 − 2a ({C}), 2a − 20 ({AB}) and
    # −a − 4 ({AC}, {BC}). Near a = 4 the largest is max(4 − 2a, a − 10), smallest at
    # 4 − 2a = a − 10: a = 14/3 (level −16/3), so the nucleolus is (14/3, 14/3, −10/3).
    return cost_game("ABC", {"A": 10, "B": 10, "C": 2, "AB": 20, "AC": 10, "BC": 10, "ABC": 6})


def test_nucleolus_of_the_example_has_a_negative_share():
    nu = nucleolus(negative_nucleolus_game()).allocation
    assert nu == pytest.approx([14 / 3, 14 / 3, -10 / 3], abs=1e-7)


def test_restricted_nucleolus_pays_nobody():
    # With y_C ≥ 0 the excess of {C}, y_C − 2, is at least −2, reached at y_C = 0: first level
    # −2 and y_C = 0. Then y_A + y_B = 6 and the excesses of {A} and {BC} are both y_A − 10, of
    # {B} and {AC} both y_B − 10: the largest is smallest at y_A = y_B = 3 (level −7).
    sol = restricted_nucleolus(negative_nucleolus_game())
    assert sol.allocation == pytest.approx([3, 3, 0], abs=1e-7)
    assert sol.levels[:2] == pytest.approx((-2, -7), abs=1e-7)
    assert sol.as_dict()["C"] == pytest.approx(0, abs=1e-9)


def test_nonnegative_band_of_the_example():
    # The core: y(BC) ≤ 10 → y_A ≥ −4 (and ≤ 10); y_C ≤ 2; y(AC) ≤ 10 → y_B ≥ −4. With y_C ≥ 0
    # the bands become y_A ∈ [0, 6] (y_A = 6 − y_B − y_C), y_B ∈ [0, 6], y_C ∈ [0, 2].
    game = negative_nucleolus_game()
    assert bounds(win_win_bands(game))["C"][0] < 0
    assert bounds(win_win_bands(game, nonnegative=True)) == {
        "A": (0, 6),
        "B": (0, 6),
        "C": (0, 2),
    }


def test_restricted_nucleolus_equals_nucleolus_when_no_share_is_negative():
    # A population-based cost game (all shares positive): the extra bound y_i ≥ 0 changes
    # nothing, so both computations must give the same allocation (12 players: the
    # constraint-generation path of both).
    pops = [1_000 * k for k in (5, 8, 12, 15, 20, 25, 30, 9, 11, 7, 6, 40)]
    game = cost_model_game([f"g{i}" for i in range(12)], pops, 25_000, 40.0, 0.8)
    ref = nucleolus(game).allocation
    assert min(ref) > 0
    assert restricted_nucleolus(game).allocation == pytest.approx(ref, rel=1e-7, abs=1e-4)


def test_bands_with_constraint_generation_match_all_coalitions_lp(monkeypatch):
    # 11 players, forced to generate constraints (from the singletons and complements), against
    # one LP per bound with every coalition written out.
    monkeypatch.setattr(bands_module, "BAND_ALL_COALITIONS", 1 << 9)
    rng = np.random.default_rng(7)
    pops = rng.integers(2_000, 60_000, size=11)
    game = cost_model_game([f"g{i}" for i in range(11)], pops, 25_000, 40.0, 0.8)
    n, c = game.n, game.values
    masks = np.arange(1, (1 << n) - 1)
    chi = ((masks[:, None] >> np.arange(n)) & 1).astype(float)
    bands = win_win_bands(game)
    assert not bands.empty_core  # concave cost: the core is not empty
    for i in range(n):
        e = np.zeros(n)
        e[i] = 1
        lo = linprog(e, A_ub=chi, b_ub=c[masks], A_eq=np.ones((1, n)), b_eq=[c[-1]],
                     bounds=[(None, None)] * n, method="highs")  # fmt: skip
        hi = linprog(-e, A_ub=chi, b_ub=c[masks], A_eq=np.ones((1, n)), b_eq=[c[-1]],
                     bounds=[(None, None)] * n, method="highs")  # fmt: skip
        assert bands.bands[i].low == pytest.approx(lo.x[i], rel=1e-7)
        assert bands.bands[i].high == pytest.approx(hi.x[i], rel=1e-7)


def test_too_many_players_is_not_computed_with_a_dutch_reason():
    big = cost_model_game([f"g{i}" for i in range(17)], [1_000] * 17, 25_000, 40.0, 0.8)
    with pytest.raises(BudgetExceeded, match="telt 17 gemeenten .* tot 16 gemeenten"):
        win_win_bands(big)  # no limit given: the band's own cap of 16 players still holds
    game = cost_model_game([f"g{i}" for i in range(8)], [1_000] * 8, 25_000, 40.0, 0.8)
    with pytest.raises(BudgetExceeded, match="win-win band"):
        win_win_bands(game, limits=Limits(max_exact_players=6))
    with pytest.raises(BudgetExceeded, match="nucleolus zonder negatieve"):
        restricted_nucleolus(game, limits=Limits(max_exact_players=6))


# --- On the comparison and the page ---------------------------------------------------------

PLACES = [
    Place("11001", "Aa", 10_000, 25_000.0, "R", 4.40, 51.10, 10.0),
    Place("11002", "Bb", 20_000, 25_000.0, "R", 4.45, 51.10, 20.0),
    Place("11003", "Cc", 30_000, 25_000.0, "R", 4.50, 51.10, 30.0),
]
ADJ = [("11001", "11002"), ("11002", "11003"), ("11001", "11003")]


def test_sentences_place_each_key_on_the_band():
    # F = 0, b = 1, no subsidy: c(S) = 1,5 € · P(S) is additive, so the core is the single
    # point y = c({i}) = 15.000, 30.000, 45.000 €. Per inhabitant lands on it; equal shares
    # (30.000 € each) lie 15.000 € above the band of Aa and 15.000 € below that of Cc.
    cmp = compare(
        PLACES,
        ADJ,
        [KeySpec("inwoners"), KeySpec("gelijk")],
        90_000,
        CostModel(fixed_cost=0, exponent=1.0, with_subsidy=False),
        with_bands=True,
    )
    sentences = [s["sentence"] for s in band_sentences(cmp)]
    assert sentences[0] == (
        "Voor Aa is alleen een bijdrage van 15.000 € win-win; 'naar inwonersaantal' (15.000 €) "
        "ligt erbinnen, 'gelijke delen' (30.000 €) ligt 15.000 € boven de band."
    )
    assert sentences[2].endswith("'gelijke delen' (30.000 €) ligt 15.000 € onder de band.")
    assert cmp.restricted is None  # nobody's nucleolus share is negative


def test_fixed_cost_band_runs_from_marginal_to_stand_alone_cost():
    # F = 30.000, b = 1, T = 90.000: a = (90.000 − 30.000) / 60.000 = 1 €, c(S) = 30.000 + P(S).
    # This cost is submodular, so the band of i runs from c(N) − c(N∖i) = P_i to
    # c({i}) = 30.000 + P_i:
    # Aa [10.000, 40.000], Bb [20.000, 50.000], Cc [30.000, 60.000].
    cmp = compare(
        PLACES,
        ADJ,
        [KeySpec("inwoners")],
        90_000,
        CostModel(fixed_cost=30_000, exponent=1.0, with_subsidy=False),
        with_bands=True,
    )
    assert {b.player: (round(b.low, 4), round(b.high, 4)) for b in cmp.bands.bands} == {
        "11001": (10_000, 40_000),
        "11002": (20_000, 50_000),
        "11003": (30_000, 60_000),
    }
    view = band_view(cmp)
    assert view["sentences"][0]["sentence"].startswith(
        "Voor Aa is elke bijdrage tussen 10.000 € en 40.000 € win-win"
    )
    # The band of Aa on the chart the page draws (samenspel.funding.chart, in percent of the
    # plot, 2 % margin on each side): an axis from 0 to 60.000 € over 96 %, so 10.000 € is at
    # 2 + 10.000 / 60.000 × 96 = 18 % and the band is 30.000 / 60.000 × 96 = 48 % wide.
    row = view["chart"]["rows"][0]
    assert (row["x"], row["w"]) == ("18.00%", "48.00%")


def test_too_large_a_group_says_the_band_is_not_computed():
    cmp = compare(
        PLACES,
        ADJ,
        [KeySpec("inwoners")],
        120_000,
        CostModel(fixed_cost=30_000, exponent=1.0, with_subsidy=False),
        limits=Limits(max_exact_players=2),
        with_bands=True,
    )
    assert cmp.bands is None and band_view(cmp) is None
    assert any("De win-win band is niet berekend" in line for line in cmp.computed)


def test_page_shows_the_band_per_partner(loaded, client):
    url = (
        "/verdeelsleutel/?igs=noord&peildatum=2026-11-28&sleutel_1=inwoners&sleutel_2=gelijk"
        "&band=on"
    )
    html = client.get(url).content.decode()
    assert "Win-win band per gemeente" in html
    for name in ("Eeklo", "Evergem", "Aalter"):
        assert f"<li>Voor {name} is " in html
    assert 'style="' not in html.split('id="band"')[1].split("</section>")[0]


def test_two_partners_where_one_brings_the_subsidy():
    # As in test_what_if: A 70.000 and B 20.000 inhabitants, amount 75.000 €, F = 25.000, b = 0,8,
    # a = 150.000 / 90.000^0,8; c(A) ≈ 147.660 €, c(B) ≈ 70.040 € (alone neither gets subsidy).
    # Two players: the nucleolus gives B ½ c(B) + ½ (75.000 − c(A)) ≈ −1.324 €. With y_B ≥ 0 the
    # larger excess max(75.000 − y_B − c(A), y_B − c(B)) grows with y_B above −1.324, so the
    # restricted nucleolus is y_B = 0, y_A = 75.000 (instead of ≈ 76.324). The core band of B
    # runs from 75.000 − c(A) ≈ −72.660 € to c(B) ≈ 70.040 €.
    places = [
        Place("11001", "Aa", 70_000, 25_000.0, "R", 4.4, 51.1, 10.0),
        Place("11002", "Bb", 20_000, 25_000.0, "R", 4.5, 51.1, 10.0),
    ]
    cmp = compare(places, [("11001", "11002")], [KeySpec("inwoners")], with_bands=True)
    a = 150_000 / 90_000**0.8
    c_a, c_b = 25_000 + a * 70_000**0.8, 25_000 + a * 20_000**0.8
    assert cmp.nucleolus.as_dict()["11002"] == pytest.approx(0.5 * c_b + 0.5 * (75_000 - c_a))
    assert cmp.restricted.as_dict() == pytest.approx({"11001": 75_000, "11002": 0}, abs=1e-6)
    changes = restricted_sentences(cmp)
    assert changes[0].startswith("Aa betaalt 75.000,00 € in plaats van 76.324,")
    assert changes[1].startswith("Bb betaalt 0,00 € in plaats van -1.324,")
    band = cmp.bands.of("11002")
    assert (band.low, band.high) == pytest.approx((75_000 - c_a, c_b), rel=1e-9)
    assert "(onder 0 € krijgt Bb geld)" in band_sentences(cmp)[1]["sentence"]


def test_the_band_is_computed_only_when_asked(loaded, client):
    url = "/verdeelsleutel/?igs=noord&peildatum=2026-11-28&sleutel_1=inwoners"
    html = client.get(url).content.decode()
    assert "Win-win band per gemeente" not in html
    assert "band=on#band" in html  # the link that asks for it
    assert "Win-win band per gemeente" in client.get(url + "&band=on").content.decode()
