"""Write indicators and measurements into the database, all or nothing.

* :func:`ensure_catalogue`: the starting set of :mod:`samenspel.monitor.catalogue`.
* :func:`load_indicators`: the bundle's ``indicators/`` folder (Gemeente- en Stadsmonitor 2023,
  derived visits, investment from the annual accounts and the multi-year plans). Every CSV in
  the folder is read and checked first; only when no file has a problem is anything written, in
  one transaction. A file whose content did not change since the last load is left as it is; a
  changed file replaces the measurements of its previous version.
* :func:`import_measurements`: a CSV or XLSX file of measurements
  (:mod:`samenspel.monitor.measurements`). The same content imported again changes nothing and
  says when it was read.
* :func:`store_uit_counts`: the UiTdatabank counts per municipality and year
  (:mod:`samenspel.monitor.uit_counts`), with the replacement rule described there.

**Merged municipalities.** The survey of 2023 has one row per municipality of before the
mergers of 1 January 2025, under the 2025 REFNIS (e.g. Lokeren 79 % and Moerbeke 16 %
satisfied with cultural facilities). Those rows are kept as they are, with the former
municipality in ``part_refnis``/``part_name``; they are **not** combined, because a combined
figure needs respondent weights or the population of each former municipality, which the
bundle does not have. A row gets ``part_refnis`` when its ``orig_refnis`` differs from the 2025
code or when the file has several rows for the same 2025 municipality, indicator and year
(Antwerpen and Borsbeek both under 11002). The finance files give the 2025 territory and have
one row per 2025 municipality.

**Values 'nan'.** The multi-year plans file gives 37 per-inhabitant values as ``nan`` (not
available); they are not stored and the load counts them ("overgeslagen").
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.timezone import localtime
from simple_history.utils import bulk_update_with_history

from samenspel.core.numbers import format_number
from samenspel.monitor.catalogue import (
    ACTIVITIES,
    COORGANISED,
    EVENT_DAYS,
    STARTING_SET,
    IndicatorDef,
    describe_file_indicator,
    starting_set,
)
from samenspel.monitor.measurements import ParsedFile, Reference, digest, parse_file
from samenspel.monitor.models import ImportBatch, Indicator, Measurement
from samenspel.partnerships.models import Partnership
from samenspel.territory.models import FormerMunicipality, Municipality

HEADER = [
    "refnis",
    "name",
    "orig_refnis",
    "orig_name",
    "indicator_code",
    "indicator_name",
    "year",
    "value",
    "unit",
    "source",
    "note",
]
MAX_PROBLEMS = 50


class IndicatorLoadError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} probleem/problemen")
        self.problems = problems


@dataclass
class IndicatorLoadReport:
    files: int = 0
    unchanged: int = 0
    indicators: int = 0
    measurements: int = 0
    skipped: int = 0  # values the source gives as 'nan' (not available)
    per_file: dict[str, int] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "bestanden": self.files,
            "ongewijzigd": self.unchanged,
            "indicatoren": self.indicators,
            "metingen": self.measurements,
            "overgeslagen (nan)": self.skipped,
        }


def _defaults(d: IndicatorDef) -> dict:
    return {
        "name": d.name,
        "definition": d.definition,
        "unit": d.unit,
        "source": d.source,
        "source_url": d.source_url,
        "reference": d.reference,
        "frequency": d.frequency,
        "kind": d.kind,
        "direction": d.direction,
        "level": d.level,
        "caveat": d.caveat,
        "allow_negative": d.allow_negative,
        "whole_numbers": d.whole_numbers,
        "igs": "",
    }


def _upsert(defs: list[IndicatorDef]) -> dict[str, Indicator]:
    existing = Indicator.objects.in_bulk([d.code for d in defs], field_name="code")
    new, changed = [], []
    for d in defs:
        values = _defaults(d)
        obj = existing.get(d.code)
        if obj is None:
            new.append(Indicator(code=d.code, **values))
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            changed.append(obj)
    Indicator.objects.bulk_create(new)
    if changed:
        # A catalogue indicator corrected in the admin has a history; putting the definition
        # back is a change too, so it is recorded (only the few changed rows, in bulk).
        bulk_update_with_history(changed, Indicator, list(_defaults(defs[0])))
    return Indicator.objects.in_bulk([d.code for d in defs], field_name="code")


def ensure_catalogue() -> dict[str, Indicator]:
    """Create or update the indicators of the starting set (idempotent)."""
    return _upsert(list(STARTING_SET))


# --------------------------------------------------------------------------------------------
# The bundle's indicators/ folder
# --------------------------------------------------------------------------------------------


@dataclass
class _FileRows:
    name: str
    sha256: str
    rows: list[tuple[str, str, str, str, int, Decimal, str]]  # code, refnis, part, part name,
    # year, value, note
    codes: set[str]
    skipped: int = 0


def _read_file(
    path: Path,
    municipalities: dict[str, str],
    successor: dict[str, str],
    defs: dict[str, IndicatorDef],
    problems: list[str],
) -> _FileRows:
    content = path.read_bytes()
    out = _FileRows(path.name, digest(content), [], set())
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    if reader.fieldnames != HEADER:
        problems.append(
            f"{path.name}: de kolommen zijn {', '.join(reader.fieldnames or [])}; verwacht "
            f"{', '.join(HEADER)}."
        )
        return out
    raw = []
    for r in reader:
        line = reader.line_num

        def bad(column: str, why: str, line=line) -> None:
            problems.append(f"{path.name}, regel {line}, kolom {column}: {why}")

        refnis, orig = r["refnis"].strip(), r["orig_refnis"].strip()
        code = r["indicator_code"].strip()
        if refnis not in municipalities:
            bad("refnis", f"'{refnis}' is geen Vlaamse gemeente van 2025.")
            continue
        if orig and orig != refnis and successor.get(orig) != refnis:
            bad("orig_refnis", f"'{orig}' is geen gemeente die in {refnis} opging.")
            continue
        if code not in defs:
            try:
                defs[code] = describe_file_indicator(code, r["source"].strip())
            except ValueError as exc:
                bad("indicator_code", str(exc))
                continue
        if r["value"].strip().lower() in ("nan", ""):
            out.skipped += 1  # not available in the source (a per-inhabitant division)
            continue
        try:
            year = int(r["year"])
            value = Decimal(r["value"].strip())
            if not value.is_finite():
                raise InvalidOperation
        except (ValueError, InvalidOperation):
            bad("year/value", f"'{r['year']}'/'{r['value']}' is geen jaar en getal.")
            continue
        if value < 0 and not defs[code].allow_negative:
            bad("value", f"negatieve waarde {r['value']} voor {code}.")
            continue
        out.codes.add(code)
        raw.append((code, refnis, orig, r["orig_name"].strip(), year, value, r["note"].strip()))
    per_key = Counter((code, refnis, year) for code, refnis, _o, _n, year, _v, _t in raw)
    seen = set()
    for code, refnis, orig, orig_name, year, value, note in raw:
        split = orig and (orig != refnis or per_key[(code, refnis, year)] > 1)
        part, part_name = (orig, orig_name) if split else ("", "")
        key = (code, refnis, part, year)
        if key in seen:
            problems.append(f"{path.name}: dubbele rij voor {code}, {refnis} {part}, {year}.")
            continue
        seen.add(key)
        out.rows.append((code, refnis, part, part_name, year, value, note))
    return out


def load_indicators(path: str | Path) -> IndicatorLoadReport:
    """Check and load every CSV of the ``indicators/`` folder at ``path``; raises
    :class:`IndicatorLoadError` and writes nothing when any file has a problem."""
    folder = Path(path)
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise IndicatorLoadError([f"{folder}: geen CSV-bestanden met indicatoren."])
    municipalities = dict(Municipality.objects.values_list("refnis", "name_nl"))
    if not municipalities:
        raise IndicatorLoadError(["Laad eerst de Atlas-bundel (gemeenten van 2025)."])
    successor = dict(FormerMunicipality.objects.values_list("refnis", "successor_id"))
    defs: dict[str, IndicatorDef] = {}
    problems: list[str] = []
    read = [_read_file(f, municipalities, successor, defs, problems) for f in files]
    if problems:
        extra = len(problems) - MAX_PROBLEMS
        raise IndicatorLoadError(
            problems[:MAX_PROBLEMS] + ([f"… en nog {extra} problemen."] if extra > 0 else [])
        )
    report = IndicatorLoadReport(
        files=len(read), indicators=len(defs), skipped=sum(f.skipped for f in read)
    )
    with transaction.atomic():
        ensure_catalogue()
        indicators = _upsert(sorted(defs.values(), key=lambda d: d.code))
        for f in read:
            old = ImportBatch.objects.filter(kind="bundle", file_name=f.name)
            if old.filter(sha256=f.sha256).exists():
                report.unchanged += 1
                report.per_file[f.name] = 0
                continue
            old.delete()
            batch = ImportBatch.objects.create(
                file_name=f.name,
                sha256=f.sha256,
                indicator_set=" ".join(sorted(f.codes)),
                kind="bundle",
                row_count=len(f.rows),
            )
            Measurement.objects.bulk_create(
                (
                    Measurement(
                        indicator=indicators[code],
                        refnis=refnis,
                        part_refnis=part,
                        part_name=part_name,
                        year=year,
                        value=value,
                        batch=batch,
                        note=note[:500],
                    )
                    for code, refnis, part, part_name, year, value, note in f.rows
                ),
                batch_size=5000,
            )
            report.measurements += len(f.rows)
            report.per_file[f.name] = len(f.rows)
    return report


# --------------------------------------------------------------------------------------------
# A measurement file (CSV or XLSX)
# --------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    file_name: str
    errors: list[str]
    batch: ImportBatch | None = None
    already: bool = False  # the same content was imported before (batch is that import)

    @property
    def ok(self) -> bool:
        return not self.errors

    def message(self) -> str:
        if self.errors:
            return (
                f"{self.file_name} is niet ingelezen: "
                f"{_count(len(self.errors), 'fout', 'fouten')}. Er is niets bewaard."
            )
        b = self.batch
        if self.already:
            return (
                f"{self.file_name} is al ingelezen op {localtime(b.imported_at):%d/%m/%Y om %H:%M} "
                f"({_count(b.row_count, 'meting', 'metingen')}); er is niets gewijzigd."
            )
        return (
            f"{self.file_name}: {_count(b.row_count, 'meting', 'metingen')} ingelezen "
            f"({b.indicator_set})."
        )


def _count(n: int, singular: str, plural: str) -> str:
    """``1 meting``, ``2 metingen``, ``12.345 metingen``: Belgian thousands, the right form."""
    return f"{format_number(n)} {singular if n == 1 else plural}"


def reference() -> Reference:
    """What a measurement file is checked against, from the database (the starting set of
    the catalogue counts even before it is stored; nothing is written here)."""
    names = dict(Municipality.objects.values_list("refnis", "name_nl"))
    former = {
        old: (new, name)
        for old, name, new in FormerMunicipality.objects.values_list(
            "refnis", "name_nl", "successor_id"
        )
        if old not in names
    }
    return Reference(
        municipalities=names,
        former=former,
        igs=set(Partnership.objects.values_list("slug", flat=True)),
        indicators={**starting_set(), **{i.code: i for i in Indicator.objects.all()}},
    )


def import_measurements(
    file_name: str, content: bytes, user=None, parsed: ParsedFile | None = None
) -> ImportResult:
    """Check and store one measurement file; all or nothing; the same content twice is a
    no-op (see the module docstring). ``parsed`` is ``content`` already parsed by the caller
    (:func:`parse_file` against :func:`reference`), so that it is not read twice."""
    sha = digest(content)
    earlier = ImportBatch.objects.filter(kind="file", sha256=sha).first()
    if earlier is not None:
        return ImportResult(file_name, [], earlier, already=True)
    if parsed is None:
        parsed = parse_file(file_name, content, reference())
    if not parsed.ok:
        return ImportResult(file_name, parsed.messages())
    try:
        batch = _store(file_name, sha, parsed, user)
    except IntegrityError:  # the same file, imported at the same moment by someone else
        earlier = ImportBatch.objects.filter(kind="file", sha256=sha).first()
        if earlier is None:
            raise
        return ImportResult(file_name, [], earlier, already=True)
    return ImportResult(file_name, [], batch)


def _store(file_name, sha, parsed, user) -> ImportBatch:
    with transaction.atomic():
        ensure_catalogue()
        indicators = Indicator.objects.in_bulk(list(parsed.indicators), field_name="code")
        batch = ImportBatch.objects.create(
            file_name=file_name[:300],
            sha256=sha,
            indicator_set=" ".join(sorted(parsed.indicators)),
            kind="file",
            imported_by=user if getattr(user, "is_authenticated", False) else None,
            row_count=len(parsed.rows),
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicators[r.indicator],
                refnis=r.refnis,
                igs=r.igs,
                year=r.year,
                label=r.label,
                value=r.value,
                batch=batch,
                note=r.note,
            )
            for r in parsed.rows
        )
    return batch


# --------------------------------------------------------------------------------------------
# UiTdatabank counts
# --------------------------------------------------------------------------------------------

#: What of :meth:`UitCounts.measurements` is stored, and under which indicator.
#: ``uit_elders_georganiseerd`` (an organiser's events in other municipalities) has no
#: indicator in the catalogue and is not stored.
UIT_INDICATORS = {
    "uit_activiteiten": ACTIVITIES,
    "uit_speeldagen": EVENT_DAYS,
    "uit_samen_georganiseerd": COORGANISED,
}


def file_digest(path: str | Path) -> str:
    """The SHA-256 of a file's content, read in blocks (a file of any size).

    A gzip file is hashed on what it holds, not on its bytes: gzip writes the time of
    compression into its header, so the same dump compressed twice is still the same import."""
    with open(path, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    if gz:
        try:
            return _sha256(gzip.open(path, "rb"))
        except (OSError, EOFError):  # a broken gzip file: its bytes (the import reports it)
            pass
    return _sha256(open(path, "rb"))  # noqa: SIM115 (closed by _sha256)


def _sha256(fh) -> str:
    h = hashlib.sha256()
    with fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def uit_digest(file_digests: list[str], years: list[int] | None) -> str:
    """The identity of a UiT import: the SHA-256 of the files' own SHA-256s (sorted, so the
    order of the files does not matter) and of the years asked (the same files counted for
    other years are another import)."""
    text = " ".join(sorted(file_digests)) + "|" + ",".join(str(y) for y in sorted(years or []))
    return digest(text.encode())


@dataclass
class UitStoreResult:
    batch: ImportBatch
    already: bool = False
    stored: int = 0  # measurements written
    replaced: int = 0  # earlier UiT measurements of the same municipality-years removed
    municipality_years: int = 0

    def message(self) -> str:
        b = self.batch
        if self.already:
            return (
                f"Deze UiTdatabank-bestanden zijn al ingelezen op "
                f"{localtime(b.imported_at):%d/%m/%Y om %H:%M} "
                f"({_count(b.row_count, 'meting', 'metingen')}); er is niets gewijzigd."
            )
        text = (
            f"{_count(self.stored, 'meting', 'metingen')} bewaard voor "
            f"{_count(self.municipality_years, 'gemeente-jaar', 'gemeente-jaren')} "
            f"({b.indicator_set})"
        )
        if self.replaced:
            text += (
                f"; {_count(self.replaced, 'meting', 'metingen')} van een eerdere "
                "UiTdatabank-inlezing vervangen"
            )
        return text + "."


def uit_rows(counts) -> list[tuple[str, int, str, int]]:
    """The rows of ``counts`` that are stored: (REFNIS 2025, year, indicator code, value), only
    for municipality-years where at least one activity was placed. A municipality that only
    appears as the home of an organiser (its events took place elsewhere) gets no row: the
    files may cover only a region, and a 0 there would wipe out a real figure."""
    hosts = {(r, y) for r, y, name, v in counts.measurements() if name == "uit_activiteiten" and v}
    return [
        (r, y, UIT_INDICATORS[name], v)
        for r, y, name, v in counts.measurements()
        if (r, y) in hosts and name in UIT_INDICATORS
    ]


def store_uit_counts(
    counts, *, sha256: str, file_name: str, user=None, municipalities=None, only=None
) -> UitStoreResult:
    """Store the UiTdatabank counts (:class:`samenspel.monitor.uit_counts.UitCounts`) as
    measurements, in one :class:`ImportBatch` of kind ``uit``, all or nothing.

    * Stored: per 2025 municipality and year with at least one placed activity,
      ``ACT_AANTAL`` (activities), ``ACT_SPEELDAGEN`` (event-days) and ``ACT_COORGANISATIE``
      (activities whose organiser is based in another Flemish municipality).
    * The same import again (``sha256``, see :func:`uit_digest`) changes nothing.
    * **Replacement rule**: a later, different UiT import replaces the earlier UiT figures of
      the municipality-years it has figures for (all three indicators of that municipality and
      year), and only those: a region pulled on its own leaves the rest of Flanders as it was.
      A municipality-year the new import has no activities for keeps its earlier figure. An
      earlier batch left without measurements is removed (importing its files again then counts
      as new); one that keeps some measurements stays, with its count updated. Measurements from
      files (kind ``file``) and manual entries are never touched by a UiT import; which one
      counts is decided by :func:`samenspel.monitor.services.yearly_values` (manual first,
      else the newest import).
    * ``only``: when given, a set of (REFNIS, year): only those municipality-years are stored
      (the ones the importing user has a role for; see :mod:`samenspel.monitor.tasks`).
    """
    earlier = ImportBatch.objects.filter(kind="uit", sha256=sha256).first()
    if earlier is not None:
        return UitStoreResult(earlier, already=True)
    rows = uit_rows(counts)
    if only is not None:
        rows = [row for row in rows if (row[0], row[1]) in only]
    if municipalities is None:
        municipalities = set(Municipality.objects.values_list("refnis", flat=True))
    unknown = sorted({r for r, _y, _c, _v in rows} - set(municipalities))
    if unknown:
        raise ValueError(
            f"De tellingen noemen gemeenten die niet in de geladen gegevens staan: "
            f"{', '.join(unknown[:10])}. Laad eerst de gegevensbundel. Er is niets bewaard."
        )
    keys = sorted({(r, y) for r, y, _c, _v in rows})
    codes = list(UIT_INDICATORS.values())
    try:
        with transaction.atomic():
            indicators = ensure_catalogue()
            old = Measurement.objects.filter(
                batch__kind="uit", indicator__code__in=codes, igs="", label=""
            )
            by_year: dict[int, list[str]] = {}
            for r, y in keys:
                by_year.setdefault(y, []).append(r)
            replaced = 0
            touched: set[int] = set()
            for y, refs in by_year.items():
                qs = old.filter(year=y, refnis__in=refs)
                touched.update(qs.values_list("batch_id", flat=True).distinct())
                replaced += qs.delete()[0]
            for b in ImportBatch.objects.filter(pk__in=touched):
                left = b.measurements.count()
                if left:
                    ImportBatch.objects.filter(pk=b.pk).update(row_count=left)
                else:
                    b.delete()
            batch = ImportBatch.objects.create(
                file_name=file_name[:300],
                sha256=sha256,
                indicator_set=" ".join(sorted(codes)),
                kind="uit",
                imported_by=user if getattr(user, "is_authenticated", False) else None,
                row_count=len(rows),
            )
            Measurement.objects.bulk_create(
                (
                    Measurement(
                        indicator=indicators[code],
                        refnis=r,
                        year=y,
                        value=Decimal(v),
                        batch=batch,
                    )
                    for r, y, code, v in rows
                ),
                batch_size=5000,
            )
    except IntegrityError:  # the same import, stored at the same moment by someone else
        earlier = ImportBatch.objects.filter(kind="uit", sha256=sha256).first()
        if earlier is None:
            raise
        return UitStoreResult(earlier, already=True)
    return UitStoreResult(batch, stored=len(rows), replaced=replaced, municipality_years=len(keys))
