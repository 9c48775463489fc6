"""Who works with whom: the cooperation network of municipalities and people (pure: no Django).

The research names networks between culture services, officials and politicians as a lever
for cooperation, and asks for transparent communication about regional initiatives. This
module turns plain facts into one graph, so that a new coordinator finds their counterparts:

* **municipalities** (nodes: REFNIS 2025 codes) are linked when they are partners in the same
  **group**: an IGS today (``kind="igs"``) or a published cooperation initiative
  (``kind="initiatief"``). A group of *n* partners gives the *n(n-1)/2* pairs among them; an
  edge remembers every group it comes from (``via``).
* **people** (nodes: person ids) are linked when they both took part in the same **meeting**
  (a network event) and both agreed to be listed (the caller passes only those).

An edge whose two municipalities lie in different referentieregio's is a **brug** (bridge)
between regions: the ties that the referentieregio's cut through, or cities working with
cities elsewhere. (Not to be confused with a bridge in the graph-theory sense.)

Worked example (the one ``tests/network/test_graph.py`` uses): IGS *noord* = {A, B, C},
initiative *i1* = {C, D}; A, B, C in region R1, D in region R2 and D is a centrumstad. Edges:
A–B, A–C, B–C (igs) and C–D (initiatief); C–D is the only bridge. From A, the municipalities one
step away are B and C; D is a centrumstad two steps away (A–C–D).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

IGS, INITIATIVE = "igs", "initiatief"
KIND_LABELS = {IGS: "zelfde IGS", INITIATIVE: "samen in een initiatief"}
#: How far "in reach" goes: a centrumstad at most this many links away.
REACH = 2


@dataclass(frozen=True)
class Place:
    """A municipality as the graph sees it."""

    refnis: str
    name: str
    region: str  # referentieregio name
    is_centrumstad: bool = False
    lon: float = 0.0
    lat: float = 0.0


@dataclass(frozen=True)
class Group:
    """Partners working together: an IGS (``key`` its slug) or an initiative (its id)."""

    kind: str
    key: str
    label: str
    members: frozenset[str]  # REFNIS codes


@dataclass(frozen=True)
class Person:
    """A person who agreed to be listed, with their current roles."""

    id: int
    name: str
    roles: tuple[tuple[str, str, str], ...]  # (role, refnis, igs); one of refnis/igs set


@dataclass(frozen=True)
class Meeting:
    """A network event and the (consenting) people who took part."""

    key: str
    label: str
    people: frozenset[int]


@dataclass(frozen=True)
class Via:
    kind: str
    key: str
    label: str


@dataclass
class Network:
    places: dict[str, Place]
    groups: dict[tuple[str, str], Group]
    places_graph: nx.Graph
    people: dict[int, Person] = field(default_factory=dict)
    people_graph: nx.Graph = field(default_factory=nx.Graph)
    #: (region, kind) → the edges (see :func:`edges`), read once per network
    _edges: dict = field(default_factory=dict, repr=False, compare=False)

    def igs_of(self, refnis: str) -> list[Group]:
        return sorted(
            (g for g in self.groups.values() if g.kind == IGS and refnis in g.members),
            key=lambda g: g.label,
        )

    def via(self, a: str, b: str) -> list[Via]:
        if not self.places_graph.has_edge(a, b):
            return []
        return sorted(self.places_graph.edges[a, b]["via"], key=lambda v: (v.kind, v.label))

    def is_bridge(self, a: str, b: str) -> bool:
        return self.places[a].region != self.places[b].region


def build(
    places: Iterable[Place],
    groups: Iterable[Group] = (),
    people: Iterable[Person] = (),
    meetings: Iterable[Meeting] = (),
) -> Network:
    """The network of ``places`` linked by ``groups``, and of ``people`` linked by ``meetings``.

    Members of a group that are not among ``places`` are ignored (an old code, a typo), as are
    people in a meeting who are not among ``people`` (no consent)."""
    places = {p.refnis: p for p in places}
    g = nx.Graph()
    for code in sorted(places):
        g.add_node(code)
    kept: dict[tuple[str, str], Group] = {}
    for group in groups:
        members = sorted(m for m in group.members if m in places)
        kept[(group.kind, group.key)] = Group(
            group.kind, group.key, group.label, frozenset(members)
        )
        via = Via(group.kind, group.key, group.label)
        for a, b in combinations(members, 2):
            if g.has_edge(a, b):
                g.edges[a, b]["via"].add(via)
            else:
                g.add_edge(a, b, via={via})
    persons = {p.id: p for p in people}
    pg = nx.Graph()
    for pid in sorted(persons):
        pg.add_node(pid)
    for meeting in meetings:
        ids = sorted(i for i in meeting.people if i in persons)
        for a, b in combinations(ids, 2):
            if pg.has_edge(a, b):
                pg.edges[a, b]["meetings"].add((meeting.key, meeting.label))
            else:
                pg.add_edge(a, b, meetings={(meeting.key, meeting.label)})
    return Network(places, kept, g, persons, pg)


# --- views on the network ----------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    via: tuple[Via, ...]
    bridge: bool

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({v.kind for v in self.via}))


def edges(net: Network, region: str | None = None, *, kind: str | None = None) -> list[Edge]:
    """Every edge (``a < b``), or those touching ``region``; only those with a group of ``kind``
    when given. Sorted by the names of their ends. Computed once per network and question (a
    page asks several times); the caller gets its own list."""
    cached = net._edges.get((region, kind))
    if cached is not None:
        return list(cached)
    out = []
    for a, b in net.places_graph.edges:
        a, b = sorted((a, b))
        if region and region not in (net.places[a].region, net.places[b].region):
            continue
        via = tuple(net.via(a, b))
        if kind and not any(v.kind == kind for v in via):
            continue
        out.append(Edge(a, b, via, net.is_bridge(a, b)))
    out.sort(key=lambda e: (net.places[e.a].name, net.places[e.b].name))
    net._edges[(region, kind)] = tuple(out)
    return out


def bridges(net: Network, region: str | None = None) -> list[Edge]:
    """The edges between two different referentieregio's (touching ``region`` when given)."""
    return [e for e in edges(net, region) if e.bridge]


