"""Upper bounds on p: a combinatorial bound for any size, an exact MIP (HiGHS) for small graphs.

Combinatorial bound. Every region reaches the floor ``F``. A region that holds an area of at
least ``F`` on its own counts once however large that area is; the other regions are made of
areas below ``F`` only, so there are at most ``⌊S / F⌋`` of them, with ``S`` the sum over the
areas below the floor. Hence ``p ≤ B + ⌊S / F⌋`` with ``B`` the number of areas of at least
``F`` (each such region holds at least one of them). With a maximum number of areas per region
``m``, also ``p ≥ ⌈n / m⌉``-style limits do not bound p from above, but a minimum number
``k`` does: ``p ≤ ⌊n / k⌋``.

MIP. Regions are indexed by their root, the member with the lowest index: ``x[i, j] = 1`` when
area ``i`` belongs to the region rooted at ``j ≤ i``; ``x[j, j] = 1`` when region ``j`` exists.
Each area is in exactly one region; the floor, ceiling and size limits hold per root; apart
pairs never share a root; and contiguity by a single-commodity flow per root: the root sends
one unit to every other member along arcs between members (Shirabe 2005's flow formulation,
rooted as in Duque, Anselin & Rey 2012's max-p MIP). Maximise the number of roots. HiGHS
returns the optimum, or at the time limit its dual bound, which is still an upper bound.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

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
