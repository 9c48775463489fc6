"""Max-p regions: Samenspel against spopt's MaxPHeuristic and pygeoda's maxp_greedy / maxp_tabu.

The peers are no dependency of Samenspel (pygeoda is GPL): install them in a separate venv and
run this file with that interpreter; Samenspel is imported from ``src/``::

    python3 -m venv /tmp/benchvenv
    /tmp/benchvenv/bin/pip install spopt pygeoda libpysal geopandas
    /tmp/benchvenv/bin/python benchmarks/maxp_bench.py [--spopt-max 300] [--markdown]

Inputs, the same for every method in one run:

* the Flemish municipalities (bundle ``flanders/`` and ``cultuur/referentieregios-2025.csv``)
  with a floor of 85.000 inhabitants: all of Flanders as one graph, and each referentieregio on
  its own; heterogeneity on the standardised income per inhabitant and mean age. Areas with no
  neighbour (Voeren) are left out for every method (the peers cannot place them either);
* queen lattices of 17×17, 32×32 and 55×55 cells (289, 1.024 and 3.025), a "population" of
  1 to 9 per cell (seeded) and a floor of 75, about 15 cells per region; heterogeneity on one
  seeded uniform attribute.

Heterogeneity is recomputed for every method with the same function (within-region sum of
squares of the attributes standardised over the input, population standard deviation), so the
numbers compare. Time is wall-clock for one call. spopt runs only up to ``--spopt-max`` areas
(it needs tens of seconds for 300).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from samenspel.scenarios.maxp import maxp  # noqa: E402

DATA = Path(os.environ.get("SAMENSPEL_DATA_DIR", ROOT.parent / "shared" / "data"))
if not DATA.exists():
    DATA = Path("/work/shared/data")
FLOOR_FL = 85_000
ATTRS_FL = ["income_per_capita_eur", "mean_age"]


def flemish() -> tuple[dict, list, dict]:
    with (DATA / "flanders" / "municipalities-2025.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    areas = {
        r["refnis"]: {"pop": float(r["population"]), **{a: float(r[a]) for a in ATTRS_FL}}
        for r in rows
    }
    with (DATA / "flanders" / "adjacency-2025.csv").open(encoding="utf-8") as fh:
        pairs = [(r["refnis_a"], r["refnis_b"]) for r in csv.DictReader(fh)]
    with (DATA / "cultuur" / "referentieregios-2025.csv").open(encoding="utf-8") as fh:
        region = {r["refnis"]: r["referentieregio"] for r in csv.DictReader(fh)}
    return areas, pairs, region


def lattice(k: int, seed: int = 2027) -> tuple[dict, list]:
    rnd = random.Random(seed)
    areas, pairs = {}, []
    for r in range(k):
        for c in range(k):
            areas[f"{r:02d}-{c:02d}"] = {"pop": float(rnd.randint(1, 9)), "x": rnd.random()}
            for dr, dc in ((0, 1), (1, -1), (1, 0), (1, 1)):
                rr, cc = r + dr, c + dc
                if 0 <= rr < k and 0 <= cc < k:
                    pairs.append((f"{r:02d}-{c:02d}", f"{rr:02d}-{cc:02d}"))
    return areas, pairs


def restrict(areas: dict, pairs: list, keep) -> tuple[dict, list]:
    sub = {a: v for a, v in areas.items() if keep(a)}
    sp = [(a, b) for a, b in pairs if a in sub and b in sub]
    linked = {a for p in sp for a in p}
    sub = {a: v for a, v in sub.items() if a in linked}  # no islands: the peers cannot place them
    return sub, sp


def heterogeneity(areas: dict, attrs: list[str], labels: dict[str, int]) -> float:
    ids = list(areas)
    x = np.array([[areas[a][k] for k in attrs] for a in ids], dtype=float)
    sd = x.std(axis=0)
    sd[sd == 0] = 1
    z = (x - x.mean(axis=0)) / sd
    lab = np.array([labels.get(a, -1) for a in ids])
    total = 0.0
    for r in set(lab.tolist()) - {-1}:
        zr = z[lab == r]
        total += float(((zr - zr.mean(axis=0)) ** 2).sum())
    return total


def check(areas: dict, pairs: list, labels: dict[str, int], floor: float) -> str:
    """'' when every region is contiguous and meets the floor, else what is wrong."""
    adj: dict[str, set[str]] = {a: set() for a in areas}
    for a, b in pairs:
        adj[a].add(b)
        adj[b].add(a)
    groups: dict[int, list[str]] = {}
    for a, r in labels.items():
        groups.setdefault(r, []).append(a)
    for r, members in groups.items():
        if sum(areas[m]["pop"] for m in members) < floor:
            return f"regio {r} onder de drempel"
        inside, seen, stack = set(members), {members[0]}, [members[0]]
        while stack:
            for v in adj[stack.pop()] & inside - seen:
                seen.add(v)
                stack.append(v)
        if seen != inside:
            return f"regio {r} niet aaneengesloten"
    return ""


def run_samenspel(areas, pairs, attrs, floor):
    t = time.perf_counter()
    r = maxp(areas, pairs, floor_attribute="pop", floor=floor, attributes=attrs, seed=0)
    secs = time.perf_counter() - t
    return r.label_of(), secs, r.bound


def run_pygeoda(areas, pairs, attrs, floor, method):
    import pandas as pd
    import pygeoda

    ids = list(areas)
    index = {a: k for k, a in enumerate(ids)}
    nb: dict[int, list[int]] = {k: [] for k in range(len(ids))}
    for a, b in pairs:
        nb[index[a]].append(index[b])
        nb[index[b]].append(index[a])
    with tempfile.NamedTemporaryFile("w", suffix=".gal", delete=False) as fh:
        fh.write(f"0 {len(ids)} bench id\n")
        for k in range(len(ids)):
            fh.write(f"{k + 1} {len(nb[k])}\n{' '.join(str(j + 1) for j in nb[k])}\n")
        gal = fh.name
    w = pygeoda.weights.read_gal(gal, [str(k) for k in range(1, len(ids) + 1)])
    df = pd.DataFrame([[areas[a][k] for k in attrs] for a in ids], columns=attrs)
    bound = [areas[a]["pop"] for a in ids]
    fn = pygeoda.maxp_greedy if method == "greedy" else pygeoda.maxp_tabu
    t = time.perf_counter()
    out = fn(w, df, bound, floor)
    secs = time.perf_counter() - t
    os.unlink(gal)
    clusters = out["Clusters"]
    return {a: int(c) for a, c in zip(ids, clusters, strict=True) if int(c) > 0}, secs


def run_spopt(areas, pairs, attrs, floor):
    import geopandas as gpd
    import libpysal
    from shapely.geometry import Point
    from spopt.region import MaxPHeuristic

    ids = list(areas)
    index = {a: k for k, a in enumerate(ids)}
    nb: dict[int, list[int]] = {k: [] for k in range(len(ids))}
    for a, b in pairs:
        nb[index[a]].append(index[b])
        nb[index[b]].append(index[a])
    w = libpysal.weights.W(nb, silence_warnings=True)
    gdf = gpd.GeoDataFrame(
        {**{k: [areas[a][k] for a in ids] for k in attrs}, "pop": [areas[a]["pop"] for a in ids]},
        geometry=[Point(k, 0) for k in range(len(ids))],
    )
    np.random.seed(0)
    random.seed(0)
    model = MaxPHeuristic(gdf, w, attrs, "pop", floor, top_n=2)
    t = time.perf_counter()
    model.solve()
    secs = time.perf_counter() - t
    return {a: int(lab) for a, lab in zip(ids, model.labels_, strict=True) if int(lab) > 0}, secs


def _child(queue, fn, args):
    try:
        queue.put(("ok", fn(*args)))
    except Exception as exc:  # reported by the parent
        queue.put(("fout", repr(exc)))


def in_process(fn, args, timeout: float):
    """Run a peer in a forked process, killed after ``timeout`` seconds (spopt can loop)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(queue, fn, args))
    proc.start()
    try:
        kind, value = queue.get(timeout=timeout)
    except Exception:
        kind, value = "fout", f"na {timeout:g} s afgebroken"
    proc.join(1)
    if proc.is_alive():
        proc.kill()
        proc.join()
    if kind != "ok":
        raise RuntimeError(value)
    return value