@dataclass(frozen=True)
class RegionSummary:
    region: str
    municipalities: int
    linked: int  # municipalities with at least one link
    internal: int  # edges inside the region
    bridges: int  # edges to another region
    partner_regions: tuple[tuple[str, int], ...]  # (region, bridges to it), most first
    centrumsteden: tuple[str, ...]  # names


def regions(net: Network) -> list[RegionSummary]:
    """One summary per referentieregio, by name."""
    by_region: dict[str, list[str]] = defaultdict(list)
    for code, p in net.places.items():
        by_region[p.region].append(code)
    internal: dict[str, int] = defaultdict(int)
    crossing: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a, b in net.places_graph.edges:
        ra, rb = net.places[a].region, net.places[b].region
        if ra == rb:
            internal[ra] += 1
        else:
            crossing[ra][rb] += 1
            crossing[rb][ra] += 1
    out = []
    for region in sorted(by_region):
        codes = by_region[region]
        partners = sorted(crossing[region].items(), key=lambda kv: (-kv[1], kv[0]))
        out.append(
            RegionSummary(
                region=region,
                municipalities=len(codes),
                linked=sum(1 for c in codes if net.places_graph.degree(c) > 0),
                internal=internal[region],
                bridges=sum(n for _, n in partners),
                partner_regions=tuple(partners),
                centrumsteden=tuple(
                    sorted(net.places[c].name for c in codes if net.places[c].is_centrumstad)
                ),
            )
        )
    return out


