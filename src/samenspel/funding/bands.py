"""The win-win band of every partner in a cost game, and the nucleolus when nobody is paid.

Pure numpy/scipy (no Django). Conventions as in :mod:`samenspel.funding.games`: a cost game
``c`` over bitmask-indexed coalitions, an allocation ``y`` (what each partner pays) with
``y(N) = c(N)``.

Win-win band
------------
An allocation is *win-win* when it is in the core: no group ``S`` of partners pays more together
than it would pay on its own, ``y(S) ≤ c(S)`` for every ``S`` (Gillies 1959; for cost games e.g.
Young, Okada & Hashimoto 1982). The band of partner ``i`` is ``[min y_i, max y_i]`` over the core:
every contribution of ``i`` in that band is part of at least one win-win allocation, and a
contribution outside it is not. Each bound is one linear programme (HiGHS dual simplex via scipy
``linprog``) with every coalition as a constraint: written out up to 16 players, above that added
by constraint generation (all ``2^n`` excesses are evaluated with numpy after each solve and the
most violated coalitions added, until none is violated; the restricted LP's optimum is then
optimal for the full LP).

When the core is empty, the *least core* (Maschler, Peleg & Shapley 1979) takes its place: the
smallest ``ε`` for which some allocation has ``y(S) ≤ c(S) + ε`` for every coalition
``S ≠ ∅, N``; the band is then taken over that set and :attr:`Bands.empty_core` says so.

No partner is paid
------------------
With ``nonnegative=True`` every bound also requires ``y_i ≥ 0``. :func:`restricted_nucleolus` is
the nucleolus over the imputations that pay nobody, ``{y : y(N) = c(N), 0 ≤ y_i ≤ c({i})}``: the
allocation that lexicographically minimises the sorted excesses ``y(S) − c(S)`` over that set
(Schmeidler 1969 defines the nucleolus over any compact convex set), by the same sequential LPs as
:func:`samenspel.funding.games.nucleolus` (which has no parameter for the extra bound) with the
bounds ``0 ≤ y_i`` added; a bound with a positive dual price is fixed like a tight coalition.

Above ``limits.max_exact_players`` players, or past ``limits.max_seconds``, both raise
:class:`samenspel.funding.games.BudgetExceeded` with a Dutch sentence saying what was not computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy.linalg import null_space

from samenspel.core.numbers import format_eur
from samenspel.funding.games import (
    COST,
    UNLIMITED,
    BudgetExceeded,
    EmptyImputationSetError,
    Game,
    GameError,
    Limits,
    VerificationError,
    _chi,
    _solve_lp,
    _too_many_players,
    subset_sums,
)

__all__ = ["Band", "Bands", "RestrictedNucleolus", "restricted_nucleolus", "win_win_bands"]

#: Games with at most this many coalitions put all of them in every LP (no row generation).
SMALL_GAME_COALITIONS = 1 << 9
#: The band LPs take every coalition up to this many: their optima are vertices of the core that
#: need most coalitions anyway (2 783 of 4 094 generated at n = 12), and one LP with all rows is
#: faster than many rounds (n = 15 in one referentieregio: 3,3 s instead of 48 s).
BAND_ALL_COALITIONS = 1 << 16
#: Constraint generation adds up to BATCH_FACTOR · n violated coalitions per round.
BATCH_FACTOR = 6
#: Relative tolerance (on the scale max |c| = 1) for violations and dual prices.
TOL = 1e-9
#: The bands take 2n + 1 LPs over up to 2^n coalitions. For a population-based cost game inside
#: one referentieregio (analysis.compare), with every coalition in the LPs, measured 0,3 s at
#: n = 12, 0,7 s at n = 13, 1,5 s at n = 14, 3,3 s at n = 15 and 7,5 s at n = 16 (December
#: 2026). Above this many players, or past BAND_MAX_SECONDS, the bands are not computed
#: (BudgetExceeded, with the reason).
BAND_MAX_PLAYERS = 16
BAND_MAX_SECONDS = 60.0


@dataclass(frozen=True)
class Band:
    """The lowest and highest contribution of one partner over the core (or least core)."""

    player: str
    low: float
    high: float

    def contains(self, amount: float, tol: float = 0.005) -> bool:
        """Whether ``amount`` (e.g. rounded to cents) lies in the band, up to ``tol``."""
        return self.low - tol <= amount <= self.high + tol


@dataclass(frozen=True)
class Bands:
    """The win-win band of every partner.

    ``epsilon`` is the least-core ``ε`` (on the cost scale of the game): ``≤ 0`` when the core is
    non-empty (the bands are then over the core itself, ``ε = 0``), ``> 0`` when it is empty (the
    bands are over the least core). ``nonnegative`` says whether ``y_i ≥ 0`` was required.
    """

    bands: tuple[Band, ...]
    epsilon: float
    nonnegative: bool = False

    @property
    def empty_core(self) -> bool:
        return self.epsilon > 0

    def of(self, player: str) -> Band:
        for band in self.bands:
            if band.player == player:
                return band
        raise KeyError(player)

    @property
    def note(self) -> str:
        """A Dutch sentence saying what the bands are."""
        if not self.empty_core:
            return (
                "De band van een gemeente loopt van de laagste tot de hoogste bijdrage waarbij "
                "elke groep gemeenten samen niet meer betaalt dan ze alleen zou betalen (de kern "
                "van het kostenspel): binnen de band is er een win-win verdeling."
            )
        return (
            "Er bestaat geen verdeling die win-win is voor elke groep gemeenten: de kern van het "
            "kostenspel is leeg. De band toont daarom de minste kern: de verdelingen waarbij "
            f"geen enkele groep meer dan {format_eur(self.epsilon)} meer betaalt dan alleen, het "
            "kleinste bedrag waarvoor zo'n verdeling bestaat."
        )


@dataclass(frozen=True)
class RestrictedNucleolus:
    """The nucleolus over the imputations in which no partner is paid (``y_i ≥ 0``)."""

    players: tuple[str, ...]
    allocation: NDArray[np.float64]
    levels: tuple[float, ...]

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.players, map(float, self.allocation), strict=True))


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _cost_side(game: Game, what: str, limits: Limits) -> tuple[NDArray, float]:
    """The cost values of ``game`` scaled to ``max |c| = 1``, and the scale."""
    if game.kind != COST:
        raise GameError(f"{what} bestaat alleen voor een kostenspel, niet voor een waardespel.")
    if game.n > limits.max_exact_players:
        raise _too_many_players(what, game.n, limits)
    c = np.asarray(game.values, dtype=float)
    scale = float(np.max(np.abs(c))) or 1.0
    return c / scale, scale


def _start_masks(n: int, all_up_to: int = SMALL_GAME_COALITIONS) -> list[int]:
    full = (1 << n) - 1
    if (1 << n) <= all_up_to:
        return list(range(1, full))
    singles = [1 << i for i in range(n)]
    return list(dict.fromkeys(singles + [full ^ m for m in singles]))


class _CoreLP:
    """LPs over ``{y : y(N) = c(N), y(S) ≤ c(S) + ε for every S ≠ ∅, N}`` (bounds optional),
    with a set of active coalitions shared by all the LPs solved on it."""

    def __init__(self, c: NDArray, n: int, nonnegative: bool, deadline, what: str) -> None:
        self.c, self.n, self.deadline, self.what = c, n, deadline, what
        self.full = (1 << n) - 1
        self.lower = 0.0 if nonnegative else None
        self.active = _start_masks(n, BAND_ALL_COALITIONS)
        self.in_active = np.zeros(1 << n, dtype=bool)
        self.in_active[self.active] = True
        self.candidate = np.ones(1 << n, dtype=bool)
        self.candidate[[0, self.full]] = False

    def solve(self, objective: NDArray, epsilon: float | None) -> NDArray:
        """Minimise ``objective · z``; ``z = (y, ε)`` when ``epsilon`` is None (free ε),
        otherwise ``z = y`` with the given ε."""
        n, c = self.n, self.c
        free = epsilon is None
        batch = BATCH_FACTOR * n
        while True:
            chi = _chi(self.active, n)
            rhs = c[self.active]
            if free:
                a_ub = np.hstack([chi, -np.ones((len(self.active), 1))])
                a_eq = np.r_[np.ones(n), 0.0].reshape(1, -1)
                bounds = [(self.lower, None)] * n + [(None, None)]
            else:
                a_ub = chi
                rhs = rhs + epsilon
                a_eq = np.ones((1, n))
                bounds = [(self.lower, None)] * n
            res = _solve_lp(
                objective, a_ub, rhs, a_eq, [c[self.full]], bounds, self.deadline, self.what
            )
            if res.status != 0:
                raise VerificationError(
                    f"Het lineair programma voor de win-win band is niet opgelost: {res.message}"
                )
            y = res.x[:n]
            eps = float(res.x[n]) if free else epsilon
            excess = subset_sums(y) - c - eps
            self.deadline.check(self.what)
            violated = np.flatnonzero((excess > TOL) & self.candidate & ~self.in_active)
            if violated.size == 0:
                return res.x
            if violated.size > batch:
                violated = violated[np.argpartition(excess[violated], -batch)[-batch:]]
            self.in_active[violated] = True
            self.active.extend(int(m) for m in violated)


# --------------------------------------------------------------------------------------------
# Bands
# --------------------------------------------------------------------------------------------


def win_win_bands(game: Game, *, nonnegative: bool = False, limits: Limits = UNLIMITED) -> Bands:
    """Every partner's lowest and highest contribution over the core of the cost game ``game``,
    or over its least core when the core is empty (see the module docstring).

    ``nonnegative=True`` also requires ``y_i ≥ 0`` (no partner is paid). Raises
    :class:`~samenspel.funding.games.BudgetExceeded` above ``limits``, and
    :class:`~samenspel.funding.games.EmptyImputationSetError` when ``nonnegative`` and the grand
    coalition's cost is negative (nobody can then pay ``≥ 0``).
    """
    what = "De win-win band"
    n = game.n
    if n > BAND_MAX_PLAYERS:
        raise BudgetExceeded(
            f"{what} is niet berekend: de groep telt {n} gemeenten en de band wordt berekend "
            f"voor groepen tot {BAND_MAX_PLAYERS} gemeenten (daarboven duurt het te lang)."
        )
    if limits.max_seconds is None or limits.max_seconds > BAND_MAX_SECONDS:
        limits = replace(limits, max_seconds=BAND_MAX_SECONDS)
    c, scale = _cost_side(game, what, limits)
    full = (1 << n) - 1
    if nonnegative and c[full] < -TOL:
        raise EmptyImputationSetError(
            "Zonder negatieve bijdragen is er geen verdeling: samen kost het "
            f"{game.grand_value:.2f}, minder dan nul."
        )
    if n == 1:
        value = float(game.grand_value)
        return Bands((Band(game.players[0], value, value),), 0.0, nonnegative)
    deadline = limits.start()
    lp = _CoreLP(c, n, nonnegative, deadline, what)
    # The least core: min ε s.t. y(S) − ε ≤ c(S), y(N) = c(N).
    z = lp.solve(np.r_[np.zeros(n), 1.0], None)
    eps_min = float(z[n])
    # Over the core itself when it is non-empty; at the least core's ε a hair of slack keeps the
    # LP feasible despite rounding.
    eps = 0.0 if eps_min < -TOL else max(eps_min, 0.0) + TOL
    bands = []
    for i in range(n):
        e = np.zeros(n)
        e[i] = 1.0
        low = float(lp.solve(e, eps)[i])
        high = float(lp.solve(-e, eps)[i])
        bands.append(Band(game.players[i], low * scale + 0.0, high * scale + 0.0))
    epsilon = eps_min * scale if eps_min > TOL else min(eps_min * scale, 0.0)
    return Bands(tuple(bands), epsilon + 0.0, nonnegative)


# --------------------------------------------------------------------------------------------
# The nucleolus when nobody is paid
# --------------------------------------------------------------------------------------------


def restricted_nucleolus(game: Game, *, limits: Limits = UNLIMITED) -> RestrictedNucleolus:
    """The nucleolus of the cost game ``game`` over ``{y : y(N) = c(N), 0 ≤ y_i ≤ c({i})}``.

    Sequential LPs (Maschler, Peleg & Shapley 1979) with constraint generation: at each stage
    ``min t`` s.t. ``y(S) − c(S) ≤ t`` for the coalitions not yet fixed, the equalities fixed so
    far, and the bounds. Coalitions and bounds with a positive dual price are tight in every
    optimum and become equalities; coalitions whose characteristic vector lies in the span of
    the equalities have a constant excess from then on and are dropped; it stops when the
    equalities have rank ``n``. Raises :class:`EmptyImputationSetError` when the set is empty
    (``c(N) < 0``, a negative stand-alone cost, or ``c(N) > Σ c({i})``).
    """
    what = "De nucleolus zonder negatieve bijdragen"
    n = game.n
    c, scale = _cost_side(game, what, limits)
    full = (1 << n) - 1
    singles = c[1 << np.arange(n)]
    if c[full] < -TOL or np.any(singles < -TOL) or c[full] > singles.sum() + TOL * n:
        raise EmptyImputationSetError(
            "Er is geen verdeling waarin niemand geld krijgt en niemand meer betaalt dan alleen: "
            f"samen kost het {game.grand_value:.2f}, alleen samen "
            f"{float(singles.sum()) * scale:.2f}."
        )
    if n == 1:
        return RestrictedNucleolus(game.players, np.array([float(game.grand_value)]), ())
    deadline = limits.start()
    x, levels = _restricted_lp(c, n, singles, deadline, what)
    return RestrictedNucleolus(
        tuple(game.players), x * scale + 0.0, tuple(t * scale for t in levels)
    )


def _restricted_lp(
    c: NDArray, n: int, upper: NDArray, deadline, what: str
) -> tuple[NDArray, list[float]]:
    full = (1 << n) - 1
    candidate = np.ones(1 << n, dtype=bool)
    candidate[[0, full]] = False
    in_active = np.zeros(1 << n, dtype=bool)
    active = _start_masks(n)
    in_active[active] = True
    eq_rows: list[NDArray] = [np.ones(n)]
    eq_rhs: list[float] = [float(c[full])]
    basis = null_space(np.array(eq_rows))  # directions along which y may still move
    bounds = [(0.0, float(u)) for u in upper] + [(None, None)]
    batch = BATCH_FACTOR * n
    levels: list[float] = []

    def residual(masks: Sequence[int] | NDArray) -> NDArray:
        if basis.shape[1] == 0:
            return np.zeros(len(masks))
        return np.linalg.norm(_chi(masks, n) @ basis, axis=1)

    def drop(masks) -> None:
        for m in masks:
            candidate[m] = False
            in_active[m] = False

    while basis.shape[1] > 0:
        while True:
            active = [m for m in active if in_active[m]]
            a_ub = np.hstack([_chi(active, n), -np.ones((len(active), 1))]) if active else None
            b_ub = c[active] if active else None
            a_eq = np.hstack([np.array(eq_rows), np.zeros((len(eq_rows), 1))])
            res = _solve_lp(
                np.r_[np.zeros(n), 1.0], a_ub, b_ub, a_eq, np.array(eq_rhs), bounds, deadline, what
            )
            if res.status == 3 and not active:  # nothing left to bound t: pick any point
                res = _solve_lp(
                    np.zeros(n + 1), None, None, a_eq, np.array(eq_rhs), bounds, deadline, what
                )
            if res.status != 0:
                raise VerificationError(
                    f"Het lineair programma voor {what.lower()} is niet opgelost: {res.message}"
                )
            y, t = res.x[:n], float(res.x[n])
            excess = subset_sums(y) - c
            deadline.check(what)
            violated = np.flatnonzero(candidate & ~in_active & (excess > t + TOL))
            if violated.size == 0 or not active:
                break
            if violated.size > batch:
                violated = violated[np.argpartition(excess[violated], -batch)[-batch:]]
            spanned = residual(violated) <= 1e-8
            drop(int(m) for m in violated[spanned])
            new = [int(m) for m in violated[~spanned]]
            in_active[new] = True
            active.extend(new)
        fixed_any = False

        def fix(row: NDArray, rhs: float) -> bool:
            nonlocal basis
            if basis.shape[1] and np.linalg.norm(row @ basis) > 1e-8:
                eq_rows.append(row)
                eq_rhs.append(rhs)
                basis = null_space(np.array(eq_rows))
                return True
            return False

        if active:
            levels.append(t)
            duals = -res.ineqlin.marginals
            for k in np.argsort(-duals):
                if duals[k] <= TOL:
                    break
                m = active[k]
                fixed_any |= fix(_chi([m], n)[0], float(c[m] + t))
                drop([m])
        for i in range(n):
            e = np.zeros(n)
            e[i] = 1.0
            if res.lower.marginals[i] > TOL:
                fixed_any |= fix(e, 0.0)
            elif res.upper.marginals[i] < -TOL:
                fixed_any |= fix(e, float(upper[i]))
        if not fixed_any:
            if active:  # pragma: no cover - guaranteed by LP duality
                raise VerificationError(f"{what} komt niet vooruit (geen vaste rij).")
            # No coalition left whose excess varies: every point of the set is optimal.
            fix(basis[:, 0], float(basis[:, 0] @ y))
            continue
        # Drop coalitions whose excess is now constant, then restart from the largest others.
        active = [m for m in active if in_active[m]]
        if active:
            keep = residual(active) > 1e-8
            drop(m for m, k in zip(active, keep, strict=True) if not k)
            active = [m for m, k in zip(active, keep, strict=True) if k]
        if basis.shape[1] and not active:
            cand = np.flatnonzero(candidate)
            cand = cand[np.argsort(-excess[cand], kind="stable")]
            while cand.size and not active:
                head, cand = cand[: 4 * batch], cand[4 * batch :]
                keep = residual(head) > 1e-8
                drop(int(m) for m in head[~keep])
                active = [int(m) for m in head[keep][:batch]]
            in_active[active] = True
    x = np.linalg.lstsq(np.array(eq_rows), np.array(eq_rhs), rcond=None)[0]
    return x, levels
