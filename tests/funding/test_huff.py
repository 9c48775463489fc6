"""The Huff model (samenspel.funding.huff) on hand-computed examples."""

import math

import numpy as np
import pytest

from samenspel.funding.huff import (
    EARTH_RADIUS_KM,
    HuffModel,
    distance_matrix,
    haversine_km,
    huff_probabilities,
    internal_distance_km,
    partner_benefit,
)
from samenspel.funding.keys import Benefit, Partner, allocate


def test_haversine_known_distances():
    # One degree of longitude on the equator is R·π/180; equator to pole is R·π/2.
    assert haversine_km(0, 0, 1, 0) == pytest.approx(EARTH_RADIUS_KM * math.pi / 180)
    assert haversine_km(0, 0, 0, 90) == pytest.approx(EARTH_RADIUS_KM * math.pi / 2)
    assert haversine_km(4.35, 50.85, 4.35, 50.85) == 0.0
    # Symmetric and vectorised.
    d = haversine_km([0, 1], [0, 0], [[1], [0]], [[0], [0]])
    assert d.shape == (2, 2)
    assert d[0, 0] == pytest.approx(d[1, 1])


def test_internal_distance_is_two_thirds_of_the_radius():
    # A disc of area π has radius 1; the mean distance to its centre is 2/3.
    assert internal_distance_km(math.pi) == pytest.approx(2 / 3)
    assert internal_distance_km([4 * math.pi])[0] == pytest.approx(4 / 3)
    with pytest.raises(ValueError, match="oppervlakte"):
        internal_distance_km([0.0])


def test_distance_matrix_uses_internal_distance_on_the_diagonal():
    d = distance_matrix([0.0, 1.0], [0.0, 0.0], area_km2=[math.pi, 4 * math.pi])
    assert d[0, 0] == pytest.approx(2 / 3)
    assert d[1, 1] == pytest.approx(4 / 3)
    assert d[0, 1] == pytest.approx(d[1, 0])


def test_huff_probabilities_by_hand():
    # Attractiveness 1 and 3 at 1 and 2 km, α = 1, β = 2: utilities 1/1 = 1 and 3/4 = 0,75,
    # so P = 1/1,75 = 4/7 and 0,75/1,75 = 3/7.
    p = huff_probabilities([1.0, 3.0], [[1.0, 2.0]])
    assert p[0] == pytest.approx([4 / 7, 3 / 7])
    # α = 2: utilities 1 and 9/4 → 4/13 and 9/13.
    assert huff_probabilities([1, 3], [[1, 2]], alpha=2)[0] == pytest.approx([4 / 13, 9 / 13])
    # A stronger distance decay keeps people closer to home.
    assert huff_probabilities([1, 3], [[1, 2]], beta=3)[0, 0] > 4 / 7


def test_huff_rows_sum_to_one_and_no_supply_gives_zero():
    rng = np.random.default_rng(3)
    p = HuffModel().probabilities(rng.random(5) + 0.1, rng.random((4, 5)) + 0.5)
    assert p.sum(axis=1) == pytest.approx(np.ones(4))
    assert huff_probabilities([0.0, 0.0], [[1.0, 2.0]])[0] == pytest.approx([0.0, 0.0])
    with pytest.raises(ValueError, match="positief"):
        huff_probabilities([1.0], [[0.0]])


def test_partner_benefit_with_competing_supply_outside_the_cooperation():
    # Partners X (900 inh.) and Y (600 inh.); Z is a city outside the cooperation.
    # Attractiveness X 1, Y 1, Z 4. Distances X→(X,Y,Z) = 1, 2, 2 and Y→(X,Y,Z) = 2, 1, 4.
    # X: utilities 1, 1/4, 4/4 → total 2,25 → P = 4/9, 1/9, 4/9; cooperation share 5/9;
    #    benefit 900 · 5/9 = 500, of which elsewhere (Y) 900 · 1/9 = 100.
    # Y: utilities 1/4, 1, 4/16 → total 1,5 → P = 1/6, 2/3, 1/6; cooperation share 5/6;
    #    benefit 600 · 5/6 = 500, of which elsewhere (X) 600 · 1/6 = 100.
    distances = [[1.0, 2.0, 2.0], [2.0, 1.0, 4.0]]
    attractiveness = [1.0, 1.0, 4.0]
    in_coop = [True, True, False]
    b = partner_benefit([900, 600], attractiveness, distances, in_coop)
    assert b == pytest.approx([500.0, 500.0])
    b_elders = partner_benefit(
        [900, 600], attractiveness, distances, in_coop, home=[0, 1], scope="elders"
    )
    assert b_elders == pytest.approx([100.0, 100.0])
    # The benefit feeds the profijt key.
    ps = [Partner("1", "X", 900), Partner("2", "Y", 600)]
    a = allocate(ps, Benefit({"1": b[0], "2": b[1]}), 1000)
    assert [str(s.amount) for s in a.shares] == ["500.00", "500.00"]


def test_partner_benefit_rejects_bad_scope():
    with pytest.raises(ValueError, match="scope"):
        partner_benefit([1], [1], [[1]], [True], scope="overal")
    with pytest.raises(ValueError, match="eigen bestemming"):
        partner_benefit([1], [1], [[1]], [True], scope="elders")
