"""Server time of the Atlas pages and size of the map data, with the full Flemish bundle.

    .venv/bin/python benchmarks/pages_bench.py [--data DIR] [-n 200] [--no-readme]

Sets up its own SQLite database in a temporary directory (SAMENSPEL_VAR_DIR, set before Django
starts; DATABASE_URL is ignored), migrates it and loads the bundle, so ``var/`` is never touched.
Requests go through Django's test Client in-process (full middleware stack, no network) with
``Accept-Encoding: gzip`` as a browser sends it, after one warm-up request per URL. Reports
median and p95 per page (goal: p95 < 100 ms), the size of the map topology beside the bundle's
raw GeoJSON (goal: topology < 300 KB gzipped), and the map endpoints beside a naive peer: a view
that reads the GeoJSON file and json-dumps it on every request (and one that also merges in the
status per municipality, which is what the map needs from a single GeoJSON endpoint).

The results go to benchmarks/README.md between ``<!-- atlas:begin -->`` and
``<!-- atlas:end -->``; the rest of that file (other benchmarks) is left as it is.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import types
from datetime import date, datetime
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
README = REPO_DIR / "benchmarks" / "README.md"
BEGIN, END = "<!-- atlas:begin -->", "<!-- atlas:end -->"
HEADING = "## Atlas: pagina's en kaartdata"
GOAL_P95_MS = 100.0
GOAL_TOPOLOGY_GZIP_KB = 300.0
SLOW_MS = 250.0  # a page slower than this on warm-up is measured fewer times

PAGES = [
    ("home", "/"),
    ("kaart: topologie", "/kaart/topologie.json"),
    ("kaart: toestand", "/kaart/toestand.json?peildatum=2024-06-01"),
    ("gemeente (Gent)", "/gemeenten/44021/"),
    ("IGS (COMEET)", "/igs/comeet/"),
    ("referentieregio (Regio Gent)", "/referentieregios/regio-gent/"),
]
NEW_DATES = "kaart: toestand, telkens een nieuwe peildatum"
PEERS = [
    ("peer: GeoJSON per verzoek", "/peer/gemeenten.geojson"),
    ("peer: GeoJSON + toestand", "/peer/gemeenten.geojson?peildatum=2024-06-01"),
]


def setup_django(tmp: Path) -> None:
    os.environ["SAMENSPEL_VAR_DIR"] = str(tmp)
    os.environ.pop("DATABASE_URL", None)  # always SQLite: this is what the numbers are about
    os.environ.setdefault("DJANGO_DEBUG", "0")  # no query log, as in production
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.config.settings")
    # production settings (docs/deploy.md), over plain HTTP from the test client
    os.environ.setdefault("DJANGO_SECRET_KEY", "pages-bench-" + "x" * 50)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SAMENSPEL_HTTPS", "0")
    os.environ.setdefault("SAMENSPEL_LOG_LEVEL", "WARNING")  # no line per request
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # hashed names, as served


def install_peer(geojson_path: Path) -> None:
    """A URLconf with the app's own URLs plus the naive peer views (benchmark only)."""
    from django.http import HttpResponse
    from django.urls import include, path

    from samenspel.atlas.services import get_atlas

    def peer_geojson(request):
        # What a straightforward implementation would do: read the bundle's GeoJSON and
        # serve it, re-encoded, on every request; with ?peildatum= it also adds the status.
        with open(geojson_path, encoding="utf-8") as f:
            data = json.load(f)
        raw = request.GET.get("peildatum")
        if raw:
            atlas = get_atlas()
            on = date.fromisoformat(raw)
            cov = atlas.coverage(on)
            colours = atlas.colours
            for feature in data["features"]:
                props = feature["properties"]
                code = str(props.get("refnis") or props.get("REFNIS") or props.get("id") or "")
                mc = cov.municipalities.get(code)
                if mc is not None:
                    props["status"] = mc.status
                    props["igs"] = mc.igs
                    props["kleuren"] = [colours[s] for s in mc.igs]
        return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json")

    module = types.ModuleType("pages_bench_urls")
    module.urlpatterns = [
        path("peer/gemeenten.geojson", peer_geojson),
        path("", include("samenspel.config.urls")),
    ]
    sys.modules[module.__name__] = module


def measure_new_dates(client, n: int) -> dict:
    """The status endpoint for a date not asked before: coverage computed, not cached."""
    from datetime import timedelta

    start = date(2019, 1, 1)
    samples = []
    response = None
    for i in range(n):
        url = f"/kaart/toestand.json?peildatum={start + timedelta(days=7 * i):%Y-%m-%d}"
        t0 = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return {
        "n": n,
        "median_ms": statistics.median(samples),
        "p95_ms": samples[min(n - 1, int(round(0.95 * n)) - 1)],
        "bytes_sent": len(response.content),
        "gzip": response.get("Content-Encoding") == "gzip",
    }


