"""The Verdeelsleutel comparison for groups too large to enumerate (21–40 partners).

``compare`` then takes the exact Shapley value by counting, the nucleolus by constraint
generation and each key's win-win check by the oracle. At 12 partners the same route (forced by
a low ``ENUMERATE_UP_TO``) must give what the enumerating route gives; at 40 partners in two
referentieregio's the results are worked out by hand.
"""

from decimal import Decimal

import numpy as np
import pytest

from samenspel.funding import analysis
from samenspel.funding.analysis import KeySpec, Place, compare
from samenspel.funding.games import UNLIMITED, Limits


def places(pops, regions, seed=0):
    rng = np.random.default_rng(seed)
    return [
        Place(
            f"{10001 + i}",
            f"Gemeente {i}",
            int(p),
            float(rng.uniform(18_000, 30_000)),
            r,
            4.0 + 0.01 * i,
            51.0,
            20.0,
        )
        for i, (p, r) in enumerate(zip(pops, regions, strict=True))
    ]


KEYS = [KeySpec("inwoners"), KeySpec("gelijk"), KeySpec("draagkracht")]


@pytest.mark.parametrize("two_regions", [False, True])
def test_large_group_route_gives_the_enumerated_results_at_twelve(two_regions, monkeypatch):
    rng = np.random.default_rng(40 + two_regions)
    pops = rng.integers(5_000, 45_000, 12)
    regions = ["A"] * 6 + ["B" if two_regions else "A"] * 6
    group = places(pops, regions)
    enumerated = compare(group, [], KEYS, limits=UNLIMITED)
    monkeypatch.setattr(analysis, "ENUMERATE_UP_TO", 10)  # the large-group route from 11 on
    implicit = compare(group, [], KEYS, limits=UNLIMITED)
    assert implicit.shapley.note.startswith("Exact berekend zonder alle 4.095 coalities")
    assert implicit.shapley.exact
    np.testing.assert_allclose(
        implicit.shapley.allocation, enumerated.shapley.allocation, rtol=1e-9
    )
    np.testing.assert_allclose(
        implicit.nucleolus.allocation, enumerated.nucleolus.allocation, rtol=1e-6, atol=0.01
    )
    for big, small in zip(implicit.results, enumerated.results, strict=True):
        assert big.explanation.win_win is small.explanation.win_win is not None
        assert big.explanation.core.worst_excess == pytest.approx(
            small.explanation.core.worst_excess, abs=0.01
        )
        assert big.explanation.core.core_empty == small.explanation.core.core_empty
    assert any("win-wintoets van elke sleutel is exact" in c for c in implicit.computed)


def test_forty_partners_in_two_regions_by_hand():
    # 20 + 20 partners of 5.000–40.000 inhabitants; the amount T = 30 % of 0,90 € × P(N), so
    # that (as in tests/funding/test_implicit_regions.py) every one-region group of ≥ 85.000
    # inhabitants costs 0 and c(N) = T (two regions: no subsidy for the whole group).
    rng = np.random.default_rng(8)
    pops = [int(p) for p in rng.integers(5_000, 40_000, 40)]
    group = places(pops, ["A"] * 20 + ["B"] * 20)
    total = Decimal(str(round(0.27 * sum(pops), 2)))
    cmp = compare(group, [], KEYS[:2], amount=total, limits=Limits(max_seconds=120))
    t = float(total)
    a_mask = (1 << 20) - 1
    assert cmp.game.value(a_mask) == 0.0 and cmp.game.value(a_mask ^ 1) == 0.0
    # Shapley: exact (counted), efficient.
    assert cmp.shapley.exact and "Exact berekend zonder" in cmp.shapley.note
    assert cmp.shapley.allocation.sum() == pytest.approx(t, rel=1e-9)
    # Nucleolus: A and B each pay T/2 (level 1), equally inside each region (level 2): T/40.
    np.testing.assert_allclose(cmp.nucleolus.allocation, np.full(40, t / 40), rtol=1e-7)
    by_inhabitants, equal = cmp.results
    # Per inhabitant: A pays T · P(A)/P(N) while it would pay 0 alone, the worst group of all
    # (spanning groups pay T·P(S)/P(N) ≤ K(P(S)): K is concave, K(0) = F > 0 and K(P(N)) = T).
    p_a, p_b = sum(pops[:20]), sum(pops[20:])
    worst = t * max(p_a, p_b) / sum(pops)
    core = by_inhabitants.explanation.core
    assert not by_inhabitants.explanation.win_win
    assert core.worst_excess == pytest.approx(worst, abs=0.01 * 40)
    worst_region = range(20) if p_a > p_b else range(20, 40)
    assert core.worst_coalition == tuple(group[i].refnis for i in worst_region)
    # Equal shares: y(A) = y(B) = T/2, not win-win either; the core is empty (c(A) + c(B) = 0
    # < T), and the explanation says that no key can repair it.
    assert not equal.explanation.win_win
    assert equal.explanation.core.worst_excess == pytest.approx(t / 2, abs=0.01 * 40)
    assert equal.explanation.core.core_empty
    assert any("de kern is leeg" in s for s in equal.explanation.overall)


def test_shapley_falls_back_to_a_sample_when_the_tables_are_too_large():
    rng = np.random.default_rng(9)
    group = places(rng.integers(5_000, 40_000, 24), ["A"] * 24)
    # At most 20 partners enumerated, 1 MB for the tables (these 24 partners need about 42 MB).
    limits = Limits(max_exact_players=20, max_table_bytes=2**20, max_samples=200)
    told = []
    cmp = compare(
        group, [], KEYS[:1], limits=limits, progress=lambda f, text: told.append((f, text))
    )
    assert not cmp.shapley.exact
    assert "Geschat met 200 willekeurige volgordes" in cmp.shapley.note
    assert any("geheugen" in c and "geschat met een steekproef" in c for c in cmp.computed)
    assert cmp.nucleolus is not None and cmp.nucleolus.verification.ok
    assert cmp.results[0].explanation.win_win is not None
    # A background job is told how far it is, in Dutch, always further.
    fractions = [f for f, _ in told]
    assert fractions == sorted(fractions) and 0 < fractions[0] and fractions[-1] < 0.9
    assert any("nucleolus" in text for _, text in told)


def test_a_partner_without_inhabitants_falls_back_and_says_why():
    # 21 partners, one with 0 inhabitants on the chosen date: the counting needs populations
    # ≥ 1, so the comparison falls back (sample, no nucleolus from the parameters) and says why.
    pops = [20_000] * 20 + [0]
    group = places(pops, ["A"] * 21)
    cmp = compare(group, [], KEYS[:1], limits=Limits(max_exact_players=20, max_samples=200))
    assert not cmp.shapley.exact
    assert any("geheel getal ≥ 1" in c for c in cmp.computed)


def test_more_partners_than_the_counting_allows_falls_back_to_a_sample():
    # 58 partners (check_group allows up to 62): counting coalitions stops at 56 partners, where a
    # count could pass 2^53. The comparison must not fail: a sampled Shapley value and the reason.
    group = places([10_000 + 100 * i for i in range(58)], ["A"] * 58)
    cmp = compare(group, [], KEYS[:1], limits=Limits(max_exact_players=20, max_samples=200))
    assert not cmp.shapley.exact
    assert any("hoogstens 56 gemeenten" in c for c in cmp.computed)
    assert len(cmp.shapley.allocation) == 58 and cmp.results[0].explanation is not None
