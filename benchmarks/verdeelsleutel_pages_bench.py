"""Server time of the Verdeelsleutel page for every one of the 19 IGS (goal: under 1 s each).

    .venv/bin/python benchmarks/verdeelsleutel_pages_bench.py [-n 10] [--no-readme]

Same set-up as pages_bench.py (own SQLite in a temp dir, the full bundle, Django's test Client
in-process). Every IGS on 2025-06-01 (all 19 active) with four keys (per inhabitant, fixed +
per inhabitant, draagkracht, profijt through the Huff model over all 285 municipalities), the
Shapley value and the verified nucleolus of the cost game, and the core check of every key.
The page does all of this on every request (nothing is cached). Results go to
benchmarks/README.md between ``<!-- verdeelsleutel-pages:begin -->`` and ``…:end -->``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages_bench import setup_django, write_readme  # noqa: E402

BEGIN, END = "<!-- verdeelsleutel-pages:begin -->", "<!-- verdeelsleutel-pages:end -->"
HEADING = "## Verdeelsleutel: de pagina van elk IGS"
KEYS = "sleutel_1=inwoners&sleutel_2=vast-plus-inwoners&sleutel_3=draagkracht&sleutel_4=profijt"
GOAL_MS = 1000.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="requests per IGS (default 10)")
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="samenspel-bench-") as tmp:
        setup_django(Path(tmp))
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        from samenspel.atlas.loading import load_bundle
        from samenspel.atlas.services import get_atlas

        call_command("migrate", verbosity=0)
        load_bundle(settings.DATA_DIR)
        atlas = get_atlas()
        client = Client()
        rows = []
        for slug, info in sorted(atlas.partnerships.items(), key=lambda kv: kv[1].name):
            url = f"/verdeelsleutel/?igs={slug}&peildatum=2025-06-01&{KEYS}"
            r = client.get(url)  # warm-up
            assert r.status_code == 200, (slug, r.status_code)
            times = []
            for _ in range(args.n):
                t0 = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            n = len(atlas.coverage(datetime(2025, 6, 1).date()).partnerships[slug].territory)
            rows.append((info.name, n, statistics.median(times), times[-1]))
            print(f"{info.name:55} {n:3} gemeenten  mediaan {rows[-1][2]:7.1f} ms  "
                  f"max {rows[-1][3]:7.1f} ms")
    meta = (f"Gemeten op {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, SQLite, {args.n} verzoeken per IGS na één "
            "opwarmverzoek. Opnieuw meten: `.venv/bin/python "
            "benchmarks/verdeelsleutel_pages_bench.py`.")
    lines = [meta, "", "| IGS | gemeenten | mediaan (ms) | traagste (ms) | onder 1 s |",
             "| --- | ---: | ---: | ---: | --- |"]
    for name, n, med, worst in rows:
        ok = "ja" if worst < GOAL_MS else "nee"
        lines.append(f"| {name} | {n} | {med:.0f} | {worst:.0f} | {ok} |")
    block = "\n".join(lines)
    print(block)
    if not args.no_readme:
        write_readme(block, BEGIN, END, HEADING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
