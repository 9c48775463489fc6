"""Time and peak memory of one Verdeelsleutel request for 10, 20, 25 and 40 municipalities,
beside the code as it was before the request was bounded (issue 6, section 4).

    .venv/bin/python benchmarks/verdeelsleutel_bounds_bench.py [--sizes 10,20,25,40]
        [--peer-src /tmp/samenspel-bc7179e/src] [--timeout 120] [--memory-gb 8] [--no-readme]

Two sides, each with its own SQLite database in a temporary directory (``SAMENSPEL_VAR_DIR``)
and the full bundle loaded by its own loader:

* Samenspel: this repository's ``src`` (loader ``samenspel.atlas.loading.load_bundle``);
* peer: the code before the fix, commit ``bc7179e`` (loader
  ``samenspel.territory.loading.load_bundle``). Make the worktree first and remove it after:
  ``git worktree add /tmp/samenspel-bc7179e bc7179e`` … ``git worktree remove
  /tmp/samenspel-bc7179e``. Both sides run with this interpreter (the same venv), the peer
  with ``PYTHONPATH`` on its ``src``.

The groups are contiguous municipalities grown by breadth-first search over the bundle's
adjacency from a centrumstad (Hasselt 71072 and Leuven 24062), first inside its
referentieregio (Limburg, Oost-Brabant), then beyond it when the region has no more
neighbours to add. Every group is requested as
``/verdeelsleutel/?gemeenten=…`` with the four default keys of an IGS page, on 2025-06-01.

Every request runs in a fresh process (Django's test Client, full middleware, the settings
the test suite uses: DEBUG off). That process first gets two trivial pages (the home page and
the empty Verdeelsleutel form, which load the Atlas and import everything the page needs) and
notes its peak RSS: that is the baseline. Then it makes the one request, timed on its own.
The parent reads the process's peak RSS from ``os.wait4`` when it has ended; "erbij" is that
peak minus the baseline. Every process has an address-space cap (``RLIMIT_AS``, default 8 GB)
and the request a wall-clock limit (default 120 s, then the process is killed): a side that
hits either is reported as stopped at the limit. The page's own account of what it computed
(exact or sampled Shapley value, nucleolus or not, and why) is read from the HTML.

The table goes to benchmarks/README.md between ``<!-- verdeelsleutel-bounds:begin -->`` and
``…:end -->``; the rest of the file is left as it is.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import platform
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from datetime import datetime
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages_bench import write_readme  # noqa: E402

BEGIN, END = "<!-- verdeelsleutel-bounds:begin -->", "<!-- verdeelsleutel-bounds:end -->"
HEADING = "## Verdeelsleutel: één verzoek voor 10 tot 40 gemeenten (rekengrenzen)"
KEYS = "sleutel_1=inwoners&sleutel_2=vast-plus-inwoners&sleutel_3=draagkracht&sleutel_4=profijt"
ON = "2025-06-01"
STARTS = "71072,24062"  # Hasselt and Leuven, centrumsteden of Limburg and Oost-Brabant
PEER_COMMIT = "bc7179e"
DEFAULT_PEER_SRC = Path(f"/tmp/samenspel-{PEER_COMMIT}/src")
MARK = "BENCH "  # the child's result lines (the app logs its own lines on stdout too)
WARMUP = ["/", "/verdeelsleutel/"]


# --------------------------------------------------------------------------- child side


def _emit(**data) -> None:
    sys.stdout.write(MARK + json.dumps(data) + "\n")
    sys.stdout.flush()


def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux


def child_load(side: str, data: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if side == "peer":
        from samenspel.territory.loading import load_bundle
    else:
        from samenspel.atlas.loading import load_bundle
    load_bundle(data)
    _emit(loaded=side)


def child_request(url: str, html_out: str | None) -> None:
    import django

    django.setup()
    from django.core.signals import got_request_exception
    from django.test import Client

    raised: list[str] = []

    def note_exception(sender, **kwargs) -> None:
        exc = sys.exc_info()[1]
        raised.append(f"{type(exc).__name__}: {str(exc)[:200]}")

    got_request_exception.connect(note_exception, weak=False)
    client = Client(raise_request_exception=False)
    for warm in WARMUP:
        r = client.get(warm)
        if r.status_code != 200:
            _emit(error=f"opwarmen {warm}: HTTP {r.status_code}")
            return
    _emit(baseline_kb=_maxrss_kb())
    t0 = time.perf_counter()
    try:
        r = client.get(url)
        status, body = r.status_code, r.content.decode("utf-8", "replace")
    except MemoryError:
        status, body = "MemoryError", ""
    seconds = time.perf_counter() - t0
    if html_out:
        Path(html_out).write_text(body, encoding="utf-8")
    _emit(
        status=status,
        seconds=seconds,
        peak_kb=_maxrss_kb(),
        computed=page_account(body),
        raised=raised,
    )


def page_account(body: str) -> dict:
    """What the page says it computed, read from the HTML (both versions of the page)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    text = re.sub(r"\s+", " ", text)
    sentences = re.split(r"(?<=[.!?])\s+", text)
    shapley = nucleolus = None
    for s in sentences:
        low = s.lower()
        if shapley is None and "exact berekend" in low:
            shapley = "exact"
        if shapley is None and "geschat met" in low and "willekeurige volgordes" in low:
            shapley = "steekproef"
        if nucleolus is None and "nucleolus is nagerekend" in low:
            nucleolus = "berekend en nagerekend"
        if nucleolus is None and "nucleolus is niet berekend" in low:
            nucleolus = "niet berekend"
        if nucleolus is None and "er is geen nucleolus" in low:
            nucleolus = "bestaat niet"
    notes = [
        s
        for s in sentences
        if re.search(
            r"niet berekend|niet nagegaan|steekproef|exact berekend|te veel spelers|"
            r"nagerekend|geschat met|geen nucleolus",
            s,
            re.IGNORECASE,
        )
    ]
    errors = re.findall(
        r'<(?:div|ul|p)[^>]*(?:role="alert"|class="[^"]*(?:errorlist|melding)'
        r'[^"]*")[^>]*>(.*?)</(?:div|ul|p)>',
        body,
        re.S,
    )
    errors = [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", e))).strip() for e in errors
    ]
    has_shapley_column = "Shapley" in text
    headings = [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", h))).strip()
        for h in re.findall(r"<h3[^>]*>(.*?)</h3>", body, re.S)
    ]
    verdicts = {
        "win-win": sum(h.endswith("win-win voor elke gemeente en elke groep") for h in headings),
        "niet win-win": sum(h.endswith(": niet win-win") for h in headings),
        "niet nagegaan": text.count("win-wintoets (kern) is niet nagegaan"),
    }
    return {
        "shapley": shapley,
        "nucleolus": nucleolus,
        "notes": list(dict.fromkeys(n.strip() for n in notes))[:6],
        "errors": [e for e in errors if e][:3],
        "shapley_column": has_shapley_column,
        "verdicts": verdicts,
        "bytes": len(body.encode()),
    }


