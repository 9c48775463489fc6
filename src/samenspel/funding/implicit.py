"""The Verdeelsleutel cost game for large groups, without listing its ``2^n`` coalitions.

The cost game of the Verdeelsleutel (:func:`samenspel.funding.analysis.compare`) is

    c(S) = max(0, F + a · P(S)^b − s(S)),
    s(S) = max(per_inhabitant · P(S), minimum)  if S lies in one referentieregio and
                                                P(S) ≥ min_population, else 0,

with ``P(S)`` the inhabitants of ``S`` (without subsidy: ``c(S) = F + a · P(S)^b``). It depends
on ``S`` only through ``P(S)`` and the set of referentieregio's of ``S``. That makes the *most
dissatisfied coalition* for an allocation ``y`` — ``max_S y(S) − c(S)`` over ``S ≠ ∅, N`` —
computable exactly in ``O(n² + Σ_r n_r · P_r)`` instead of ``O(2^n)``:

* With ``K(P) = F + a·P^b`` concave (``0 < b ≤ 1``), ``K(P) = min_λ (α_λ + λ P)`` over its tangent
  lines, so ``max_S y(S) − K(P(S)) = max_λ max_S Σ_{i∈S} (y_i − λ p_i) − α_λ``. For a fixed ``λ``
  the best ``S`` takes every player with ``y_i / p_i > λ``: a *prefix* of the players sorted by
  ``y_i / p_i``. With ``∅`` and ``N`` excluded the best is a prefix, a single player or ``N``
  minus one player: ``3n`` candidates. Because ``c(S) ≤ K(P(S))`` for every ``S``, this bounds
  the excess of every coalition from below by its value.
* A coalition inside one referentieregio ``r`` may pay less than ``K`` (the subsidy). For those,
  a knapsack over inhabitants (integer populations) gives ``best_r[p]`` = the largest ``y(S)``
  over the subsets of ``r`` with exactly ``p`` inhabitants, so ``max_p best_r[p] − c_r(p)`` is
  exact for every cost that depends on ``p`` only.

The maximum of the two is the exact maximum excess. On top of this oracle:

* :func:`most_dissatisfied` — the oracle, optionally with players forced in or out and a set of
  coalitions to skip (Lawler's 1972 partitioning for the best coalition outside that set);
* :func:`nucleolus` — sequential LPs with constraint generation by the oracle (Hallefjord,
  Helming & Jørnsten 1995, "Computing the nucleolus when the characteristic function is given
  implicitly: a constraint generation approach", *Int. J. Game Theory* 24, 357–372), checked
  level by level at the nucleolus of the coalitions generated so far;
* :func:`core_check` — whether an allocation is win-win (in the core), and the group that would
  be better off alone.

The exact Shapley value of the same game is in :mod:`samenspel.funding.shapley_pop`.

Contiguity (the assumption ``aaneengesloten``) is not supported: a connected-subgraph
constraint breaks the knapsack, and :class:`PopulationCostGame` refuses it with a Dutch message.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from samenspel.funding.games import (
    COST,
    EXACT,
    UNLIMITED,
    BudgetExceeded,
    CoreCheck,
    EmptyImputationSetError,
    Game,
    GameError,
    Limits,
    Solution,
    Verification,
    VerificationError,
    _all_weakly_balanced,
    _count,
    _Deadline,
    _solve_lp,
    _Span,
)

__all__ = [
    "PopulationCostGame",
    "core_check",
    "most_dissatisfied",
    "nucleolus",
]


@dataclass(frozen=True)
class PopulationCostGame:
    """The net cost game of the Verdeelsleutel, given by its few parameters.

    ``populations`` are whole numbers of inhabitants ≥ 1; ``regions`` one referentieregio per
    player. ``with_subsidy=False`` gives the plain cost model ``c(S) = F + a·P(S)^b``.
    """

    players: tuple[str, ...]
    populations: tuple[int, ...]
    regions: tuple[str, ...]
    fixed_cost: float
    scale: float
    exponent: float
    min_population: float = 0.0
    per_inhabitant: float = 0.0
    minimum: float = 0.0
    with_subsidy: bool = True
    require_contiguous: bool = False

    def __post_init__(self) -> None:
        n = len(self.players)
        if n == 0:
            raise GameError("Een spel heeft minstens één speler nodig.")
        if n > 62:
            raise GameError(f"Te veel gemeenten ({n}): hoogstens 62.")
        if len(set(self.players)) != n:
            raise GameError("Elke gemeente mag maar één keer meedoen.")
        if len(self.populations) != n or len(self.regions) != n:
            raise GameError("Er moet één bevolkingscijfer en één referentieregio per speler zijn.")
        for name, pop in zip(self.players, self.populations, strict=True):
            if int(pop) != pop or pop < 1:
                raise GameError(
                    f"Het bevolkingscijfer van '{name}' moet een geheel getal ≥ 1 zijn, niet "
                    f"{pop!r}."
                )
        if not (0 < self.exponent <= 1):
            raise GameError(
                f"De exponent b van het kostenmodel moet tussen 0 en 1 liggen (nu "
                f"{self.exponent:g}): alleen dan is de kost concaaf in het aantal inwoners."
            )
        if self.fixed_cost < 0 or self.scale < 0:
            raise GameError("Het kostenmodel heeft F ≥ 0 en a ≥ 0 nodig.")
        if self.require_contiguous and self.with_subsidy:
            raise GameError(
                "De exacte berekening voor grote groepen kan de aanname 'aaneengesloten' niet "
                "aan: zonder die aanname kan het wel, of met hoogstens 20 gemeenten."
            )

    # -- values -----------------------------------------------------------------------------

    @property
    def n(self) -> int:
        return len(self.players)

    def _pops(self) -> NDArray[np.int64]:
        return np.asarray(self.populations, dtype=np.int64)

    def programme_cost(self, pop: NDArray | float) -> NDArray:
        """``K(P) = F + a · P^b`` (for a non-empty coalition)."""
        return self.fixed_cost + self.scale * np.power(np.asarray(pop, dtype=float), self.exponent)

    def subsidised_cost(self, pop: NDArray | float) -> NDArray:
        """The cost of a coalition inside one referentieregio with ``pop`` inhabitants."""
        pop = np.asarray(pop, dtype=float)
        k = self.programme_cost(pop)
        if not self.with_subsidy:
            return k
        subsidy = np.where(
            pop >= self.min_population,
            np.maximum(self.per_inhabitant * pop, self.minimum),
            0.0,
        )
        return np.maximum(0.0, k - subsidy)

    def cost(self, mask: int) -> float:
        """``c(S)`` for the coalition with bitmask ``mask`` (player ``i`` = bit ``i``)."""
        if mask == 0:
            return 0.0
        members = [i for i in range(self.n) if mask >> i & 1]
        pop = sum(self.populations[i] for i in members)
        if len({self.regions[i] for i in members}) == 1:
            return float(self.subsidised_cost(pop))
        return float(self.programme_cost(pop))

    def costs(self, masks: NDArray[np.uint64]) -> NDArray[np.float64]:
        """Vectorised :meth:`cost` (for :meth:`to_game` and checks)."""
        masks = np.asarray(masks, dtype=np.uint64)
        pops = np.zeros(masks.shape, dtype=float)
        one_region = np.zeros(masks.shape, dtype=bool)
        for i, p in enumerate(self.populations):
            pops += np.where((masks >> np.uint64(i)) & np.uint64(1), float(p), 0.0)
        for r in set(self.regions):
            rm = sum(1 << i for i in range(self.n) if self.regions[i] == r)
            outside = np.uint64(((1 << self.n) - 1) & ~rm)
            one_region |= (masks & outside) == 0
        value = np.where(one_region, self.subsidised_cost(pops), self.programme_cost(pops))
        return np.where(masks == 0, 0.0, value)

    def to_game(self) -> Game:
        """The same game as a lazy :class:`~samenspel.funding.games.Game` (for small groups)."""
        return Game.from_function(self.players, self.costs, COST, "Verdeelsleutel-kostenspel")


# --------------------------------------------------------------------------------------------
# The oracle
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dissatisfied:
    """The coalition with the largest excess ``y(S) − c(S)`` (``mask``), and that excess."""

    excess: float
    mask: int


def _best_unrestricted(
    game: PopulationCostGame, y: NDArray, forced_in: int, forced_out: int
) -> list[Dissatisfied]:
    """The ``3n`` candidates of the tangent-line argument (forced players respected, ``∅`` and
    ``N`` excluded), each valued at its true cost ``c(S)``; the best of them is the best ``S``
    for the cost ``K(P(S))``."""
    n = game.n
    full = (1 << n) - 1
    free = [i for i in range(n) if not ((forced_in | forced_out) >> i & 1)]
    pops = game.populations
    order = sorted(free, key=lambda i: -y[i] / pops[i])
    candidates = set()
    mask = forced_in
    candidates.add(mask)
    for i in order:
        mask |= 1 << i
        candidates.add(mask)
    for i in free:
        candidates.add(forced_in | 1 << i)
        candidates.add(full & ~forced_out & ~(1 << i))
    found = []
    for m in candidates:
        if m == 0 or m == full or (m & forced_in) != forced_in or m & forced_out:
            continue
        found.append(Dissatisfied(_sum(y, m) - game.cost(m), m))
    return found


def _cost_table(game: PopulationCostGame) -> NDArray[np.float64]:
    """``c`` of a coalition inside one referentieregio, for every population ``0..P(N)``
    (``−inf`` cost where it is not eligible is not needed: ineligible means ``K``)."""
    cached = _TABLES.get(game)
    if cached is None:
        cached = game.subsidised_cost(np.arange(sum(game.populations) + 1))
        cached.setflags(write=False)
        _TABLES.clear()
        _TABLES[game] = cached
    return cached


_TABLES: dict[PopulationCostGame, NDArray[np.float64]] = {}


def _best_in_region(
    game: PopulationCostGame,
    y: NDArray,
    members: Sequence[int],
    forced_in: int,
    forced_out: int,
    top: int = 1,
    unrestricted: bool = False,
) -> list[Dissatisfied]:
    """Exact best ``S`` inside one referentieregio (``members``) by a knapsack over inhabitants;
    with ``top > 1`` also the best ``S`` of the next best populations."""
    n = game.n
    full = (1 << n) - 1
    member_mask = sum(1 << i for i in members)
    if forced_in & ~member_mask:
        return []
    free = [i for i in members if not ((forced_in | forced_out) >> i & 1)]
    pops = game.populations
    base_pop = sum(pops[i] for i in range(n) if forced_in >> i & 1)
    base_y = _sum(y, forced_in)
    total = sum(pops[i] for i in free)
    best = np.full(total + 1, -np.inf)
    best[0] = 0.0
    took = np.zeros((len(free), total + 1), dtype=bool)
    reach = 0
    for k, i in enumerate(free):
        p = pops[i]
        cand = best[: reach + 1] + y[i]
        old = best[p : p + reach + 1]
        better = cand > old
        took[k, p : p + reach + 1] = better
        np.maximum(old, cand, out=old)
        reach += p
    if unrestricted:
        costs = game.programme_cost(np.arange(base_pop, base_pop + total + 1))
    else:
        costs = _cost_table(game)[base_pop : base_pop + total + 1]
    value = best + (base_y - costs)
    if base_pop == 0:
        value[0] = -np.inf  # the empty coalition
    if member_mask == full and forced_out == 0:
        value[total] = -np.inf  # the grand coalition (populations ≥ 1: only N has all)
    if game.with_subsidy and not unrestricted:
        low = int(math.ceil(game.min_population)) - base_pop
        if low > 0:
            value[: min(low, total + 1)] = -np.inf
    if top <= 1:
        picks = [int(np.argmax(value))]
    else:
        k = min(top, value.size)
        picks = [int(p) for p in np.argpartition(-value, k - 1)[:k]]
    found = []
    for p in picks:
        if not np.isfinite(value[p]):
            continue
        excess = float(value[p])
        mask = forced_in
        for k in range(len(free) - 1, -1, -1):
            if took[k, p]:
                mask |= 1 << free[k]
                p -= pops[free[k]]
        found.append(Dissatisfied(excess, mask))
    return found


def _oracle_all(
    game: PopulationCostGame, y: NDArray, forced_in: int = 0, forced_out: int = 0, top: int = 1
) -> list[Dissatisfied]:
    found = _best_unrestricted(game, y, forced_in, forced_out)
    if game.with_subsidy:
        for members in _region_members(game):
            found.extend(_best_in_region(game, y, members, forced_in, forced_out, top))
    return found


def _region_members(game: PopulationCostGame) -> list[list[int]]:
    regions: dict[str, list[int]] = {}
    for i, r in enumerate(game.regions):
        regions.setdefault(r, []).append(i)
    return list(regions.values())


def _oracle(
    game: PopulationCostGame, y: NDArray, forced_in: int = 0, forced_out: int = 0
) -> Dissatisfied | None:
    found = _oracle_all(game, y, forced_in, forced_out)
    return max(found, key=lambda d: d.excess) if found else None


def most_dissatisfied(
    game: PopulationCostGame,
    y: Sequence[float] | NDArray,
    *,
    skip: Callable[[int], bool] | None = None,
    max_skipped: int = 10_000,
    span_free: int = 0,
    deadline: _Deadline | None = None,
    cache: dict[tuple[int, int], Dissatisfied | None] | None = None,
) -> Dissatisfied | None:
    """The coalition ``S ≠ ∅, N`` with the largest excess ``y(S) − c(S)``, exactly.

    ``skip(mask)`` (optional) marks coalitions to pass over; the best coalition not skipped is
    then found by Lawler's partitioning (each skipped coalition splits the remaining ones into
    at most ``n`` subproblems with players forced in or out). Returns ``None`` when every
    coalition is skipped; raises :class:`BudgetExceeded` after ``max_skipped`` skipped ones or
    at the ``deadline``.

    When ``skip`` is membership of a linear span that contains the indicator of every player
    in ``span_free`` (a bitmask), adding or removing those players never changes whether a
    coalition is skipped: they are branched on last, and a skipped coalition's subproblems that
    differ from it only in those players are dropped whole.
    """
    y = np.asarray(y, dtype=float)
    if y.shape != (game.n,):
        raise GameError(f"De verdeling moet {game.n} bedragen hebben, niet {y.size}.")

    def best(fin: int, fout: int) -> Dissatisfied | None:
        if cache is None:
            return _oracle(game, y, fin, fout)
        if (fin, fout) not in cache:
            cache[fin, fout] = _oracle(game, y, fin, fout)
        return cache[fin, fout]

    first = best(0, 0)
    if first is None or skip is None:
        return first
    heap: list[tuple[float, int, int, int, int]] = []
    counter = 0
    heapq.heappush(heap, (-first.excess, counter, first.mask, 0, 0))
    skipped = 0
    while heap:
        neg, _, mask, fin, fout = heapq.heappop(heap)
        if not skip(mask):
            return Dissatisfied(-neg, mask)
        skipped += 1
        if skipped > max_skipped:
            raise BudgetExceeded(
                f"De meest benadeelde coalitie is niet gevonden: meer dan {max_skipped} "
                "coalities moesten overgeslagen worden."
            )
        if deadline is not None and skipped % 16 == 0:
            deadline.check("De nucleolus")
        free = [i for i in range(game.n) if not ((fin | fout) >> i & 1)]
        free.sort(key=lambda i: span_free >> i & 1)
        for i in free:
            if span_free >> i & 1:
                break  # the rest of the subproblems are skipped whole, like ``mask``
            bit = 1 << i
            sub_in, sub_out = (fin, fout | bit) if mask & bit else (fin | bit, fout)
            cand = best(sub_in, sub_out)
            if cand is not None:
                counter += 1
                heapq.heappush(heap, (-cand.excess, counter, cand.mask, sub_in, sub_out))
            if mask & bit:
                fin |= bit
            else:
                fout |= bit
    return None


def core_check(
    game: PopulationCostGame,
    allocation: Sequence[float] | NDArray,
    *,
    tolerance: float | None = None,
    least_core: float | None = None,
) -> CoreCheck:
    """Is ``allocation`` (what each player pays, in player order) win-win — in the core — and
    which group would be better off alone? Exactly, with the oracle instead of all ``2^n``
    coalitions (the counterpart of :func:`samenspel.funding.games.core_check`).

    ``tolerance`` defaults to ``10⁻⁹ · n`` times the largest amount. ``least_core`` is the
    least-core value (the first level of :func:`nucleolus`, over the imputations) when known:
    the core is empty when it is above ``tolerance``. Unknown, ``core_empty`` is ``None``
    unless the allocation itself is in the core; ``core_bound`` (``max Σy`` s.t.
    ``y(S) ≤ c(S)``) is not computed here and is ``nan``.
    """
    n = game.n
    y = np.asarray(allocation, dtype=float)
    if y.shape != (n,):
        raise GameError(f"De verdeling moet {n} bedragen hebben, één per speler.")
    if not np.all(np.isfinite(y)):
        raise GameError("De verdeling bevat een ongeldig bedrag.")
    full = (1 << n) - 1
    grand = game.cost(full)
    if tolerance is None:
        singles = [game.cost(1 << i) for i in range(n)]
        tolerance = 1e-9 * n * max(1.0, abs(grand), float(np.max(np.abs(y))), max(singles))
    gap = float(y.sum() - grand)
    efficient = abs(gap) <= tolerance
    found = most_dissatisfied(game, y) if n > 1 else None
    worst_mask, worst = (found.mask, found.excess) if found is not None else (0, 0.0)
    in_core = efficient and worst <= tolerance
    if least_core is not None:
        empty: bool | None = least_core > tolerance
    else:
        empty = False if in_core else None
    return CoreCheck(
        in_core=in_core,
        efficient=efficient,
        efficiency_gap=gap,
        worst_coalition=tuple(game.players[i] for i in range(n) if worst_mask >> i & 1),
        worst_excess=float(worst),
        core_empty=empty,  # type: ignore[arg-type]
        core_bound=float("nan"),
    )


# --------------------------------------------------------------------------------------------
# Nucleolus by constraint generation
# --------------------------------------------------------------------------------------------


def _chi(mask: int, n: int) -> NDArray[np.float64]:
    return np.array([(mask >> i) & 1 for i in range(n)], dtype=float)


def _sum(y: NDArray, mask: int) -> float:
    return float(sum(y[i] for i in range(len(y)) if mask >> i & 1))


class _Fixed:
    """The equalities fixed so far: coalitions (with their level) and the span they cover."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.span = _Span(n)
        self.span.add(np.ones(n))
        self.masks: set[int] = {(1 << n) - 1}

    def spanned(self, mask: int) -> bool:
        if mask in self.masks:
            return True
        return float(self.span.residual(_chi(mask, self.n)[None, :])[0]) <= self.span.tol

    def free_players(self) -> int:
        """Bitmask of the players whose indicator lies in the span."""
        res = self.span.residual(np.eye(self.n))
        return sum(1 << i for i in range(self.n) if res[i] <= self.span.tol)


