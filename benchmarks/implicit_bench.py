"""Shapley and nucleolus of the Verdeelsleutel cost game for 20–40 municipalities, without
enumeration, next to enumerating peers.

    .venv/bin/python benchmarks/implicit_bench.py [--sizes 20 25 30 35 40] [--budget 120]
        [--peer-max 25] [--peer-budget 300]

    # with the peer (not a dependency of Samenspel; installed outside the project's venv):
    .venv/bin/uv pip install --python .venv/bin/python --target /tmp/peer \
        -r benchmarks/requirements.txt
    PYTHONPATH=/tmp/peer .venv/bin/python benchmarks/implicit_bench.py

Games: ``samenspel.funding.implicit.PopulationCostGame`` with seeded random populations of
5.000–40.000 inhabitants (whole numbers), ``F = 25.000 €``, ``b = 0,8``, the 2027 subsidy rules
(≥ 85.000 inhabitants, 0,90 €/inwoner, minimum 100.000 €, no contiguity) and ``a`` calibrated as
in ``analysis.compare`` so that ``c(N)`` is 30 % of 0,90 € per inhabitant of the group. Two kinds:

* ``één regio``: every municipality in one referentieregio;
* ``twee regio's``: the first half in one, the second half in another (deeply empty core);
* ``drie regio's, 1.000–300.000``: three referentieregio's (40 %, 35 %, 25 % of the group) and
  populations drawn log-uniformly from 1.000 to 300.000 (big towns and small villages, as with
  a centrumstad and its neighbours): some one-region groups get the subsidy, others not.

Samenspel (timed, verification included):

* Shapley: :func:`samenspel.funding.shapley_pop.shapley` (counting coalitions per size and
  population; efficiency checked);
* nucleolus: :func:`samenspel.funding.implicit.nucleolus` (constraint generation with an exact
  oracle; every level checked with the oracle over all coalitions, Kohlberg on the family).

Peers, up to ``--peer-max`` players, on the same game with its ``2^n`` values listed beforehand
(not timed), each in a child process stopped after ``--peer-budget`` seconds:

* coopgame-py (``coopgame.shapley``, ``coopgame.cost_nucleolus``), when importable;
* Samenspel's own enumerating ``games.shapley`` and ``games.nucleolus`` (Kohlberg-verified).

"verschil" is the largest absolute difference with Samenspel's result divided by ``c(N)``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np

from samenspel.funding import games
from samenspel.funding.games import BudgetExceeded, Limits
from samenspel.funding.implicit import PopulationCostGame, nucleolus
from samenspel.funding.shapley_pop import shapley

try:
    import coopgame
except ImportError:  # pragma: no cover - the peer is optional
    coopgame = None


KINDS = {"een": "één regio", "twee": "twee regio's", "drie": "drie regio's, 1.000–300.000"}


def game(n: int, kind: str, seed: int) -> PopulationCostGame:
    rng = np.random.default_rng(seed)
    if kind == "drie":
        pops = [int(p) for p in np.exp(rng.uniform(np.log(1_000), np.log(300_000), n))]
        cut1, cut2 = round(0.4 * n), round(0.75 * n)
        regions = ["A" if i < cut1 else "B" if i < cut2 else "C" for i in range(n)]
    else:
        pops = [int(p) for p in rng.integers(5_000, 40_000, n)]
        regions = ["A" if i < n // 2 or kind == "een" else "B" for i in range(n)]
    total = sum(pops)
    subsidy = max(0.9 * total, 100_000.0) if kind == "een" else 0.0
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


def timed(func: Callable, repeats: int = 3) -> tuple[float, object]:
    """Median seconds of ``repeats`` runs (one run when the first takes more than 1 s)."""
    times = []
    result = None
    for k in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
        if k == 0 and times[0] > 1.0:
            break
    return statistics.median(times), result


def _child(conn, func) -> None:
    start = time.perf_counter()
    try:
        out = func()
        if isinstance(out, dict):
            out = out["allocation"]
        conn.send((time.perf_counter() - start, np.asarray(getattr(out, "allocation", out))))
    except Exception as exc:  # noqa: BLE001 - reported in the table
        conn.send((None, f"{type(exc).__name__}: {exc}"[:80]))


def in_child(func: Callable, budget: float) -> tuple[float | None, object]:
    """Run ``func`` in a forked child process; ``(None, reason)`` past ``budget`` seconds."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, func))
    proc.start()
    child.close()
    if parent.poll(budget):
        seconds, result = parent.recv()
        proc.join()
        return seconds, result
    proc.terminate()  # only the child this function started
    proc.join()
    return None, f"niet klaar binnen {budget:g} s"