def measure(client, url: str, n: int, **extra) -> dict:
    headers = {"HTTP_ACCEPT_ENCODING": "gzip", **extra}
    t0 = time.perf_counter()
    response = client.get(url, **headers)  # warm-up (caches, first coverage, templates)
    warm_ms = (time.perf_counter() - t0) * 1000
    expected = response.status_code
    if expected not in (200, 304):
        raise SystemExit(f"{url}: HTTP {expected}")
    if warm_ms > SLOW_MS:
        n = max(20, n // 5)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = client.get(url, **headers)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == expected, (url, r.status_code)
    times.sort()
    return {
        "n": n,
        "warm_ms": warm_ms,
        "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)],
        "bytes_sent": len(response.content),
        "gzip": response.get("Content-Encoding") == "gzip",
    }


def sizes(client, geojson_path: Path) -> dict:
    topo = client.get("/kaart/topologie.json").content  # no Accept-Encoding: the raw body
    status = client.get("/kaart/toestand.json?peildatum=2024-06-01").content
    geo = geojson_path.read_bytes()
    peer = client.get("/peer/gemeenten.geojson?peildatum=2024-06-01").content
    gz = lambda b: len(gzip.compress(b, 6, mtime=0))  # noqa: E731 — as GZipMiddleware
    return {
        "topology": (len(topo), gz(topo)),
        "status": (len(status), gz(status)),
        "geojson": (len(geo), gz(geo)),
        "peer": (len(peer), gz(peer)),
    }


def pct(x: float) -> str:
    return f"{x:.1%}".replace(".", ",")


def times(x: float) -> str:
    return f"{x:.1f}×".replace(".", ",")


def kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB".replace(",", ".")


def ms(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def report(results: dict, extras: dict, peers: dict, size: dict, meta: dict) -> str:
    lines = [
        f"Gemeten op {meta['date']}: {meta['nproc']} cores, Python {meta['python']}, "
        f"Django {meta['django']}, SQLite, {meta['machine']}, belasting vooraf "
        f"{meta['load']}. Volledige Vlaamse bundel "
        f"({meta['municipalities']} gemeenten). Django's test Client in het proces (alle "
        "middleware, geen netwerk), `Accept-Encoding: gzip`, DEBUG uit, na één opwarmverzoek.",
        "Opnieuw meten: `.venv/bin/python benchmarks/pages_bench.py`.",
        "",
        f"Serverduur per pagina (doel: p95 < {GOAL_P95_MS:.0f} ms):",
        "",
        "| pagina | URL | n | mediaan (ms) | p95 (ms) | verstuurd | doel |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for (name, url), r in results.items():
        ok = "ja" if r["p95_ms"] < GOAL_P95_MS else "**nee**"
        sent = kb(r["bytes_sent"]) + (" gzip" if r["gzip"] else "")
        lines.append(
            f"| {name} | `{url}` | {r['n']} | {ms(r['median_ms'])} | {ms(r['p95_ms'])} "
            f"| {sent} | {ok} |"
        )
    t_raw, t_gz = size["topology"]
    g_raw, g_gz = size["geojson"]
    s_raw, s_gz = size["status"]
    p_raw, p_gz = size["peer"]
    ok = "ja" if t_gz / 1024 < GOAL_TOPOLOGY_GZIP_KB else "**nee**"
    lines += [
        "",
        f"Kaartdata (doel: topologie < {GOAL_TOPOLOGY_GZIP_KB:.0f} KB met gzip):",
        "",
        "| | ruw | gzip | verhouding tot de GeoJSON (ruw / gzip) |",
        "| --- | ---: | ---: | --- |",
        f"| topologie (`/kaart/topologie.json`) | {kb(t_raw)} | {kb(t_gz)} "
        f"| {pct(t_raw / g_raw)} / {pct(t_gz / g_gz)} (doel gehaald: {ok}) |",
        f"| toestand op een peildatum (`/kaart/toestand.json`) | {kb(s_raw)} | {kb(s_gz)} "
        f"| {pct(s_raw / g_raw)} / {pct(s_gz / g_gz)} |",
        f"| peer: GeoJSON van de bundel (`municipalities-2025.geojson`) | {kb(g_raw)} "
        f"| {kb(g_gz)} | 100 % |",
        f"| peer: GeoJSON + toestand, zoals de peer-view hem opnieuw codeert | {kb(p_raw)} "
        f"| {kb(p_gz)} | {pct(p_raw / g_raw)} / {pct(p_gz / g_gz)} |",
        "",
        f"De topologie is {times(g_raw / t_raw)} kleiner dan de GeoJSON (ruw) en "
        f"{times(g_gz / t_gz)} kleiner met gzip; ze wordt één keer geladen (ETag, "
        "`Cache-Control: max-age=3600`), bij een andere peildatum komt enkel de toestand.",
        "",
        "Kaartendpoints tegenover de naïeve peer (GeoJSON lezen en json-dumpen per verzoek):",
        "",
        "| | mediaan (ms) | p95 (ms) | verstuurd |",
        "| --- | ---: | ---: | ---: |",
    ]
    rows = [(n, r) for (n, _), r in results.items() if n.startswith("kaart")]
    rows += list(extras.items())
    rows += [(n, r) for (n, _), r in peers.items()]
    for name, r in rows:
        sent = kb(r["bytes_sent"]) + (" gzip" if r["gzip"] else "")
        lines.append(f"| {name} | {ms(r['median_ms'])} | {ms(r['p95_ms'])} | {sent} |")
    topo = results[PAGES[1]]
    stat = results[PAGES[2]]
    new_date = extras[NEW_DATES]
    peer_plain = peers[PEERS[0]]
    peer_status = peers[PEERS[1]]
    lines += [
        "",
        f"Eerste weergave (topologie + toestand): {ms(topo['median_ms'] + stat['median_ms'])} ms "
        f"mediaan tegenover {ms(peer_status['median_ms'])} ms voor de peer met toestand "
        f"(de peer is "
        f"{times(peer_status['median_ms'] / (topo['median_ms'] + stat['median_ms']))} trager); "
        f"een andere peildatum: {ms(new_date['median_ms'])} ms (toestand, nog niet in de "
        f"cache) tegenover "
        f"{ms(peer_status['median_ms'])} ms. Alleen de GeoJSON opnieuw coderen kost de peer al "
        f"{ms(peer_plain['median_ms'])} ms.",
    ]
    return "\n".join(lines)


def write_readme(block: str, begin: str = BEGIN, end: str = END, heading: str = HEADING) -> None:
    """Replace only our marked block; re-read the file right before writing."""
    BEGIN, END, HEADING = begin, end, heading  # noqa: N806 (the block's own markers)
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    section = f"{BEGIN}\n{block}\n{END}"
    if BEGIN in text and END in text and text.index(BEGIN) < text.index(END):
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + section + tail
    else:
        if not text.strip():
            text = "# Benchmarks\n\nMetingen op de machine die ze draaide; geen tests.\n"
        if HEADING not in text:
            text = text.rstrip("\n") + f"\n\n{HEADING}\n\n{section}\n"
        else:  # heading without markers: put the block right under it
            head, tail = text.split(HEADING, 1)
            text = head + HEADING + "\n\n" + section + "\n" + tail.lstrip("\n")
    tmp = README.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, README)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="bundle (default: DATA_DIR)")
    parser.add_argument("-n", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument("--no-readme", action="store_true", help="only print the results")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="samenspel-bench-") as tmp:
        setup_django(Path(tmp))
        import django
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import override_settings

        from samenspel.atlas.loading import load_bundle

        data = args.data or Path(settings.DATA_DIR)
        geojson = data / "flanders" / "municipalities-2025.geojson"
        if not geojson.exists():
            print(f"geen bundel in {data} (verwacht {geojson})", file=sys.stderr)
            return 2
        load_before = " / ".join(f"{x:.1f}".replace(".", ",") for x in os.getloadavg())
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        loaded = load_bundle(data)
        print(f"bundel geladen in {time.perf_counter() - t0:.1f} s: {loaded.counts}")
        install_peer(geojson)

        with override_settings(ROOT_URLCONF="pages_bench_urls"):
            client = Client()
            results = {}
            for name, url in PAGES:
                results[(name, url)] = measure(client, url, args.n)
                r = results[(name, url)]
                print(
                    f"{name:30} n={r['n']:3}  mediaan {r['median_ms']:7.2f} ms  "
                    f"p95 {r['p95_ms']:7.2f} ms"
                )
            topo_url = PAGES[1][1]
            etag = client.get(topo_url)["ETag"]
            extras = {
                "kaart: topologie zonder gzip": measure(
                    client, topo_url, args.n, HTTP_ACCEPT_ENCODING=""
                ),
                "kaart: topologie herbevestigd (ETag, 304)": measure(
                    client, topo_url, args.n, HTTP_IF_NONE_MATCH=etag
                ),
                NEW_DATES: measure_new_dates(client, min(args.n, 200)),
            }
            for name, r in extras.items():
                print(
                    f"{name:30} n={r['n']:3}  mediaan {r['median_ms']:7.2f} ms  "
                    f"p95 {r['p95_ms']:7.2f} ms"
                )
            peers = {}
            for name, url in PEERS:
                peers[(name, url)] = measure(client, url, max(20, args.n // 4))
                r = peers[(name, url)]
                print(
                    f"{name:30} n={r['n']:3}  mediaan {r['median_ms']:7.2f} ms  "
                    f"p95 {r['p95_ms']:7.2f} ms"
                )
            size = sizes(client, geojson)
        for key, (raw, gz) in size.items():
            print(f"{key:10} ruw {raw / 1024:8.1f} KB   gzip {gz / 1024:7.1f} KB")

        meta = {
            "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "machine": f"{platform.system()} {platform.machine()}",
            "load": load_before,
            "municipalities": loaded.counts.get("gemeenten"),
        }
        block = report(results, extras, peers, size, meta)
        print()
        print(block)
        if not args.no_readme:
            write_readme(block)
            print(f"\nbijgewerkt: {README.relative_to(REPO_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
