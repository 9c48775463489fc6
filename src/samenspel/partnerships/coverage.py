"""Which municipalities an IGS covers at a reference date (pure: no Django).

The territorial key is the 2025 municipality. A 2025 municipality formed on 1 January 2025
from several old municipalities (its *parts*) is covered

* **fully** (``volledig``) when every part is covered by an active membership,
* **partly** (``gedeeltelijk``) when only some parts are, e.g. Lochristi (44087), whose part
  Wachtebeke was a COMEET member while old Lochristi was not,
* **not** (``geen``) otherwise.

A membership belongs to the member *as it was when it joined*: a membership of Borsbeek (11007)
covers only the Borsbeek part of today's Antwerpen, and ends on 2024-12-31. A membership that
starts on or after 2025-01-01 with a 2025 code covers the whole 2025 municipality.

Inhabitants of partly covered municipalities are never counted as covered: they are reported
in a figure of their own (``population_partly_covered``), because the bundle has no population
for the old parts. :data:`PARTLY_RULE` says the same for every use of an IGS's territory — the
subsidy, the amount to split and who pays in the Verdeelsleutel — in one sentence that both the
Atlas and the Verdeelsleutel show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

MERGER_DATE = date(2025, 1, 1)

FULL, PARTLY, NONE = "volledig", "gedeeltelijk", "geen"

#: How a partly covered municipality counts, everywhere (Atlas, Verdeelsleutel, CLI).
PARTLY_RULE = (
    "Een gemeente die na de fusies van 2025 maar gedeeltelijk in een IGS ligt (een deelgemeente "
    "was lid), telt niet mee: niet voor de inwoners en de Vlaamse subsidie, niet voor het te "
    "verdelen bedrag en niet als betalende partner in de verdeelsleutel. Voeg ze zelf toe om ze "
    "als volwaardige partner mee te rekenen."
)


@dataclass(frozen=True)
class Place:
    """A 2025 municipality as the computations see it."""

    refnis: str
    name: str
    population: int
    region: str  # referentieregio name
    is_centrumstad: bool = False
    parts: tuple[tuple[str, str], ...] = ()  # (old REFNIS, old name); empty: not merged

    @property
    def part_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.parts) or (self.refnis,)

    @property
    def main_part(self) -> str:
        """The old municipality that carries the 2025 name (Hasselt in Hasselt-Kortessem)."""
        for code, name in self.parts:
            if name == self.name:
                return code
        return self.part_codes[0] if self.parts else self.refnis

    def part_name(self, code: str) -> str:
        return dict(self.parts).get(code, self.name)


@dataclass(frozen=True)
class Member:
    """One membership of one IGS, for a municipality as it was when it joined."""

    igs: str
    member_refnis: str
    member_name: str
    refnis_2025: str
    valid_from: date
    valid_to: date | None = None
    confidence: str = "high"

    def active(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def covered_parts(self, place: Place) -> set[str]:
        if self.valid_from >= MERGER_DATE and self.member_refnis == place.refnis:
            return set(place.part_codes)
        return {self.member_refnis} & set(place.part_codes)


@dataclass
class MunicipalityCoverage:
    refnis: str
    status: str
    igs: list[str]
    covered_parts: list[str]  # names of the old municipalities covered, when partly covered
    centrumstad_takes_part: bool = False


@dataclass
class PartnershipCoverage:
    slug: str
    members: list[str] = field(default_factory=list)  # 2025 codes fully inside the IGS
    members_partly: list[str] = field(default_factory=list)  # 2025 codes partly inside
    memberships: list[Member] = field(default_factory=list)  # active, as they joined
    population: int = 0
    population_partly: int = 0
    centrumsteden: list[str] = field(default_factory=list)

    @property
    def territory(self) -> list[str]:
        return sorted(self.members + self.members_partly)


@dataclass
class RegionCoverage:
    region: str
    municipalities_total: int = 0
    municipalities_covered: int = 0
    municipalities_partly_covered: int = 0
    population_total: int = 0
    population_covered: int = 0
    population_partly_covered: int = 0
    centrumsteden: list[str] = field(default_factory=list)
    centrumsteden_in_igs: list[str] = field(default_factory=list)
    partnerships: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    date: date
    municipalities: dict[str, MunicipalityCoverage]
    partnerships: dict[str, PartnershipCoverage]
    regions: dict[str, RegionCoverage]
    municipalities_total: int
    municipalities_covered: int
    municipalities_partly_covered: int
    population_total: int
    population_covered: int
    population_partly_covered: int
    centrumsteden_in_igs: list[str]

    @property
    def municipalities_not_covered(self) -> int:
        return (
            self.municipalities_total
            - self.municipalities_covered
            - self.municipalities_partly_covered
        )

    @property
    def population_not_covered(self) -> int:
        return self.population_total - self.population_covered - self.population_partly_covered


def compute_coverage(
    places: dict[str, Place],
    memberships: list[Member],
    on: date,
    partnerships: list[str] | None = None,
) -> Coverage:
    """Coverage of ``places`` by the memberships active on ``on``.

    ``partnerships`` lists every IGS slug to report on, also those without active members.
    """
    parts_by_igs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    active_by_igs: dict[str, list[Member]] = defaultdict(list)
    for m in memberships:
        place = places.get(m.refnis_2025)
        if place is None or not m.active(on):
            continue
        covered = m.covered_parts(place)
        if covered:
            parts_by_igs[m.igs][place.refnis] |= covered
            active_by_igs[m.igs].append(m)

    per_igs = {slug: PartnershipCoverage(slug) for slug in (partnerships or [])}
    covered_parts: dict[str, set[str]] = defaultdict(set)
    igs_of: dict[str, list[str]] = defaultdict(list)
    for slug in sorted(parts_by_igs):
        pc = per_igs.setdefault(slug, PartnershipCoverage(slug))
        pc.memberships = sorted(active_by_igs[slug], key=lambda m: m.member_name)
        for code, parts in sorted(parts_by_igs[slug].items()):
            place = places[code]
            covered_parts[code] |= parts
            igs_of[code].append(slug)
            if parts >= set(place.part_codes):
                pc.members.append(code)
                pc.population += place.population
            else:
                pc.members_partly.append(code)
                pc.population_partly += place.population
            if place.is_centrumstad and place.main_part in parts:
                pc.centrumsteden.append(code)

    result_m: dict[str, MunicipalityCoverage] = {}
    regions: dict[str, RegionCoverage] = {}
    for code in sorted(places):
        place = places[code]
        parts = covered_parts.get(code, set())
        if not parts:
            status = NONE
        elif parts >= set(place.part_codes):
            status = FULL
        else:
            status = PARTLY
        names = sorted(place.part_name(p) for p in parts) if status == PARTLY else []
        takes_part = place.is_centrumstad and place.main_part in parts
        result_m[code] = MunicipalityCoverage(code, status, igs_of.get(code, []), names, takes_part)
        rc = regions.setdefault(place.region, RegionCoverage(place.region))
        rc.municipalities_total += 1
        rc.population_total += place.population
        if status == FULL:
            rc.municipalities_covered += 1
            rc.population_covered += place.population
        elif status == PARTLY:
            rc.municipalities_partly_covered += 1
            rc.population_partly_covered += place.population
        if place.is_centrumstad:
            rc.centrumsteden.append(code)
            if takes_part:
                rc.centrumsteden_in_igs.append(code)
        for slug in igs_of.get(code, []):
            if slug not in rc.partnerships:
                rc.partnerships.append(slug)

    def total(attr: str) -> int:
        return sum(getattr(r, attr) for r in regions.values())

    return Coverage(
        date=on,
        municipalities=result_m,
        partnerships=per_igs,
        regions=dict(sorted(regions.items())),
        municipalities_total=total("municipalities_total"),
        municipalities_covered=total("municipalities_covered"),
        municipalities_partly_covered=total("municipalities_partly_covered"),
        population_total=total("population_total"),
        population_covered=total("population_covered"),
        population_partly_covered=total("population_partly_covered"),
        centrumsteden_in_igs=sorted(c for c, mc in result_m.items() if mc.centrumstad_takes_part),
    )