def nucleolus(
    game: PopulationCostGame,
    *,
    limits: Limits = UNLIMITED,
    progress: Callable[[str], None] | None = None,
) -> Solution:
    """The nucleolus (over the imputations: nobody pays more than alone) of ``game``, exactly.

    Sequential LPs as in :func:`samenspel.funding.games.nucleolus`, on the cost side
    (``min t`` s.t. ``y(S) − c(S) ≤ t``), over a *family* of coalitions that grows lazily
    (constraint generation, Hallefjord, Helming & Jørnsten 1995):

    1. the family is seeded with the coalitions that usually decide the result: every
       singleton, ``N`` minus each player, every referentieregio of the group, each
       referentieregio minus one of its members and its complement, and the best coalitions
       the oracle finds for an allocation by population and for equal shares;
    2. the sequential LPs run on the family alone, level after level, until the fixed
       coalitions determine an allocation ``y`` (the *family's* nucleolus, a well-centred
       point, unlike the vertex of one LP);
    3. each level ``t_k`` is then checked at ``y`` with the oracle: the most dissatisfied
       coalition outside the span of the coalitions fixed at earlier levels
       (:func:`most_dissatisfied` with Lawler's partitioning) may not exceed ``t_k``. At the first
       level that fails, the violating coalitions (the exact worst one and the other candidates
       the oracle saw) join the family and step 2 restarts from that level — the earlier levels
       are proven: their LP value is a lower bound and ``y`` attains it for every coalition.

    When every level passes, ``y`` is the nucleolus. The per-level LP of a naive generation
    (one LP vertex at a time) stalls when the core is deeply empty (a group spanning two
    referentieregio's); the family's nucleolus does not wander over the optimal face.

    ``progress(text)`` (optional) is told each round in Dutch. Verified before it is returned
    (see :attr:`Verification.details`): efficiency; for every level, no coalition outside the
    span of the coalitions fixed at earlier levels has excess above it (the oracle, over all
    coalitions); every fixed coalition has excess equal to its level; and Kohlberg's
    balancedness of the fixed coalitions of levels 1..k (with the singletons at their bound).
    That last check covers the family only: coalitions with the same excess outside it are not
    listed, so it is a necessary check, not a proof.
    """
    n = game.n
    deadline = limits.start()
    what = "De nucleolus"
    full = (1 << n) - 1
    grand = game.cost(full)
    singles = np.array([game.cost(1 << i) for i in range(n)])
    scale = max(abs(grand), float(np.max(np.abs(singles))), 1e-300)
    if singles.sum() < grand - 1e-9 * scale:
        raise EmptyImputationSetError(
            "De imputatieverzameling is leeg: samen kost het "
            f"{grand:,.2f} €, meer dan de som van wat elke gemeente alleen zou betalen "
            f"({singles.sum():,.2f} €).".replace(",", " ")
            .replace(".", ",")
            .replace(" ", ".")
        )
    if n == 1:
        return _solution(game, np.array([grand]), [], None, "Eén gemeente betaalt alles.")
    c_of: dict[int, float] = {}

    def cost(mask: int) -> float:
        if mask not in c_of:
            c_of[mask] = game.cost(mask) / scale
        return c_of[mask]

    tol = 1e-9
    check_tol = 1e-7
    ub = singles / scale
    family: dict[int, None] = dict.fromkeys(_seeds(game))
    levels: list[_Level] = []
    rounds = 0
    while True:
        rounds += 1
        deadline.check(what)
        fixed = _Fixed(n)
        eq_rows: list[NDArray] = [np.ones(n)]
        eq_rhs: list[float] = [grand / scale]
        for lv in levels:
            for m in lv.masks:
                if fixed.span.add(_chi(m, n)):
                    eq_rows.append(_chi(m, n))
                    eq_rhs.append(cost(m) + lv.t)
                fixed.masks.add(m)
            for i in lv.bound:
                e = np.zeros(n)
                e[i] = 1.0
                if fixed.span.add(e):
                    eq_rows.append(e)
                    eq_rhs.append(float(ub[i]))
        # Step 2: the family's sequential LPs from the first unproven level on.
        while fixed.span.rank < n:
            deadline.check(what)
            rows = [m for m in family if not fixed.spanned(m)]
            chi = np.array([_chi(m, n) for m in rows])
            a_ub = np.hstack([chi, -np.ones((len(rows), 1))])
            b_ub = np.array([cost(m) for m in rows])
            a_eq = np.hstack([np.array(eq_rows), np.zeros((len(eq_rows), 1))])
            bounds = [(None, float(b)) for b in ub] + [(None, None)]
            res = _solve_lp(
                np.r_[np.zeros(n), 1.0], a_ub, b_ub, a_eq, np.array(eq_rhs), bounds, deadline, what
            )
            if res.status != 0:
                raise VerificationError(
                    f"Het lineair programma voor de nucleolus is niet opgelost: {res.message}"
                )
            t = float(res.x[n])
            duals = -res.ineqlin.marginals
            level = _Level(t, [], [])
            fixed_any = False
            for k in np.argsort(-duals):
                if duals[k] <= tol:
                    break
                m = rows[k]
                level.masks.append(m)
                if fixed.span.add(_chi(m, n)):
                    eq_rows.append(_chi(m, n))
                    eq_rhs.append(cost(m) + t)
                    fixed_any = True
                fixed.masks.add(m)
            for i in np.flatnonzero(-res.upper.marginals[:n] > tol):
                e = np.zeros(n)
                e[int(i)] = 1.0
                level.bound.append(int(i))
                if fixed.span.add(e):
                    eq_rows.append(e)
                    eq_rhs.append(float(ub[int(i)]))
                    fixed_any = True
            if not fixed_any:  # pragma: no cover - guaranteed by LP duality
                raise VerificationError(
                    "De nucleolus-berekening komt niet vooruit (geen vaste rij)."
                )
            levels.append(level)
        y = np.linalg.solve(np.array(eq_rows), np.array(eq_rhs))
        # Step 3: check every level at y with the oracle; extend the family at the first failure.
        earlier = _Fixed(n)
        failed = None
        worst: list[Dissatisfied | None] = []
        at_y: dict[tuple[int, int], Dissatisfied | None] = {}
        for k, level in enumerate(levels):
            deadline.check(what)
            found = most_dissatisfied(
                game,
                y * scale,
                skip=earlier.spanned,
                span_free=earlier.free_players(),
                deadline=deadline,
                cache=at_y,
            )
            if found is not None and found.excess / scale > level.t + check_tol:
                new = {found.mask}
                for d in sorted(_oracle_all(game, y * scale, top=2 * n), key=lambda d: -d.excess):
                    if len(new) >= 6 * n or d.excess / scale <= level.t + check_tol:
                        break
                    if d.mask not in family and not earlier.spanned(d.mask):
                        new.add(d.mask)
                family.update(dict.fromkeys(sorted(new)))
                failed = k
                break
            worst.append(found)
            _absorb(earlier, level, n)
        if failed is None:
            break
        del levels[failed:]
        if progress is not None:
            progress(f"Ronde {rounds}: {len(family)} groepen bekeken, {failed} niveau(s) bewezen.")
    return _verified(
        game,
        y * scale,
        [lv.t * scale for lv in levels],
        [lv.masks for lv in levels],
        [lv.bound for lv in levels],
        len(family),
        what,
        limits,
        worst,
    )


