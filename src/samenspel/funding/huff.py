"""The Huff model: who uses the cultural supply of which municipality (pure numpy, no Django).

Formula (Huff 1963, 1964)::

    P_ij = A_j^α · d_ij^(−β) / Σ_k A_k^α · d_ik^(−β)

the probability that an inhabitant of municipality ``i`` visits the supply in municipality ``j``,
with ``A_j`` the attractiveness of ``j`` (e.g. the number of cultural events in UiTdatabank, or
seats, or the culture budget) and ``d_ij`` the distance between ``i`` and ``j``; the sum runs over
every location ``k`` in the choice set, including supply *outside* the cooperation (a centrumstad
next door competes for the same visitors).

Sources:

* Huff, D. L. (1963). A probabilistic analysis of shopping center trade areas. *Land Economics*
  39(1), 81–90.
* Huff, D. L. (1964). Defining and estimating a trading area. *Journal of Marketing* 28(3), 34–38.

Default parameters: ``α = 1`` (attractiveness enters linearly, as in Huff's original formulation
with selling area) and ``β = 2`` (the inverse-square distance decay of Reilly's law of retail
gravitation, 1931, and the usual default in applied work; Esri's Business Analyst documentation of
the original Huff model says the exponent "usually ranges between 1.5 and 2"). Both are defaults,
not calibrated values for cultural visits: calibrate them on visitor data (UiTPAS, ticketing) when
available.

Distances are great-circle distances between municipality centroids (:func:`haversine_km`). The
distance of a municipality to itself cannot be 0 (``0^(−β)`` is infinite); it is the *internal
distance* :func:`internal_distance_km`, the mean distance from a random point of a disc with the
municipality's area to the disc's centre, ``(2/3) · sqrt(area / π)``. That the mean distance to the
centre of a uniform disc of radius ``r`` is ``2r/3`` follows from ``∫_0^r ρ · 2πρ dρ / (π r²)``; the
use of such a radius-based internal distance for the "self-potential" of an area is discussed in
Frost, M. E. & Spence, N. A. (1995), The rediscovery of accessibility and economic potential: the
critical issue of self-potential, *Environment and Planning A* 27(11), 1833–1848.

Benefit of a partner (:func:`partner_benefit`): the expected number of its inhabitants' visits to
the cooperation's supply, ``B_i = P_i · Σ_{j ∈ coop} P_ij`` (``P_i`` the population), per visit
that an average inhabitant makes to the whole choice set. With ``scope="elders"`` the sum runs only
over the *other* partners' supply (what ``i`` gains from the cooperation beyond its own supply).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "EARTH_RADIUS_KM",
    "HuffModel",
    "distance_matrix",
    "haversine_km",
    "huff_probabilities",
    "internal_distance_km",
    "partner_benefit",
]

#: Mean Earth radius (IUGG), in km.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike) -> NDArray:
    """Great-circle distance in km between points given in degrees (broadcasting).

    ``d = 2R · asin(sqrt(sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2)))`` with ``R`` the mean Earth
    radius (Sinnott, R. W. (1984), Virtues of the haversine, *Sky and Telescope* 68(2), 159).
    """
    lon1, lat1, lon2, lat2 = (
        np.radians(np.asarray(a, dtype=float)) for a in (lon1, lat1, lon2, lat2)
    )
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def internal_distance_km(area_km2: ArrayLike, factor: float = 2.0 / 3.0) -> NDArray:
    """Internal distance of a municipality: ``factor · sqrt(area / π)`` (default factor 2/3).

    The mean distance from a uniformly random point of a disc of radius ``r`` to its centre is
    ``2r/3``; see the module docstring for the source.
    """
    area = np.asarray(area_km2, dtype=float)
    if np.any(~np.isfinite(area)) or np.any(area <= 0):
        raise ValueError("De oppervlakte van elke gemeente moet een positief getal zijn (in km²).")
    return factor * np.sqrt(area / np.pi)


def distance_matrix(
    lon: ArrayLike,
    lat: ArrayLike,
    area_km2: ArrayLike | None = None,
    dest_lon: ArrayLike | None = None,
    dest_lat: ArrayLike | None = None,
) -> NDArray:
    """Distances in km between origins (``lon``, ``lat``) and destinations (default: the origins).

    When the destinations are the origins and ``area_km2`` is given, the diagonal holds the
    internal distances (:func:`internal_distance_km`) instead of 0.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    same = dest_lon is None and dest_lat is None
    dlon = lon if dest_lon is None else np.asarray(dest_lon, dtype=float)
    dlat = lat if dest_lat is None else np.asarray(dest_lat, dtype=float)
    d = haversine_km(lon[:, None], lat[:, None], dlon[None, :], dlat[None, :])
    if same and area_km2 is not None:
        np.fill_diagonal(d, internal_distance_km(area_km2))
    return d


