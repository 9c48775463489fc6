"""Imports of the Monitor as background jobs (:mod:`samenspel.jobs`).

The import page (:mod:`samenspel.monitor.views_import`) saves an upload under
:func:`upload_dir` (``<var>/inlezen/<upload id>/``) and submits one of these jobs; the worker
reads the files, writes (all or nothing) and removes the upload folder, whatever the outcome.
Every upload is its own job (its identity is the upload id), so the same file uploaded twice
runs twice, and the second run says that it was already imported.

* ``monitor_metingen``: a CSV or XLSX file of measurements
  (:func:`samenspel.monitor.loading.import_measurements`). The result lists every bad row
  (nothing is written then) and, for every IGS with a partner in the file, its balance in the
  file's years before and after the import (:func:`samenspel.monitor.services.igs_balance`).
* ``monitor_uit``: one or more UiTdatabank JSON-LD files (a document, a Search API page,
  NDJSON, also gzip), counted (:mod:`samenspel.monitor.uit_counts`) and stored
  (:func:`samenspel.monitor.loading.store_uit_counts`), with the balance of every IGS with a
  partner among the stored municipalities before and after. ``ImportBatch`` has no field for a
  summary, so what was counted apart (online, outside Flanders, unknown places) and rejected
  (malformed lines, duplicates, deleted or rejected events) is kept in the job's result.

**Who may import what** (``monitor.change_item``, :mod:`samenspel.accounts.permissions`): the
support staff everything; anyone else only values of the municipalities and IGS where they
have a role (a coordinator: the IGS and its partners of that year; a cultuurbeleidscoördinator
or medewerker: their municipality). A measurement file with a row elsewhere is refused with
that row named, like any other bad row (nothing is written). UiTdatabank files cover whatever
region they were pulled for, so their counts are stored only for the municipalities the user
may write; the others are counted and reported, not stored. Such a partial import is its own
import (its identity includes the municipalities stored), so someone with a role elsewhere can
import the same files for theirs.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings

from samenspel.jobs import services as jobs

KIND_FILE = "monitor_metingen"
KIND_UIT = "monitor_uit"
#: Progress is written every this many records while counting UiT files.
PROGRESS_EVERY = 5_000
#: At most this many (IGS, year) balances are shown after a measurement file.
MAX_BALANCES = 12
#: Municipality rows of a UiT import kept in the result (the biggest first).
MAX_ROWS = 400
#: An upload folder this old belongs to a job that never ran: removed by the next job.
STALE_UPLOAD = timedelta(days=2)
#: How an event was placed, in Dutch (the keys of ``UitCounts.placed_by``).
METHODS = {
    "postcode": "postcode",
    "postcode+plaatsnaam": "postcode en plaatsnaam",
    "coordinaten": "coördinaten",
    "plaatsnaam": "plaatsnaam",
}
BALANCE_CODES = ("ACT_AANTAL", "DEELNEMERS", "IGS_UITGAVEN", "IGS_BIJDRAGE")


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "inlezen"


def _user(params: dict):
    from django.contrib.auth import get_user_model

    pk = params.get("gebruiker")
    return get_user_model().objects.filter(pk=pk).first() if pk else None


def _cleanup(params: dict) -> None:
    """Remove this job's upload, and any upload older than :data:`STALE_UPLOAD` (of a job that
    never ran, e.g. removed from the queue in the admin)."""
    folder = upload_dir() / str(params.get("upload", ""))
    if params.get("upload") and folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)
    limit = time.time() - STALE_UPLOAD.total_seconds()
    try:
        old = [f for f in upload_dir().iterdir() if f.is_dir() and f.stat().st_mtime < limit]
    except OSError:
        return
    for f in old:
        shutil.rmtree(f, ignore_errors=True)


def _data_dir() -> Path:
    """The bundle the loaded data came from (the newest load), else ``settings.DATA_DIR``."""
    from samenspel.core.models import DataLoad

    source = DataLoad.objects.values_list("source", flat=True).first()
    if source and (Path(source) / "flanders" / "municipalities-2025.geojson").is_file():
        return Path(source)
    return Path(settings.DATA_DIR)


# --------------------------------------------------------------------------------------------
# Measurement files
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    indicator: str
    refnis: str
    igs: str
    year: int


def affected_igs(atlas, rows) -> list[tuple[str, int]]:
    """(IGS slug, year) for every IGS with a partner among the municipality rows of a balance
    indicator, and every IGS row itself; sorted (the caller shows :data:`MAX_BALANCES`)."""
    from samenspel.monitor.services import peildatum

    out: set[tuple[str, int]] = set()
    by_year: dict[int, set[str]] = {}
    for r in rows:
        if r.indicator not in BALANCE_CODES:
            continue
        if r.igs:
            out.add((r.igs, r.year))
        elif r.refnis:
            by_year.setdefault(r.year, set()).add(r.refnis)
    for year, codes in by_year.items():
        on, _ = peildatum(year)
        for slug, pc in atlas.coverage(on).partnerships.items():
            if codes & set(pc.members):
                out.add((slug, year))
    return sorted(out)


def balance_summary(atlas, slug: str, year: int) -> dict | None:
    from samenspel.monitor.services import igs_balance

    try:
        ib = igs_balance(atlas, slug, year)
    except ValueError:
        return None
    b = ib.balance
    return {
        "igs": ib.slug,
        "naam": ib.name,
        "jaar": ib.year,
        "dominantie_index": b.dominance_index,
        "gini": b.gini,
        "partners": [
            {
                "refnis": p.refnis,
                "naam": p.name,
                "centrumstad": p.centrumstad,
                "inwoners_aandeel": p.shares["inwoners"],
                "activiteiten": p.values["activiteiten"],
                "activiteiten_aandeel": p.shares["activiteiten"],
            }
            for p in b.partners
        ],
        "uitleg": b.sentences.get("dominantie_index", ""),
    }


@jobs.register(KIND_FILE)
def measurements_job(params: dict, progress: jobs.Progress) -> dict:
    from samenspel.atlas.services import get_atlas
    from samenspel.monitor.loading import import_measurements, reference
    from samenspel.monitor.measurements import parse_file
    from samenspel.monitor.services import refuse_rows_without_role

    try:
        path, name = params["bestanden"][0]
        content = Path(path).read_bytes()
        progress(0.2, f"{name} wordt gecontroleerd.")
        atlas = get_atlas()
        parsed = parse_file(name, content, reference())
        if "gebruiker" in params:
            user = _user(params)
            if user is None:
                raise jobs.JobError(
                    "Het account dat dit bestand opstuurde bestaat niet meer; er is niets "
                    "ingelezen."
                )
            refuse_rows_without_role(atlas, user, parsed)
        every = affected_igs(atlas, parsed.rows) if (atlas is not None and parsed.ok) else []
        pairs = every[:MAX_BALANCES]
        before = {f"{s}|{y}": balance_summary(atlas, s, y) for s, y in pairs}
        progress(0.5, f"{name} wordt ingelezen.")
        result = import_measurements(name, content, _user(params), parsed=parsed)
        balances = []
        if result.ok:
            progress(0.8, "Het evenwicht van de betrokken IGS wordt berekend.")
            for s, y in pairs:
                after = balance_summary(atlas, s, y)
                if after is not None:
                    balances.append({"voor": before.get(f"{s}|{y}"), "na": after})
        batch = result.batch
        return {
            "soort": "metingen",
            "bestand": name,
            "ok": result.ok,
            "bericht": result.message(),
            "fouten": result.errors,
            "al_ingelezen": result.already,
            "metingen": batch.row_count if batch else 0,
            "indicatoren": batch.indicator_set.split() if batch else [],
            "inleesbeurt": batch.pk if batch else None,
            "evenwicht": balances,
            "evenwicht_meer": len(every) - len(pairs),
        }
    finally:
        _cleanup(params)


# --------------------------------------------------------------------------------------------
# UiTdatabank files
# --------------------------------------------------------------------------------------------


def uit_summary(d: dict) -> dict:
    """The counts' JSON (:meth:`UitCounts.as_dict`) without what grows with the organisers and
    the themes: per municipality the counts and the most frequent type, at most
    :data:`MAX_ROWS` rows."""
    rows = [
        {
            "refnis": b["refnis"],
            "naam": b["naam"],
            "jaar": b["jaar"],
            "activiteiten": b["activiteiten"],
            "speeldagen": b["speeldagen"],
            "samen_georganiseerd": b["samen_georganiseerd"],
            "type": next(iter(b["per_type"]), ""),
        }
        for b in d["per_gemeente"]
        if b["activiteiten"]
    ]
    rows.sort(key=lambda r: (-r["activiteiten"], r["naam"], r["jaar"]))
    out = {k: v for k, v in d.items() if k not in ("per_gemeente", "samenwerking")}
    out["geplaatst"] = dict(d["geplaatst"])
    out["geplaatst"]["per_methode"] = {
        METHODS.get(k, k): v for k, v in d["geplaatst"]["per_methode"].items()
    }
    out["per_gemeente"] = rows[:MAX_ROWS]
    out["gemeente_jaren"] = len(rows)
    return out


@jobs.register(KIND_UIT)
def uit_job(params: dict, progress: jobs.Progress) -> dict:
    from samenspel.atlas.services import get_atlas
    from samenspel.core.numbers import format_number
    from samenspel.monitor.loading import file_digest, store_uit_counts, uit_digest, uit_rows
    from samenspel.monitor.measurements import digest
    from samenspel.monitor.places import placer_from_bundle
    from samenspel.monitor.services import writable_municipalities, writes_everywhere
    from samenspel.monitor.uit import read_records
    from samenspel.monitor.uit_counts import UitCounter

    try:
        files = [(Path(p), n) for p, n in params["bestanden"]]
        years = params.get("jaren") or None
        progress(0.02, "De gemeenten en postcodes worden geladen.")
        try:
            placer = placer_from_bundle(_data_dir())
        except (OSError, KeyError, ValueError) as exc:
            raise jobs.JobError(
                "De gemeenten en postcodes om de activiteiten te plaatsen zijn niet te laden "
                f"({type(exc).__name__}); laad de gegevensbundel opnieuw. Er is niets bewaard."
            ) from None
        counter = UitCounter(placer, years=years)
        sizes = [p.stat().st_size or 1 for p, _ in files]
        total, done = sum(sizes), 0
        for (path, name), size in zip(files, sizes, strict=True):
            counter.counts.files.append(name)
            n = 0
            for record in read_records(path, name=name):
                counter.add(record)
                n += 1
                if n % PROGRESS_EVERY == 0:
                    progress(
                        0.05 + 0.8 * done / total,
                        f"{name}: {format_number(n)} records gelezen, "
                        f"{format_number(counter.counts.placed)} activiteiten geplaatst.",
                    )
            done += size
            progress(0.05 + 0.8 * done / total, f"{name} is gelezen.")
        counts = counter.counts
        progress(0.9, "De tellingen worden bewaard.")
        sha = uit_digest([file_digest(p) for p, _ in files], years)
        atlas = get_atlas()
        user = _user(params)
        only = None
        skipped = partly = 0
        if "gebruiker" in params:
            if user is None:
                raise jobs.JobError(
                    "Het account dat deze bestanden opstuurde bestaat niet meer; er is niets "
                    "bewaard."
                )
            if not writes_everywhere(user):
                keys = {(r, y) for r, y, _c, _v in uit_rows(counts)}
                only = writable_municipalities(atlas, user, keys)
                stored_refnis = {r for r, _y in only}
                skipped = len({r for r, _y in keys} - stored_refnis)
                # stored for some years, not for others (a partner of the IGS since a later year)
                partly = len({r for r, _y in keys - only} & stored_refnis)
                scope = ",".join(sorted(f"{r}:{y}" for r, y in only))
                sha = digest(f"{sha}|{scope}".encode())
        rows = [
            _Row(code, r, "", y)
            for r, y, code, _v in uit_rows(counts)
            if only is None or (r, y) in only
        ]
        every = affected_igs(atlas, rows) if atlas is not None else []
        pairs = every[:MAX_BALANCES]
        before = {f"{s}|{y}": balance_summary(atlas, s, y) for s, y in pairs}
        stored = store_uit_counts(
            counts, sha256=sha, file_name=", ".join(n for _, n in files), user=user, only=only
        )
        balances = []
        for s, y in pairs if not stored.already else []:
            after = balance_summary(atlas, s, y)
            if after is not None:
                balances.append({"voor": before.get(f"{s}|{y}"), "na": after})
        return {
            "soort": "uit",
            "ok": True,
            "bericht": stored.message()
            + (
                f" {format_number(skipped)} gemeente{'n' if skipped != 1 else ''} niet "
                "bewaard: daar heb je geen rol."
                if skipped
                else ""
            )
            + (
                f" Van {format_number(partly)} gemeente{'n' if partly != 1 else ''} zijn niet "
                "alle jaren bewaard: in de andere jaren had je er geen rol."
                if partly
                else ""
            ),
            "buiten_rol": skipped,
            "buiten_rol_deels": partly,
            "al_ingelezen": stored.already,
            "metingen": stored.stored,
            "vervangen": stored.replaced,
            "inleesbeurt": stored.batch.pk,
            "tellingen": uit_summary(counts.as_dict()),
            "evenwicht": balances,
            "evenwicht_meer": len(every) - len(pairs) if not stored.already else 0,
        }
    finally:
        _cleanup(params)
