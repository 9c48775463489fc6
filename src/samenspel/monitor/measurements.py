"""Measurement files: read CSV and XLSX into checked rows, and write the templates (pure).

The file format is the template of an indicator set (:data:`samenspel.monitor.catalogue.SETS`):
one row per area and year, one column per indicator::

    refnis;gemeente;igs;jaar;label;opmerking;ACT_AANTAL;ACT_COORGANISATIE;DEELNEMERS;...
    44021;Gent;;2024;;;300;12;45.000

* ``refnis``: the municipality (REFNIS code of the 2025 indeling), **or** ``igs``: the slug of
  the IGS, for indicators measured at IGS level; never both in one row;
* ``jaar``: the year; ``label`` optional (e.g. ``voorjaar``), ``opmerking`` optional;
  ``gemeente`` is only there for the reader and is not checked;
* every other column is an indicator code; an empty cell means "no measurement".

Numbers are read as a person in Belgium types them (:func:`samenspel.core.numbers.parse_number`:
``45.000`` is forty-five thousand, ``12,5`` twelve and a half); in XLSX real number cells are
taken as they are. CSV may be separated by ``;`` (Excel in Belgium), ``,`` or a tab, in UTF-8
(with or without BOM), UTF-16 (Excel's "Unicode-tekst") or Windows-1252. Both are read by
:mod:`samenspel.core.sheets` within the limits below (:data:`MAX_UNPACKED_BYTES`,
:data:`MAX_SCAN_ROWS`, :data:`MAX_COLUMNS`); a formula without a computed value is named, never
read as an empty cell.

Every bad cell or row is reported with the file, the row (as the spreadsheet numbers it, the
header is row 1), the column and the reason in Dutch; the caller writes nothing unless the list
of errors is empty.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from samenspel.core import sheets
from samenspel.core.numbers import format_number, parse_number
from samenspel.monitor.catalogue import SETS, starting_set

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
#: An XLSX once unpacked. The template filled for all 285 municipalities over 30 years with 12
#: indicators (8.551 rows) unpacks to 4,4 MB and takes openpyxl 1,7 s; 28.501 such rows are
#: 14,9 MB and 4,6 s. openpyxl's time and memory grow with this size, whatever the upload weighs:
#: 125 kB of shared strings unpacking to 49 MB took 53 s and 380 MB, to 19,6 MB 17 s and 180 MB
#: (measured). 20 MB keeps four times the 30-year file and bounds the worst to the latter.
MAX_UNPACKED_BYTES = 20_000_000
#: Rows looked at, empty ones included (a 5 kB XLSX can reach row 1.048.575, a CSV can be
#: blank lines): MAX_ROWS filled rows (a 20 MB CSV can hold them) plus room for empty ones.
MAX_SCAN_ROWS = 250_000
#: Columns read: the six fixed ones and the indicators (the catalogue has 11, an IGS adds its
#: own); anything further right is not read.
MAX_COLUMNS = 250
#: What the message about a file that runs on too far says a real one looks like.
SHORTER = "metingen van alle 285 gemeenten over dertig jaar tellen zo'n 8.600 rijen"
MAX_ERRORS = 200  # more are counted, not listed
FIXED = ("refnis", "gemeente", "igs", "jaar", "label", "opmerking")
YEARS = (1990, 2100)
#: What ``Measurement.value`` (``DecimalField(max_digits=20, decimal_places=6)``) holds: 14
#: digits before the comma. A larger value would make the database refuse the whole file.
MAX_VALUE = Decimal(10) ** 14 - 1


class IndicatorSpec(Protocol):
    code: str
    level: str
    unit: str
    allow_negative: bool
    whole_numbers: bool


@dataclass(frozen=True)
class RowError:
    file: str
    row: int  # 1 = header; 0 = the file as a whole
    column: str
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        return ", ".join(where) + f": {self.reason}"


@dataclass(frozen=True)
class MeasurementRow:
    indicator: str
    refnis: str  # "" for an IGS-level measurement
    igs: str  # "" for a municipality
    year: int
    label: str
    value: Decimal
    note: str
    row: int


@dataclass
class Reference:
    """What the file is checked against: the 2025 municipalities (REFNIS → name), the former
    municipalities (old REFNIS → (new REFNIS, old name)), the IGS slugs and the indicators."""

    municipalities: Mapping[str, str]
    former: Mapping[str, tuple[str, str]]
    igs: Collection[str]
    indicators: Mapping[str, IndicatorSpec]


@dataclass
class ParsedFile:
    name: str
    rows: list[MeasurementRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    indicators: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add(self, row: int, column: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(self.name, row, column, reason))

    def messages(self) -> list[str]:
        out = [str(e) for e in self.errors]
        if self.error_count > len(self.errors):
            out.append(f"… en nog {self.error_count - len(self.errors)} fouten.")
        return out


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def _csv_rows(name: str, content: bytes) -> Iterator[tuple[int, list[Any]]]:
    return sheets.csv_rows(
        name,
        sheets.decode_text(name, content),
        max_columns=MAX_COLUMNS,
        max_scan_rows=MAX_SCAN_ROWS,
        shorter=SHORTER,
    )


def _xlsx_rows(name: str, content: bytes) -> Iterator[tuple[int, list[Any]]]:
    return sheets.xlsx_rows(
        name,
        content,
        max_unpacked=MAX_UNPACKED_BYTES,
        max_columns=MAX_COLUMNS,
        max_scan_rows=MAX_SCAN_ROWS,
        formulas=True,
        sheet="metingen",
        content="de metingen",
        shorter=SHORTER,
    )


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def is_xlsx(name: str, content: bytes) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK"


def parse_file(name: str, content: bytes, ref: Reference) -> ParsedFile:
    """Read and check a measurement file; see the module docstring."""
    result = ParsedFile(name)
    if len(content) > MAX_BYTES:
        result.add(
            0, "", f"het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB; splits het op."
        )
        return result
    if not content.strip():
        result.add(0, "", "het bestand is leeg.")
        return result
    try:
        xlsx = is_xlsx(name, content)
        rows = _xlsx_rows(name, content) if xlsx else _csv_rows(name, content)
        _parse(rows, ref, result)
    except sheets.SheetError as exc:  # the file itself: too large, too long, broken, …
        result.add(exc.row, "", exc.reason)
    except (OSError, KeyError, ValueError) as exc:
        if result.ok:
            kind = "XLSX" if is_xlsx(name, content) else "CSV"
            result.add(0, "", f"het bestand is geen leesbaar {kind}-bestand ({exc}).")
    except Exception as exc:  # openpyxl raises its own zip and XML errors
        result.add(0, "", f"het bestand is geen leesbaar XLSX-bestand ({type(exc).__name__}).")
    if result.ok and not result.rows:
        result.add(0, "", "het bestand bevat geen enkele waarde.")
    return result


def _header(cells: Sequence[Any], ref: Reference, result: ParsedFile) -> dict[int, str] | None:
    by_lower = {c.lower(): c for c in ref.indicators}
    columns: dict[int, str] = {}
    seen: set[str] = set()
    for i, raw in enumerate(cells):
        name = _text(raw)
        if not name:
            continue
        key = name.lower()
        canonical = key if key in FIXED else by_lower.get(key)
        if canonical is None:
            examples = ", ".join(sorted(ref.indicators)[:3])
            result.add(
                1,
                name,
                f"onbekende kolom '{name}': verwacht refnis of igs, jaar, label, opmerking, "
                f"gemeente en codes van indicatoren (bv. {examples}).",
            )
            continue
        if canonical in seen:
            result.add(1, name, f"de kolom '{name}' staat er twee keer.")
            continue
        seen.add(canonical)
        columns[i] = canonical
    if "jaar" not in seen:
        result.add(1, "jaar", "de kolom 'jaar' ontbreekt.")
    if "refnis" not in seen and "igs" not in seen:
        result.add(1, "refnis", "de kolom 'refnis' (of 'igs') ontbreekt.")
    if not [c for c in columns.values() if c not in FIXED]:
        result.add(1, "", "geen enkele kolom met een indicatorcode.")
    return columns if result.ok else None


def _parse(rows: Iterator[tuple[int, list[Any]]], ref: Reference, result: ParsedFile) -> None:
    columns = None
    for _n, cells in rows:
        if not any(_text(c) for c in cells):
            continue
        columns = _header(cells, ref, result)
        break
    if columns is None:
        return
    codes = [c for c in columns.values() if c not in FIXED]
    result.indicators = tuple(codes)
    seen: dict[tuple, int] = {}
    count = 0
    for n, cells in rows:
        if not any(_text(c) for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            result.add(n, "", f"meer dan {MAX_ROWS} rijen; splits het bestand op.")
            return
        cell = {col: cells[i] if i < len(cells) else None for i, col in columns.items()}
        _row(n, cell, ref, result, seen)


def _slugs(ref: Reference) -> dict[str, str]:
    cached = getattr(ref, "_slugs", None)
    if cached is None:
        cached = {s.lower(): s for s in ref.igs}
        object.__setattr__(ref, "_slugs", cached)
    return cached


def _row(n: int, cell: dict[str, Any], ref: Reference, result: ParsedFile, seen: dict) -> None:
    refnis = _text(cell.get("refnis"))
    igs = _text(cell.get("igs")).lower()
    ok = True
    if refnis and igs:
        result.add(n, "igs", "vul refnis of igs in, niet allebei.")
        ok = False
    elif not refnis and not igs:
        result.add(n, "refnis", "geen gemeente (refnis) of IGS (igs) ingevuld.")
        ok = False
    elif refnis and refnis not in ref.municipalities:
        ok = False
        if refnis in ref.former:
            new, old_name = ref.former[refnis]
            result.add(
                n,
                "refnis",
                f"{refnis} is {old_name}, sinds 1 januari 2025 deel van {new} "
                f"{ref.municipalities.get(new, '')}".rstrip()
                + f": gebruik {new} (zet de oude gemeente eventueel in de kolom label).",
            )
        else:
            result.add(n, "refnis", f"onbekende REFNIS-code '{refnis}' (geen Vlaamse gemeente).")
    elif igs and igs not in _slugs(ref):
        ok = False
        result.add(n, "igs", f"onbekend IGS '{igs}'.")
    if igs in _slugs(ref):
        igs = _slugs(ref)[igs]
    year_text = _text(cell.get("jaar"))
    year = None
    try:
        year = int(year_text)
        if not YEARS[0] <= year <= YEARS[1]:
            raise ValueError
    except ValueError:
        result.add(n, "jaar", f"'{year_text}' is geen jaartal (tussen {YEARS[0]} en {YEARS[1]}).")
        ok = False
    label = _text(cell.get("label"))[:100]
    note = _text(cell.get("opmerking"))[:500]
    for code, raw in cell.items():
        if code in FIXED or raw is None or _text(raw) == "":
            continue
        spec = ref.indicators[code]
        value = _value(n, code, raw, spec, result)
        if spec.level == "igs" and refnis and not igs:
            result.add(n, code, f"{code} wordt per IGS gemeten: vul de kolom igs in, niet refnis.")
            continue
        if spec.level == "municipality" and igs and not refnis:
            result.add(
                n, code, f"{code} wordt per gemeente gemeten: vul de kolom refnis in, niet igs."
            )
            continue
        if value is None or not ok or year is None:
            continue
        key = (code, refnis, igs, year, label)
        if key in seen:
            area = refnis or igs
            result.add(
                n,
                code,
                f"dubbel: rij {seen[key]} heeft al een waarde voor {code}, {area}, {year}"
                + (f" ({label})" if label else "")
                + ".",
            )
            continue
        seen[key] = n
        result.rows.append(MeasurementRow(code, refnis, igs, year, label, value, note, n))


def _value(n: int, code: str, raw: Any, spec: IndicatorSpec, result: ParsedFile) -> Decimal | None:
    if isinstance(raw, sheets.Formula):
        result.add(
            n,
            code,
            f"'{raw[:40]}' is een formule zonder berekende waarde; open het bestand in Excel of "
            "LibreOffice en bewaar het opnieuw, of typ de waarde zelf.",
        )
        return None
    try:
        if isinstance(raw, bool):
            raise ValueError(f"waarde: '{raw}' is geen getal.")
        if isinstance(raw, int | float):
            value = parse_number(
                Decimal(repr(raw)) if isinstance(raw, float) else raw, what="waarde"
            )
        else:
            value = parse_number(str(raw), what="waarde")
    except ValueError as exc:
        result.add(n, code, str(exc))
        return None
    if abs(value) > MAX_VALUE:
        result.add(
            n,
            code,
            f"waarde: {format_number(value)} is te groot (hoogstens {format_number(MAX_VALUE)}).",
        )
        return None
    if value < 0 and not spec.allow_negative:
        result.add(n, code, f"negatief getal ({_show(value)}) niet toegestaan voor {code}.")
        return None
    if spec.whole_numbers and value != value.to_integral_value():
        result.add(n, code, f"{code} telt hele eenheden: '{_show(value)}' is geen geheel getal.")
        return None
    if spec.unit.startswith("%") and value > 100:
        result.add(n, code, f"{code} is een percentage: {_show(value)} is meer dan 100.")
        return None
    return value


def _show(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


# --------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------


def template_header(set_code: str) -> list[str]:
    if set_code not in SETS:
        raise ValueError(f"Onbekende indicatorset '{set_code}'. Kies uit: {', '.join(SETS)}.")
    return [*FIXED, *SETS[set_code][1]]


def template(
    set_code: str,
    fmt: str = "csv",
    *,
    areas: Sequence[tuple[str, str]] = (),
    igs: str = "",
    year: int | None = None,
) -> bytes:
    """The import template of an indicator set: the header, a row per municipality of
    ``areas`` (REFNIS, name) and, when ``igs`` is given and the set has IGS-level indicators,
    a row for the IGS; values empty. CSV (``;``, UTF-8 with BOM) or XLSX (with a sheet that
    explains every indicator)."""
    header = template_header(set_code)
    defs = starting_set()
    codes = SETS[set_code][1]
    rows: list[list[Any]] = [
        [code, name, "", year or "", "", ""] + [""] * len(codes) for code, name in areas
    ]
    if igs and any(defs[c].level == "igs" for c in codes):
        rows.append(["", "", igs, year or "", "", ""] + [""] * len(codes))
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow(header)
        w.writerows(rows)
        return ("\ufeff" + buf.getvalue()).encode("utf-8")
    if fmt != "xlsx":
        raise ValueError("Formaat: csv of xlsx.")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "metingen"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(r)
    ws.freeze_panes = "A2"
    info = wb.create_sheet("uitleg")
    info.append(["code", "naam", "eenheid", "niveau", "definitie", "bron", "let op"])
    for cell in info[1]:
        cell.font = Font(bold=True)
    for c in codes:
        d = defs[c]
        level = "gemeente (kolom refnis)" if d.level == "municipality" else "IGS (kolom igs)"
        info.append([d.code, d.name, d.unit, level, d.definition, d.source, d.caveat])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
