"""Local search of max-p: move one area to a neighbouring region, p fixed.

Simulated annealing, then a greedy descent, over moves that keep every region contiguous
(breadth-first check of the region left behind), above the floor and the minimum size, below
the ceiling and the maximum size, and apart pairs apart. The bookkeeping is incremental: per
region the number of areas ``c``, the sum ``S`` of the standardised attribute vectors and the
floor total, so the change in heterogeneity of a move is O(attributes):

    Δ = |S_A|²/c_A − |S_A − z|²/(c_A − c_i) + |S_B|²/c_B − |S_B + z|²/(c_B + c_i)

(the sums of squared norms cancel). For compactness the objective is the total weight of the
edges between regions (shared border length, or 1 per pair of neighbours), and a move changes
it by ``w(i, A) − w(i, B)``. Ties that already exist add ``tie_weight`` per tie broken.
"""

from __future__ import annotations

import math
import random

from samenspel.scenarios.maxp_graph import Graph, connected_without

#: Starting temperature of the annealing, as a share of the mean size of a move.
T0_FACTOR = 1.0


class State:
    def __init__(self, g: Graph, label: list[int], p: int, kind: str, tie_weight: float):
        self.g, self.label, self.p, self.kind, self.tie_weight = g, label, p, kind, tie_weight
        dims = len(g.zsum[0]) if g.zsum else 0
        self.count = [0] * p
        self.nodes = [0] * p
        self.total = [0.0] * p
        self.s = [[0.0] * dims for _ in range(p)]
        for i, r in enumerate(label):
            self.count[r] += g.size[i]
            self.nodes[r] += 1
            self.total[r] += g.value[i]
            sr = self.s[r]
            for k, x in enumerate(g.zsum[i]):
                sr[k] += x

    def objective(self) -> float:
        g, label = self.g, self.label
        if self.kind == "compactness":
            base = sum(
                w
                for i in range(g.n)
                for j, w in zip(g.adj[i], g.weight[i], strict=True)
                if i < j and label[i] != label[j]
            )
        else:
            q = sum(g.zsq)
            base = q
            for r in range(self.p):
                if self.count[r]:
                    base -= sum(x * x for x in self.s[r]) / self.count[r]
        if self.tie_weight and g.ties:
            base += self.tie_weight * sum(
                w for i in range(g.n) for j, w in g.ties[i] if i < j and label[i] != label[j]
            )
        return base

    def delta(self, i: int, b: int) -> float:
        g, label = self.g, self.label
        a = label[i]
        if self.kind == "compactness":
            d = 0.0
            for j, w in zip(g.adj[i], g.weight[i], strict=True):
                if label[j] == a:
                    d += w
                elif label[j] == b:
                    d -= w
        else:
            z, ci = g.zsum[i], g.size[i]
            sa, sb = self.s[a], self.s[b]
            ca, cb = self.count[a], self.count[b]
            na = sum(x * x for x in sa)
            nb = sum(x * x for x in sb)
            na2 = sum((x - y) * (x - y) for x, y in zip(sa, z, strict=True))
            nb2 = sum((x + y) * (x + y) for x, y in zip(sb, z, strict=True))
            d = na / ca - (na2 / (ca - ci) if ca > ci else 0.0) + nb / cb - nb2 / (cb + ci)
        if self.tie_weight and g.ties:
            for j, w in g.ties[i]:
                lj = label[j]
                d += self.tie_weight * w * ((lj != b) - (lj != a))
        return d

    def allowed(self, i: int, b: int) -> bool:
        """May area ``i`` move to region ``b`` (all constraints but contiguity of the donor)?"""
        g, label = self.g, self.label
        a = label[i]
        if self.nodes[a] <= 1:
            return False
        if self.total[a] - g.value[i] < g.floor or self.count[a] - g.size[i] < g.min_size:
            return False
        if g.ceiling is not None and self.total[b] + g.value[i] > g.ceiling:
            return False
        if g.max_size is not None and self.count[b] + g.size[i] > g.max_size:
            return False
        if g.apart:
            for x in g.apart[i]:
                if label[x] == b:
                    return False
        return True

    def move(self, i: int, b: int) -> None:
        g, label = self.g, self.label
        a = label[i]
        label[i] = b
        self.count[a] -= g.size[i]
        self.count[b] += g.size[i]
        self.nodes[a] -= 1
        self.nodes[b] += 1
        self.total[a] -= g.value[i]
        self.total[b] += g.value[i]
        sa, sb = self.s[a], self.s[b]
        for k, x in enumerate(g.zsum[i]):
            sa[k] -= x
            sb[k] += x


