"""The cooperation network on a hand-made example (no database).

The example (drawn by hand):

    region R1: A, B, C (IGS "noord" = {A, B, C}),  E (no partner)
    region R2: D (centrumstad), F
    initiative i1 = {C, D}, initiative i2 = {A, B}
    IGS "zuid" = {D, F}

Edges by hand: noord gives A–B, A–C, B–C (3 = 3·2/2); zuid gives D–F; i1 gives C–D; i2 adds a
second reason to the existing A–B. So 5 edges, one bridge (C–D, R1 to R2).
"""

from __future__ import annotations

import pytest

from samenspel.network import graph
from samenspel.network.graph import IGS, INITIATIVE, Group, Meeting, Person, Place

PLACES = [
    Place("11001", "A", "R1", False, 4.0, 51.0),
    Place("11002", "B", "R1", False, 4.1, 51.0),
    Place("11003", "C", "R1", False, 4.2, 51.1),
    Place("11004", "D", "R2", True, 4.4, 51.2),
    Place("11005", "E", "R1", False, 4.0, 51.2),
    Place("11006", "F", "R2", False, 4.5, 51.3),
]
A, B, C, D, E, F = (p.refnis for p in PLACES)
GROUPS = [
    Group(IGS, "noord", "Noord", frozenset({A, B, C})),
    Group(IGS, "zuid", "Zuid", frozenset({D, F})),
    Group(INITIATIVE, "1", "Brug naar de stad", frozenset({C, D})),
    Group(INITIATIVE, "2", "Samen lezen", frozenset({A, B, "99999"})),  # unknown code ignored
]
PEOPLE = [
    Person(1, "Ann", (("cultuurbeleidscoordinator", A, ""),)),
    Person(2, "Bart", (("cultuurbeleidscoordinator", B, ""),)),
    Person(3, "Dirk", (("cultuurbeleidscoordinator", D, ""),)),
    Person(4, "Nora", (("igs_coordinator", "", "noord"),)),
    Person(5, "Sien", (("schepen", C, ""),)),
]
MEETINGS = [
    Meeting("e1", "Netwerkdag", frozenset({1, 2, 3, 42})),  # 42 gave no consent: not passed on
    Meeting("e2", "Borrel", frozenset({1, 2})),
]


@pytest.fixture
def net():
    return graph.build(PLACES, GROUPS, PEOPLE, MEETINGS)


def test_edges_by_kind(net):
    pairs = {(e.a, e.b): e.kinds for e in graph.edges(net)}
    assert pairs == {
        (A, B): (IGS, INITIATIVE),
        (A, C): (IGS,),
        (B, C): (IGS,),
        (C, D): (INITIATIVE,),
        (D, F): (IGS,),
    }
    assert [(e.a, e.b) for e in graph.edges(net, kind=INITIATIVE)] == [(A, B), (C, D)]
    assert [v.label for v in net.via(A, B)] == ["Noord", "Samen lezen"]
    assert net.places_graph.degree(E) == 0


def test_bridges_between_regions(net):
    assert [(e.a, e.b) for e in graph.bridges(net)] == [(C, D)]
    assert [(e.a, e.b) for e in graph.bridges(net, "R2")] == [(C, D)]
    summary = {r.region: r for r in graph.regions(net)}
    # R1: A, B, C, E; linked A, B, C; internal A–B, A–C, B–C; one bridge to R2
    assert (summary["R1"].municipalities, summary["R1"].linked) == (4, 3)
    assert (summary["R1"].internal, summary["R1"].bridges) == (3, 1)
    assert summary["R1"].partner_regions == (("R2", 1),)
    assert summary["R2"].centrumsteden == ("D",)
    assert (summary["R2"].internal, summary["R2"].bridges) == (1, 1)


