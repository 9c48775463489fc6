"""Load test: many concurrent users on a realistic mix of pages, against a server on 127.0.0.1.

    .venv/bin/python benchmarks/load.py --server gunicorn --users 50 --duur 120
    .venv/bin/python benchmarks/load.py --server runserver --users 50 --duur 120
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8000      (a server you started)

A small harness with threads and ``http.client`` (no extra package): every user is a thread
with its own keep-alive connection that repeats, until the time is up, one action of the mix,
then waits a think time (uniform between 0,5× and 1,5× ``--denktijd`` seconds, as a person
reading the page). Actions, with their weights:

* home (25): ``/`` at one of several reference dates, with the map status for that date as the
  page's script fetches it, and (one time in three) the map topology;
* IGS (15), municipality (15), referentieregio (10): a detail page, chosen at random among all
  the site lists;
* lists (5): the IGS, municipality and referentieregio lists;
* Verdeelsleutel (20): the page of every IGS in turn (two keys), at every reference date where
  the IGS exists (found before the run: an IGS that ended gets a rightful 400);
* downloads (10): a CSV or XLSX of a list, an IGS page or a Verdeelsleutel.

``--server gunicorn`` starts ``scripts/serve.sh`` (migrate, collectstatic, gunicorn) and
``--server runserver`` starts Django's development server (after collectstatic), both with
production settings (DEBUG off, no HTTPS redirect: plain HTTP on 127.0.0.1) and the database of
``DATABASE_URL``; the server is stopped at the end. Before measuring, a warm-up (``--opwarmen``
seconds, 10 users, not counted) lets every server process build its Atlas.

Bounded: the run stops after ``--duur`` seconds; each user also stops after
``--max-verzoeken`` requests; every request has a 30 s timeout. Only 127.0.0.1 / localhost
is accepted as target.

The report gives requests/s, p50/p95/p99 (ms, per request, measured by the client) and the
errors (status >= 400 or no answer), over all and per action, as text and with ``--json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
LOCAL = {"127.0.0.1", "localhost"}
DATES = ["", "2020-06-01", "2023-01-01", "2025-06-01", "2026-06-01", "2027-01-01"]
WEIGHTS = {
    "home": 25,
    "igs": 15,
    "gemeente": 15,
    "referentieregio": 10,
    "lijsten": 5,
    "verdeelsleutel": 20,
    "download": 10,
}
TIMEOUT = 30.0


@dataclass
class Sample:
    action: str
    path: str
    status: int  # 0: no answer
    ms: float
    size: int
    error: str = ""


@dataclass
class Site:
    igs: list[str]
    municipalities: list[str]
    regions: list[str]
    downloads: list[str] = field(default_factory=list)
    # (IGS, reference date) pairs whose Verdeelsleutel answers 200: an IGS that ended (or had
    # not started) at a date rightly gets 400 with a Dutch message, which is not load
    comparisons: list[tuple[str, str]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


class Client:
    """One user's keep-alive connection."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str) -> tuple[int, int, str]:
        for attempt in (1, 2):  # a keep-alive connection the server closed: reconnect once
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
            try:
                self.conn.request(
                    "GET",
                    path,
                    headers={"Accept-Encoding": "gzip", "User-Agent": "samenspel-load/1"},
                )
                response = self.conn.getresponse()
                body = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, len(body), ""
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                self.close()
                if attempt == 2:
                    return 0, 0, type(e).__name__
            except (OSError, http.client.HTTPException) as e:
                self.close()
                return 0, 0, type(e).__name__
        return 0, 0, "onbekend"

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def discover(host: str, port: int) -> Site:
    """Every IGS, municipality and referentieregio the site lists, and its download links."""
    client = Client(host, port)

    def links(path: str, pattern: str) -> list[str]:
        client.conn = client.conn or http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        client.conn.request("GET", path)
        response = client.conn.getresponse()
        html = response.read().decode("utf-8", "replace")
        if response.status != 200:
            raise SystemExit(f"{path} gaf status {response.status}: is de databank geladen?")
        return sorted(set(re.findall(pattern, html)))

    igs = links("/igs/", r'href="/igs/([a-z0-9-]+)/')
    municipalities = links("/gemeenten/", r'href="/gemeenten/(\d{5})/')
    regions = links("/referentieregios/", r'href="/referentieregios/([a-z0-9-]+)/')
    downloads = []
    for page in ("/igs/", "/gemeenten/", "/referentieregios/", f"/igs/{igs[0]}/"):
        for query in links(page, r'href="\?(formaat=[a-z]+&amp;tabel=[a-z0-9-]+)"'):
            downloads.append(page + "?" + query.replace("&amp;", "&"))
    comparisons, refused = [], []
    for slug in igs:
        for on in DATES:
            client.conn = client.conn or http.client.HTTPConnection(host, port, timeout=TIMEOUT)
            client.conn.request("GET", verdeelsleutel(slug, on))
            response = client.conn.getresponse()
            response.read()
            if response.status == 200:
                comparisons.append((slug, on))
            else:
                refused.append(f"{slug} op {on or 'vandaag'}: {response.status}")
    client.close()
    if not (igs and municipalities and regions and comparisons):
        raise SystemExit("De site toont geen IGS, gemeenten, referentieregio's of verdeelsleutels.")
    return Site(igs, municipalities, regions, downloads, comparisons, refused)