def huff_probabilities(
    attractiveness: ArrayLike,
    distances: ArrayLike,
    alpha: float = 1.0,
    beta: float = 2.0,
) -> NDArray:
    """The Huff probabilities ``P_ij`` (rows: origins ``i``, columns: destinations ``j``).

    ``attractiveness`` has one value ≥ 0 per destination, ``distances`` is an (origins ×
    destinations) matrix of positive distances. A row whose every destination has attractiveness 0
    gets probabilities 0 (nobody goes anywhere) instead of a division by zero.
    """
    a = np.asarray(attractiveness, dtype=float)
    d = np.asarray(distances, dtype=float)
    if d.ndim != 2 or a.ndim != 1 or d.shape[1] != a.shape[0]:
        raise ValueError(
            "De afstandsmatrix moet evenveel kolommen hebben als er bestemmingen zijn "
            f"(afstanden {d.shape}, aantrekkelijkheid {a.shape})."
        )
    if np.any(~np.isfinite(a)) or np.any(a < 0):
        raise ValueError("De aantrekkelijkheid van elke bestemming moet een getal ≥ 0 zijn.")
    if np.any(~np.isfinite(d)) or np.any(d <= 0):
        raise ValueError(
            "Elke afstand moet positief zijn; gebruik voor een gemeente tot zichzelf de interne "
            "afstand (internal_distance_km)."
        )
    if alpha < 0 or beta < 0:
        raise ValueError("De parameters α en β van het Huff-model moeten ≥ 0 zijn.")
    utility = np.power(a, alpha)[None, :] * np.power(d, -beta)
    if alpha == 0:
        utility = np.where(a[None, :] > 0, utility, 0.0)  # 0^0 = 1 would make no supply attractive
    totals = utility.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(totals > 0, utility / np.where(totals > 0, totals, 1.0), 0.0)
    return p


@dataclass(frozen=True)
class HuffModel:
    """The Huff model with its two parameters (defaults: α = 1, β = 2; see module docstring)."""

    alpha: float = 1.0
    beta: float = 2.0

    def probabilities(self, attractiveness: ArrayLike, distances: ArrayLike) -> NDArray:
        return huff_probabilities(attractiveness, distances, self.alpha, self.beta)

    def expected_visits(
        self, population: ArrayLike, attractiveness: ArrayLike, distances: ArrayLike
    ) -> NDArray:
        """Expected visits ``V_ij = P_i · P_ij`` from origin ``i`` to destination ``j``."""
        pop = np.asarray(population, dtype=float)
        return pop[:, None] * self.probabilities(attractiveness, distances)


def partner_benefit(
    population: ArrayLike,
    attractiveness: ArrayLike,
    distances: ArrayLike,
    in_cooperation: ArrayLike,
    home: ArrayLike | None = None,
    scope: str = "alle",
    alpha: float = 1.0,
    beta: float = 2.0,
) -> NDArray:
    """Benefit per partner: expected visits of its inhabitants to the cooperation's supply.

    ``B_i = P_i · Σ_{j ∈ C} P_ij`` with ``C`` the destinations in the cooperation
    (``in_cooperation`` is a boolean per destination). The choice set in the denominator of ``P_ij``
    holds *all* destinations, so competing supply outside the cooperation lowers the benefit.

    ``scope="alle"`` counts all of the cooperation's supply, including the partner's own;
    ``scope="elders"`` only the supply of the *other* partners, which needs ``home``: the
    destination index of each origin's own municipality (−1 when it has none).
    """
    pop = np.asarray(population, dtype=float)
    mask = np.asarray(in_cooperation, dtype=bool)
    p = huff_probabilities(attractiveness, distances, alpha, beta)
    if pop.shape != (p.shape[0],):
        raise ValueError("Er moet één bevolkingscijfer per herkomstgemeente zijn.")
    if mask.shape != (p.shape[1],):
        raise ValueError(
            "Er moet voor elke bestemming aangegeven zijn of ze in de samenwerking zit."
        )
    if np.any(pop < 0):
        raise ValueError("Een bevolkingscijfer kan niet negatief zijn.")
    share = np.where(mask[None, :], p, 0.0)
    if scope == "elders":
        if home is None:
            raise ValueError("Voor scope 'elders' is de eigen bestemming van elke partner nodig.")
        h = np.asarray(home, dtype=int)
        rows = np.flatnonzero(h >= 0)
        share[rows, h[rows]] = 0.0
    elif scope != "alle":
        raise ValueError(f"Onbekende scope '{scope}'; kies 'alle' of 'elders'.")
    return pop * share.sum(axis=1)