def test_region_rows(net):
    rows = {r.place.name: r for r in graph.region_rows(net, "R1")}
    assert list(rows) == ["A", "B", "C", "E"]
    assert [p.name for p in rows["A"].igs_partners] == ["B", "C"]
    assert [(p.name, labels) for p, labels in rows["A"].initiative_partners] == [
        ("B", ("Samen lezen",))
    ]
    assert [(p.name, labels) for p, labels in rows["C"].bridges] == [("D", ("Brug naar de stad",))]
    assert rows["E"].igs == () and rows["E"].igs_partners == () and rows["E"].bridges == ()


def test_counterparts_of_a_municipality(net):
    c = graph.counterparts(net, refnis=A)
    assert [p.name for p in c.places] == ["B", "C"]
    assert [g.key for g in c.own_igs] == ["noord"]
    # zuid holds none of A, B, C: not one step away
    assert c.igs == ()
    # D is reached A -> C -> D, two links
    assert [(r.place.name, r.distance, r.path) for r in c.in_reach] == [("D", 2, ("A", "C", "D"))]
    assert c.in_reach[0].via == ("Brug naar de stad",)  # the link C–D
    assert c.in_region == ()  # R1 has no centrumstad
    assert [p.name for p in c.people_here] == ["Ann"]
    # same region R1, not at A: Bart (B), Nora (IGS noord lies in R1), Sien (C); Dirk is in R2
    assert [p.name for p in c.people] == ["Bart", "Nora", "Sien"]
    # same role only
    same = graph.counterparts(net, refnis=A, roles=["cultuurbeleidscoordinator"])
    assert [p.name for p in same.people] == ["Bart"]


def test_counterparts_of_an_igs(net):
    c = graph.counterparts(net, igs="noord")
    assert [p.name for p in c.places] == ["D"]  # via the initiative of C
    assert [g.key for g in c.igs] == ["zuid"]  # zuid holds D, one step away
    assert [(r.place.name, r.distance) for r in c.in_reach] == [("D", 1)]
    assert [p.name for p in c.people_here] == ["Nora"]
    assert [p.name for p in c.people] == ["Ann", "Bart", "Sien"]


def test_a_centrumstad_reaches_itself_and_its_region(net):
    c = graph.counterparts(net, refnis=D)
    assert [(r.place.name, r.distance) for r in c.in_reach] == [("D", 0)]
    assert [p.name for p in c.in_region] == ["D"]
    assert [p.name for p in c.places] == ["C", "F"]
    assert [g.key for g in c.igs] == ["noord"]


def test_unknown_place(net):
    with pytest.raises(KeyError):
        graph.counterparts(net, refnis="00000")
    with pytest.raises(KeyError):
        graph.counterparts(net, igs="nergens")


def test_people_links_only_between_consenting_people(net):
    links = graph.people_links(net)
    # Ann and Bart met twice, Ann–Dirk and Bart–Dirk once; person 42 is not in the graph
    assert [(x.a.name, x.b.name, x.meetings) for x in links] == [
        ("Ann", "Bart", ("Borrel", "Netwerkdag")),
        ("Ann", "Dirk", ("Netwerkdag",)),
        ("Bart", "Dirk", ("Netwerkdag",)),
    ]
    assert 42 not in net.people_graph


def test_picture_is_deterministic_and_bounded(net):
    one = graph.picture(net, width=400)
    two = graph.picture(graph.build(reversed(PLACES), reversed(GROUPS)), width=400)
    assert one.dots == two.dots and one.lines == two.lines
    assert len(one.dots) == 6 and len(one.lines) == 5
    # x spans 4.0..4.5 shrunk by cos(mean lat 51.13°) ≈ 0.627: 0.3136; y spans 0.3;
    # the longer side (x) fills 400 - 2·24 = 352 px, so y is 0.3 · 352 / 0.3136 + 48 ≈ 385
    assert 380 <= one.height <= 390
    xs = [d.x for d in one.dots]
    assert min(xs) == 24.0 and max(xs) == 376.0
    assert [ln.kind for ln in one.lines][-1] == "brug"
    region = graph.picture(net, "R2", width=400)
    # the frame fits D and F; the bridge C–D runs out of it towards C (not drawn as a dot)
    assert {d.name for d in region.dots} == {"D", "F"}
    assert all(d.labelled for d in region.dots)  # in a region every name is written
    assert [d.name for d in one.dots if d.labelled] == ["D"]  # in Flanders: centrumsteden
    assert sorted(ln.kind for ln in region.lines) == ["brug", "igs"]
    bridge = next(ln for ln in region.lines if ln.kind == "brug")
    assert bridge.x1 < 0 or bridge.y1 > region.height  # C lies outside the frame