def diff(peer, ours: np.ndarray, grand: float) -> str:
    if not isinstance(peer, np.ndarray):
        return "–"
    return f"{float(np.max(np.abs(peer - ours))) / abs(grand):.1e}"


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def ratio(peer: float | None, ours: float) -> str:
    if peer is None:
        return "–"
    return f"{peer / ours:,.0f}×" if peer / ours >= 10 else f"{peer / ours:.1f}×"


def column(cell: tuple, ours_t: float | None, ours_x, grand: float) -> list[str]:
    """Time, ratio to Samenspel and difference of one peer run."""
    seconds, result = cell
    shown = fmt(seconds) if seconds is not None else str(result)
    if ours_t is None:
        return [shown, "–", "–"]
    return [shown, ratio(seconds, ours_t), diff(result, ours_x, grand)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 25, 30, 35, 40])
    parser.add_argument("--budget", type=float, default=120.0)
    parser.add_argument("--peer-max", type=int, default=25)
    parser.add_argument("--peer-budget", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", nargs="+", choices=list(KINDS), default=list(KINDS))
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    peer_name = "coopgame-py niet geïnstalleerd"
    if coopgame is not None:
        import importlib.metadata

        peer_name = f"coopgame-py {importlib.metadata.version('coopgame-py')}"
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} cores, {peer_name}, belasting vooraf {load}"
    )
    print(
        "| n | groep | Shapley Samenspel (s) | Shapley coopgame (s) | × | verschil "
        "| Shapley opsommend (s) | × | nucleolus Samenspel (s) | niveaus | nucleolus coopgame (s) "
        "| × | verschil | nucleolus opsommend (s) | × | verschil |"
    )
    print("|" + "---|" * 16)
    limits = Limits(max_seconds=args.budget, max_table_bytes=2**30)
    for n in args.sizes:
        for key in args.kinds:
            g = game(n, key, args.seed + n)
            grand = g.cost((1 << n) - 1)
            kind = KINDS[key]
            t_sh, sh = timed(lambda g=g: shapley(g, limits=limits))
            try:
                t_nu, nu = timed(lambda g=g: nucleolus(g, limits=limits))
                levels = str(len(nu.levels))
                nu_text = fmt(t_nu)
            except BudgetExceeded:
                t_nu, nu, levels, nu_text = None, None, "–", f"> {args.budget:g}"
            cells = {}
            if n <= args.peer_max:
                full = g.to_game()
                values = full.values  # listed before timing
                runs = {
                    "sh_peer": None,
                    "nu_peer": None,
                    "sh_own": lambda f=full: games.shapley(f, limits=games.UNLIMITED),
                    "nu_own": lambda f=full: games.nucleolus(f, limits=games.UNLIMITED),
                }
                if coopgame is not None:
                    peer_game = coopgame.Game(values[1:])
                    runs["sh_peer"] = lambda pg=peer_game: coopgame.shapley(pg)
                    runs["nu_peer"] = lambda pg=peer_game: coopgame.cost_nucleolus(pg)
                for key, func in runs.items():
                    cells[key] = (None, "–") if func is None else in_child(func, args.peer_budget)
            else:
                cells = dict.fromkeys(("sh_peer", "nu_peer", "sh_own", "nu_own"), (None, "–"))

            sh_peer = column(cells["sh_peer"], t_sh, sh.allocation, grand)
            sh_own = column(cells["sh_own"], t_sh, sh.allocation, grand)[:2]
            nu_x = None if nu is None else nu.allocation
            nu_peer = column(cells["nu_peer"], t_nu, nu_x, grand)
            nu_own = column(cells["nu_own"], t_nu, nu_x, grand)
            row = [str(n), kind, fmt(t_sh), *sh_peer, *sh_own, nu_text, levels, *nu_peer, *nu_own]
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