def bench(name, areas, pairs, attrs, floor, spopt_max, rows, timeout=120.0):
    results = {}
    failures = {}
    labels, secs, bound = run_samenspel(areas, pairs, attrs, floor)
    results["Samenspel"] = (labels, secs)
    peers = [(f"pygeoda maxp_{m}", run_pygeoda, (areas, pairs, attrs, floor, m)) for m in
             ("greedy", "tabu")]  # fmt: skip
    if len(areas) <= spopt_max:
        peers.append(("spopt MaxPHeuristic", run_spopt, (areas, pairs, attrs, floor)))
    for method, fn, args in peers:
        try:
            results[method] = in_process(fn, args, timeout)
        except Exception as exc:  # a peer failing is reported, not fatal
            failures[method] = str(exc)
            print(f"{name:28s} n={len(areas):5d} {method:22s} {exc}", flush=True)
            rows.append((name, len(areas), method, None, None, None, None, 0, str(exc)))
    for method, (labels, secs) in results.items():
        p = len(set(labels.values()))
        problem = check(areas, pairs, labels, floor)
        unplaced = len(areas) - len(labels)
        het = heterogeneity(areas, attrs, labels)
        row = (name, len(areas), method, p, bound if method == "Samenspel" else None, het, secs)
        rows.append((*row, unplaced, problem))
        print(
            f"{name:28s} n={len(areas):5d} {method:22s} p={p:4d} "
            f"{'bound=' + str(bound) if method == 'Samenspel' else '':10s} "
            f"het={het:10.2f} {secs:8.3f}s unplaced={unplaced} {problem}",
            flush=True,
        )