@dataclass(frozen=True)
class PlaceRow:
    """One municipality of a region view: with whom it works."""

    place: Place
    igs: tuple[Group, ...]
    igs_partners: tuple[Place, ...]  # same IGS
    initiative_partners: tuple[tuple[Place, tuple[str, ...]], ...]  # (partner, initiative labels)
    bridges: tuple[tuple[Place, tuple[str, ...]], ...]  # partners in another region, via labels


def region_rows(net: Network, region: str) -> list[PlaceRow]:
    """Per municipality of ``region`` (by name): its IGS, its partners and its bridges."""
    rows = []
    codes = sorted(
        (c for c, p in net.places.items() if p.region == region), key=lambda c: net.places[c].name
    )
    for code in codes:
        igs_p, ini_p, br = [], [], []
        for other in sorted(net.places_graph.neighbors(code), key=lambda c: net.places[c].name):
            via = net.via(code, other)
            if any(v.kind == IGS for v in via):
                igs_p.append(net.places[other])
            ini = tuple(v.label for v in via if v.kind == INITIATIVE)
            if ini:
                ini_p.append((net.places[other], ini))
            if net.is_bridge(code, other):
                br.append((net.places[other], tuple(v.label for v in via)))
        rows.append(
            PlaceRow(
                net.places[code], tuple(net.igs_of(code)), tuple(igs_p), tuple(ini_p), tuple(br)
            )
        )
    return rows


@dataclass(frozen=True)
class InReach:
    place: Place
    distance: int  # 0: the place itself or a member; 1: a direct partner; 2: a partner's partner
    path: tuple[str, ...]  # names from the start to the centrumstad
    via: tuple[str, ...] = ()  # the groups (IGS, initiatives) of the last link of the path


@dataclass(frozen=True)
class Counterparts:
    """What a municipality or an IGS finds around it ("je tegenhangers")."""

    start: tuple[str, ...]  # the REFNIS codes started from (the municipality, or the members)
    regions: tuple[str, ...]
    own_igs: tuple[Group, ...]
    places: tuple[Place, ...]  # one step away
    igs: tuple[Group, ...]  # IGS one step away (sharing a member or a partner), not the own
    in_reach: tuple[InReach, ...]  # centrumsteden at most REACH steps away
    in_region: tuple[Place, ...]  # the centrumsteden of the same referentieregio('s)
    people_here: tuple[Person, ...]  # listed people of the place itself
    people: tuple[Person, ...]  # listed people elsewhere in the same region(s), role filtered


def _person_regions(net: Network, person: Person) -> set[str]:
    out = set()
    for _role, refnis, igs in person.roles:
        if refnis and refnis in net.places:
            out.add(net.places[refnis].region)
        if igs and (IGS, igs) in net.groups:
            out.update(net.places[m].region for m in net.groups[(IGS, igs)].members)
    return out


def _at_place(person: Person, refnis: set[str], igs: str | None) -> bool:
    return any(r in refnis and r for _, r, _ in person.roles) or any(
        igs and i == igs for _, _, i in person.roles
    )