def verdeelsleutel(slug: str, on: str, extra: str = "") -> str:
    query = {"igs": slug, "sleutel_1": "inwoners", "sleutel_2": "gelijk"}
    if on:
        query["peildatum"] = on
    return "/verdeelsleutel/?" + urllib.parse.urlencode(query) + extra


class Mix:
    """Chooses the next action; the Verdeelsleutel goes through every IGS in turn."""

    def __init__(self, site: Site, seed: int):
        self.site = site
        self.rng = random.Random(seed)
        self.next_igs = self.rng.randrange(len(site.comparisons))

    def action(self) -> tuple[str, list[str]]:
        site, rng = self.site, self.rng
        name = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        on = rng.choice(DATES)
        at = f"?peildatum={on}" if on else ""
        if name == "home":
            paths = [f"/{at}", f"/kaart/toestand.json{at}"]
            if rng.random() < 1 / 3:
                paths.append("/kaart/topologie.json")
        elif name == "igs":
            paths = [f"/igs/{rng.choice(site.igs)}/{at}"]
        elif name == "gemeente":
            paths = [f"/gemeenten/{rng.choice(site.municipalities)}/{at}"]
        elif name == "referentieregio":
            paths = [f"/referentieregios/{rng.choice(site.regions)}/{at}"]
        elif name == "lijsten":
            paths = [rng.choice(["/igs/", "/gemeenten/", "/referentieregios/"]) + at]
        elif name == "verdeelsleutel":  # every IGS in turn, at every date where it exists
            slug, when = site.comparisons[self.next_igs % len(site.comparisons)]
            self.next_igs += 1
            paths = [verdeelsleutel(slug, when)]
        else:
            slug, when = rng.choice(site.comparisons)
            choices = site.downloads + [
                verdeelsleutel(slug, when, "&formaat=xlsx&tabel=vergelijking")
            ]
            paths = [rng.choice(choices)]
        return name, paths


def user(host, port, site, seed, until, think, max_requests, out, lock) -> None:
    client, mix, rng = Client(host, port), Mix(site, seed), random.Random(seed + 1)
    samples: list[Sample] = []
    while time.monotonic() < until and len(samples) < max_requests:
        name, paths = mix.action()
        for path in paths:
            start = time.perf_counter()
            status, size, error = client.get(path)
            ms = (time.perf_counter() - start) * 1000
            samples.append(Sample(name, path, status, ms, size, error))
        pause = think * rng.uniform(0.5, 1.5)
        time.sleep(max(0.0, min(pause, until - time.monotonic())))
    client.close()
    with lock:
        out.extend(samples)


