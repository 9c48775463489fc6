"""Exact Shapley value and verified nucleolus: Samenspel against coopgame-py and naive baselines.

    .venv/bin/python benchmarks/games_bench.py [--max-n 20] [--max-n-shapley 25] [--repeats 5]
                                               [--no-readme]

Needs the benchmark requirements (``benchmarks/requirements.txt``: coopgame-py, a Rust library
with Python bindings that computes nucleolus, kernel and Shapley value). Without it the peer
columns stay empty.

Games (the same seeded games for every implementation):

* ``kosten``: the cost model of :func:`samenspel.funding.games.cost_model_game`,
  ``c(S) = (25.000 + 10 · P(S)^0,8) · (1 + 0,05 · ε_S)`` with random populations of 5.000–300.000
  and independent noise ``ε_S ~ N(0, 1)`` per coalition (so that no two coalitions tie);
* ``waarde``: a random value game ``v(S) = U_S · |S|²`` with ``U_S ~ U(0,5; 1)``.

Implementations:

* Samenspel: :func:`shapley` and :func:`nucleolus` — the times *include* their verification
  (efficiency and a control formula; Kohlberg's criterion with an LP);
* coopgame-py 0.3.0: ``coopgame.shapley`` and ``coopgame.nucleolus`` / ``coopgame.cost_nucleolus``
  (its default constraint generation), on a ``coopgame.Game`` built beforehand (not timed);
* naive Shapley: the subset formula ``Σ_S |S|!(n−|S|−1)!/n! · (v(S∪i) − v(S))`` in pure Python,
  up to ``--max-n-naive-shapley``;
* naive nucleolus: the same sequential LPs with *all* ``2^n − 2`` coalitions in every LP (no
  constraint generation, no verification), up to ``--max-n-naive-nucleolus``.

Each time is the median of ``--repeats`` runs after one warm-up run (a single run when one run
takes longer than 2 s). Agreement is the largest absolute difference from Samenspel's allocation,
divided by ``|v(N)|``. The results replace the section "## Verdeelsleutel: Shapley en nucleolus"
of ``benchmarks/README.md`` (up to the next ``## `` heading); the rest of that file is kept.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
from scipy.optimize import linprog

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_DIR / "src"))

import scipy  # noqa: E402

import samenspel.funding.games as games_module  # noqa: E402
from samenspel.core.numbers import format_number  # noqa: E402
from samenspel.funding.games import (  # noqa: E402
    COST,
    VALUE,
    Game,
    nucleolus,
    popcounts,
    shapley,
    subset_sums,
)

try:
    import coopgame
except ImportError:  # pragma: no cover - the peer is optional
    coopgame = None

README = REPO_DIR / "benchmarks" / "README.md"
HEADING = "## Verdeelsleutel: Shapley en nucleolus"
GOAL_SHAPLEY_S = 0.1
GOAL_NUCLEOLUS_S = 0.5
SLOW_S = 2.0


# --------------------------------------------------------------------------------------------
# Games
# --------------------------------------------------------------------------------------------


def make_game(family: str, n: int, seed: int) -> Game:
    rng = np.random.default_rng([seed, n, 0 if family == COST else 1])
    players = [f"g{i}" for i in range(n)]
    if family == COST:
        populations = rng.integers(5_000, 300_000, n).astype(float)
        base = 25_000 + 10 * subset_sums(populations) ** 0.8
        values = base * (1 + 0.05 * rng.standard_normal(1 << n))
        values[0] = 0.0
        return Game.from_values(players, values, COST)
    values = rng.uniform(0.5, 1.0, 1 << n) * popcounts(n).astype(float) ** 2
    values[0] = 0.0
    return Game.from_values(players, values, VALUE)


# --------------------------------------------------------------------------------------------
# Naive baselines
# --------------------------------------------------------------------------------------------


def naive_shapley(values: np.ndarray, n: int) -> np.ndarray:
    """The subset formula, one coalition at a time, in pure Python."""
    weights = [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in range(n)]
    v = values.tolist()
    phi = [0.0] * n
    for i in range(n):
        bit = 1 << i
        total = 0.0
        for s in range(1 << n):
            if not s & bit:
                total += weights[s.bit_count()] * (v[s | bit] - v[s])
        phi[i] = total
    return np.array(phi)


def naive_nucleolus(values: np.ndarray, n: int, kind: str) -> np.ndarray:
    """Sequential LPs (Maschler, Peleg & Shapley 1979) with every coalition in every LP.

    Coalitions with a positive dual are fixed at the level; coalitions whose characteristic
    vector is in the span of the fixed ones are dropped (a rank test per stage).
    """
    u = values if kind == VALUE else -values
    scale = float(np.max(np.abs(u))) or 1.0
    u = u / scale
    full = (1 << n) - 1
    chi = ((np.arange(1 << n)[:, None] >> np.arange(n)) & 1).astype(float)
    remaining = np.ones(1 << n, dtype=bool)
    remaining[[0, full]] = False
    eq_rows, eq_rhs = [np.ones(n)], [u[full]]
    bounds = [(u[1 << i], None) for i in range(n)] + [(None, None)]
    c = np.r_[np.zeros(n), 1.0]
    while np.linalg.matrix_rank(np.array(eq_rows)) < n:
        idx = np.flatnonzero(remaining)
        a_ub = np.hstack([-chi[idx], -np.ones((idx.size, 1))])
        a_eq = np.hstack([np.array(eq_rows), np.zeros((len(eq_rows), 1))])
        res = linprog(c, a_ub, -u[idx], a_eq, eq_rhs, bounds, method="highs")
        t = res.x[-1]
        for k in np.flatnonzero(-res.ineqlin.marginals > 1e-9):
            row = chi[idx[k]]
            rank = np.linalg.matrix_rank(np.array(eq_rows))
            if np.linalg.matrix_rank(np.array([*eq_rows, row])) > rank:
                eq_rows.append(row)
                eq_rhs.append(u[idx[k]] - t)
            remaining[idx[k]] = False
        for i in np.flatnonzero(res.lower.marginals[:n] > 1e-9):
            row = np.eye(n)[i]
            rank = np.linalg.matrix_rank(np.array(eq_rows))
            if np.linalg.matrix_rank(np.array([*eq_rows, row])) > rank:
                eq_rows.append(row)
                eq_rhs.append(u[1 << i])
        # Drop coalitions whose excess is now constant (in the span of the fixed rows).
        basis = np.linalg.qr(np.array(eq_rows).T)[0]
        idx = np.flatnonzero(remaining)
        residual = chi[idx] - (chi[idx] @ basis) @ basis.T
        remaining[idx[np.linalg.norm(residual, axis=1) < 1e-9]] = False
    x = np.linalg.solve(np.array(eq_rows), np.array(eq_rhs))
    return (x if kind == VALUE else -x) * scale


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Median wall time of ``repeats`` runs after a warm-up run (one run if it is slow)."""
    start = time.perf_counter()
    result = fn()
    first = time.perf_counter() - start
    if first > SLOW_S:
        return first, result
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def count_lps(fn: Callable[[], object]) -> int:
    """Number of LPs Samenspel solves in one call of ``fn`` (counted, not timed)."""
    original = games_module._solve_lp
    calls = 0

    def counting(*args, **kwargs):
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)

    games_module._solve_lp = counting
    try:
        fn()
    finally:
        games_module._solve_lp = original
    return calls