# --------------------------------------------------------------------------- parent side


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def grow_group(data: Path, start: str, size: int) -> tuple[list[str], dict[str, str], dict]:
    """``size`` contiguous municipalities by breadth-first search from ``start``: inside its
    referentieregio while that still has neighbours to add, then beyond it."""
    region = {
        r["refnis"]: r["referentieregio"]
        for r in read_csv(data / "cultuur" / "referentieregios-2025.csv")
    }
    names = {
        r["refnis"]: r["name_nl"] for r in read_csv(data / "flanders" / "municipalities-2025.csv")
    }
    neighbours: dict[str, set[str]] = {}
    for r in read_csv(data / "flanders" / "adjacency-2025.csv"):
        neighbours.setdefault(r["refnis_a"], set()).add(r["refnis_b"])
        neighbours.setdefault(r["refnis_b"], set()).add(r["refnis_a"])
    home = region[start]
    chosen = [start]
    for inside in (True, False):
        queue = deque(chosen)
        seen = set(chosen)
        while queue and len(chosen) < size:
            for nb in sorted(neighbours.get(queue.popleft(), ())):
                if nb in seen or nb not in region or (inside and region[nb] != home):
                    continue
                seen.add(nb)
                chosen.append(nb)
                queue.append(nb)
                if len(chosen) == size:
                    break
    if len(chosen) < size:
        raise SystemExit(f"Vanuit {start} zijn maar {len(chosen)} gemeenten bereikbaar.")
    return chosen, names, region