def run(host, port, site, users, seconds, think, max_requests, seed) -> tuple[list, float]:
    out: list[Sample] = []
    lock = threading.Lock()
    start = time.monotonic()
    until = start + seconds
    threads = [
        threading.Thread(
            target=user,
            args=(host, port, site, seed + 7 * i, until, think, max_requests, out, lock),
            daemon=True,
        )
        for i in range(users)
    ]
    for t in threads:
        t.start()
        time.sleep(min(0.05, 2.0 / max(users, 1)))  # ramp up over about 2 s
    for t in threads:
        t.join(timeout=seconds + 2 * TIMEOUT + 10)
    return out, time.monotonic() - start


def summarise(samples: list[Sample], elapsed: float) -> dict:
    def stats(group: list[Sample]) -> dict:
        ms = [s.ms for s in group]
        errors = [s for s in group if s.status == 0 or s.status >= 400]
        return {
            "verzoeken": len(group),
            "per_seconde": round(len(group) / elapsed, 1),
            "p50_ms": round(percentile(ms, 50), 1) if ms else None,
            "p95_ms": round(percentile(ms, 95), 1) if ms else None,
            "p99_ms": round(percentile(ms, 99), 1) if ms else None,
            "max_ms": round(max(ms), 1) if ms else None,
            "fouten": len(errors),
            "fouten_soorten": sorted(
                {f"{s.status or s.error} {s.path.split('?')[0]}" for s in errors}
            )[:10],
        }

    return {
        "duur_s": round(elapsed, 1),
        "totaal": stats(samples),
        "per_actie": {a: stats([s for s in samples if s.action == a]) for a in WEIGHTS},
    }


def report(title: str, summary: dict) -> str:
    t = summary["totaal"]
    lines = [
        f"{title}: {t['verzoeken']} verzoeken in {summary['duur_s']} s = {t['per_seconde']}/s, "
        f"p50 {t['p50_ms']} ms, p95 {t['p95_ms']} ms, p99 {t['p99_ms']} ms, "
        f"{t['fouten']} fouten",
        f"{'actie':<16}{'n':>7}{'/s':>7}{'p50':>9}{'p95':>9}{'p99':>9}{'fouten':>8}",
    ]
    for name, s in summary["per_actie"].items():
        if s["verzoeken"]:
            lines.append(
                f"{name:<16}{s['verzoeken']:>7}{s['per_seconde']:>7}{s['p50_ms']:>9}"
                f"{s['p95_ms']:>9}{s['p99_ms']:>9}{s['fouten']:>8}"
            )
    for name, s in summary["per_actie"].items():
        for kind in s["fouten_soorten"]:
            lines.append(f"  fout bij {name}: {kind}")
    return "\n".join(lines)


def server_env(port: int, var_dir: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        SAMENSPEL_HTTPS="0",  # plain HTTP on 127.0.0.1, no TLS-terminating proxy in front
        SAMENSPEL_VAR_DIR=var_dir,
        SAMENSPEL_BIND=f"127.0.0.1:{port}",
    )
    return env


def start_server(kind: str, port: int, log: Path, var_dir: str) -> subprocess.Popen:
    env = server_env(port, var_dir)
    venv = REPO_DIR / ".venv" / "bin"
    if kind == "gunicorn":
        cmd = ["bash", str(REPO_DIR / "scripts" / "serve.sh")]
    else:
        subprocess.run(
            [str(venv / "samenspel"), "beheer", "collectstatic", "--noinput", "-v", "0"],
            env=env,
            check=True,
            timeout=300,
        )
        cmd = [str(venv / "samenspel"), "beheer", "runserver", f"127.0.0.1:{port}", "--noreload"]
    handle = log.open("w")
    proc = subprocess.Popen(
        cmd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"De server stopte meteen (code {proc.returncode}); zie {log}.")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/gezondheid/")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(proc)
    raise SystemExit(f"De server antwoordde niet binnen 120 s; zie {log}.")