def improve(
    g: Graph,
    label: list[int],
    p: int,
    rng: random.Random,
    *,
    kind: str = "heterogeneity",
    tie_weight: float = 0.0,
    iterations: int | None = None,
) -> list[int]:
    """Improve a partition in place and return it (p unchanged)."""
    n = g.n
    if p < 2 or n < 3:
        return label
    st = State(g, label, p, kind, tie_weight)
    adj = g.adj
    iterations = iterations if iterations is not None else max(150 * n, 20_000)
    # temperature: from the typical size of an uphill move down to nearly zero
    sample = []
    for _ in range(min(200, 4 * n)):
        i = rng.randrange(n)
        j = adj[i][rng.randrange(len(adj[i]))] if adj[i] else i
        if label[j] != label[i] and st.allowed(i, label[j]):
            sample.append(abs(st.delta(i, label[j])))
    t0 = (sum(sample) / len(sample)) * T0_FACTOR if sample else 0.0
    t = t0
    cool = (1e-3) ** (1.0 / max(iterations, 1))
    for _ in range(iterations):
        t *= cool
        i = rng.randrange(n)
        ai = adj[i]
        if not ai:
            continue
        j = ai[rng.randrange(len(ai))]
        b = label[j]
        a = label[i]
        if a == b:
            continue
        if not st.allowed(i, b):
            _swap(st, i, b, t, rng)
            continue
        d = st.delta(i, b)
        if d > 0 and (t <= 0 or rng.random() >= math.exp(-d / t)):
            continue
        if not connected_without(g, label, a, st.nodes[a], i):
            continue
        st.move(i, b)
    _descend(st)
    return label


def _region_connected(g: Graph, label: list[int], r: int, start: int, size: int) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        for v in g.adj[stack.pop()]:
            if v not in seen and label[v] == r:
                seen.add(v)
                stack.append(v)
    return len(seen) == size


def _swap(st: State, i: int, b: int, t: float, rng: random.Random) -> bool:
    """Exchange ``i`` (in region A) with an area ``j`` of region B next to A: the move that
    works when regions sit just above the floor and no single area can leave."""
    g, label = st.g, st.label
    a = label[i]
    cands = [k for u in g.adj[i] if label[u] == a for k in g.adj[u] if label[k] == b]
    if not cands:
        return False
    j = cands[rng.randrange(len(cands))]
    vi, vj = g.value[i], g.value[j]
    if st.total[a] - vi + vj < g.floor or st.total[b] - vj + vi < g.floor:
        return False
    if st.count[a] - g.size[i] + g.size[j] < g.min_size:
        return False
    if st.count[b] - g.size[j] + g.size[i] < g.min_size:
        return False
    if g.ceiling is not None and (
        st.total[a] - vi + vj > g.ceiling or st.total[b] - vj + vi > g.ceiling
    ):
        return False
    if g.max_size is not None and (
        st.count[a] - g.size[i] + g.size[j] > g.max_size
        or st.count[b] - g.size[j] + g.size[i] > g.max_size
    ):
        return False
    if g.apart and (
        any(label[x] == b and x != j for x in g.apart[i])
        or any(label[x] == a and x != i for x in g.apart[j])
    ):
        return False
    d = st.delta(i, b)
    st.move(i, b)
    d += st.delta(j, a)
    if d > 0 and (t <= 0 or rng.random() >= math.exp(-d / t)):
        st.move(i, a)
        return False
    st.move(j, a)
    if _region_connected(g, label, a, j, st.nodes[a]) and _region_connected(
        g, label, b, i, st.nodes[b]
    ):
        return True
    st.move(j, b)
    st.move(i, a)
    return False


def _descend(st: State, max_sweeps: int = 50) -> None:
    """Best-improvement sweeps until no single move lowers the objective."""
    g, label = st.g, st.label
    for _ in range(max_sweeps):
        changed = False
        for i in range(g.n):
            a = label[i]
            best_b, best_d = -1, -1e-12
            for j in g.adj[i]:
                b = label[j]
                if b == a or not st.allowed(i, b):
                    continue
                d = st.delta(i, b)
                if d < best_d:
                    best_b, best_d = b, d
            if best_b >= 0 and connected_without(g, label, a, st.nodes[a], i):
                st.move(i, best_b)
                changed = True
        if not changed:
            return


def objective(g: Graph, label: list[int], p: int, kind: str, tie_weight: float) -> float:
    return State(g, label, p, kind, tie_weight).objective()
