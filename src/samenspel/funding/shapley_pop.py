"""Exact Shapley value of the Verdeelsleutel cost game for large groups (pure: no Django).

The cost game (:class:`samenspel.funding.implicit.PopulationCostGame`) is

    c(S) = K(P(S))      if S spans two or more referentieregio's,
    c(S) = k(P(S))      if S lies in one referentieregio (k = K minus the subsidy, floor 0),

with ``K(P) = F + a · P^b`` and ``P(S)`` the inhabitants of ``S``. The Shapley weight of a
coalition depends only on its size, so the Shapley value only needs *how many* coalitions there
are of each size and population — a pseudo-polynomial count, as for weighted voting games
(generating functions). With ``D(P) = K(P) − k(P)`` (the subsidy a one-region coalition
deducts) the marginal cost of player ``i`` (population ``p``, referentieregio ``r``) joining
``S ⊆ N ∖ {i}`` is

* ``c({i})`` for ``S = ∅``;
* ``K(P+p) − K(P) + D(P) − D(P+p)`` for ``S`` inside ``r`` (both sides subsidised);
* ``K(P+p) − K(P) + D(P)`` for ``S`` inside another referentieregio ``q`` (``i`` makes ``S``
  lose its subsidy);
* ``K(P+p) − K(P)`` for ``S`` spanning two or more referentieregio's;

so with ``w(s) = s! (n−1−s)! / n!``

    φ_i = w(0) c({i}) + Σ_{s≥1} w(s) [ Σ_P A_i(s, P) (K(P+p) − K(P))
                                       + Σ_P R_i(s, P) (D(P) − D(P+p)) ]
          + Σ_{q ≠ r} Σ_{s≥1} w(s) Σ_P Q_q(s, P) D(P)

with ``A_i(s, P)`` the number of subsets of ``N ∖ {i}`` of size ``s`` and population ``P``,
``R_i`` the same inside ``r ∖ {i}`` and ``Q_q`` inside ``q``. The tables of ``N`` and of every
referentieregio are built once (knapsack over (size, population)); the table without ``i``
follows from it by the inverse step ``A_i(s, P) = A(s, P) − A_i(s−1, P−p)``, one row at a
time. Only the rows up to half the size are stored: a subset of size ``s`` and population
``P`` is the complement of one of size ``m−s`` and population ``P_tot − P``. Populations are
divided by their greatest common divisor first. The counts are integers below ``C(40, 20) <
2^53`` for ``n ≤ 40`` (at most ``C(n−1, ⌊(n−1)/2⌋)``), so float64 holds them exactly up to
``n = 55``; more players are refused.

Memory grows with ``n`` times the total population (in units of the gcd); the table size is
estimated before anything is allocated and a computation above ``Limits.max_table_bytes``
raises :class:`~samenspel.funding.games.BudgetExceeded` with a Dutch message.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from functools import reduce

import numpy as np
from numpy.typing import NDArray

from samenspel.funding.games import (
    COST,
    EXACT,
    UNLIMITED,
    BudgetExceeded,
    GameError,
    Limits,
    Solution,
    Verification,
    VerificationError,
    _count,
    _Deadline,
)
from samenspel.funding.implicit import PopulationCostGame

__all__ = ["MAX_COUNTED_PLAYERS", "shapley", "table_bytes"]

#: Above this many players a count could pass 2^53 (C(55, 27) < 2^53 < C(57, 28)).
MAX_COUNTED_PLAYERS = 56


def _megabytes(value: float) -> str:
    return f"{value / 2**20:,.0f} MB".replace(",", ".")


class _Counts:
    """Number of subsets of ``pops`` per size ``s ≤ m // 2`` and population ``P``.

    Row ``s`` is stored for the populations ``lo[s]..hi[s]`` only (the sums of the ``s``
    smallest and the ``s`` largest items): no subset of size ``s`` lies outside.
    """

    def __init__(self, pops: Sequence[int], deadline: _Deadline | None = None) -> None:
        self.pops = list(pops)
        m = self.m = len(self.pops)
        self.total = sum(self.pops)
        self.lo, self.hi = _bounds(self.pops)
        rows = [np.zeros(self.hi[s] - self.lo[s] + 1) for s in range(len(self.lo))]
        rows[0][0] = 1.0
        for k, p in enumerate(self.pops):
            if deadline is not None:
                deadline.check("De exacte Shapley-waarde")
            for s in range(min(k + 1, m // 2), 0, -1):
                _add_shifted(rows[s], self.lo[s], rows[s - 1], self.lo[s - 1], p, 1.0)
        self.rows = rows

    @staticmethod
    def nbytes(pops: Sequence[int]) -> int:
        lo, hi = _bounds(list(pops))
        return 8 * sum(h - low + 1 for low, h in zip(lo, hi, strict=True))

    def without(self, p: int) -> Iterator[tuple[int, int, NDArray]]:
        """Rows ``s = 0..(m−1)//2`` (with their lowest population) of the table without one
        item of population ``p``: ``A'(s, P) = A(s, P) − A'(s−1, P−p)``."""
        prev = self.rows[0].copy()
        yield 0, self.lo[0], prev
        for s in range(1, (self.m - 1) // 2 + 1):
            row = self.rows[s].copy()
            _add_shifted(row, self.lo[s], prev, self.lo[s - 1], p, -1.0)
            yield s, self.lo[s], row
            prev = row

    def rows_with_bounds(self) -> Iterator[tuple[int, int, NDArray]]:
        for s, row in enumerate(self.rows):
            yield s, self.lo[s], row


def _bounds(pops: list[int]) -> tuple[list[int], list[int]]:
    m = len(pops)
    srt = sorted(pops)
    lo = [0]
    hi = [0]
    for s in range(1, m // 2 + 1):
        lo.append(lo[-1] + srt[s - 1])
        hi.append(hi[-1] + srt[m - s])
    return lo, hi


def _add_shifted(dst: NDArray, dlo: int, src: NDArray, slo: int, shift: int, sign: float) -> None:
    """``dst[P] += sign · src[P − shift]`` over the populations both arrays cover."""
    a = max(dlo, slo + shift)
    b = min(dlo + dst.size - 1, slo + shift + src.size - 1)
    if a > b:
        return
    part = src[a - slo - shift : b - slo - shift + 1]
    if sign > 0:
        dst[a - dlo : b - dlo + 1] += part
    else:
        dst[a - dlo : b - dlo + 1] -= part


def _dot(a: NDArray, b: NDArray) -> float:
    """``a · b`` without BLAS: a threaded BLAS dot on a busy 2-core server was 4–7× slower
    than this plain product and sum (measured December 2026)."""
    return float(np.multiply(a, b).sum())


def _weighted(
    rows: Iterator[tuple[int, int, NDArray]], m: int, total: int, f: NDArray, w: NDArray
) -> float:
    """``Σ_s w[s] Σ_P count(s, P) f(P)`` over every size ``s = 0..m`` of a table of ``m`` items
    with population ``total``, from its rows up to ``m // 2`` (the others by complement:
    ``count(m−s, total−P) = count(s, P)``). ``f`` is indexed by population ``0..total``."""
    half = m // 2
    f = np.ascontiguousarray(f[: total + 1])
    backwards = f[::-1].copy()  # backwards[P] = f(total − P)
    acc = 0.0
    for s, lo, row in rows:
        hi = min(lo + row.size - 1, total)
        if hi < lo:
            continue
        v = row[: hi - lo + 1]
        if w[s]:
            acc += w[s] * _dot(v, f[lo : hi + 1])
        c = m - s
        if c != s and c > half and w[c]:
            acc += w[c] * _dot(v, backwards[lo : hi + 1])
    return acc


def _reduced(game: PopulationCostGame) -> tuple[int, list[int]]:
    g = reduce(math.gcd, (int(p) for p in game.populations))
    return g, [int(p) // g for p in game.populations]


def _regions(game: PopulationCostGame) -> dict[str, list[int]]:
    regions: dict[str, list[int]] = {}
    for i, r in enumerate(game.regions):
        regions.setdefault(r, []).append(i)
    return regions


def table_bytes(game: PopulationCostGame) -> int:
    """The memory the count tables of :func:`shapley` take, in bytes (an upper bound of the
    arrays it allocates at once, before allocating any)."""
    _, pops = _reduced(game)
    total = sum(pops)
    size = _Counts.nbytes(pops)
    regions = _regions(game)
    if game.with_subsidy and len(regions) > 1:
        size += sum(_Counts.nbytes([pops[i] for i in members]) for members in regions.values())
    # Cost arrays over 0..total + max p (K, D) and per player two rows and three f arrays.
    largest_row = max(
        (h - lo + 1 for lo, h in zip(*_bounds(pops), strict=True)),
        default=1,
    )
    size += 8 * (2 * (total + max(pops) + 1) + 3 * (total + 1) + 2 * largest_row)
    return size


def shapley(game: PopulationCostGame, *, limits: Limits = UNLIMITED) -> Solution:
    """The exact Shapley value of ``game`` (what each partner pays), by counting coalitions per
    size and population (see the module docstring), verified (efficiency: the shares add up to
    ``c(N)``) before it is returned.

    Raises :class:`BudgetExceeded` (Dutch message) when the count tables would take more than
    ``limits.max_table_bytes`` or the computation passes the deadline, and
    :class:`~samenspel.funding.games.GameError` above :data:`MAX_COUNTED_PLAYERS` players.
    """
    n = game.n
    what = "De exacte Shapley-waarde"
    if n > MAX_COUNTED_PLAYERS:
        raise GameError(
            f"{what} door te tellen kan voor hoogstens {MAX_COUNTED_PLAYERS} gemeenten, niet {n}."
        )
    deadline = limits.start()
    need = table_bytes(game)
    if need > limits.max_table_bytes:
        raise BudgetExceeded(
            f"{what} is niet berekend: de tellingen per aantal gemeenten en inwoners zouden "
            f"{_megabytes(need)} geheugen vragen, meer dan de grens van "
            f"{_megabytes(limits.max_table_bytes)} voor één berekening."
        )
    unit, pops = _reduced(game)
    total = sum(pops)
    pmax = max(pops)
    grid = np.arange(total + pmax + 1, dtype=float) * unit
    big_k = game.programme_cost(grid)
    big_k[0] = 0.0  # never used at P = 0 (the empty coalition is handled apart)
    subsidy = game.with_subsidy
    d = (big_k - game.subsidised_cost(grid)) if subsidy else np.zeros_like(big_k)
    d[0] = 0.0
    w = np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)] + [0.0])
    w_empty = w[0]
    w[0] = 0.0  # the empty coalition: c({i}) below
    regions = _regions(game)
    one_region = len(regions) == 1
    everyone = _Counts(pops, deadline)
    tables: dict[str, _Counts] = {}
    outside: dict[str, float] = {}
    if subsidy and not one_region:
        for r, members in regions.items():
            deadline.check(what)
            tables[r] = _Counts([pops[i] for i in members], deadline)
            t = tables[r]
            outside[r] = _weighted(t.rows_with_bounds(), t.m, t.total, d[: t.total + 1], w)
    total_outside = sum(outside.values())
    phi = np.empty(n)
    for i in range(n):
        deadline.check(what)
        p = pops[i]
        rest = total - p
        f = big_k[p : p + rest + 1] - big_k[: rest + 1]
        if subsidy and one_region:
            f = f + d[: rest + 1] - d[p : p + rest + 1]
        value = w_empty * float(game.cost(1 << i))
        value += _weighted(everyone.without(p), n - 1, rest, f, w)
        if subsidy and not one_region:
            r = game.regions[i]
            own = tables[r]
            own_rest = own.total - p
            g = d[: own_rest + 1] - d[p : p + own_rest + 1]
            value += _weighted(own.without(p), own.m - 1, own_rest, g, w)
            value += total_outside - outside[r]
        phi[i] = value
    grand = game.cost((1 << n) - 1)
    gap = float(phi.sum() - grand)
    scale = max(abs(grand), float(np.max(np.abs(phi))), 1.0)
    ok = abs(gap) <= 1e-9 * scale * n
    verification = Verification(
        ok, "efficiëntie", gap, (f"efficiëntie: som = c(N): {'ok' if ok else 'MISLUKT'}",)
    )
    if not ok:
        raise VerificationError(
            "De Shapley-waarde doorstaat de controle niet: " + "; ".join(verification.details)
        )
    note = (
        f"Exact berekend zonder alle {_count((1 << n) - 1)} coalities op te sommen: ze zijn "
        "geteld per aantal gemeenten en aantal inwoners, want de kost van een groep hangt alleen "
        "af van haar inwoners en haar referentieregio's."
    )
    return Solution(
        method="shapley",
        kind=COST,
        players=game.players,
        allocation=phi,
        exact=True,
        verification=verification,
        notes=(note,),
        computation=EXACT,
        note=note,
    )