def counterparts(
    net: Network,
    *,
    refnis: str | None = None,
    igs: str | None = None,
    roles: Iterable[str] = (),
) -> Counterparts:
    """The counterparts of one municipality (``refnis``) or one IGS (``igs``, its slug).

    - ``places``: the municipalities one link away that are not the start itself;
    - ``igs``: the other IGS that hold one of the start's municipalities or one of those one
      step away;
    - ``in_reach``: the centrumsteden at most :data:`REACH` links away, nearest first, with the
      path that reaches them (breadth-first, ties by name);
    - ``in_region``: the centrumsteden of the start's referentieregio('s), whatever the links;
    - ``people``: the listed people whose role lies in the same referentieregio('s) but not at
      the start itself, with one of ``roles`` when given (the visitor's own roles: same role);
      ``people_here``: the listed people of the start.
    """
    if refnis:
        if refnis not in net.places:
            raise KeyError(refnis)
        start = (refnis,)
        own_igs = tuple(net.igs_of(refnis))
    elif igs:
        group = net.groups.get((IGS, igs))
        if group is None:
            raise KeyError(igs)
        start = tuple(sorted(group.members, key=lambda c: net.places[c].name))
        own_igs = (group,)
    else:
        raise ValueError("refnis or igs")
    start_set = set(start)
    g = net.places_graph
    step = {n for s in start for n in g.neighbors(s)} - start_set
    places = tuple(sorted((net.places[c] for c in step), key=lambda p: p.name))
    own_keys = {x.key for x in own_igs}
    near = start_set | step
    other_igs = tuple(
        sorted(
            (
                x
                for x in net.groups.values()
                if x.kind == IGS and x.key not in own_keys and x.members & near
            ),
            key=lambda x: x.label,
        )
    )
    # Breadth-first from every start municipality at once; neighbours in name order, so the
    # path found is deterministic.
    dist = {s: 0 for s in start}
    parent: dict[str, str | None] = {s: None for s in start}
    frontier = sorted(start, key=lambda c: net.places[c].name)
    for depth in range(1, REACH + 1):
        nxt = []
        for node in frontier:
            for other in sorted(g.neighbors(node), key=lambda c: net.places[c].name):
                if other not in dist:
                    dist[other] = depth
                    parent[other] = node
                    nxt.append(other)
        frontier = nxt
    reach = []
    for code, d in dist.items():
        if not net.places[code].is_centrumstad:
            continue
        path, node = [], code
        while node is not None:
            path.append(net.places[node].name)
            node = parent[node]
        via = tuple(v.label for v in net.via(parent[code], code)) if parent[code] else ()
        reach.append(InReach(net.places[code], d, tuple(reversed(path)), via))
    reach.sort(key=lambda r: (r.distance, r.place.name))
    regs = tuple(sorted({net.places[s].region for s in start}))
    in_region = tuple(
        sorted(
            (p for p in net.places.values() if p.region in regs and p.is_centrumstad),
            key=lambda p: p.name,
        )
    )
    wanted = set(roles)
    here, others = [], []
    for person in sorted(net.people.values(), key=lambda p: (p.name, p.id)):
        if _at_place(person, start_set if refnis else set(), igs):
            here.append(person)
        elif _person_regions(net, person) & set(regs):
            if not wanted or any(r in wanted for r, _, _ in person.roles):
                others.append(person)
    return Counterparts(
        start, regs, own_igs, places, other_igs, tuple(reach), in_region, tuple(here), tuple(others)
    )


@dataclass(frozen=True)
class PeopleLink:
    a: Person
    b: Person
    meetings: tuple[str, ...]  # labels


def people_links(net: Network, limit: int = 200) -> list[PeopleLink]:
    """Pairs of listed people who met at the same events, most shared events first."""
    out = []
    for a, b, data in net.people_graph.edges(data=True):
        pa, pb = sorted((net.people[a], net.people[b]), key=lambda p: (p.name, p.id))
        out.append(PeopleLink(pa, pb, tuple(sorted(label for _, label in data["meetings"]))))
    out.sort(key=lambda x: (-len(x.meetings), x.a.name, x.b.name))
    return out[:limit]


# --- a picture from geography ------------------------------------------------------------


@dataclass(frozen=True)
class Dot:
    refnis: str
    name: str
    x: float
    y: float
    r: float
    centrumstad: bool
    linked: bool
    title: str
    labelled: bool = False  # its name is written next to it (centrumsteden; all in a region)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str  # "igs", "initiatief" or "brug"
    title: str


#: At most this many lines in a drawing (one initiative with every Flemish municipality would
#: otherwise draw 40.470); the bridges first, then the links by an IGS, then the others.
MAX_LINES = 2_000
#: At most this many groups are named in a line's tooltip; the rest are counted.
MAX_VIA_NAMED = 5


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    dots: tuple[Dot, ...]
    lines: tuple[Line, ...]
    omitted: int = 0  # lines left out (see MAX_LINES)


