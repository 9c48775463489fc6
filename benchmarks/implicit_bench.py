"""Nucleolus of the Verdeelsleutel cost game for 20–40 municipalities, without enumeration.

    .venv/bin/python benchmarks/implicit_bench.py [--sizes 20 25 30 35 40] [--budget 60]

Games: ``samenspel.funding.implicit.PopulationCostGame`` with seeded random populations of
5.000–40.000 inhabitants (whole numbers), ``F = 25.000 €``, ``b = 0,8``, the 2027 subsidy rules
(≥ 85.000 inhabitants, 0,90 €/inwoner, minimum 100.000 €, no contiguity) and ``a`` calibrated as
in ``analysis.compare`` so that ``c(N)`` is 30 % of the subsidy of the group. Two kinds:

* ``één regio``: every municipality in one referentieregio;
* ``twee regio's``: the first half in one, the second half in another (deeply empty core).

Each time is one run of :func:`samenspel.funding.implicit.nucleolus`, verification included
(oracle check of every level, Kohlberg on the generated tight coalitions); a run that passes
``--budget`` seconds stops with ``BudgetExceeded`` and is reported as such.
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from samenspel.funding.games import BudgetExceeded, Limits
from samenspel.funding.implicit import PopulationCostGame, nucleolus


def game(n: int, two_regions: bool, seed: int) -> PopulationCostGame:
    rng = np.random.default_rng(seed)
    pops = [int(p) for p in rng.integers(5_000, 40_000, n)]
    regions = ["A" if i < n // 2 or not two_regions else "B" for i in range(n)]
    total = sum(pops)
    subsidy = max(0.9 * total, 100_000.0) if not two_regions else 0.0
    scale = (0.3 * 0.9 * total + subsidy - 25_000.0) / total**0.8
    return PopulationCostGame(
        tuple(f"g{i}" for i in range(n)),
        tuple(pops),
        tuple(regions),
        25_000.0,
        scale,
        0.8,
        min_population=85_000,
        per_inhabitant=0.9,
        minimum=100_000.0,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 25, 30, 35, 40])
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}")
    print("| n | groep | nucleolus (s) | niveaus | resultaat |")
    print("|---|---|---|---|---|")
    for n in args.sizes:
        for two in (False, True):
            g = game(n, two, args.seed + n)
            start = time.perf_counter()
            try:
                sol = nucleolus(g, limits=Limits(max_seconds=args.budget))
                outcome = "gecontroleerd" if sol.verification.ok else "controle MISLUKT"
                levels = str(len(sol.levels))
            except BudgetExceeded:
                outcome = f"niet klaar binnen {args.budget:g} s"
                levels = "–"
            seconds = time.perf_counter() - start
            kind = "twee regio's" if two else "één regio"
            print(f"| {n} | {kind} | {seconds:.2f} | {levels} | {outcome} |", flush=True)


if __name__ == "__main__":
    main()
