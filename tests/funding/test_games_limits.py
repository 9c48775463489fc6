"""Budgets of one computation (Limits): sampling above the exact limit, deadlines, no 2^n arrays,
and the numerically stable variance of the sampled Shapley value."""

import itertools
import tracemalloc

import numpy as np
import pytest

from samenspel.funding.games import (
    EXACT,
    SAMPLED,
    UNLIMITED,
    VALUE,
    WEB_LIMITS,
    BudgetExceeded,
    Game,
    Limits,
    _Moments,
    core_check,
    core_is_empty,
    cost_model_game,
    net_cost_game,
    nucleolus,
    shapley,
    subsidy_game,
    verify_nucleolus,
)

RULES_2027 = {"min_population": 85_000, "per_inhabitant": 0.90, "minimum": 100_000}


def net_cost_model(n, seed=0, require_contiguous=False):
    """The Verdeelsleutel page's cost game (analysis.compare): c(S) = max(0, K(S) − s(S)) with
    K(S) = 25.000 + a·P(S)^0,8 calibrated so that c(N) is the 2027 minimum cofinancing
    (75 % of max(0,90 € × P(N), 100.000 €)). Populations 5.000–80.000, two referentieregio's,
    neighbours on a 'ladder' (i – i+1 and i – i+2)."""
    rng = np.random.default_rng(seed)
    players = [f"g{i:02d}" for i in range(n)]
    pops = rng.integers(5_000, 80_001, n).astype(float)
    regions = ["R1" if i % 3 else "R2" for i in range(n)]
    adjacency = [(players[i], players[j]) for i in range(n) for j in (i + 1, i + 2) if j < n]
    subsidy = subsidy_game(
        players, pops, regions, adjacency, **RULES_2027, require_contiguous=require_contiguous
    )
    total = 0.75 * max(0.90 * pops.sum(), 100_000)
    scale = (total + subsidy.grand_value - 25_000) / pops.sum() ** 0.8
    cost = cost_model_game(players, pops, 25_000, scale, 0.8)
    return net_cost_game(cost, subsidy, floor=0.0)