def nl(x: float, d: int) -> str:
    s = f"{x:,.{d}f}"
    return s.replace(",", " ").replace(".", ",").replace(" ", ".")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spopt-max", type=int, default=300, help="spopt only up to n areas")
    ap.add_argument("--markdown", action="store_true", help="print a markdown table at the end")
    ap.add_argument("--zonder-regios", action="store_true", help="skip the referentieregio's")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per peer run")
    args = ap.parse_args()
    print(f"{platform.python_version()} {platform.machine()} {os.cpu_count()} cores", flush=True)
    rows: list = []
    areas, pairs, region = flemish()
    sub, sp = restrict(areas, pairs, lambda a: True)
    bench(
        "Vlaanderen (285 gemeenten)",
        sub,
        sp,
        ATTRS_FL,
        FLOOR_FL,
        args.spopt_max,
        rows,
        args.timeout,
    )
    if not args.zonder_regios:
        for name in sorted(set(region.values())):
            sub, sp = restrict(areas, pairs, lambda a, name=name: region.get(a) == name)
            bench(name, sub, sp, ATTRS_FL, FLOOR_FL, args.spopt_max, rows, args.timeout)
    for k in (17, 32, 55):
        la, lp = lattice(k)
        bench(f"queen-rooster {k}×{k}", la, lp, ["x"], 75, args.spopt_max, rows, args.timeout)
    if args.markdown:
        print("\n| invoer | n | methode | p | grens | heterogeniteit | tijd (s) | fout |")
        print("| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |")
        for name, n, method, p, bound, het, secs, unplaced, problem in rows:
            err = problem or (f"{unplaced} niet geplaatst" if unplaced else "")
            b = "" if bound is None else str(bound)
            if p is None:
                print(f"| {name} | {n} | {method} | – | | – | – | {err} |")
                continue
            print(f"| {name} | {n} | {method} | {p} | {b} | {nl(het, 2)} | {nl(secs, 3)} | {err} |")


if __name__ == "__main__":
    main()
