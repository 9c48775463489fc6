"""Tests for the map topology (pure: runs with ``-p no:django``)."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest
import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon, box

from samenspel.territory.topo import (
    EARTH_RADIUS_M,
    REFERENCE_LATITUDE,
    border_arcs,
    build_topology,
    compressed_size,
    decode_arcs,
    decode_topology,
    to_json,
)

GEOJSON = Path("/work/shared/data/flanders/municipalities-2025.geojson")
REGIONS_CSV = Path("/work/shared/data/cultuur/referentieregios-2025.csv")


def grid_2x2():
    """Four unit squares; the shared borders meet in (1, 1)."""
    return [
        ("SW", box(0, 0, 1, 1)),
        ("SE", box(1, 0, 2, 1)),
        ("NW", box(0, 1, 1, 2)),
        ("NE", box(1, 1, 2, 2)),
    ]


def planar(features, **kw):
    kw.setdefault("simplify_tolerance", 0)
    kw.setdefault("quantization", 601)  # 600 steps: the integer corners below fall on the grid
    return build_topology(features, reference_latitude=None, **kw)


def refs_of(topo, fid):
    g = next(g for g in topo["gemeenten"] if g["id"] == fid)
    return [r for rings in g["polygons"] for ring in rings for r in ring]


def index_of(topo, fid):
    return [g["id"] for g in topo["gemeenten"]].index(fid)


def arc_index(r):
    return r if r >= 0 else ~r


# ---------------------------------------------------------------------------- arcs


def test_shared_border_is_one_arc_used_in_both_directions():
    topo = planar(grid_2x2())
    # 4 inner borders (centre to the middle of each side) and 4 outer arcs between them
    assert len(topo["arcs"]) == 8
    uses: dict[int, list[int]] = {}
    for g in topo["gemeenten"]:
        for r in refs_of(topo, g["id"]):
            uses.setdefault(arc_index(r), []).append(r)
    inner = [i for i, rs in uses.items() if len(rs) == 2]
    outer = [i for i, rs in uses.items() if len(rs) == 1]
    assert len(inner) == 4 and len(outer) == 4
    for i in inner:
        assert sorted(uses[i]) == [~i, i]  # once forwards, once reversed


def test_sides_name_the_municipalities_on_each_side():
    topo = planar(grid_2x2())
    arcs = decode_arcs(topo)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    ids = [g["id"] for g in topo["gemeenten"]]
    expected = {  # the inner border ending in this (planar) point separates these two
        (1.0, 0.0): {"SW", "SE"},
        (1.0, 2.0): {"NW", "NE"},
        (0.0, 1.0): {"SW", "NW"},
        (2.0, 1.0): {"SE", "NE"},
    }
    seen = {}
    for i, (a, b) in enumerate(topo["sides"]):
        ends = {
            (round(x * sx + tx, 9), round(y * sy + ty, 9)) for x, y in (arcs[i][0], arcs[i][-1])
        }
        if a >= 0 and b >= 0:
            (far,) = ends - {(1.0, 1.0)}
            seen[far] = {ids[a], ids[b]}
            # a uses the arc forwards, b reversed
            assert i in refs_of(topo, ids[a]) and ~i in refs_of(topo, ids[b])
        else:
            assert -1 in (a, b) and max(a, b) >= 0
            assert (1.0, 1.0) not in ends
    assert seen == expected


def test_forward_user_lies_left_of_the_arc_as_drawn():
    topo = planar(grid_2x2())
    arcs = decode_arcs(topo)
    decoded = decode_topology(topo, planar=True)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    ids = [g["id"] for g in topo["gemeenten"]]
    for i, (a, _b) in enumerate(topo["sides"]):
        (x0, y0), (x1, y1) = arcs[i][0], arcs[i][1]
        # on screen (grid y down, north up) the left of the direction (dx, dy) is (dy, -dx)
        mx, my = (x0 + x1) / 2 + (y1 - y0) * 0.1, (y0 + y1) / 2 - (x1 - x0) * 0.1
        probe = shapely.Point(mx * sx + tx, my * sy + ty)
        assert decoded[ids[a]].contains(probe)


def test_exteriors_counter_clockwise_holes_clockwise_north_up():
    ring = Polygon(box(0, 0, 3, 3).exterior.coords[::-1], [box(1, 1, 2, 2).exterior.coords])
    topo = planar([("O", ring)])
    (poly,) = [decode_topology(topo, planar=True)["O"]]
    assert poly.exterior.is_ccw
    assert not poly.interiors[0].is_ccw


def test_region_border_and_outline_arcs():
    topo = planar(grid_2x2(), regions={"SW": "A", "NW": "A", "SE": "B", "NE": "B"})
    ids = [g["id"] for g in topo["gemeenten"]]
    assert [g["region"] for g in topo["gemeenten"]] == ["A", "B", "A", "B"]
    outline = border_arcs(topo, "outline")
    region = border_arcs(topo, "region")
    assert len(outline) == 4
    assert set(outline) < set(region)
    inner_region = [topo["sides"][i] for i in set(region) - set(outline)]
    assert len(inner_region) == 2  # the vertical middle line, cut in (1, 1)
    for a, b in inner_region:
        assert {ids[a][1], ids[b][1]} == {"W", "E"}
    with pytest.raises(ValueError):
        border_arcs(topo, "provincie")


def test_enclave_and_the_hole_it_fills_share_one_closed_arc():
    outer = Polygon(box(0, 0, 3, 3).exterior.coords, [box(1, 1, 2, 2).exterior.coords])
    inner = box(1, 1, 2, 2)
    topo = planar([("OUT", outer), ("IN", inner)])
    closed = [i for i, a in enumerate(decode_arcs(topo)) if a[0] == a[-1] and len(a) == 5]
    assert len(closed) == 2  # the outer boundary and the shared hole boundary
    shared = [i for i in closed if -1 not in topo["sides"][i]]
    assert len(shared) == 1
    (i,) = shared
    assert sorted(topo["sides"][i]) == [0, 1]
    assert {arc_index(r) for r in refs_of(topo, "IN")} == {i}
    out_refs = [r for r in refs_of(topo, "OUT") if arc_index(r) == i]
    assert sorted(out_refs + refs_of(topo, "IN")) == sorted([i, ~i])
    decoded = decode_topology(topo, planar=True)
    assert decoded["OUT"].area == pytest.approx(8)
    assert decoded["IN"].area == pytest.approx(1)


def test_hole_without_municipality_has_outside_on_one_side():
    lake = Polygon(box(0, 0, 3, 3).exterior.coords, [box(1, 1, 2, 2).exterior.coords])
    topo = planar([("L", lake)])
    assert sorted(sorted(s) for s in topo["sides"]) == [[-1, 0], [-1, 0]]
    assert decode_topology(topo, planar=True)["L"].area == pytest.approx(8)


def test_multipolygon_round_trip():
    two = MultiPolygon([box(0, 0, 1, 1), box(2, 0, 3, 1)])
    topo = planar([("M", two), ("N", box(1, 0, 2, 1))])
    decoded = decode_topology(topo, planar=True)
    assert decoded["M"].geom_type == "MultiPolygon"
    assert len(decoded["M"].geoms) == 2
    assert decoded["M"].area == pytest.approx(2)
    assert decoded["M"].symmetric_difference(two).area == pytest.approx(0, abs=1e-9)
    # N shares an arc with each part of M
    m, n = index_of(topo, "M"), index_of(topo, "N")
    shared = [s for s in topo["sides"] if sorted(s) == sorted([m, n])]
    assert len(shared) == 2


def test_point_contact_gives_a_node_but_no_shared_arc():
    topo = planar([("A", box(0, 0, 1, 1)), ("B", box(1, 1, 2, 2))])
    assert all(-1 in s for s in topo["sides"])


# ---------------------------------------------------------------------------- round trip


def wobbly_pair():
    """Two polygons with an irregular shared border (exactly the same vertices)."""
    border = [(5.0, 0.0)] + [(5 + 0.3 * math.sin(k * 1.7), k * 0.37) for k in range(1, 27)]
    border.append((5.0, 10.0))
    west = Polygon([(0, 0), *border, (0, 10)])
    east = Polygon([(10, 0), (10, 10), *border[::-1]])
    return [("W", west), ("E", east)]


def test_round_trip_within_the_quantisation_error_planar():
    features = wobbly_pair()
    q = 97
    topo = planar(features, quantization=q)
    # grid step: the longer side (10) divided in q - 1 steps; every coordinate moves by at
    # most half a step, so a vertex moves by at most half the step's diagonal
    step = 10 / (q - 1)
    assert topo["transform"]["scale"] == [pytest.approx(step), pytest.approx(-step)]
    bound = step / 2 * math.sqrt(2)
    decoded = decode_topology(topo, planar=True)
    for fid, geom in features:
        assert decoded[fid].is_valid
        assert decoded[fid].hausdorff_distance(geom) <= bound + 1e-9
        # area moves at most by the perimeter times the displacement
        assert abs(decoded[fid].area - geom.area) <= geom.length * bound
    # still a coverage: no gaps, no overlaps between the two
    assert decoded["W"].intersection(decoded["E"]).area == pytest.approx(0, abs=1e-12)
    assert decoded["W"].union(decoded["E"]).area == pytest.approx(100, abs=1e-9)


def test_round_trip_within_the_quantisation_error_lon_lat():
    # four squares of 0.01° near Ghent, projected equirectangularly at 51°
    features = [
        (fid, affinity.translate(affinity.scale(g, 0.01, 0.01, origin=(0, 0)), 3.7, 51.0))
        for fid, g in grid_2x2()
    ]
    q = 1000
    topo = build_topology(features, quantization=q, simplify_tolerance=0)
    k = EARTH_RADIUS_M * math.pi / 180
    cos0 = math.cos(math.radians(REFERENCE_LATITUDE))
    width_m, height_m = 0.02 * k * cos0, 0.02 * k
    step = max(width_m, height_m) / (q - 1)
    assert topo["transform"]["scale"][0] == pytest.approx(step)
    # half a step in metres, back in degrees: longitude is stretched by 1 / cos(51°)
    dlon, dlat = step / 2 / (k * cos0), step / 2 / k
    bound = math.hypot(dlon, dlat)
    decoded = decode_topology(topo)
    for fid, geom in features:
        assert decoded[fid].hausdorff_distance(geom) <= bound * (1 + 1e-9)
        assert decoded[fid].is_valid


def test_delta_encoding_and_integer_grid():
    topo = planar(grid_2x2(), quantization=3)
    for flat in topo["arcs"]:
        assert len(flat) % 2 == 0 and len(flat) >= 4
        assert all(isinstance(v, int) for v in flat)
    pts = [p for arc in decode_arcs(topo) for p in arc]
    assert {p for p in pts} <= {(x, y) for x in range(3) for y in range(3)}
    assert topo["bbox"] == [0, 0, 2, 2]
    # grid y runs south: the north-west corner (0, 2) is grid (0, 0)
    nw = decode_topology(topo, planar=True)["NW"]
    assert nw.bounds == (0, 1, 1, 2)


def test_simplification_keeps_neighbours_adjacent_and_end_points_fixed():
    features = wobbly_pair()
    topo = planar(features, quantization=10_001, simplify_tolerance=0.5)
    unsimplified = planar(features, quantization=10_001)
    points = sum(len(a) for a in topo["arcs"])
    assert points < sum(len(a) for a in unsimplified["arcs"])
    decoded = decode_topology(topo, planar=True)
    w, e = decoded["W"], decoded["E"]
    assert w.is_valid and e.is_valid
    assert w.intersection(e).area == pytest.approx(0, abs=1e-9)
    assert w.union(e).area == pytest.approx(100, abs=1e-6)
    assert w.intersection(e).length == pytest.approx(e.intersection(w).length)
    assert shapely.Point(5, 0).distance(w.boundary) < 1e-9
    assert shapely.Point(5, 10).distance(e.boundary) < 1e-9


def test_small_closed_ring_keeps_a_triangle_when_simplified():
    island = Polygon(
        [(math.cos(t / 20 * math.tau), math.sin(t / 20 * math.tau)) for t in range(20)]
    )
    topo = planar([("I", island), ("J", box(5, 5, 6, 6))], quantization=1001, simplify_tolerance=10)
    decoded = decode_topology(topo, planar=True)
    assert decoded["I"].is_valid and decoded["I"].area > 0.5


def test_part_smaller_than_a_grid_cell_is_dropped():
    speck = MultiPolygon([box(0, 0, 10, 10), box(20, 20, 20.001, 20.001)])
    topo = planar([("S", speck)], quantization=101)  # grid step 0.2
    decoded = decode_topology(topo, planar=True)["S"]
    assert decoded.geom_type == "Polygon" and decoded.area == pytest.approx(100, rel=1e-3)
    assert len(topo["arcs"]) == 1  # the speck's arc is pruned


def test_label_point_lies_inside():
    u = Polygon([(0, 0), (10, 0), (10, 10), (8, 10), (8, 2), (2, 2), (2, 10), (0, 10)])
    topo = planar([("U", u)], quantization=101)
    (g,) = topo["gemeenten"]
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    x, y = g["label"]
    assert u.contains(shapely.Point(x * sx + tx, y * sy + ty))


def test_names_regions_and_centrumsteden():
    topo = planar(grid_2x2(), names={"SW": "Zuidwest"}, regions={"SW": "R1"}, centrumsteden={"NE"})
    by_id = {g["id"]: g for g in topo["gemeenten"]}
    assert by_id["SW"]["name"] == "Zuidwest" and by_id["SE"]["name"] is None
    assert by_id["SW"]["region"] == "R1" and by_id["NW"]["region"] is None
    assert by_id["NE"]["centrumstad"] is True and by_id["SW"]["centrumstad"] is False
    assert topo["type"] == "SamenspelTopology" and topo["version"] == 1


def test_bad_input_is_refused_in_dutch():
    with pytest.raises(ValueError, match="twee keer"):
        planar([("A", box(0, 0, 1, 1)), ("A", box(1, 0, 2, 1))])
    with pytest.raises(ValueError, match="Polygon"):
        planar([("A", shapely.Point(0, 0))])
    with pytest.raises(ValueError, match="Geen gemeenten"):
        planar([])


def test_compressed_size_measures_compact_json():
    topo = planar(wobbly_pair(), quantization=10_001)
    size = compressed_size(topo)
    data = to_json(topo).encode()
    assert size["raw"] == len(data)
    assert " " not in to_json(topo)
    assert json.loads(gzip.decompress(gzip.compress(data))) == json.loads(data)
    assert 0 < size["gzip"] < size["raw"]


# ---------------------------------------------------------------------------- real data


@pytest.mark.skipif(not GEOJSON.exists(), reason="bundle geometry not available")
def test_all_flemish_municipalities():
    import csv

    from shapely.geometry import shape

    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    features = [(f["properties"]["refnis"], shape(f["geometry"])) for f in data["features"]]
    names = {f["properties"]["refnis"]: f["properties"]["name_nl"] for f in data["features"]}
    regions = {}
    if REGIONS_CSV.exists():
        with REGIONS_CSV.open(encoding="utf-8") as fh:
            regions = {r["refnis"]: r["referentieregio_code_pic"] for r in csv.DictReader(fh)}
    topo = build_topology(features, regions, names=names)
    assert len(topo["gemeenten"]) == 285
    decoded = decode_topology(topo)
    for fid, geom in features:
        assert decoded[fid].is_valid, names[fid]
        assert abs(decoded[fid].area - geom.area) / geom.area < 0.02, names[fid]
    assert len(decoded["13002"].geoms) == 26  # Baarle-Hertog keeps every enclave
    size = compressed_size(topo)
    assert size["gzip"] < 300_000
    # no arc has the same municipality on both sides; every border is stored once
    assert all(a != b for a, b in topo["sides"])
    pairs = {frozenset(s) for s in topo["sides"] if -1 not in s}
    assert len(pairs) == 754  # the 758 neighbour pairs minus 4 that only touch in a point
    if regions:
        assert set(border_arcs(topo, "outline")) < set(border_arcs(topo, "region"))