class TickingClock:
    """A clock that advances one second every time it is read (deterministic deadlines)."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 1.0
        return self.now


def test_above_the_limit_shapley_is_sampled_and_the_nucleolus_not_computed():
    game = net_cost_model(10, seed=3)
    exact = shapley(game, limits=UNLIMITED)
    assert exact.computation == EXACT and exact.exact
    assert "Exact berekend over alle 1.023 coalities" in exact.note
    small = Limits(max_exact_players=6, max_samples=4_000)
    sampled = shapley(game, limits=small)
    assert sampled.computation == SAMPLED and not sampled.exact
    assert sampled.samples == 4_000
    assert "Geschat met 4.000 willekeurige volgordes" in sampled.note
    assert "met 10 spelers zijn er 1.023 coalities" in sampled.note
    assert "maximaal 6 spelers" in sampled.note
    # The 95 % intervals (seed 0) contain the exact value of every player, and every order of
    # the players splits exactly c(N), so the estimate still adds up to c(N).
    assert np.all(sampled.ci_low <= exact.allocation)
    assert np.all(exact.allocation <= sampled.ci_high)
    assert sampled.allocation.sum() == pytest.approx(game.grand_value, rel=1e-12)
    with pytest.raises(BudgetExceeded) as info:
        nucleolus(game, limits=small)
    message = str(info.value)
    assert message.startswith("De nucleolus is niet berekend: met 10 spelers zijn er 1.022")
    assert "maximaal 6 spelers" in message
    for refuse in (
        lambda: core_check(game, exact.allocation, limits=small),
        lambda: core_is_empty(game, limits=small),
        lambda: verify_nucleolus(game, exact.allocation, limits=small),
    ):
        with pytest.raises(BudgetExceeded, match="niet berekend: met 10 spelers"):
            refuse()


def test_sampling_stops_at_the_deadline_and_says_so():
    game = net_cost_model(10, seed=3)
    # The clock is read once at the start and once after each batch of permutations; the
    # batches hold 64, 128, 256, 512, … permutations. With 3,5 "seconds" the deadline has
    # passed at the 4th reading after the start: 64 + 128 + 256 + 512 = 960 permutations.
    limits = Limits(max_exact_players=6, max_seconds=3.5, max_samples=20_000, clock=TickingClock())
    sol = shapley(game, limits=limits)
    assert sol.samples == 960
    assert "Geschat met 960 willekeurige volgordes" in sol.note
    assert (
        "(de steekproef stopte vroeger: de berekening duurde langer dan 3,5 s, de tijdsgrens "
        "voor één berekening)" in sol.note
    )
    assert sol.allocation.sum() == pytest.approx(game.grand_value, rel=1e-12)


def test_exact_shapley_past_the_deadline_falls_back_to_a_sample():
    # 22 players are enumerated in 4 chunks of 2^20 coalitions; the deadline (0,5 s on a clock
    # that ticks a second per reading) has passed before the first chunk, so the value is
    # sampled instead — after one batch, because the time is already up.
    def squared_size(masks):
        assert masks.size <= 64 * 23, "no chunk of 2^20 coalitions may be evaluated"
        return np.bitwise_count(masks).astype(float) ** 2

    game = Game.from_function([f"p{i}" for i in range(22)], squared_size, VALUE)
    limits = Limits(max_exact_players=22, max_seconds=0.5, max_samples=1_000, clock=TickingClock())
    sol = shapley(game, limits=limits)
    assert sol.computation == SAMPLED
    assert sol.samples == 64
    assert "de exacte berekening is afgebroken: de berekening duurde langer dan 0,5 s" in sol.note
    # Symmetric game v(S) = |S|²: the Shapley value is v(N)/n = 484/22 = 22 for everyone; each
    # order gives the players 1, 3, 5, …, 43 (k² − (k−1)²), which add up to 484.
    assert sol.allocation.sum() == pytest.approx(22**2)


def test_one_deadline_for_all_computations_of_a_request():
    # within(3,5) reads the clock (t = 1): everything must end by t = 4,5. The sample starts at
    # t = 2 and reads t = 3, 4, 5 after its batches of 64, 128 and 256 permutations: 448 in all,
    # although its own limit (100 s) is far away. The nucleolus that follows starts at t = 6
    # and is over at its first check (t = 7).
    clock = TickingClock()
    limits = Limits(max_exact_players=6, max_seconds=100, clock=clock).within(3.5)
    game = net_cost_model(10, seed=3)
    sol = shapley(game, limits=limits)
    assert sol.samples == 448
    assert "de berekeningen samen duurden langer dan 3,5 s, de tijdsgrens voor alles samen" in (
        sol.note
    )
    with pytest.raises(BudgetExceeded) as info:
        nucleolus(game, limits=Limits(clock=clock, max_seconds=100).within(0.5))
    assert str(info.value) == (
        "De nucleolus is niet berekend: de berekeningen samen duurden langer dan 0,5 s, de "
        "tijdsgrens voor alles samen."
    )


def test_a_finished_exact_shapley_value_is_kept():
    # 14 players fit in one chunk: the clock is read at the start (t = 1) and once before the
    # chunk (t = 2, 1 s elapsed < 1,5 s). Once the only chunk is done the result is exact and
    # kept, even though the clock would read 3 s by now.
    game = net_cost_model(14, seed=2)
    limits = Limits(max_seconds=1.5, clock=TickingClock())
    sol = shapley(game, limits=limits)
    assert sol.computation == EXACT
    assert sol.allocation == pytest.approx(shapley(game).allocation, rel=1e-12)


def test_the_nucleolus_stops_at_the_deadline():
    game = net_cost_model(10, seed=3)
    limits = Limits(max_seconds=0.5, clock=TickingClock())
    with pytest.raises(BudgetExceeded) as info:
        nucleolus(game, limits=limits)
    assert str(info.value) == (
        "De nucleolus is niet berekend: de berekening duurde langer dan 0,5 s, de tijdsgrens "
        "voor één berekening."
    )
    with pytest.raises(BudgetExceeded, match="De test of de kern leeg is is niet berekend"):
        core_is_empty(game, limits=limits)


def test_forty_players_never_enumerate_the_coalitions():
    # 2^40 coalitions cannot be enumerated at all (8 TB of floats); the game function refuses
    # any request for more than a few thousand coalitions at once.
    inner = net_cost_model(40, seed=5, require_contiguous=True)
    asked = []

    def lazy(masks):
        asked.append(masks.size)
        assert masks.size <= 2048 * 41, masks.size
        return inner.evaluate(masks)

    game = Game.from_function(inner.players, lazy, inner.kind)
    limits = Limits(max_exact_players=20, max_samples=500)
    sol = shapley(game, limits=limits)
    assert sol.computation == SAMPLED and sol.samples == 500
    assert sol.allocation.sum() == pytest.approx(game.grand_value, rel=1e-9)
    assert np.all(sol.ci_low <= sol.allocation) and np.all(sol.allocation <= sol.ci_high)
    assert game.stand_alone().shape == (40,)
    assert game.marginal().shape == (40,)
    for refuse in (
        lambda: nucleolus(game, limits=limits),
        lambda: core_check(game, sol.allocation, limits=limits),
        lambda: core_is_empty(game, limits=limits),
    ):
        with pytest.raises(BudgetExceeded, match="met 40 spelers"):
            refuse()
    assert max(asked) <= 2048 * 41


def test_a_24_player_page_stays_small_in_memory():
    # The generators are lazy: building the 24-player net-cost game and computing everything the
    # Verdeelsleutel page shows under WEB_LIMITS (without its time limit, to stay deterministic)
    # must not allocate one 2^24 array of floats (134 MB).
    limits = Limits(max_exact_players=WEB_LIMITS.max_exact_players, max_samples=2_000)
    tracemalloc.start()
    try:
        game = net_cost_model(24, seed=1)
        sol = shapley(game, limits=limits)
        game.stand_alone()
        game.marginal()
        with pytest.raises(BudgetExceeded):
            nucleolus(game, limits=limits)
        with pytest.raises(BudgetExceeded):
            core_check(game, sol.allocation, limits=limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sol.computation == SAMPLED
    assert peak < 16 * 2**20, peak


def test_web_limits():
    # Measured peak for the page's nucleolus: about 110 MB above the interpreter at 20 players,
    # 400 MB at 22 (see Limits); one computation gets 2 seconds.
    assert WEB_LIMITS.max_exact_players == 20
    assert WEB_LIMITS.max_seconds == 2.0
    assert UNLIMITED.max_seconds is None
    with pytest.raises(ValueError, match="max_exact_players moet tussen 1 en 25"):
        Limits(max_exact_players=26)


# --- the variance of the sampled Shapley value ------------------------------------------------


def test_running_moments_with_a_large_offset():
    # Values 10⁹ + 1, 10⁹ + 2, 10⁹ + 3 (in two batches): mean 10⁹ + 2, deviations −1, 0, 1,
    # sample variance (1 + 0 + 1)/(3 − 1) = 1. The textbook Σx² − m·x̄² needs Σx² ≈ 3·10¹⁸,
    # where a double's spacing is 512: the difference it takes is pure rounding noise.
    moments = _Moments(1)
    moments.update(np.array([[1e9 + 1], [1e9 + 2]]))
    moments.update(np.array([[1e9 + 3]]))
    assert moments.count == 3
    assert moments.mean[0] == 1e9 + 2
    assert moments.variance()[0] == pytest.approx(1.0, rel=1e-9)
    x = np.array([1e9 + 1, 1e9 + 2, 1e9 + 3])
    naive = (np.sum(x**2) - 3 * np.mean(x) ** 2) / 2
    assert naive != pytest.approx(1.0, rel=0.5)  # what the old formula would have reported


def test_sampled_interval_of_a_game_with_huge_but_nearly_equal_contributions():
    # v(A) = v(B) = 10⁹, v(A,B) = 2·10⁹ + 2. A contributes 10⁹ when first and 10⁹ + 2 when
    # second. If a fraction f of the m orders put A second, its estimate is 10⁹ + 2f and the
    # sample variance of its contributions is 4·f(1 − f)·m/(m − 1), so the 95 % interval has
    # half-width 1,96 · √(4 f (1 − f) / (m − 1)) — about 0,062 for m = 1.000 and f ≈ ½.
    game = Game.from_values(["A", "B"], [0, 1e9, 1e9, 2e9 + 2], VALUE)
    m = 1_000
    sol = shapley(game, exact=False, samples=m, seed=4)
    f = (sol.allocation[0] - 1e9) / 2
    f = round(f * m) / m  # a whole number of orders
    assert 0.4 < f < 0.6
    expected = 1.959963984540054 * np.sqrt(4 * f * (1 - f) / (m - 1))
    half_width = (sol.ci_high - sol.ci_low) / 2
    assert half_width == pytest.approx([expected, expected], rel=1e-4)
    # The exact Shapley value (10⁹ + 1 each) lies inside both intervals.
    assert np.all(sol.ci_low <= 1e9 + 1) and np.all(1e9 + 1 <= sol.ci_high)


def test_exact_and_sampled_agree_on_every_small_coalition_structure():
    # Glove game with 2 left and 3 right gloves: v(S) = min(#left, #right), Shapley value from
    # its definition (the mean marginal contribution over all 5! = 120 orders).
    n = 5
    left = {0, 1}
    values = np.zeros(1 << n)
    for mask in range(1 << n):
        members = {i for i in range(n) if mask >> i & 1}
        values[mask] = min(len(members & left), len(members - left))
    phi = np.zeros(n)
    for order in itertools.permutations(range(n)):
        mask = 0
        for i in order:
            phi[i] += values[mask | 1 << i] - values[mask]
            mask |= 1 << i
    phi /= 120
    game = Game.from_values([f"p{i}" for i in range(n)], values, VALUE)
    assert shapley(game).allocation == pytest.approx(phi, abs=1e-12)
    sampled = shapley(game, limits=Limits(max_exact_players=3, max_samples=20_000))
    assert np.all(sampled.ci_low <= phi + 1e-12) and np.all(phi - 1e-12 <= sampled.ci_high)