def linprog_overhead(repeats: int = 200) -> float:
    """Median time of one ``linprog(method="highs-ds")`` call on a 3-variable LP."""
    c = np.array([0.0, 0.0, 1.0])
    a_ub = np.array([[-1.0, 0.0, -1.0], [0.0, -1.0, -1.0]])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        linprog(c, a_ub, [-0.2, -0.3], [[1.0, 1.0, 0.0]], [1.0], method="highs-ds")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def relative_difference(a, b, game: Game) -> float:
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b)))) / max(1.0, abs(game.grand_value))


def measure(args: argparse.Namespace) -> list[dict]:
    rows = []
    for family in (COST, VALUE):
        for n in range(args.min_n, max(args.max_n, args.max_n_shapley) + 1):
            game = make_game(family, n, args.seed)
            values = game.values
            peer_game = None
            if coopgame is not None:
                peer_game = coopgame.Game(values[1:])
            row: dict = {"family": family, "n": n}
            repeats = args.repeats if n <= 20 else max(1, args.repeats // 2)

            row["shapley"], ours = timed(lambda g=game: shapley(g), repeats)
            phi = ours.allocation
            if peer_game is not None:
                row["shapley_peer"], peer = timed(
                    lambda pg=peer_game: coopgame.shapley(pg), repeats
                )
                row["shapley_peer_diff"] = relative_difference(peer, phi, game)
            if n <= args.max_n_naive_shapley:
                row["shapley_naive"], naive = timed(
                    lambda v=values, n=n: naive_shapley(v, n), min(repeats, 3)
                )
                row["shapley_naive_diff"] = relative_difference(naive, phi, game)

            if n <= args.max_n:
                row["nucleolus"], ours = timed(lambda g=game: nucleolus(g), repeats)
                x = ours.allocation
                row["lps"] = count_lps(lambda g=game: nucleolus(g))
                if peer_game is not None:
                    solve = coopgame.cost_nucleolus if family == COST else coopgame.nucleolus
                    row["nucleolus_peer"], peer = timed(
                        lambda s=solve, pg=peer_game: s(pg), repeats
                    )
                    if isinstance(peer, dict):
                        row["lps_peer"] = peer.get("lp_solves")
                        peer = peer["allocation"]
                    row["nucleolus_peer_diff"] = relative_difference(peer, x, game)
                if n <= args.max_n_naive_nucleolus:
                    row["nucleolus_naive"], naive = timed(
                        lambda v=values, n=n, k=family: naive_nucleolus(v, n, k),
                        min(repeats, 3),
                    )
                    row["nucleolus_naive_diff"] = relative_difference(naive, x, game)
            rows.append(row)
            print(
                f"{family:7s} n={n:2d}  shapley {row['shapley'] * 1e3:9.2f} ms"
                + (f" (peer {row['shapley_peer'] * 1e3:9.2f})" if "shapley_peer" in row else "")
                + (
                    f"  nucleolus {row['nucleolus'] * 1e3:9.2f} ms"
                    + (
                        f" (peer {row['nucleolus_peer'] * 1e3:9.2f})"
                        if "nucleolus_peer" in row
                        else ""
                    )
                    if "nucleolus" in row
                    else ""
                ),
                flush=True,
            )
            peer_game = None  # free the peer's copy of the table before the next n
    return rows


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    value = seconds * 1e3
    if value < 0.1:
        return format_number(value, 4 if value < 0.01 else 3)
    return format_number(value, 2 if value < 10 else 1 if value < 1000 else 0)


def ratio(peer: float | None, ours: float | None) -> str:
    if peer is None or ours is None:
        return "–"
    return format_number(peer / ours, 2 if peer / ours < 10 else 1) + "×"


def diff(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1e}".replace(".", ",")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    peer = "geen coopgame-py"
    if coopgame is not None:
        peer = f"coopgame-py {importlib.metadata.version('coopgame-py')}"
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"numpy {np.__version__}, scipy {scipy.__version__} (HiGHS via linprog), {peer}"
    )


