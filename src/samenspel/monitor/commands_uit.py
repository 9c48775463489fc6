"""``samenspel monitor import-uit BESTAND... [--jaar JJJJ] [--format json]``.

Reads UiTdatabank JSON-LD (single documents, Search API pages, NDJSON dumps; see
:mod:`samenspel.monitor.uit`), places every event in a 2025 municipality
(:mod:`samenspel.monitor.places`, with the bundle in ``settings.DATA_DIR`` or ``--bundel``) and
prints what was read, placed, counted apart and rejected, and the counts per municipality and
year (:mod:`samenspel.monitor.uit_counts`). Nothing is written to the database unless
``--opslaan`` is given: then the counts are stored as measurements
(:func:`samenspel.monitor.loading.store_uit_counts`: activities, event-days and co-organised
activities per municipality and year, one import batch, all or nothing; the same files again
change nothing; a later import replaces the earlier UiT figures of the same municipality-years).

With ``--ophalen NIS`` the one BESTAND is first filled from the live Search API
(:mod:`samenspel.monitor.uit_client`): every event of that municipality, history included, as
NDJSON. Exit codes: 0 done (malformed lines are reported, the rest is counted), 2 bad input (a
file that does not exist, an API that cannot be reached).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from samenspel.core.numbers import format_number
from samenspel.core.tables import Column, Table
from samenspel.monitor.uit_counts import UitCounts, count_files

#: Lines of errors and unknown places printed as text (``--format json`` gives all that were
#: kept, up to 1000 of each).
SHOWN = 20
METHODS = {
    "postcode": "postcode",
    "postcode+plaatsnaam": "postcode en plaatsnaam",
    "coordinaten": "coördinaten",
    "plaatsnaam": "plaatsnaam",
}


def _n(x: int) -> str:
    return format_number(x)


def _count(n: int, singular: str, plural: str) -> str:
    """``1 bestand``, ``2 bestanden``, ``1.234 activiteiten``."""
    return f"{_n(n)} {singular if n == 1 else plural}"


def _data_dir(args) -> Path:
    if getattr(args, "bundel", None):
        return Path(args.bundel)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.config.settings")
    from django.conf import settings

    return Path(settings.DATA_DIR)


def _fetch(args, target: str) -> int:
    from samenspel.monitor.uit_client import SearchClient, UitApiError, download

    years = sorted(set(args.jaar or []))
    try:
        client = SearchClient(
            args.client_id or os.environ.get("UITDATABANK_CLIENT_ID", ""),
            base_url=args.api_url,
        )
        params = client.params(
            region=args.ophalen,
            date_from=f"{years[0]}-01-01T00:00:00+01:00" if years else None,
            date_to=f"{years[-1]}-12-31T23:59:59+01:00" if years else None,
        )

        def progress(done: int, total: int | None) -> None:
            of = f" van {_n(total)}" if total is not None else ""
            print(f"Opgehaald: {_n(done)}{of} activiteiten", file=sys.stderr)

        n = download(client, params, target, max_items=args.max, progress=progress)
    except UitApiError as exc:
        print(f"Ophalen mislukt: {exc}. Er is niets ingelezen.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            f"Ophalen mislukt: kan {target} niet schrijven ({exc.strerror or exc}). "
            "Er is niets ingelezen.",
            file=sys.stderr,
        )
        return 2
    print(
        f"{_n(n)} activiteiten van regio {params['regions']} bewaard in {target}.", file=sys.stderr
    )
    return 0


#: The years ``--jaar`` accepts (UiTdatabank starts in the 2000s; permanent offers end in 2100).
YEARS = range(1900, 2101)


def run_import_uit(args, out) -> int:
    files = list(args.bestanden)
    wrong = [y for y in args.jaar or [] if y not in YEARS]
    if wrong:
        print(f"--jaar {wrong[0]}: kies een jaar van 1900 tot 2100.", file=sys.stderr)
        return 2
    if getattr(args, "ophalen", None):
        if len(files) != 1:
            print(
                "Met --ophalen hoort er precies één BESTAND bij (daar komt de download).",
                file=sys.stderr,
            )
            return 2
        code = _fetch(args, files[0])
        if code:
            return code
    missing = [f for f in files if not Path(f).is_file()]
    if missing:
        print("Niet gevonden: " + ", ".join(missing) + ". Er is niets ingelezen.", file=sys.stderr)
        return 2
    data_dir = _data_dir(args)
    from samenspel.monitor.places import placer_from_bundle

    try:
        placer = placer_from_bundle(data_dir)
    except (OSError, KeyError, ValueError) as exc:
        print(
            f"De gemeenten van de bundel {data_dir} zijn niet te lezen ({exc}). "
            "Geef de bundel mee met --bundel MAP.",
            file=sys.stderr,
        )
        return 2
    counts = count_files(files, placer, years=args.jaar or None)
    stored = None
    if getattr(args, "opslaan", False):
        try:
            stored = _store(files, counts, args.jaar)
        except ValueError as exc:
            print(f"Niet bewaard: {exc}", file=sys.stderr)
            return 2
    if args.format == "json":
        data = counts.as_dict()
        if stored is not None:
            data["opgeslagen"] = {
                "al_ingelezen": stored.already,
                "metingen": stored.stored,
                "vervangen": stored.replaced,
                "gemeente_jaren": stored.municipality_years,
                "inleesbeurt": stored.batch.pk,
                "bericht": stored.message(),
            }
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(as_text(counts))
        if stored is not None:
            out.write("\nBewaard: " + stored.message() + "\n")
    return 0


def _store(files: list[str], counts: UitCounts, years):
    from samenspel.monitor.commands import _django

    _django()
    from samenspel.monitor.loading import file_digest, store_uit_counts, uit_digest

    sha = uit_digest([file_digest(f) for f in files], years)
    name = ", ".join(Path(f).name for f in files)
    return store_uit_counts(counts, sha256=sha, file_name=name)


def as_text(counts: UitCounts) -> str:
    """The report for people, in Dutch."""
    d = counts.as_dict()
    lines: list[str] = []
    years = ", ".join(str(y) for y in d["jaren"]) if d["jaren"] else "alle"
    lines.append(
        f"UiTdatabank: {_count(len(d['bestanden']), 'bestand', 'bestanden')}, jaren: {years} "
        f"(permanent aanbod geteld tot en met {d['referentiejaar']})."
    )
    g = d["gelezen"]
    lines.append(
        f"Gelezen: {_n(g['records'])} records, {_n(g['activiteiten'])} verschillende activiteiten, "
        f"{_n(g['geen_activiteit'])} plaatsen of organisatoren (geen activiteit)."
    )
    r = d["geweigerd"]
    skipped = r["verwijderd_of_afgekeurd"]
    detail = ", ".join(f"{k} {_n(v)}" for k, v in skipped.items())
    lines.append(
        f"Geweigerd: {_n(r['misvormd'])} misvormd, {_n(r['dubbel'])} dubbel (zelfde @id), "
        f"{_n(sum(skipped.values()))} verwijderd of afgekeurd"
        + (f" ({detail})" if detail else "")
        + "."
    )
    lines.append(
        f"Niet geteld: {_n(d['afgelast'])} afgelast, {_n(d['buiten_periode'])} zonder speeldag "
        "in de gevraagde jaren."
    )
    p = d["geplaatst"]
    how = ", ".join(f"{METHODS.get(k, k)} {_n(v)}" for k, v in p["per_methode"].items())
    lines.append(
        f"Geplaatst in een Vlaamse gemeente: {_n(p['totaal'])}" + (f" ({how})." if how else ".")
    )
    a = d["apart"]
    lines.append(
        f"Apart geteld: {_n(a['online'])} online, {_n(a['buiten_vlaanderen'])} buiten Vlaanderen, "
        f"{_n(a['onbekend'])} met een onbekende plaats."
    )
    if d["onbekende_plaatsen"]:
        lines.append("")
        lines.append("Onbekende plaatsen:")
        for u in d["onbekende_plaatsen"][:SHOWN]:
            where = " ".join(x for x in (u["postcode"], u["plaatsnaam"]) if x)
            lines.append(
                f"  - {u['plaats']}"
                + (f" ({where})" if where else "")
                + f": {_count(u['activiteiten'], 'activiteit', 'activiteiten')}; {u['reden']}"
            )
        if len(d["onbekende_plaatsen"]) > SHOWN:
            lines.append(f"  … en {len(d['onbekende_plaatsen']) - SHOWN} meer (--format json).")
    if d["fouten"]:
        lines.append("")
        lines.append("Misvormde records (de rest is ingelezen):")
        for e in d["fouten"][:SHOWN]:
            lines.append(f"  - {e['bestand']}, regel {e['regel']}: {e['reden']}")
        if r["misvormd"] > SHOWN:
            lines.append(f"  … en {_n(r['misvormd'] - SHOWN)} meer (--format json).")
    rows = [
        {
            "refnis": b["refnis"],
            "naam": b["naam"],
            "jaar": str(b["jaar"]),
            "activiteiten": b["activiteiten"],
            "speeldagen": b["speeldagen"],
            "samen": b["samen_georganiseerd"],
            "elders": b["elders_georganiseerd"],
            "type": next(iter(b["per_type"]), ""),
        }
        for b in d["per_gemeente"]
    ]
    table = Table(
        "uitdatabank",
        "Activiteiten per gemeente en jaar",
        [
            Column("refnis", "REFNIS"),
            Column("naam", "gemeente"),
            Column("jaar", "jaar"),
            Column("activiteiten", "activiteiten", "int"),
            Column("speeldagen", "speeldagen", "int"),
            Column("samen", "samen georganiseerd", "int"),
            Column("elders", "organisatoren elders actief", "int"),
            Column("type", "meest voorkomend type"),
        ],
        rows,
    )
    text = "\n".join(lines) + "\n"
    if rows:
        text += "\n" + table.to_text()
    return text