def stop_server(proc: subprocess.Popen) -> None:
    """Stop the server this script started (its own process group)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def server_label(kind: str) -> str:
    if kind != "gunicorn":
        return "runserver (1 proces, threads)"
    workers = os.environ.get("SAMENSPEL_WORKERS") or str(os.cpu_count() or 1)
    threads = os.environ.get("SAMENSPEL_THREADS") or "8"
    return f"gunicorn ({workers} workers × {threads} threads)"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", choices=["gunicorn", "runserver"])
    parser.add_argument("--url", help="a server you started yourself, e.g. http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duur", type=float, default=120.0, help="seconden (standaard 120)")
    parser.add_argument("--denktijd", type=float, default=1.0, help="gemiddelde denktijd (s)")
    parser.add_argument("--opwarmen", type=float, default=15.0, help="seconden, niet geteld")
    parser.add_argument("--max-verzoeken", type=int, default=5000, help="per gebruiker")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--json", help="schrijf de samenvatting ook als JSON naar dit bestand")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 500 or not 0 < args.duur <= 3600:
        parser.error("--users moet tussen 1 en 500 liggen en --duur tussen 0 en 3600 s")
    if bool(args.server) == bool(args.url):
        parser.error("geef --server of --url")

    proc = None
    var_dir = tempfile.mkdtemp(prefix="samenspel-load-")
    if args.url:
        parsed = urllib.parse.urlsplit(args.url)
        host, port = parsed.hostname, parsed.port or 80
        if host not in LOCAL or parsed.scheme != "http":
            parser.error("alleen http://127.0.0.1 of http://localhost als doel")
    else:
        host, port = "127.0.0.1", free_port()
        log = Path(var_dir) / f"{args.server}.log"
        print(f"==> {args.server} starten op 127.0.0.1:{port} (log: {log})", flush=True)
        proc = start_server(args.server, port, log, var_dir)
    try:
        site = discover(host, port)
        print(
            f"==> {len(site.igs)} IGS, {len(site.municipalities)} gemeenten, "
            f"{len(site.regions)} referentieregio's, {len(site.downloads)} downloads, "
            f"{len(site.comparisons)} verdeelsleutels (IGS × peildatum)",
            flush=True,
        )
        for line in site.refused:
            print(f"    niet in de mix (terecht geweigerd): verdeelsleutel {line}", flush=True)
        load_before = os.getloadavg()
        if args.opwarmen > 0:
            run(host, port, site, 10, args.opwarmen, 0.2, args.max_verzoeken, args.seed + 1)
        samples, elapsed = run(
            host, port, site, args.users, args.duur, args.denktijd, args.max_verzoeken, args.seed
        )
    finally:
        if proc is not None:
            stop_server(proc)
    summary = summarise(samples, elapsed)
    summary.update(
        {
            "server": server_label(args.server) if args.server else args.url,
            "gebruikers": args.users,
            "denktijd_s": args.denktijd,
            "opwarmen_s": args.opwarmen,
            "datum": date.today().isoformat(),
            "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
            "databank": (os.environ.get("DATABASE_URL", "sqlite").split("://")[0]),
            # load average (1, 5, 15 min) before the warm-up and after the run: other work on
            # the machine shows here
            "belasting_voor": [round(x, 2) for x in load_before],
            "belasting_na": [round(x, 2) for x in os.getloadavg()],
        }
    )
    print(report(summary["server"], summary))
    before, after = summary["belasting_voor"], summary["belasting_na"]
    print(f"belasting van de machine voor/na: {before} / {after}")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return 0 if summary["totaal"]["fouten"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