def child_env(src: Path, var_dir: Path) -> dict:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        env.pop(name, None)
    env.update(
        PYTHONPATH=str(src),
        SAMENSPEL_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="samenspel.config.settings",
        # The settings of the test suite (samenspel.config.settings: "test" mode, DEBUG off);
        # the peer reads only DJANGO_DEBUG.
        PYTEST_VERSION="bench",
        DJANGO_DEBUG="0",
        SAMENSPEL_LOG_LEVEL="WARNING",
    )
    return env


def run_child(
    args: list[str], env: dict, timeout: float | None, memory_bytes: int | None, workdir: Path
) -> dict:
    """Run this script as a child; return its BENCH lines, exit, wall time and peak RSS.

    ``timeout`` counts from the child's baseline line (the request alone), or from the start
    when the child never prints one.
    """

    def limit() -> None:
        os.setsid()
        if memory_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    out_path = workdir / f"child-{time.monotonic_ns()}.out"
    with open(out_path, "wb") as out:
        t0 = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), *args],
            env=env,
            cwd=str(workdir),
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=limit,
        )
        started = None
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.monotonic()
            if started is None and MARK.encode() + b'{"baseline_kb"' in out_path.read_bytes():
                started = now
            if timeout is not None and not killed and now - (started or t0) > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - t0
    raw = out_path.read_text(encoding="utf-8", errors="replace")
    lines = {}
    for line in raw.splitlines():
        if line.startswith(MARK):
            lines.update(json.loads(line[len(MARK) :]))
    request_wall = time.monotonic() - started if started else None
    return {
        **lines,
        "exit": proc.returncode,
        "killed": killed,
        "wall": wall,
        "request_wall": request_wall,
        "child_peak_kb": usage.ru_maxrss,
        "tail": raw.strip().splitlines()[-3:],
    }


def ok(r: dict) -> bool:
    return not r["killed"] and r.get("status") == 200


def summarise(runs: list[dict]) -> dict:
    """The first run's account, the median time and the highest peak of all runs."""
    out = dict(runs[0])
    out["runs"] = len(runs)
    if all(ok(r) for r in runs):
        out["seconds"] = statistics.median(r["seconds"] for r in runs)
        out["seconds_range"] = (min(r["seconds"] for r in runs), max(r["seconds"] for r in runs))
        for key in ("peak_mb", "added_mb"):
            out[key] = max(r[key] for r in runs)
    return out


def measure(
    side: str,
    src: Path,
    var_dir: Path,
    url: str,
    timeout: float,
    memory: int,
    workdir: Path,
    html_out: Path | None = None,
) -> dict:
    extra = ["--html", str(html_out)] if html_out else []
    r = run_child(
        ["--child", "request", "--url", url, *extra],
        child_env(src, var_dir),
        timeout,
        memory,
        workdir,
    )
    base = r.get("baseline_kb")
    peak = r["child_peak_kb"]
    r["added_mb"] = (peak - base) / 1024 if base else None
    r["peak_mb"] = peak / 1024
    r["baseline_mb"] = base / 1024 if base else None
    if r["killed"]:
        r["seconds"] = None
    return r


# --------------------------------------------------------------------------- report


