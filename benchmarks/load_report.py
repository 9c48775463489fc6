"""Write the load-test results (benchmarks/load.py --json) into benchmarks/README.md.

    .venv/bin/python benchmarks/load_report.py gunicorn.json runserver.json

The section between ``<!-- last:begin -->`` and ``<!-- last:end -->`` is replaced (added at
the end the first time); the rest of the file is left as it is.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"
BEGIN, END = "<!-- last:begin -->", "<!-- last:end -->"
HEADING = "## Belastingstest: 50 gebruikers tegen gunicorn en runserver"
GOAL_P95_MS = 250.0


def number(value, decimals: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def verdict(total: dict) -> str:
    p95 = total["p95_ms"]
    if total["fouten"] == 0 and p95 < GOAL_P95_MS:
        return "doel gehaald"
    missed = []
    if total["fouten"]:
        missed.append(f"{total['fouten']} fouten")
    if p95 >= GOAL_P95_MS:
        missed.append(
            f"p95 {number(p95)} ms is {number(p95 - GOAL_P95_MS)} ms "
            f"({number(p95 / GOAL_P95_MS, 2)}×) boven 250 ms"
        )
    return "doel niet gehaald: " + ", ".join(missed)


def section(runs: list[dict]) -> str:
    first = runs[0]
    lines = [
        f"Gemeten op {first['datum']}: {first['machine']}, databank {first['databank']}, "
        f"{first['gebruikers']} gelijktijdige gebruikers gedurende "
        f"{number(first['duur_s'], 0)} s, denktijd gemiddeld {number(first['denktijd_s'])} s "
        f"(0,5×–1,5×), na {number(first['opwarmen_s'], 0)} s opwarmen (niet geteld). De client "
        "(threads met http.client) draait op dezelfde 2 cores als de server. Doel: 0 fouten en "
        "p95 < 250 ms.",
        "Opnieuw meten: `DATABASE_URL=postgres://… .venv/bin/python benchmarks/load.py --server "
        "gunicorn --json g.json`, idem met `--server runserver --json r.json`, dan "
        "`.venv/bin/python benchmarks/load_report.py g.json r.json`.",
        "",
        "| server | verzoeken | per s | p50 (ms) | p95 (ms) | p99 (ms) | fouten | "
        "belasting voor / na | oordeel |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for run in runs:
        t = run["totaal"]
        load = (
            f"{number(run['belasting_voor'][0], 2)} / {number(run['belasting_na'][0], 2)}"
            if "belasting_voor" in run
            else "—"
        )
        lines.append(
            f"| {run['server']} | {number(t['verzoeken'], 0)} | {number(t['per_seconde'])} | "
            f"{number(t['p50_ms'])} | {number(t['p95_ms'])} | {number(t['p99_ms'])} | "
            f"{t['fouten']} | {load} | {verdict(t)} |"
        )
    lines += ["", "Per actie (p50 / p95 in ms):", ""]
    lines.append("| actie | " + " | ".join(run["server"] for run in runs) + " |")
    lines.append("| --- |" + " ---: |" * len(runs))
    for action in first["per_actie"]:
        cells = []
        for run in runs:
            s = run["per_actie"][action]
            cells.append(f"{number(s['p50_ms'])} / {number(s['p95_ms'])} (n={s['verzoeken']})")
        lines.append(f"| {action} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    runs = [json.loads(Path(p).read_text()) for p in paths]
    body = f"{BEGIN}\n{section(runs)}\n{END}"
    text = README.read_text()
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + body + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\n{body}\n"
    README.write_text(text)
    print(section(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