def test_a_flanders_wide_initiative_does_not_make_the_drawing_unbounded():
    """One initiative with every municipality as partner links each pair: with 80
    municipalities that is 80·79/2 = 3.160 lines, and 285 Flemish municipalities would give
    40.470 (a page of 5 MB that took seconds). The drawing keeps at most MAX_LINES lines and
    says how many it left out; the bridges and the IGS lines come first. Twelve initiatives on
    one pair are named as five and 'en 7 andere' in the line's tooltip."""
    places = [
        Place(f"{10000 + i}", f"G{i}", "R1" if i < 60 else "R2", False, 4 + i / 100, 51)
        for i in range(80)
    ]
    everyone = frozenset(p.refnis for p in places)
    groups = [
        Group(IGS, "klein", "Klein", frozenset({places[0].refnis, places[1].refnis})),
        # a bridge by an IGS: G59 (R1) and G60 (R2)
        Group(IGS, "grens", "Grens", frozenset({places[59].refnis, places[60].refnis})),
        Group(INITIATIVE, "alles", "Heel Vlaanderen", everyone),
    ] + [
        Group(INITIATIVE, f"p{i}", f"Paar {i}", frozenset({places[0].refnis, places[1].refnis}))
        for i in range(11)
    ]
    net = graph.build(places, groups)
    assert net.places_graph.number_of_edges() == 3_160
    pic = graph.picture(net)
    assert len(pic.lines) == graph.MAX_LINES
    assert pic.omitted == 3_160 - graph.MAX_LINES
    # every bridge (60 × 20 = 1.200 pairs across R1–R2) and both IGS lines are drawn
    assert sum(ln.kind == "brug" for ln in pic.lines) == 1_200
    pair = next(ln for ln in pic.lines if ln.title.startswith("G0 – G1:"))  # IGS Klein
    assert pair.title.endswith("en 8 andere")  # Klein, Heel Vlaanderen and 11 pairs: 13
    small = graph.picture(graph.build(PLACES, GROUPS))
    assert small.omitted == 0


def test_the_overview_reads_each_link_once(monkeypatch):
    """The overview page shows the regions, the bridges, the drawing and offers all links as
    a table: four views of the same links. With a Flanders-wide initiative (40.470 links) each
    reading cost about 0,3 s, so the page took seconds; each link is now read once per page
    (here 80·79/2 = 3.160 links, read 3.160 times, not 4 × 3.160)."""
    places = [
        Place(f"{10000 + i}", f"G{i}", "R1" if i < 60 else "R2", False, 4 + i / 100, 51)
        for i in range(80)
    ]
    net = graph.build(
        places, [Group(INITIATIVE, "alles", "Heel Vlaanderen", frozenset(p.refnis for p in places))]
    )
    calls = []
    original = graph.Network.via

    def counting(self, a, b):
        calls.append((a, b))
        return original(self, a, b)

    monkeypatch.setattr(graph.Network, "via", counting)
    summaries = graph.regions(net)
    bridges = graph.bridges(net)
    picture = graph.picture(net)
    everything = graph.edges(net)
    assert len(everything) == 3_160 and len(bridges) == 60 * 20
    assert sum(s.bridges for s in summaries) == 2 * 1_200  # counted from both sides
    assert picture.omitted == 3_160 - graph.MAX_LINES
    assert len(calls) == 3_160
    # a list handed out can be changed by its user without changing the next answer
    everything.clear()
    assert len(graph.edges(net)) == 3_160