@dataclass
class _Level:
    """One level of the sequential LPs: its value (scaled), the coalitions fixed at it (positive
    dual price) and the players at their upper bound."""

    t: float
    masks: list[int]
    bound: list[int]


def _absorb(fixed: _Fixed, level: _Level, n: int) -> None:
    for m in level.masks:
        fixed.span.add(_chi(m, n))
        fixed.masks.add(m)
    for i in level.bound:
        e = np.zeros(n)
        e[i] = 1.0
        fixed.span.add(e)


def _seeds(game: PopulationCostGame) -> list[int]:
    """The coalitions every family starts with (see :func:`nucleolus`)."""
    n = game.n
    full = (1 << n) - 1
    seeds = [1 << i for i in range(n)] + [full ^ (1 << i) for i in range(n)]
    for members in _region_members(game):
        region = sum(1 << i for i in members)
        if region != full:
            seeds += [region, full ^ region]
        if len(members) > 1:
            seeds += [region ^ (1 << i) for i in members]
    grand = game.cost(full)
    pops = np.asarray(game.populations, dtype=float)
    for y in (grand * pops / pops.sum(), np.full(n, grand / n)):
        seeds += [d.mask for d in _oracle_all(game, y, top=n)]
    return [m for m in dict.fromkeys(seeds) if 0 < m < full]


