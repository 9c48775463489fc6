"""Upper bounds on p: combinatorial for any size, exact by MIP (HiGHS) for small graphs.

Combinatorial bound. Every region reaches the floor ``F``. A region that holds an area of at
least ``F`` on its own counts once however large that area is; the other regions are made of
areas below ``F`` only, so there are at most ``⌊S / F⌋`` of them, with ``S`` the sum over the
areas below the floor. Hence ``p ≤ B + ⌊S / F⌋`` with ``B`` the number of areas of at least
``F`` (each such region holds at least one of them). With a minimum number of areas ``k`` per
region also ``p ≤ ⌊n / k⌋``.

Set packing (the first choice). Every region contains a *minimal* region (see
:func:`minimal_regions`); when these can be enumerated (a referentieregio has a few hundred), the
largest number of disjoint ones, a set-packing MIP that HiGHS solves in milliseconds, is an upper
bound on p, and without ceiling, maximum size or apart pairs also a solution: the areas left
over are attached to a neighbouring region.

Flow MIP (when the enumeration is too large or a minimum size applies). Regions are indexed
by their root, the member with the lowest index: ``x[i, j] = 1`` when area ``i`` belongs to
the region rooted at ``j ≤ i``; ``x[j, j] = 1`` when region ``j`` exists. Each area is in
exactly one region; the floor, ceiling and size limits hold per root; apart pairs never share a
root; and contiguity by a single-commodity flow per root: the root sends one unit to every other
member along arcs between members (Shirabe 2005's flow formulation, rooted as in Duque, Anselin
& Rey 2012's max-p MIP). Maximise the number of roots. HiGHS returns the optimum, or at the time
limit its dual bound, which is still an upper bound.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix, vstack

from samenspel.scenarios.maxp_graph import Graph


def combinatorial_bound(g: Graph) -> int:
    big = sum(1 for v in g.value if v >= g.floor)
    small = sum(v for v in g.value if v < g.floor)
    bound = big + math.floor(small / g.floor + 1e-9) if g.floor > 0 else g.n
    if g.min_size > 1:
        bound = min(bound, sum(g.size) // g.min_size)
    return min(bound, g.n)


def mip(g: Graph, lower: int, upper: int, time_limit: float) -> tuple[int, list[int] | None, bool]:
    """Solve max-p exactly; returns (upper bound, labels of the best solution found or None,
    proven optimal)."""
    n = g.n
    xs: dict[tuple[int, int], int] = {}
    for j in range(n):
        for i in range(j, n):
            xs[i, j] = len(xs)
    arcs = [(u, v) for u in range(n) for v in g.adj[u]]
    fs: dict[tuple[int, int, int], int] = {}
    base = len(xs)
    for j in range(n):
        for u, v in arcs:
            if u >= j and v > j:
                fs[u, v, j] = base + len(fs)
    nv = base + len(fs)
    rows, cols, vals, lo, hi = [], [], [], [], []
    row = 0

    def add(coefs: list[tuple[int, float]], lb: float, ub: float) -> None:
        nonlocal row
        for c, v in coefs:
            rows.append(row)
            cols.append(c)
            vals.append(v)
        lo.append(lb)
        hi.append(ub)
        row += 1

    # Without ceiling, maximum size and apart pairs, areas left out of the regions can always
    # be attached to a neighbouring region afterwards (the graph is connected), so a packing
    # (each area in at most one region) has the same maximum p and is much easier to solve.
    packing = g.ceiling is None and g.max_size is None and not g.apart
    for i in range(n):  # every area in exactly one region (at most one when packing)
        add([(xs[i, j], 1.0) for j in range(i + 1)], 0 if packing else 1, 1)
    for j in range(n):
        root = xs[j, j]
        for i in range(j + 1, n):  # members only in existing regions
            add([(xs[i, j], 1.0), (root, -1.0)], -np.inf, 0)
        members = [(xs[i, j], g.value[i]) for i in range(j, n)]
        add([*members, (root, -g.floor)], 0, np.inf)
        if g.ceiling is not None:
            add([*members, (root, -g.ceiling)], -np.inf, 0)
        sizes = [(xs[i, j], float(g.size[i])) for i in range(j, n)]
        if g.min_size > 1:
            add([*sizes, (root, -float(g.min_size))], 0, np.inf)
        if g.max_size is not None:
            add([*sizes, (root, -float(g.max_size))], -np.inf, 0)
    if g.apart:
        for a in range(n):
            for b in g.apart[a]:
                if a < b:
                    for j in range(a + 1):
                        add([(xs[a, j], 1.0), (xs[b, j], 1.0)], -np.inf, 1)
    out: dict[tuple[int, int], list[int]] = {}
    inn: dict[tuple[int, int], list[int]] = {}
    for (u, v, j), k in fs.items():
        out.setdefault((u, j), []).append(k)
        inn.setdefault((v, j), []).append(k)
        cap = float(n - j - 1)
        add([(k, 1.0), (xs[u, j], -cap)], -np.inf, 0)
        add([(k, 1.0), (xs[v, j], -cap)], -np.inf, 0)
    for j in range(n):
        for i in range(j + 1, n):  # inflow − outflow = x[i, j]
            coefs = [(k, 1.0) for k in inn.get((i, j), [])]
            coefs += [(k, -1.0) for k in out.get((i, j), [])]
            add([*coefs, (xs[i, j], -1.0)], 0, 0)
    roots = [xs[j, j] for j in range(n)]
    add([(r, 1.0) for r in roots], lower, upper)
    a = coo_matrix((vals, (rows, cols)), shape=(row, nv)).tocsr()
    c = np.zeros(nv)
    c[roots] = -1.0
    integrality = np.zeros(nv)
    integrality[:base] = 1
    ub = np.ones(nv)
    ub[base:] = n
    res = milp(
        c,
        constraints=LinearConstraint(a, lo, hi),
        integrality=integrality,
        bounds=Bounds(np.zeros(nv), ub),
        options={"time_limit": float(time_limit), "disp": False},
    )
    bound = upper
    dual = getattr(res, "mip_dual_bound", None)
    if res.status == 0:
        bound = int(round(-res.fun))
    elif dual is not None and np.isfinite(dual):
        bound = min(upper, math.floor(-dual + 1e-6))
    elif res.status == 2:  # infeasible with p ≥ lower: cannot happen when lower is feasible
        bound = lower - 1
    labels = None
    if res.x is not None:
        x = res.x
        root_of = {}
        labels = [-1] * n
        for (i, j), k in xs.items():
            if x[k] > 0.5:
                labels[i] = root_of.setdefault(j, len(root_of))
    return bound, labels, res.status == 0


def small_regions(g: Graph, max_areas: int) -> bool:
    """Is enumerating the minimal regions worth trying? Only for graphs of at most
    ``max_areas`` nodes, and above 40 nodes only when regions need few areas (the floor at
    most 8 median areas): a referentieregio yes, a lattice with 15 cells per region no."""
    if g.n > max_areas:
        return False
    if g.n <= 40:  # always cheap enough to try (the enumeration stops at its step limit)
        return True
    median = sorted(g.value)[g.n // 2]
    return median > 0 and g.floor / median <= 8


def minimal_regions(
    g: Graph, max_sets: int = 100_000, max_steps: int = 300_000
) -> list[tuple[int, ...]] | None:
    """Every *minimal* region: a connected set that meets the floor and loses it when any
    area whose removal keeps it connected is removed. ``None`` when there are more than
    ``max_sets`` or the enumeration takes more than ``max_steps`` steps (a lattice whose
    regions need 15 cells has far too many).

    Every region of a partition contains a minimal region (remove such areas while the floor
    holds), so max-p is at most the largest number of disjoint minimal regions, and equal to it
    when the left-over areas can be attached to neighbouring regions (always, without ceiling,
    maximum size or apart pairs: the graph is connected). A minimal region never strictly
    contains a connected set that meets the floor (a leaf of a spanning tree outside that set
    could be removed), so the enumeration stops growing a set as soon as it meets the floor.
    Enumeration of connected sets as in Wernicke's ESU (2006): each set once, from its
    lowest-numbered area, extended only by exclusive neighbours.
    """
    adj, value, size = g.adj, g.value, g.size
    floor, ceiling, max_size = g.floor, g.ceiling, g.max_size
    apart = g.apart
    found: list[tuple[int, ...]] = []
    steps = [0]

    def minimal(sub: list[int], total: float) -> bool:
        inside = set(sub)
        for x in sub:
            if total - value[x] < floor:
                continue
            rest = inside - {x}
            start = next(iter(rest))
            seen, stack = {start}, [start]
            while stack:
                for v in adj[stack.pop()]:
                    if v in rest and v not in seen:
                        seen.add(v)
                        stack.append(v)
            if len(seen) == len(rest):
                return False
        return True

    def grow(v: int, sub: list[int], total: float, count: int, ext: list[int], near: set[int]):
        steps[0] += 1
        if steps[0] > max_steps:
            raise OverflowError
        if total >= floor:
            if (ceiling is None or total <= ceiling) and minimal(sub, total):
                found.append(tuple(sorted(sub)))
                if len(found) > max_sets:
                    raise OverflowError
            return
        ext = list(ext)
        while ext:
            w = ext.pop()
            if max_size is not None and count + size[w] > max_size:
                continue
            if apart and any(w in apart[s] for s in sub):
                continue
            new = [u for u in adj[w] if u > v and u not in near]
            grow(v, [*sub, w], total + value[w], count + size[w], ext + new, near | set(adj[w]))

    try:
        for v in range(g.n):
            near = {v, *adj[v]}
            grow(v, [v], value[v], size[v], [u for u in adj[v] if u > v], near)
    except OverflowError:
        return None
    return found


def packing(
    g: Graph, sets: list[tuple[int, ...]], upper: int, time_limit: float
) -> tuple[int, list[int] | None, bool]:
    """The largest number of disjoint minimal regions (set packing, HiGHS): an upper bound on
    p, and the regions as labels (-1 for areas still to attach)."""
    if not sets:
        return 0, None, True
    m = len(sets)
    rows, cols = [], []
    for k, s in enumerate(sets):
        for i in s:
            rows.append(i)
            cols.append(k)
    a = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(g.n, m)).tocsr()
    total_row = coo_matrix(np.ones((1, m)))
    res = milp(
        -np.ones(m),
        constraints=LinearConstraint(
            vstack([a, total_row]).tocsr(), -np.inf, [1.0] * g.n + [float(upper)]
        ),
        integrality=np.ones(m),
        bounds=Bounds(np.zeros(m), np.ones(m)),
        options={"time_limit": float(time_limit), "disp": False},
    )
    bound = upper
    dual = getattr(res, "mip_dual_bound", None)
    if res.status == 0:
        bound = int(round(-res.fun))
    elif dual is not None and np.isfinite(dual):
        bound = min(upper, math.floor(-dual + 1e-6))
    labels = None
    if res.x is not None:
        labels = [-1] * g.n
        r = 0
        for k in np.flatnonzero(res.x > 0.5):
            for i in sets[k]:
                labels[i] = r
            r += 1
        if r == 0:
            labels = None
    return bound, labels, res.status == 0