def report(
    rows: list[dict], args: argparse.Namespace, elapsed: float, load: str, overhead: float
) -> str:
    get = dict.get
    lines = [
        HEADING,
        "",
        f"Gemeten op {datetime.now():%Y-%m-%d %H:%M}: {machine()}, belasting vooraf {load}. "
        f"Totale duur {format_number(elapsed, 0)} s. Opnieuw meten: `.venv/bin/python "
        "benchmarks/games_bench.py` (peer: `.venv/bin/uv pip install -r "
        "benchmarks/requirements.txt`).",
        "",
        "Spellen (zelfde seed voor iedereen): `kosten` = kostenmodel "
        "c(S) = (25.000 + 10 · P(S)^0,8) · (1 + 0,05 ε_S) met willekeurige bevolking; "
        "`waarde` = v(S) = U_S · |S|². Tijden: mediaan van "
        f"{args.repeats} runs na een opwarmrun (vanaf n = 21: {max(1, args.repeats // 2)}; één run "
        "als die langer dan 2 s duurt). Samenspel rekent de controle mee (Shapley: efficiëntie "
        "en controleformule; nucleolus: Kohlberg-criterium met een LP). Verschil = grootste "
        "absolute verschil met Samenspel, gedeeld door |v(N)|. "
        f"Naïeve Shapley (zuiver Python) tot n = {args.max_n_naive_shapley}, naïeve nucleolus "
        f"(alle 2^n coalities in elk LP) tot n = {args.max_n_naive_nucleolus}: daarboven te traag.",
        "",
        "### Shapley-waarde (exact)",
        "",
        "| spel | n | Samenspel (ms) | coopgame (ms) | coopgame / Samenspel | verschil coopgame "
        "| naïef (ms) | naïef / Samenspel | verschil naïef |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['family']} | {r['n']} | {ms(r['shapley'])} | {ms(get(r, 'shapley_peer'))} | "
            f"{ratio(get(r, 'shapley_peer'), r['shapley'])} | "
            f"{diff(get(r, 'shapley_peer_diff'))} | {ms(get(r, 'shapley_naive'))} | "
            f"{ratio(get(r, 'shapley_naive'), r['shapley'])} | "
            f"{diff(get(r, 'shapley_naive_diff'))} |"
        )
    lines += [
        "",
        "### Nucleolus (exact, met Kohlberg-controle)",
        "",
        "| spel | n | Samenspel (ms) | LP's | coopgame (ms) | LP's coopgame "
        "| coopgame / Samenspel | verschil coopgame | naïef (ms) | naïef / Samenspel "
        "| verschil naïef |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        if "nucleolus" not in r:
            continue
        lps_peer = get(r, "lps_peer")
        lines.append(
            f"| {r['family']} | {r['n']} | {ms(r['nucleolus'])} | {r['lps']} | "
            f"{ms(get(r, 'nucleolus_peer'))} | {'–' if lps_peer is None else lps_peer} | "
            f"{ratio(get(r, 'nucleolus_peer'), r['nucleolus'])} | "
            f"{diff(get(r, 'nucleolus_peer_diff'))} | {ms(get(r, 'nucleolus_naive'))} | "
            f"{ratio(get(r, 'nucleolus_naive'), r['nucleolus'])} | "
            f"{diff(get(r, 'nucleolus_naive_diff'))} |"
        )
    lines += ["", "### Doelen", ""] + goals(rows, overhead) + [""]
    return "\n".join(lines)


def goals(rows: list[dict], overhead: float) -> list[str]:
    out = []
    for family in (COST, VALUE):
        at20 = next((r for r in rows if r["family"] == family and r["n"] == 20), None)
        if at20 is None:
            continue
        s, nu = at20["shapley"], at20.get("nucleolus")
        out.append(
            f"- `{family}`, n = 20: Shapley {ms(s)} ms (doel < 100 ms: "
            f"{'gehaald' if s < GOAL_SHAPLEY_S else 'niet gehaald'}); nucleolus met controle "
            f"{ms(nu)} ms (doel < 500 ms: "
            f"{'gehaald' if nu is not None and nu < GOAL_NUCLEOLUS_S else 'niet gehaald'})."
        )
    for method, label in (("shapley", "Shapley"), ("nucleolus", "nucleolus")):
        slower = [r for r in rows if f"{method}_peer" in r and r[f"{method}_peer"] < r[method]]
        compared = [r for r in rows if f"{method}_peer" in r]
        if not compared:
            out.append(f"- {label}: geen vergelijking met coopgame (niet geïnstalleerd).")
        elif not slower:
            out.append(f"- {label}: sneller dan coopgame bij elke gemeten n.")
        else:
            worst = min(slower, key=lambda r: r[f"{method}_peer"] / r[method])
            ns = sorted({r["n"] for r in slower})
            out.append(
                f"- {label}: **niet** sneller dan coopgame bij elke n — coopgame is sneller bij "
                f"n = {', '.join(map(str, ns))} (het sterkst bij `{worst['family']}` n = "
                f"{worst['n']}: {ms(worst[f'{method}_peer'])} ms tegenover {ms(worst[method])} "
                f"ms, {ratio(worst[method], worst[f'{method}_peer'])} trager)."
            )
    small = [r for r in rows if "lps" in r and r["n"] <= 10]
    if small:
        out.append(
            f"- Waarom coopgame bij kleine n sneller is: één `scipy.optimize.linprog`-aanroep "
            f"kost hier {ms(overhead)} ms, ook voor een LP met 3 variabelen (invoercontrole en "
            "opties in scipy; HiGHS zelf rekent maar een fractie daarvan), en Samenspel lost bij "
            f"n ≤ 10 {min(r['lps'] for r in small)} tot {max(r['lps'] for r in small)} LP's op "
            "(de opeenvolgende LP's plus één controle-LP voor Kohlberg). coopgame roept zijn "
            "LP-oplosser zonder die overhead aan vanuit Rust. Zodra het werk over de 2^n "
            "coalities doorweegt, is Samenspel sneller. Bij de Shapley-waarde gaat het om "
            "microseconden: de vaste kost van een Python-oproep met controle tegenover één "
            "Rust-lus."
        )
    diffs = [
        r[k]
        for r in rows
        for k in (
            "shapley_peer_diff",
            "shapley_naive_diff",
            "nucleolus_peer_diff",
            "nucleolus_naive_diff",
        )
        if k in r
    ]
    if diffs:
        out.append(
            f"- Overeenstemming: grootste relatieve verschil over alle vergelijkingen "
            f"{diff(max(diffs))}."
        )
    return out


def write_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    start = text.find(HEADING)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(HEADING))
        rest = text[end + 1 :] if end != -1 else ""
        text = text[:start] + section + ("\n" + rest if rest else "")
    README.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-n", type=int, default=5)
    parser.add_argument("--max-n", type=int, default=20, help="largest n for the nucleolus")
    parser.add_argument("--max-n-shapley", type=int, default=25)
    parser.add_argument("--max-n-naive-shapley", type=int, default=16)
    parser.add_argument("--max-n-naive-nucleolus", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args(argv)
    load = " / ".join(format_number(x, 1) for x in os.getloadavg())
    start = time.perf_counter()
    overhead = linprog_overhead()
    rows = measure(args)
    section = report(rows, args, time.perf_counter() - start, load, overhead)
    print()
    print(section)
    if not args.no_readme:
        write_readme(section)
        print(f"\nGeschreven naar {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