def fmt(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "–"
    s = f"{x:,.{digits}f}"
    return s.replace(",", " ").replace(".", ",").replace(" ", ".")


def outcome(r: dict, timeout: float, memory_gb: float) -> str:
    if r["killed"]:
        return f"gestopt aan de tijdsgrens ({fmt(timeout, 0)} s)"
    status = r.get("status")
    raised = " ".join(r.get("raised") or [])
    if (
        status == "MemoryError"
        or "MemoryError" in raised
        or (r["exit"] != 0 and "MemoryError" in " ".join(r["tail"]))
    ):
        return (
            f"gestopt aan de geheugengrens ({fmt(memory_gb, 0)} GB adresruimte): "
            f"{raised or 'MemoryError'}"
        )
    if status is None:
        return f"proces stopte met code {r['exit']}: {' / '.join(r['tail'])[:200]}"
    c = r.get("computed") or {}
    if status != 200:
        msg = raised or "; ".join(c.get("errors") or []) or "geen foutmelding gevonden"
        return f"HTTP {status}: {msg}"
    parts = []
    if c.get("shapley") == "steekproef":
        m = re.search(r"Geschat met ([\d.]+) willekeurige volgordes", " ".join(c["notes"]))
        parts.append(f"Shapley geschat ({m.group(1) if m else '?'} volgordes, 95 %-interval)")
    else:
        parts.append(
            {"exact": "Shapley exact"}.get(
                c.get("shapley"),
                "Shapley: niets gezegd" if c.get("shapley_column") else "geen Shapley",
            )
        )
    parts.append(
        {
            "berekend en nagerekend": "nucleolus berekend",
            "niet berekend": "nucleolus niet berekend",
            "bestaat niet": "geen nucleolus (bestaat niet)",
        }.get(c.get("nucleolus"), "nucleolus: niets gezegd")
    )
    v = c.get("verdicts") or {}
    if v.get("niet nagegaan"):
        parts.append(f"win-wintoets niet nagegaan ({v['niet nagegaan']} sleutels)")
    elif v.get("win-win", 0) + v.get("niet win-win", 0):
        parts.append(f"win-wintoets gedaan ({v['win-win'] + v['niet win-win']} sleutels)")
    return ", ".join(parts)


def time_cell(r: dict, spread: bool = False) -> str:
    if r["killed"]:
        return f"> {fmt(r['request_wall'], 0)}"
    cell = fmt(r.get("seconds"), 2)
    lo_hi = r.get("seconds_range")
    if spread and lo_hi and r.get("runs", 1) > 1:
        cell += f" ({fmt(lo_hi[0], 2)}–{fmt(lo_hi[1], 2)})"
    return cell


def ratio(s: dict, p: dict) -> str:
    ts, tp = s.get("seconds"), p.get("seconds")
    if not ts:
        return "–"
    if p["killed"]:
        return f"> {fmt(p['request_wall'] / ts, 0)}×"
    if tp is None or p.get("status") != 200:
        return "–"
    return f"{fmt(tp / ts, 1)}×"


def mem_ratio(s: dict, p: dict) -> str:
    a, b = s.get("added_mb"), p.get("added_mb")
    if not a or b is None or (p.get("status") != 200 and not p["killed"]):
        return "–"
    prefix = "≥ " if p["killed"] else ""
    return f"{prefix}{fmt(b / max(a, 1.0), 1 if b < 10 * a else 0)}×"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,20,25,40")
    parser.add_argument("--start", default=STARTS, help="REFNIS of the first municipality")
    parser.add_argument("--data", type=Path, default=REPO_DIR.parent / "shared" / "data")
    parser.add_argument("--src", type=Path, default=REPO_DIR / "src")
    parser.add_argument("--peer-src", type=Path, default=DEFAULT_PEER_SRC)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    parser.add_argument("--memory-gb", type=float, default=8.0, help="RLIMIT_AS per process")
    parser.add_argument("--repeat", type=int, default=3, help="requests per group and side")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--html-dir", type=Path, help="keep every page's HTML here")
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--child", choices=["load", "request"], help=argparse.SUPPRESS)
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--html", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "load":
        child_load(args.side, str(args.data))
        return 0
    if args.child == "request":
        child_request(args.url, args.html)
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    memory = int(args.memory_gb * 1024**3)
    sides = [("samenspel", args.src)]
    if not args.no_peer:
        if not (args.peer_src / "samenspel" / "territory" / "loading.py").exists():
            raise SystemExit(
                f"Geen peer in {args.peer_src}: git worktree add "
                f"{args.peer_src.parent} {PEER_COMMIT}"
            )
        sides.append(("peer", args.peer_src))
    load_before = os.getloadavg()
    t_start = time.monotonic()
    rows = []
    with tempfile.TemporaryDirectory(prefix="samenspel-bounds-") as tmp:
        tmp = Path(tmp)
        for side, src in sides:
            var_dir = tmp / side
            var_dir.mkdir()
            r = run_child(
                ["--child", "load", "--side", side, "--data", str(args.data)],
                child_env(src, var_dir),
                None,
                None,
                tmp,
            )
            if r.get("loaded") != side:
                raise SystemExit(f"Laden mislukt ({side}): {r['tail']}")
            print(f"bundel geladen voor {side} ({r['wall']:.0f} s)", flush=True)
        names = region = None
        for start, n in [(st, n) for st in args.start.split(",") for n in sizes]:
            codes, names, region = grow_group(args.data, start, n)
            url = f"/verdeelsleutel/?gemeenten={','.join(codes)}&peildatum={ON}&{KEYS}"
            row = {
                "n": n,
                "start": start,
                "codes": codes,
                "regions": sorted({region[c] for c in codes}, key=lambda g: g != region[start]),
            }
            runs: dict[str, list[dict]] = {side: [] for side, _ in sides}
            for i in range(args.repeat):
                for side, src in sides:  # interleaved: both sides see the same load
                    if runs[side] and not ok(runs[side][0]):
                        continue  # a limit or a refusal: once is enough
                    html_out = None
                    if args.html_dir and i == 0:
                        args.html_dir.mkdir(parents=True, exist_ok=True)
                        html_out = args.html_dir.resolve() / f"{side}-{n}.html"
                    r = measure(side, src, tmp / side, url, args.timeout, memory, tmp, html_out)
                    runs[side].append(r)
                    print(
                        f"n={n:2} {side:9} {time_cell(r):>8} s  piek "
                        f"{fmt(r['peak_mb'], 0):>6} MB  erbij {fmt(r['added_mb'], 0):>6} MB  "
                        f"{outcome(r, args.timeout, args.memory_gb)}",
                        flush=True,
                    )
                    if i == 0:
                        for note in ((r.get("computed") or {}).get("notes") or [])[:3]:
                            print(f"      {note[:160]}", flush=True)
            for side, _ in sides:
                row[side] = summarise(runs[side])
            rows.append(row)
    total = time.monotonic() - t_start
    block = render(rows, sides, args, load_before, os.getloadavg(), total, names)
    print(block)
    if not args.no_readme:
        write_readme(block, BEGIN, END, HEADING)
    return 0


def summary(rows, args) -> str:
    """One paragraph with the extremes of the table, from the measurements only."""
    own = [row["samenspel"] for row in rows if ok(row["samenspel"])]
    out = []
    if own:
        slowest = max((r.get("seconds_range") or (0, r["seconds"]))[1] for r in own)
        added = max(r["added_mb"] for r in own)
        out.append(
            f"Samengevat: Samenspel beantwoordde alle {sum(r['runs'] for r in own)} verzoeken, "
            f"het traagste in {fmt(slowest, 2)} s, met hoogstens {fmt(added, 0)} MB erbij."
        )
    if len(own) < len(rows):
        out.append("Niet elk verzoek van Samenspel lukte: zie de tabel.")
    for n in sorted({row["n"] for row in rows}):
        peers = [row["peer"] for row in rows if row["n"] == n and row.get("peer")]
        if not peers:
            continue
        if all(ok(p) for p in peers):
            lo = min((p.get("seconds_range") or (p["seconds"],))[0] for p in peers)
            hi = max((p.get("seconds_range") or (0, p["seconds"]))[1] for p in peers)
            mb = max(p["added_mb"] for p in peers)
            if hi >= 1.0 or mb >= 500:
                out.append(
                    f"De peer had bij n = {n} {fmt(lo, 1)} tot {fmt(hi, 1)} s en tot "
                    f"{fmt(mb, 0)} MB erbij nodig voor één verzoek."
                )
        else:
            said = sorted({outcome(p, args.timeout, args.memory_gb).rstrip(".") for p in peers})
            out.append(f"De peer bij n = {n}: {'; '.join(said)}.")
    return " ".join(out)


def render(rows, sides, args, load_before, load_after, total, names) -> str:
    import django
    import numpy
    import scipy

    def git(*cmd: str) -> str:
        return subprocess.run(
            ["git", "-C", str(REPO_DIR), *cmd], capture_output=True, text=True
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    dirty = git("status", "--porcelain", "--", "src")
    src_note = f"`{head}`" + (
        " met niet-gecommitte wijzigingen van anderen in `src/`" if dirty else ""
    )
    load = " / ".join(fmt(x, 1) for x in load_before)
    load2 = " / ".join(fmt(x, 1) for x in load_after)
    lines = [
        f"Gemeten op {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, Django {django.__version__}, numpy "
        f"{numpy.__version__}, scipy {scipy.__version__}, SQLite, belasting vooraf {load}, "
        f"achteraf {load2}. De machine werd gedeeld: andere ontwikkelaars draaiden tegelijk "
        "hun tests, dus de tijden zijn die van een belaste machine en schommelen. Totale duur "
        f"{fmt(total, 0)} s. Samenspel: {src_note}; peer: de code vóór de rekengrenzen "
        f"(`{PEER_COMMIT}`), zelfde venv, eigen database geladen met zijn eigen lader. "
        "Opnieuw meten: `git worktree add /tmp/samenspel-bc7179e bc7179e`, dan "
        "`.venv/bin/python benchmarks/verdeelsleutel_bounds_bench.py`, dan "
        "`git worktree remove /tmp/samenspel-bc7179e`.",
        "",
        f"Per groep en per kant {args.repeat} keer één verzoek `/verdeelsleutel/?gemeenten=…"
        f"&peildatum={ON}&{KEYS}` (de vier sleutels van een IGS-pagina), elk in een nieuw "
        "proces (Django's test Client, instellingen van de testsuite, DEBUG uit), Samenspel en "
        "peer om beurten. Groepen: aaneengesloten gemeenten, breedte-eerst over de aangrenzing "
        "vanuit een centrumstad, eerst binnen haar referentieregio, daarna erbuiten. Tijd: de "
        "mediaan (tussen haakjes de snelste en de traagste). Piek: "
        "de hoogste RSS van het proces (`os.wait4`), het hoogste van de herhalingen; erbij: "
        "piek min de piek na twee triviale pagina's in hetzelfde proces (home en het lege "
        "formulier: Atlas geladen, alles geïmporteerd), dus wat het verzoek zelf vraagt. "
        f"Grenzen voor elk proces: {fmt(args.timeout, 0)} s voor het verzoek, "
        f"{fmt(args.memory_gb, 0)} GB adresruimte (`RLIMIT_AS`). Een kant die een grens raakt "
        "of weigert, wordt niet herhaald.",
        "",
        "| vanuit | n | referentieregio's | Samenspel (s) | piek / erbij (MB) | "
        "wat de pagina berekende | peer (s) | piek / erbij (MB) | peer: uitkomst | "
        "tijd peer / Samenspel | geheugen erbij peer / Samenspel |",
        "| --- | ---: | --- | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: |",
    ]
    for row in rows:
        s = row["samenspel"]
        p = row.get("peer")
        cells = [
            names[row["start"]],
            str(row["n"]),
            " + ".join(row["regions"]),
            time_cell(s, spread=True),
            f"{fmt(s['peak_mb'], 0)} / {fmt(s['added_mb'], 0)}",
            outcome(s, args.timeout, args.memory_gb),
        ]
        if p:
            cells += [
                time_cell(p, spread=True),
                f"{fmt(p['peak_mb'], 0)} / {fmt(p['added_mb'], 0)}",
                outcome(p, args.timeout, args.memory_gb),
                ratio(s, p),
                mem_ratio(s, p),
            ]
        else:
            cells += ["–"] * 5
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", summary(rows, args)]
    lines += ["", "Wat de pagina van Samenspel zelf zegt over wat ze berekende:", ""]
    for row in rows:
        if row["start"] != rows[0]["start"]:
            continue  # the same sentences for the same n
        c = row["samenspel"].get("computed") or {}
        notes = c.get("notes") or []
        v = c.get("verdicts") or {}
        line = f"- {names[row['start']]}, n = {row['n']}: " + (" ".join(notes) if notes else "–")
        if v.get("niet nagegaan"):
            line += (
                f' De kop van elke sleutel zegt intussen: {v["niet win-win"]}× "niet win-win", '
                f'{v["win-win"]}× "win-win".'
            )
        lines.append(line)
    for row in rows:
        if row.get("peer") and not ok(row["peer"]):
            said = outcome(row["peer"], args.timeout, args.memory_gb).rstrip(".")
            lines += ["", f"De peer vanuit {names[row['start']]}, n = {row['n']}: {said}."]
    for start in dict.fromkeys(row["start"] for row in rows):
        previous: list[str] = []
        parts = []
        for row in rows:
            if row["start"] != start:
                continue
            new = [c for c in row["codes"] if c not in previous]
            label = "n = {}{}".format(row["n"], ", daarbij" if previous else "")
            parts.append(f"{label}: " + ", ".join(f"{names[c]} ({c})" for c in new))
            previous = row["codes"]
        lines += [
            "",
            f"De groepen vanuit {names[start]} (breedte-eerst, elke groep bevat de vorige): "
            + "; ".join(parts)
            + ".",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
