"""The bridge between the database and the pure computations.

:func:`get_atlas` reads the reference data once per data load into plain objects; coverage and
eligibility at any reference date are then computed by the pure modules in microseconds to
milliseconds, without further queries.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from samenspel.core.colours import assign_colours, igs_adjacency
from samenspel.core.models import DataLoad
from samenspel.partnerships.coverage import Coverage, Member, Place, compute_coverage
from samenspel.partnerships.models import Membership, Partnership
from samenspel.partnerships.rules import RULE_SETS, Eligibility, PartnershipFacts, evaluate
from samenspel.territory.geo import ENCLAVES, NO_FLEMISH_NEIGHBOUR, components
from samenspel.territory.models import Adjacency, Figure, FormerMunicipality, Municipality
from samenspel.territory.topo import to_json


@dataclass
class MunicipalityInfo:
    refnis: str
    name: str
    name_fr: str
    province: str
    region_code: str
    region: str
    region_slug: str
    is_centrumstad: bool
    centrumstad_kind: str
    parts: tuple[tuple[str, str], ...]
    centroid: tuple[float, float]
    figures: dict[str, dict[int, float]] = field(default_factory=dict)

    def figure(self, indicator: str, on: date) -> tuple[float | None, int | None]:
        """The value whose 1 January lies closest to ``on`` (ties: the later year)."""
        years = self.figures.get(indicator)
        if not years:
            return None, None
        year = min(years, key=lambda y: (abs(date(y, 1, 1) - on).days, -y))
        return years[year], year


@dataclass
class PartnershipInfo:
    slug: str
    name: str
    legal_form: str
    legal_form_label: str
    confidence: str
    website: str
    note: str
    source: str


class Atlas:
    """A read-only snapshot of the reference data of one data load."""

    def __init__(self, load: DataLoad):
        self.load = load
        regions = {}
        self.municipalities: dict[str, MunicipalityInfo] = {}
        parts = defaultdict(list)
        for f in FormerMunicipality.objects.all():
            parts[f.successor_id].append((f.refnis, f.name_nl))
        for m in Municipality.objects.select_related("province", "reference_region").defer(
            "geometry"
        ):
            r = m.reference_region
            regions[r.code] = r
            self.municipalities[m.refnis] = MunicipalityInfo(
                refnis=m.refnis,
                name=m.name_nl,
                name_fr=m.name_fr,
                province=m.province.name,
                region_code=r.code,
                region=r.name,
                region_slug=r.slug,
                is_centrumstad=m.is_centrumstad,
                centrumstad_kind=m.centrumstad_kind,
                parts=tuple(sorted(parts.get(m.refnis, []))),
                centroid=(m.centroid_lon, m.centroid_lat),
            )
        for muni, ind, year, value in Figure.objects.values_list(
            "municipality_id", "indicator_id", "year", "value"
        ):
            self.municipalities[muni].figures.setdefault(ind, {})[year] = value
        self.regions = {r.code: r for r in sorted(regions.values(), key=lambda r: r.name)}
        self.adjacency: dict[str, set[str]] = defaultdict(set)
        for a, b in Adjacency.objects.values_list("a_id", "b_id"):
            self.adjacency[a].add(b)
            self.adjacency[b].add(a)
        self.partnerships = {
            p.slug: PartnershipInfo(
                p.slug,
                p.name,
                p.legal_form,
                p.get_legal_form_display(),
                p.confidence,
                p.website,
                p.note,
                p.source,
            )
            for p in Partnership.objects.all()
        }
        self.members = [
            Member(
                m.partnership_id,
                m.member_refnis,
                m.member_name,
                m.municipality_id,
                m.valid_from,
                m.valid_to,
                m.confidence,
            )
            for m in Membership.objects.all()
        ]
        self._lock = threading.Lock()
        self._coverage: dict[date, Coverage] = {}
        self._eligibility: dict[tuple[str, date, str], Eligibility] = {}

    def population(self, refnis: str, on: date) -> int:
        value, _ = self.municipalities[refnis].figure("population", on)
        return int(value or 0)

    def places(self, on: date) -> dict[str, Place]:
        return {
            code: Place(
                code, m.name, self.population(code, on), m.region, m.is_centrumstad, m.parts
            )
            for code, m in self.municipalities.items()
        }

    def coverage(self, on: date) -> Coverage:
        with self._lock:
            if on not in self._coverage:
                if len(self._coverage) > 256:
                    self._coverage.clear()
                self._coverage[on] = compute_coverage(
                    self.places(on), self.members, on, sorted(self.partnerships)
                )
            return self._coverage[on]

    def facts(self, slug: str, on: date, budget: float | None = None) -> PartnershipFacts:
        pc = self.coverage(on).partnerships[slug]
        territory = pc.territory
        notes = [NO_FLEMISH_NEIGHBOUR[c] for c in territory if c in NO_FLEMISH_NEIGHBOUR]
        notes += [ENCLAVES[c] for c in territory if c in ENCLAVES]
        return PartnershipFacts(
            slug=slug,
            name=self.partnerships[slug].name,
            member_count=len({m.member_refnis for m in pc.memberships}),
            population=pc.population,
            regions=Counter(self.municipalities[c].region for c in territory),
            components=components(territory, self.adjacency),
            territory_notes=notes,
            partly=[self.municipalities[c].name for c in pc.members_partly],
            municipal_budget=budget,
        )

    def eligibility(self, slug: str, on: date, rules: str) -> Eligibility:
        key = (slug, on, rules)
        if key not in self._eligibility:
            if len(self._eligibility) > 4096:
                self._eligibility.clear()
            self._eligibility[key] = evaluate(RULE_SETS[rules], self.facts(slug, on))
        return self._eligibility[key]

    def active_partnerships(self, on: date) -> list[str]:
        cov = self.coverage(on)
        return [s for s, pc in cov.partnerships.items() if pc.memberships]

    @cached_property
    def region_by_slug(self):
        return {r.slug: r for r in self.regions.values()}

    @cached_property
    def colours(self) -> dict[str, str]:
        """One colour per IGS, over all periods (so colours do not change with the date),
        different for IGS that border each other or have one municipality between them."""
        territory = {slug: set() for slug in self.partnerships}
        for m in self.members:
            territory[m.igs].add(m.refnis_2025)
        return assign_colours(igs_adjacency(territory, self.adjacency, steps=2))

    @cached_property
    def topology(self) -> tuple[bytes, bytes]:
        """The map topology stored with the data load (built by the loader), as JSON bytes and
        gzip-compressed once, so that no request pays for compressing 200 KB again.

        The geometry comes from the load; the names, referentieregio's and centrumsteden come
        from the data as it is now, so a correction in the admin shows on the map too."""
        text = DataLoad.objects.filter(pk=self.load.pk).values_list("topology", flat=True)[0]
        topo = json.loads(text) if text else {}
        for g in topo.get("gemeenten", []):
            m = self.municipalities.get(g["id"])
            if m is not None:
                g["name"] = m.name
                g["region"] = m.region_code
                g["centrumstad"] = m.is_centrumstad
        body = to_json(topo).encode() if topo else b""
        return body, gzip.compress(body, compresslevel=9, mtime=0)


NO_DATA = (
    "Er zijn nog geen gegevens geladen. Laad de databundel met:\n"
    "  samenspel data load ../shared/data"
)

_cache: dict[str, object] = {"id": None, "atlas": None}
_cache_lock = threading.Lock()


def get_atlas() -> Atlas | None:
    """The snapshot of the newest data load, or None when no data was loaded yet.

    The snapshot is rebuilt whenever the data version changes (every write to reference data
    bumps it, see :mod:`samenspel.core.models`): one small query per request."""
    row = DataLoad.objects.values_list("id", "loaded_at", "version").first()
    if row is None:
        return None
    with _cache_lock:
        if _cache["id"] != row:
            load = DataLoad.objects.defer("topology").get(pk=row[0])
            _cache["atlas"] = Atlas(load)
            _cache["id"] = row
        return _cache["atlas"]
