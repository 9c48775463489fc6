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
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import IntegrityError, transaction

from samenspel.monitor.catalogue import (
    STARTING_SET,
    IndicatorDef,
    describe_file_indicator,
    starting_set,
)
from samenspel.monitor.measurements import Reference, digest, parse_file
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
        Indicator.objects.bulk_update(changed, list(_defaults(defs[0])))
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
                f"{self.file_name} is niet ingelezen: {len(self.errors)} fout(en). "
                "Er is niets bewaard."
            )
        b = self.batch
        if self.already:
            return (
                f"{self.file_name} is al ingelezen op {b.imported_at:%d/%m/%Y om %H:%M} "
                f"({b.row_count} metingen); er is niets gewijzigd."
            )
        return f"{self.file_name}: {b.row_count} metingen ingelezen ({b.indicator_set})."


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


def import_measurements(file_name: str, content: bytes, user=None) -> ImportResult:
    """Check and store one measurement file; all or nothing; the same content twice is a
    no-op (see the module docstring)."""
    sha = digest(content)
    earlier = ImportBatch.objects.filter(kind="file", sha256=sha).first()
    if earlier is not None:
        return ImportResult(file_name, [], earlier, already=True)
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
