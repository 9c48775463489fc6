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
from decimal import Decimal
from functools import cached_property

from samenspel.core.colours import assign_colours, igs_adjacency
from samenspel.core.models import DataLoad
from samenspel.partnerships.coverage import Coverage, Member, Place, compute_coverage
from samenspel.partnerships.models import Membership, Partnership
from samenspel.partnerships.rules import (
    RULES_PERIOD,
    Eligibility,
    PartnershipFacts,
    evaluate,
    rule_set,
)
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
    legal_form_source: str = ""
    granted_subsidy_eur: Decimal | None = None  # yearly Flemish subsidy 2020–2026, if known
    granted_subsidy_source: str = ""


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
                p.legal_form_source,
                p.granted_subsidy_eur,
                p.granted_subsidy_source,
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

    def facts(self, slug: str, on: date, budget: Decimal | None = None) -> PartnershipFacts:
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

    def eligibility(
        self, slug: str, on: date, rules: str, *, contiguous: bool = False
    ) -> Eligibility:
        """The verdict of ``rules`` on an IGS; ``contiguous`` switches on the assumption that
        the 2027 area must be contiguous (:data:`samenspel.partnerships.rules.CONTIGUITY_2027`)."""
        key = (slug, on, rules, contiguous)
        with self._lock:
            cached = self._eligibility.get(key)
        if cached is None:
            cached = evaluate(rule_set(rules, contiguous=contiguous), self.facts(slug, on))
            with self._lock:
                if len(self._eligibility) > 4096:
                    self._eligibility.clear()
                self._eligibility[key] = cached
        return cached

    def active_partnerships(self, on: date) -> list[str]:
        cov = self.coverage(on)
        return [s for s, pc in cov.partnerships.items() if pc.memberships]

    @cached_property
    def active_spans(self) -> dict[str, tuple[date, date | None]]:
        """Per IGS the first day a membership starts and the last day one runs (None: open)."""
        spans: dict[str, tuple[date, date | None]] = {}
        for m in self.members:
            first, last = spans.get(m.igs, (m.valid_from, m.valid_to))
            first = min(first, m.valid_from)
            last = None if last is None or m.valid_to is None else max(last, m.valid_to)
            spans[m.igs] = (first, last)
        return spans

    def ended_on(self, slug: str, on: date) -> date | None:
        """The last day an IGS had members, when it has stopped before ``on``; else None."""
        first, last = self.active_spans.get(slug, (None, None))
        if last is not None and last < on:
            return last
        return None

    def listed_partnerships(self, on: date) -> list[str]:
        """The IGS active on ``on`` and, after them, those that had stopped by then."""
        active = self.active_partnerships(on)
        ended = sorted(
            (s for s in self.partnerships if s not in active and self.ended_on(s, on)),
            key=lambda s: self.partnerships[s].name,
        )
        return active + ended

    @property
    def period(self) -> tuple[date, date]:
        """The reference dates the data and the rules speak about: from the first recognition
        period (2020) to the end of the one that starts in 2027 (2032)."""
        return RULES_PERIOD

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