def _solution(
    game: PopulationCostGame,
    y: NDArray,
    levels: list[float],
    verification: Verification | None,
    note: str,
) -> Solution:
    if verification is None:
        verification = Verification(True, "Kohlberg", 0.0, ("één speler",), 0)
    return Solution(
        method="nucleolus",
        kind=COST,
        players=game.players,
        allocation=np.asarray(y, dtype=float) + 0.0,
        exact=True,
        verification=verification,
        levels=tuple(levels),
        computation=EXACT,
        note=note,
    )


def _verified(
    game: PopulationCostGame,
    y: NDArray,
    levels: list[float],
    fixed_at: list[list[int]],
    at_bound: list[list[int]],
    generated: int,
    what: str,
    limits: Limits = UNLIMITED,
    worst: Sequence[Dissatisfied | None] | None = None,
) -> Solution:
    n = game.n
    deadline = limits.start()
    full = (1 << n) - 1
    grand = game.cost(full)
    singles = np.array([game.cost(1 << i) for i in range(n)])
    scale = max(abs(grand), float(np.max(np.abs(singles))), 1.0)
    tol = 1e-7 * scale
    details: list[str] = []
    gap = float(y.sum() - grand)
    ok = abs(gap) <= tol
    details.append(f"efficiëntie (afwijking {gap:.3g}): {'ok' if ok else 'MISLUKT'}")
    ir_ok = bool(np.all(y <= singles + tol))
    details.append("niemand betaalt meer dan alleen: " + ("ok" if ir_ok else "MISLUKT"))
    ok = ok and ir_ok
    # Every level: no coalition outside the span of the earlier fixed ones exceeds it.
    earlier = _Fixed(n)
    for k, level in enumerate(levels):
        if worst is not None:  # the oracle's answers at this very y, level by level
            found = worst[k]
        else:
            found = most_dissatisfied(
                game, y, skip=earlier.spanned, span_free=earlier.free_players(), deadline=deadline
            )
        level_ok = found is None or found.excess <= level + tol
        tight_ok = all(abs(_sum(y, m) - game.cost(m) - level) <= tol for m in fixed_at[k])
        if not (level_ok and tight_ok):
            details.append(
                f"niveau {k + 1} ({level:.6g}): "
                + ("" if level_ok else f"een coalitie heeft overschot {found.excess:.6g}; ")
                + ("" if tight_ok else "een vastgelegde coalitie ligt niet op het niveau; ")
                + "MISLUKT"
            )
            ok = False
        for m in fixed_at[k]:
            earlier.span.add(_chi(m, n))
            earlier.masks.add(m)
        for i in at_bound[k]:
            e = np.zeros(n)
            e[i] = 1.0
            earlier.span.add(e)
    if ok:
        details.append(
            f"geen coalitie boven haar niveau ({len(levels)} niveau(s), met het orakel "
            "nagegaan over alle coalities): ok"
        )
    members = [m for ms in fixed_at for m in ms]
    ends = list(np.cumsum([len(ms) for ms in fixed_at]))
    d0 = [i for i in range(n) if abs(y[i] - singles[i]) <= tol]
    balanced = _all_weakly_balanced(members, [int(e) for e in ends if e], d0, n)
    details.append(
        "Kohlberg-balans van de gegenereerde krappe coalities: " + ("ok" if balanced else "MISLUKT")
    )
    ok = ok and balanced
    verification = Verification(
        ok, "orakel + Kohlberg (gegenereerde coalities)", gap, tuple(details), len(levels)
    )
    if not ok:
        raise VerificationError(
            "De nucleolus doorstaat de controle niet: " + "; ".join(verification.details)
        )
    note = (
        f"Exact berekend zonder alle {_count((1 << n) - 1)} coalities op te sommen: opeenvolgende "
        f"lineaire programma's over {_count(generated)} coalities, gekozen door een orakel dat de "
        "meest benadeelde groep exact vindt; nagegaan dat geen enkele coalitie boven haar niveau "
        "uitkomt."
    )
    return _solution(game, y, levels, verification, note)
