"""The internal graph of the max-p engine: one connected component, nodes ``0..n-1``.

A node is one area, or a group of areas that must stay together (contracted). Everything is
kept in plain Python lists (fast for the scalar work of the heuristics) and precomputed once:
the floor attribute per node (``value``), the number of areas (``size``), per node the sum of
the standardised attribute vectors (``zsum``) and the sum of their squared norms (``zsq``), so
that the within-region sum of squares of a region is ``Q - |S|² / c`` with ``Q``, ``S`` and
``c`` the sums of ``zsq``, ``zsum`` and ``size`` over its nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Graph:
    adj: list[list[int]]
    weight: list[list[float]]  # edge weights parallel to adj (compactness: shared border)
    value: list[float]
    size: list[int]
    zsum: list[tuple[float, ...]]
    zsq: list[float]
    floor: float
    ceiling: float | None = None
    min_size: int = 1
    max_size: int | None = None
    apart: list[set[int]] = field(default_factory=list)
    ties: list[list[tuple[int, float]]] = field(default_factory=list)  # (other, weight)

    @property
    def n(self) -> int:
        return len(self.adj)

    def fits(self, total: float, count: int, members_apart: set[int] | None, node: int) -> bool:
        """May ``node`` join a region with this total and size (ceiling, max size, apart)?"""
        if self.ceiling is not None and total + self.value[node] > self.ceiling:
            return False
        if self.max_size is not None and count + self.size[node] > self.max_size:
            return False
        return not (members_apart and node in members_apart)


def sum_of_squares(g: Graph, members) -> float:
    """Within-region sum of squares of the standardised attributes."""
    c = 0
    q = 0.0
    s: list[float] | None = None
    for i in members:
        c += g.size[i]
        q += g.zsq[i]
        z = g.zsum[i]
        if s is None:
            s = list(z)
        else:
            for k, x in enumerate(z):
                s[k] += x
    if not c or s is None:
        return 0.0
    return q - sum(x * x for x in s) / c


def connected_without(g: Graph, label: list[int], region: int, members: int, drop: int) -> bool:
    """Is the region (``members`` nodes, label ``region``) still connected without ``drop``?

    A breadth-first search inside the region, from one neighbour of ``drop``; it stops as soon
    as every remaining node is reached, so it costs O(region) and usually less.
    """
    start = -1
    for j in g.adj[drop]:
        if label[j] == region:
            start = j
            break
    if start < 0:
        return members <= 1
    want = members - 1
    seen = {start, drop}
    stack = [start]
    reached = 1
    adj = g.adj
    while stack:
        u = stack.pop()
        for v in adj[u]:
            if v not in seen and label[v] == region:
                seen.add(v)
                reached += 1
                if reached == want:
                    return True
                stack.append(v)
    return reached == want