def picture(net: Network, region: str | None = None, width: int = 800) -> Picture | None:
    """A map-like drawing: every municipality at its centroid (equirectangular projection,
    longitudes shrunk by cos of the mean latitude), its links as straight lines; bridges drawn
    last. With ``region``, the frame fits that region's municipalities; its bridges run out of
    the frame towards their far end (the SVG clips them). Fully deterministic; None when there
    is nothing to draw."""
    located = {c: p for c, p in net.places.items() if p.lon or p.lat}
    frame = {c for c, p in located.items() if not region or p.region == region}
    if not frame:
        return None
    pts = located
    lat0 = sum(pts[c].lat for c in frame) / len(frame)
    k = math.cos(math.radians(lat0))
    xs = {c: p.lon * k for c, p in pts.items()}
    ys = {c: -p.lat for c, p in pts.items()}
    x0, x1 = min(xs[c] for c in frame), max(xs[c] for c in frame)
    y0, y1 = min(ys[c] for c in frame), max(ys[c] for c in frame)
    margin = 24
    # The longer side fills the width, so the drawing is never taller than it is wide.
    scale = (width - 2 * margin) / max(x1 - x0, y1 - y0, 1e-9)
    height = max(int(round((y1 - y0) * scale + 2 * margin)), 120)

    def xy(c: str) -> tuple[float, float]:
        return (
            round(margin + (xs[c] - x0) * scale, 1),
            round(margin + (ys[c] - y0) * scale, 1),
        )

    drawable = [e for e in edges(net, region) if e.a in pts and e.b in pts]
    omitted = max(0, len(drawable) - MAX_LINES)
    if omitted:
        drawable.sort(
            key=lambda e: (
                0 if e.bridge else 1 if IGS in e.kinds else 2,
                net.places[e.a].name,
                net.places[e.b].name,
            )
        )
        drawable = drawable[:MAX_LINES]
    lines = []
    for e in drawable:
        (ax, ay), (bx, by) = xy(e.a), xy(e.b)
        kind = "brug" if e.bridge else (INITIATIVE if INITIATIVE in e.kinds else IGS)
        labels = [v.label for v in e.via]
        named = ", ".join(labels[:MAX_VIA_NAMED])
        if len(labels) > MAX_VIA_NAMED:
            named += f" en {len(labels) - MAX_VIA_NAMED} andere"
        title = f"{net.places[e.a].name} – {net.places[e.b].name}: {named}"
        lines.append(Line(ax, ay, bx, by, kind, title))
    order = {IGS: 0, INITIATIVE: 1, "brug": 2}
    lines.sort(key=lambda ln: (order[ln.kind], ln.title))
    dots = []
    for c in sorted(frame, key=lambda c: (net.places[c].is_centrumstad, net.places[c].name)):
        p = net.places[c]
        x, y = xy(c)
        degree = net.places_graph.degree(c)
        dots.append(
            Dot(
                c,
                p.name,
                x,
                y,
                6.0 if p.is_centrumstad else 3.5,
                p.is_centrumstad,
                degree > 0,
                f"{p.name} ({p.region}): {degree} {'partner' if degree == 1 else 'partners'}",
                p.is_centrumstad or bool(region),
            )
        )
    return Picture(width, height, tuple(dots), tuple(lines), omitted)


def group_from_members(kind: str, key: str, label: str, members: Iterable[str]) -> Group:
    return Group(kind, key, label, frozenset(members))


def places_from(rows: Mapping[str, tuple[str, str, bool, float, float]]) -> list[Place]:
    """Places from ``{refnis: (name, region, is_centrumstad, lon, lat)}``."""
    return [Place(code, *values) for code, values in rows.items()]
