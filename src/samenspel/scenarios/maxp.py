"""Max-p regions: as many contiguous regions as possible, each above a floor (pure, no Django).

:func:`maxp` takes any contiguity graph (municipalities, lattices, …): the areas with their
attributes, the pairs of neighbours, a floor on a summed attribute and optional limits and
constraints, and returns a :class:`MaxPResult` in SciPy's style (``status`` and ``message``).

Steps, each in its own module:

1. the input is checked (Dutch messages naming the area, pair or field) and turned into
   internal graphs (:mod:`.maxp_graph`): groups that must stay together become one node, edges
   across a partition boundary (a referentieregio) are dropped, and every connected component
   is solved on its own (p is additive over components);
2. components that cannot reach the floor — islands such as Voeren, which has no Flemish
   neighbour — are reported and treated as the caller chose: left out, their own region (marked
   as below the floor), or an error;
3. many randomised constructions (:mod:`.maxp_construct`), keeping the largest p;
4. an upper bound (:mod:`.maxp_bound`) when the heuristic is below the combinatorial bound:
   for components of at most ``packing_max_areas`` nodes whose regions need few areas (a
   referentieregio) the exact maximum by set packing of minimal regions, otherwise for at most
   ``mip_max_areas`` nodes a flow MIP, both with HiGHS within ``time_limit`` seconds; their
   solution is taken when it has more regions than the heuristic;
5. local search on the objective with p fixed (:mod:`.maxp_local`), from the four best
   constructions on small graphs (at most 100 nodes) and from the best one otherwise;
6. every constraint is checked again on the result, on the original areas; a violation raises
   :class:`ConstraintViolation` (that is a bug, never an answer).

Objectives: ``heterogeneity`` (within-region sum of squares of the attributes standardised to
mean 0 and standard deviation 1 over all areas) or ``compactness`` (the total length of the
borders between regions, from ``border`` or 1 per pair of neighbours). ``ties`` (pairs that
already cooperate, with a kind) add ``tie_weight`` (a number, or a weight per kind; 0 only
reports) to the objective per tie broken; the result
reports the share kept per kind. The same ``seed`` gives the same result.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from samenspel.scenarios.maxp_bound import (
    combinatorial_bound,
    minimal_regions,
    mip,
    packing,
    small_regions,
)
from samenspel.scenarios.maxp_construct import attach_enclaves, best_constructions
from samenspel.scenarios.maxp_graph import Graph
from samenspel.scenarios.maxp_local import improve, objective

OBJECTIVES = ("heterogeneity", "compactness")
ISLANDS = ("leave_out", "own_region", "error")


class MaxPInputError(ValueError):
    """The input is wrong; the message (Dutch) says what and where."""


class ConstraintViolation(AssertionError):
    """A result breaks a constraint: a bug in the engine, never shown as an answer."""


@dataclass(frozen=True)
class Region:
    members: tuple[str, ...]
    totals: dict[str, float]
    meets_floor: bool = True


@dataclass(frozen=True)
class MaxPResult:
    """``status`` 0: every area placed (apart from islands left out as asked); 1: some areas
    could not be placed (``message`` says which and why; ``left_out`` lists them)."""

    status: int
    message: str
    regions: tuple[Region, ...]
    p: int
    objective: float
    objective_kind: str
    heterogeneity: float
    bound: int | None
    left_out: tuple[str, ...] = ()
    islands: tuple[str, ...] = ()
    ties_kept: dict[str, tuple[int, int]] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()

    @property
    def success(self) -> bool:
        return self.status == 0

    @property
    def proven(self) -> bool:
        """Is p the maximum possible (the bound equals p)?"""
        return self.bound is not None and self.bound == self.p

    def label_of(self) -> dict[str, int]:
        return {m: k for k, r in enumerate(self.regions) for m in r.members}


# --------------------------------------------------------------------------------------------
# input
# --------------------------------------------------------------------------------------------


def _number(area: str, name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MaxPInputError(f"gebied '{area}', attribuut '{name}': {value!r} is geen getal")
    x = float(value)
    if not math.isfinite(x):
        raise MaxPInputError(f"gebied '{area}', attribuut '{name}': {value!r} is geen eindig getal")
    return x


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def maxp(
    areas: Mapping[str, Mapping[str, float]],
    neighbours: Iterable[Sequence[str]],
    *,
    floor_attribute: str,
    floor: float,
    ceiling: float | None = None,
    min_areas: int | None = None,
    max_areas: int | None = None,
    attributes: Sequence[str] | None = None,
    together: Iterable[Iterable[str]] = (),
    apart: Iterable[Sequence[str]] = (),
    partition: Mapping[str, str] | None = None,
    islands: str = "leave_out",
    objective_kind: str = "heterogeneity",
    border: Mapping[tuple[str, str], float] | None = None,
    ties: Iterable[Sequence[str]] = (),
    tie_weight: float | Mapping[str, float] = 1.0,
    seed: int = 0,
    constructions: int | None = None,
    iterations: int | None = None,
    bound: bool = True,
    mip_max_areas: int = 40,
    packing_max_areas: int = 120,
    time_limit: float = 10.0,
) -> MaxPResult:
    """Solve max-p on a contiguity graph. See the module docstring."""
    started = time.perf_counter()
    ids = list(areas)
    index = {a: k for k, a in enumerate(ids)}
    n = len(ids)
    if n == 0:
        raise MaxPInputError("er zijn geen gebieden")
    if objective_kind not in OBJECTIVES:
        raise MaxPInputError(f"doel '{objective_kind}' onbekend (kies uit {', '.join(OBJECTIVES)})")
    if islands not in ISLANDS:
        raise MaxPInputError(f"eilanden: '{islands}' onbekend (kies uit {', '.join(ISLANDS)})")
    if not (isinstance(floor, int | float) and math.isfinite(floor) and floor > 0):
        raise MaxPInputError(f"drempel {floor!r}: moet een getal groter dan 0 zijn")
    if ceiling is not None and not ceiling >= floor:
        raise MaxPInputError(f"plafond {ceiling!r} ligt onder de drempel {floor!r}")
    min_size = int(min_areas or 1)
    if min_size < 1 or (max_areas is not None and max_areas < min_size):
        raise MaxPInputError("minimum en maximum aantal gebieden per regio kloppen niet")
    attrs = list(attributes) if attributes else [floor_attribute]
    names = list(dict.fromkeys([floor_attribute, *attrs]))
    raw: dict[str, list[float]] = {name: [] for name in names}
    for a in ids:
        row = areas[a]
        for name in names:
            if name not in row:
                raise MaxPInputError(f"gebied '{a}': attribuut '{name}' ontbreekt")
            raw[name].append(_number(a, name, row[name]))
    value = raw[floor_attribute]
    for a, v in zip(ids, value, strict=True):
        if v < 0:
            raise MaxPInputError(f"gebied '{a}', attribuut '{floor_attribute}': {v:g} is negatief")
    # standardised attributes
    z = [[0.0] * len(attrs) for _ in range(n)]
    for k, name in enumerate(attrs):
        xs = raw[name]
        mean = sum(xs) / n
        sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / n)
        for i, x in enumerate(xs):
            z[i][k] = (x - mean) / sd if sd > 0 else 0.0

    def known(a, what: str) -> int:
        if a not in index:
            raise MaxPInputError(f"{what}: gebied '{a}' bestaat niet")
        return index[a]

    edges: dict[tuple[int, int], float] = {}
    for k, pair in enumerate(neighbours, start=1):
        if len(pair) != 2:
            raise MaxPInputError(f"buren, paar {k}: verwacht twee gebieden, kreeg {list(pair)!r}")
        i, j = known(pair[0], f"buren, paar {k}"), known(pair[1], f"buren, paar {k}")
        if i == j:
            raise MaxPInputError(f"buren, paar {k}: '{pair[0]}' is zijn eigen buur")
        w = 1.0
        if border:
            w = float(border.get((pair[0], pair[1]), border.get((pair[1], pair[0]), 1.0)))
        edges[min(i, j), max(i, j)] = w
    label_of_part = [None] * n
    if partition is not None:
        for i, a in enumerate(ids):
            if a not in partition:
                raise MaxPInputError(f"indeling: gebied '{a}' hoort bij geen enkel deel")
            label_of_part[i] = partition[a]
    uf = _UnionFind(n)
    groups: list[list[int]] = []
    for k, grp in enumerate(together, start=1):
        members = [known(a, f"samen houden, groep {k}") for a in grp]
        groups.append(members)
        parts = {label_of_part[i] for i in members}
        if len(parts) > 1:
            raise MaxPInputError(
                f"samen houden, groep {k}: de gebieden liggen in verschillende delen "
                f"({', '.join(sorted(map(str, parts)))})"
            )
        for i in members[1:]:
            uf.union(members[0], i)
    apart_pairs: list[tuple[int, int]] = []
    for k, pair in enumerate(apart, start=1):
        i, j = known(pair[0], f"apart houden, paar {k}"), known(pair[1], f"apart houden, paar {k}")
        if uf.find(i) == uf.find(j):
            raise MaxPInputError(
                f"apart houden, paar {k}: '{pair[0]}' en '{pair[1]}' moeten ook samen blijven"
            )
        apart_pairs.append((i, j))
    tie_list: list[tuple[int, int, str]] = []
    for k, t in enumerate(ties, start=1):
        kind = str(t[2]) if len(t) > 2 else "band"
        tie_list.append((known(t[0], f"banden, band {k}"), known(t[1], f"banden, band {k}"), kind))

    # super-nodes and components
    root = [uf.find(i) for i in range(n)]
    reps = sorted(set(root))
    node_of = {r: k for k, r in enumerate(reps)}
    members_of: list[list[int]] = [[] for _ in reps]
    for i in range(n):
        members_of[node_of[root[i]]].append(i)
    m = len(reps)
    sadj: list[dict[int, float]] = [{} for _ in range(m)]
    has_neighbour = [False] * n
    for (i, j), w in edges.items():
        has_neighbour[i] = has_neighbour[j] = True
        if label_of_part[i] != label_of_part[j]:
            continue
        u, v = node_of[root[i]], node_of[root[j]]
        if u != v:
            sadj[u][v] = sadj[u].get(v, 0.0) + w
            sadj[v][u] = sadj[v].get(u, 0.0) + w
    comp = [-1] * m
    comps: list[list[int]] = []
    for s in range(m):
        if comp[s] >= 0:
            continue
        comp[s] = len(comps)
        stack, cur = [s], [s]
        while stack:
            u = stack.pop()
            for v in sadj[u]:
                if comp[v] < 0:
                    comp[v] = comp[s]
                    stack.append(v)
                    cur.append(v)
        comps.append(sorted(cur))
    island_ids = tuple(ids[i] for i in range(n) if not has_neighbour[i])
    warnings: list[str] = []
    for k, grp in enumerate(groups, start=1):
        if len({comp[node_of[root[i]]] for i in grp}) == 1 and not _connected_in(grp, edges):
            warnings.append(
                f"samen houden, groep {k} is op zich niet aaneengesloten; de regio die haar "
                "bevat geldt als aaneengesloten via de groep"
            )

    apart_nodes: list[set[int]] = [set() for _ in range(m)]
    for i, j in apart_pairs:
        u, v = node_of[root[i]], node_of[root[j]]
        apart_nodes[u].add(v)
        apart_nodes[v].add(u)

    def weight_of(kind: str) -> float:
        w = tie_weight.get(kind, 0.0) if isinstance(tie_weight, Mapping) else tie_weight
        if not (isinstance(w, int | float) and math.isfinite(w) and w >= 0):
            raise MaxPInputError(f"banden, soort '{kind}': gewicht {w!r} moet 0 of meer zijn")
        return float(w)

    tie_nodes: list[dict[int, float]] = [{} for _ in range(m)]
    for i, j, kind in tie_list:
        w = weight_of(kind)
        if not w:
            continue
        u, v = node_of[root[i]], node_of[root[j]]
        if u != v:
            tie_nodes[u][v] = tie_nodes[u].get(v, 0.0) + w
            tie_nodes[v][u] = tie_nodes[v].get(u, 0.0) + w
    weighted = 1.0 if any(tie_nodes) else 0.0  # the weights are in tie_nodes

    node_value = [sum(value[i] for i in mem) for mem in members_of]
    node_size = [len(mem) for mem in members_of]
    regions_nodes: list[list[int]] = []
    below: list[bool] = []
    left_out: list[int] = []
    problems: list[str] = []
    bounds: list[int | None] = []
    kind_total = 0.0
    for c, nodes in enumerate(comps):
        total = sum(node_value[u] for u in nodes)
        size = sum(node_size[u] for u in nodes)
        names_c = sorted(ids[i] for u in nodes for i in members_of[u])
        if total < floor or size < min_size:
            shown = ", ".join(names_c[:10]) + (" …" if len(names_c) > 10 else "")
            what = "eiland" if len(nodes) == 1 and not sadj[nodes[0]] else "los deel"
            if islands == "own_region":
                regions_nodes.append(nodes)
                below.append(True)
            elif islands == "leave_out":
                left_out.extend(i for u in nodes for i in members_of[u])
                warnings.append(
                    f"{what} {shown} haalt de drempel niet ({total:g} < {floor:g}) en is weggelaten"
                )
            else:
                left_out.extend(i for u in nodes for i in members_of[u])
                problems.append(f"{what} {shown} haalt de drempel niet ({total:g} < {floor:g})")
            continue
        local = {u: k for k, u in enumerate(nodes)}
        g = Graph(
            adj=[[local[v] for v in sorted(sadj[u])] for u in nodes],
            weight=[[sadj[u][v] for v in sorted(sadj[u])] for u in nodes],
            value=[node_value[u] for u in nodes],
            size=[node_size[u] for u in nodes],
            zsum=[
                tuple(sum(z[i][k] for i in members_of[u]) for k in range(len(attrs))) for u in nodes
            ],
            zsq=[sum(sum(x * x for x in z[i]) for i in members_of[u]) for u in nodes],
            floor=float(floor),
            ceiling=None if ceiling is None else float(ceiling),
            min_size=min_size,
            max_size=max_areas,
            apart=[{local[v] for v in apart_nodes[u] if v in local} for u in nodes]
            if any(apart_nodes[u] for u in nodes)
            else [],
            ties=[
                [(local[v], w) for v, w in sorted(tie_nodes[u].items()) if v in local]
                for u in nodes
            ]
            if any(tie_nodes[u] for u in nodes)
            else [],
        )
        labels, p, comp_bound = _solve_component(
            g,
            random.Random(f"{seed}:{c}"),
            objective_kind,
            weighted,
            constructions,
            iterations,
            bound,
            mip_max_areas,
            packing_max_areas,
            time_limit,
        )
        if labels is None:
            left_out.extend(i for u in nodes for i in members_of[u])
            shown = ", ".join(names_c[:10]) + (" …" if len(names_c) > 10 else "")
            proof = comp_bound == 0
            problems.append(
                f"voor het deel met {shown} "
                + ("bestaat" if proof else "vond Samenspel")
                + " geen indeling in regio's die aan alle voorwaarden voldoen (plafond, "
                "grootte, apart houden)"
            )
            bounds.append(comp_bound)
            continue
        bounds.append(comp_bound)
        kind_total += objective(g, labels, p, objective_kind, weighted)
        for r in range(p):
            regions_nodes.append([nodes[k] for k in range(g.n) if labels[k] == r])
            below.append(False)

    regions: list[Region] = []
    region_areas: list[list[int]] = []
    for nodes, low in zip(regions_nodes, below, strict=True):
        members = sorted((i for u in nodes for i in members_of[u]), key=lambda i: ids[i])
        region_areas.append(members)
        totals = {name: sum(raw[name][i] for i in members) for name in names}
        regions.append(Region(tuple(ids[i] for i in members), totals, not low))
    order = sorted(range(len(regions)), key=lambda k: regions[k].members)
    regions = [regions[k] for k in order]
    region_areas = [region_areas[k] for k in order]

    _verify(
        ids, region_areas, [r.meets_floor for r in regions], edges, value, floor, ceiling,
        min_size, max_areas, groups, apart_pairs, label_of_part, left_out, n,
    )  # fmt: skip
    het = 0.0
    for members in region_areas:
        if members:
            s = [sum(z[i][k] for i in members) for k in range(len(attrs))]
            het += sum(sum(x * x for x in z[i]) for i in members) - sum(x * x for x in s) / len(
                members
            )
    where = {i: k for k, members in enumerate(region_areas) for i in members}
    ties_kept: dict[str, tuple[int, int]] = {}
    for i, j, kind in tie_list:
        if i in where and j in where:
            kept, tot = ties_kept.get(kind, (0, 0))
            ties_kept[kind] = (kept + (where[i] == where[j]), tot + 1)
    p = sum(1 for r in regions if r.meets_floor)
    total_bound = sum(bounds) if bounds and all(b is not None for b in bounds) else None
    if not bounds:
        total_bound = 0
    if problems:
        status, message = 1, "Niet alle gebieden konden in een regio: " + "; ".join(problems) + "."
    else:
        status = 0
        message = f"p = {p}" + (
            f", en {p} is het maximum."
            if total_bound == p
            else (f"; hoogstens {total_bound} is mogelijk." if total_bound is not None else ".")
        )
    return MaxPResult(
        status=status,
        message=message,
        regions=tuple(regions),
        p=p,
        objective=kind_total if objective_kind == "compactness" or weighted else het,
        objective_kind=objective_kind,
        heterogeneity=het,
        bound=total_bound,
        left_out=tuple(sorted(ids[i] for i in left_out)),
        islands=island_ids,
        ties_kept=ties_kept,
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
    )


def _solve_component(
    g: Graph,
    rng: random.Random,
    kind: str,
    tie_weight: float,
    constructions: int | None,
    iterations: int | None,
    bound: bool,
    mip_max_areas: int,
    packing_max_areas: int,
    time_limit: float,
):
    tries = constructions if constructions is not None else max(8, min(100, 10_000 // g.n))
    keep = 4 if g.n <= 100 else 1  # small graphs: polish several starts, keep the best
    starts = best_constructions(
        g, rng, tries, lambda lab, p: objective(g, lab, p, kind, tie_weight), keep
    )
    upper = combinatorial_bound(g)
    labels, p = starts[0] if starts else (None, 0)
    comp_bound: int | None = upper
    if bound and p < upper:
        exact_labels = None
        sets = (
            minimal_regions(g) if g.min_size == 1 and small_regions(g, packing_max_areas) else None
        )
        if sets is not None:
            comp_bound, exact_labels, _ = packing(g, sets, upper, time_limit)
        elif g.n <= mip_max_areas:
            comp_bound, exact_labels, _ = mip(g, max(p, 1), upper, time_limit)
        if exact_labels is not None:
            mp = max(exact_labels) + 1
            if mp > p and attach_enclaves(g, exact_labels, rng):
                labels, p = exact_labels, mp
                starts = [(labels, p)]
    if labels is None and bound and g.n <= mip_max_areas:
        # nothing found: the flow MIP (every area in exactly one region) decides
        comp_bound, exact_labels, _ = mip(g, 1, upper, time_limit)
        if exact_labels is not None and min(exact_labels) >= 0:
            labels, p = exact_labels, max(exact_labels) + 1
            starts = [(labels, p)]
    if labels is None:
        return None, 0, comp_bound
    best, best_value = None, math.inf
    starts = [(start, sp) for start, sp in starts if sp == p]
    # the annealing budget, shared by the starts: 100 moves per area, and up to 1000 per area
    # (at most 80.000 in all) for small graphs, where each move is cheap and the polish pays
    budget = max(100 * g.n, min(1000 * g.n, 80_000))
    per_start = iterations if iterations is not None else budget // len(starts)
    for start, _ in starts:
        improved = improve(g, list(start), p, rng, kind=kind, tie_weight=tie_weight,
                           iterations=per_start)  # fmt: skip
        value = objective(g, improved, p, kind, tie_weight)
        if value < best_value - 1e-12:
            best, best_value = improved, value
    return best, p, comp_bound


def _connected_in(members: list[int], edges: Mapping[tuple[int, int], float]) -> bool:
    inside = set(members)
    adj: dict[int, list[int]] = {i: [] for i in inside}
    for i, j in edges:
        if i in inside and j in inside:
            adj[i].append(j)
            adj[j].append(i)
    seen = {members[0]}
    stack = [members[0]]
    while stack:
        for v in adj[stack.pop()]:
            if v not in seen:
                seen.add(v)
                stack.append(v)
    return len(seen) == len(inside)


def _verify(
    ids, regions, meets, edges, value, floor, ceiling, min_size, max_size, groups, apart,
    part, left_out, n,
) -> None:  # fmt: skip
    """Check every constraint on the result; raise :class:`ConstraintViolation` if one fails."""
    where: dict[int, int] = {}
    for k, members in enumerate(regions):
        for i in members:
            if i in where:
                raise ConstraintViolation(f"{ids[i]} zit in twee regio's")
            where[i] = k
    placed = set(where) | set(left_out)
    if len(placed) != n or set(where) & set(left_out):
        raise ConstraintViolation("niet elk gebied is precies één keer geplaatst of weggelaten")
    # contiguity: border pairs, plus the links inside a must-stay-together group
    adj: list[list[int]] = [[] for _ in range(n)]
    for i, j in edges:
        adj[i].append(j)
        adj[j].append(i)
    for grp in groups:
        for a, b in zip(grp, grp[1:], strict=False):
            adj[a].append(b)
            adj[b].append(a)
    for k, members in enumerate(regions):
        name = ", ".join(ids[i] for i in members[:5])
        if not members:
            raise ConstraintViolation("lege regio")
        inside = set(members)
        seen = {members[0]}
        stack = [members[0]]
        while stack:
            for v in adj[stack.pop()]:
                if v in inside and v not in seen:
                    seen.add(v)
                    stack.append(v)
        if len(seen) != len(inside):
            raise ConstraintViolation(f"regio {k + 1} ({name}) is niet aaneengesloten")
        total = sum(value[i] for i in members)
        if meets[k] and (total < floor or len(members) < min_size):
            raise ConstraintViolation(f"regio {k + 1} ({name}) haalt de drempel niet")
        if meets[k] and ceiling is not None and total > ceiling:
            raise ConstraintViolation(f"regio {k + 1} ({name}) overschrijdt het plafond")
        if meets[k] and max_size is not None and len(members) > max_size:
            raise ConstraintViolation(f"regio {k + 1} ({name}) heeft te veel gebieden")
        if len({part[i] for i in members}) > 1:
            raise ConstraintViolation(f"regio {k + 1} ({name}) ligt in meer dan één deel")
    for grp in groups:
        if len({where.get(i, -1) for i in grp}) > 1:
            raise ConstraintViolation(f"groep {', '.join(ids[i] for i in grp)} is gesplitst")
    for i, j in apart:
        if i in where and j in where and where[i] == where[j]:
            raise ConstraintViolation(f"{ids[i]} en {ids[j]} zitten in dezelfde regio")
