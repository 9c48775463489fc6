"""Compact map topology of the municipalities for the choropleth (pure: no Django).

The home page map and the focus maps on the IGS and referentieregio pages draw the 285
municipalities in the browser (``static/samenspel/kaart.js``). Sending the GeoJSON as it is
would cost about 1 MB; this module turns it into a *topology* in the spirit of TopoJSON
(Bostock, https://github.com/topojson/topojson-specification): every border between two
municipalities is stored once, as an *arc*, and the municipalities refer to their arcs by
index. Arcs are simplified with fixed end points, quantised to an integer grid and
delta-encoded, which brings the whole of Flanders to well under 100 kB gzip-compressed.

Measured on the bundle's ``municipalities-2025.geojson`` (285 municipalities, 45 737
vertices, 1.07 MB) with the defaults (grid of 30 000, tolerance 20 m): 891 arcs, about
23 100 points, 196 kB raw and 64 kB gzip-compressed; the largest area change of a
municipality is 0.8% (Herstappe, 1.4 km²), and every municipality stays a valid polygon.
A grid of 10 000 (24 m steps) would be smaller still but is coarser than the narrowest
spots of a few borders (Horebeke–Maarkedal), where rings would touch themselves; a
tolerance of 40 m would change Herstappe's area by 3%. Detail matters because the focus
maps zoom in to a few municipalities.

Pipeline (:func:`build_topology`)
---------------------------------
1. **Projection.** Longitude/latitude (WGS84) are projected with an equirectangular
   projection whose standard parallel is 51° N (the middle of Flanders)::

       x = R · (λ − λ0) · cos(φ0) · π/180        y = R · (φ − φ0) · π/180

   with R = 6 371 008.8 m (mean earth radius), λ0 = 4.5° and φ0 = 51°; x and y are metres,
   y points north. Between 50.68° and 51.51° N the east–west scale error stays below 1%,
   which is invisible on a map of this size. The projection is a pure function of the
   coordinate, so vertices that neighbours share stay exactly equal.
2. **Orientation.** Every polygon is oriented like RFC 7946 in the projected plane:
   exterior rings counter-clockwise, holes clockwise (the area lies left of the ring).
3. **Arcs.** A vertex is a *node* when the number of distinct vertices it is joined to by
   ring edges is not 2 (where three municipalities meet, where a border meets the outside,
   where two polygons touch in a point). Rings are cut at their nodes; a ring without nodes
   (an island, an enclave and the hole it fills) becomes one closed arc that starts at its
   lexicographically smallest vertex. Identical point sequences are stored once: the second
   ring that uses an arc refers to it reversed. This needs borders that are *exactly* shared
   (same vertices on both sides), as in the bundle's coverage-simplified GeoJSON.
4. **Simplification** (``simplify_tolerance`` metres, 0 = off). All arcs are simplified
   together with GEOS' topology-preserving Douglas–Peucker (``shapely.simplify(...,
   preserve_topology=True)`` on one MultiLineString): end points stay fixed, so neighbours
   stay adjacent, and no simplified arc crosses another. Closed arcs are cut in three
   pieces first so that they keep at least a triangle.
5. **Quantisation.** Coordinates are snapped to a square grid: the longer side of the
   bounding box is divided into ``quantization - 1`` steps. Grid x grows east, grid y grows
   **south** (screen orientation, so an SVG can use the integers directly as user units).
6. **Checks.** Every municipality is rebuilt from the quantised arcs. If a polygon is not
   valid there, the arcs of that municipality are put back unsimplified (quantised only),
   and the neighbours are checked again. A ring that still collapses to less than a
   triangle (a part smaller than a few grid cells, e.g. one of Baarle-Hertog's smallest
   enclaves at a coarse grid) is dropped, with the holes of a dropped exterior; a
   municipality always keeps at least one part.
7. **Label point**: the pole of inaccessibility (``shapely.ops.polylabel``) of the largest
   part, falling back to ``representative_point`` when it would not lie inside the
   quantised polygon.

Format (JSON; all coordinates are integers on the grid)
-------------------------------------------------------
::

    {
      "type": "SamenspelTopology",
      "version": 1,
      "projection": {"name": "equirectangular", "lon0": 4.5, "lat0": 51.0,
                     "radius": 6371008.8, "units": "m"},      // or {"name": "identity"}
      "transform": {"scale": [s, -s], "translate": [x_min, y_max]},
      "bbox": [0, 0, width, height],          // grid extent: the SVG viewBox
      "arcs": [[x0, y0, dx1, dy1, dx2, dy2, ...], ...],
      "sides": [[a, b], ...],                 // one pair per arc
      "gemeenten": [
        {"id": "44021", "name": "Gent", "region": "REFREG06", "centrumstad": true,
         "label": [x, y],
         "polygons": [[[0, 1, -3], [7]], ...]},   // polygons → rings → arc references
        ...
      ]
    }

* ``transform`` maps grid to projected metres like TopoJSON:
  ``x_m = x · scale[0] + translate[0]`` and ``y_m = y · scale[1] + translate[1]``
  (``scale[1]`` is negative because grid y runs south).
* ``arcs``: each arc is one flat list. The first pair is absolute, each following pair
  is the difference with the previous point (delta encoding). Every arc has at least two
  points; consecutive points differ except in an arc that collapsed to a single grid point.
  A closed arc starts and ends at the same point.
* Arc references follow TopoJSON: ``i`` (≥ 0) is arc *i* as stored, ``~i`` (= ``-i - 1``,
  so always < 0) is arc *i* reversed. A ring is the concatenation of its arcs, where the
  first point of every arc after the first is dropped (it repeats the previous end point);
  the ring is closed. The first ring of a polygon is its exterior, the others are holes.
  As drawn (north up) exteriors run counter-clockwise and holes clockwise, so SVG's
  ``fill-rule: nonzero`` and ``evenodd`` both draw them correctly. (Because grid y runs
  down, the shoelace sum Σ(x_i·y_(i+1) − x_(i+1)·y_i) of an exterior is negative.)
* ``sides[i] = [a, b]``: ``a`` is the index in ``gemeenten`` of the municipality that uses
  arc *i* forwards (as ``i``), ``b`` the one that uses it reversed (as ``~i``), ``-1`` when
  no municipality lies on that side (outside Flanders, or inside a hole that no
  municipality fills). Walking the arc forwards on the map (north up), ``a`` lies on the
  left, ``b`` on the right. Region borders are the arcs whose two sides have a different
  ``region`` (or one side -1); the outline of the whole map is the arcs with a side -1.
* ``name``, ``region`` and ``centrumstad`` are ``null``/``false`` when not given.

:func:`decode_topology` turns the format back into shapely geometries (to check the
round trip), :func:`compressed_size` measures what the browser will download.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np
import shapely
from shapely.geometry import MultiLineString, MultiPolygon, Polygon
from shapely.geometry.polygon import orient
from shapely.ops import polylabel

__all__ = [
    "DEFAULT_QUANTIZATION",
    "DEFAULT_SIMPLIFY_TOLERANCE",
    "EARTH_RADIUS_M",
    "REFERENCE_LATITUDE",
    "REFERENCE_LONGITUDE",
    "border_arcs",
    "build_topology",
    "compressed_size",
    "decode_arc",
    "decode_arcs",
    "decode_topology",
    "project",
    "to_json",
    "unproject",
]

EARTH_RADIUS_M = 6_371_008.8
REFERENCE_LATITUDE = 51.0
REFERENCE_LONGITUDE = 4.5
DEFAULT_QUANTIZATION = 30_000  # grid step ≈ 8 m over the 236 km width of Flanders
DEFAULT_SIMPLIFY_TOLERANCE = 20.0  # metres: 1/12 px on a 1000 px map of all Flanders
FORMAT_TYPE = "SamenspelTopology"
FORMAT_VERSION = 1

Point = tuple[float, float]
GridPoint = tuple[int, int]


# --------------------------------------------------------------------------- projection


def project(
    lon: np.ndarray | float, lat: np.ndarray | float, lat0: float = REFERENCE_LATITUDE
) -> tuple[np.ndarray, np.ndarray]:
    """Equirectangular projection in metres (see the module docstring, step 1)."""
    k = EARTH_RADIUS_M * math.pi / 180.0
    x = (np.asarray(lon, dtype=float) - REFERENCE_LONGITUDE) * (k * math.cos(math.radians(lat0)))
    y = (np.asarray(lat, dtype=float) - lat0) * k
    return x, y


def unproject(
    x: np.ndarray | float, y: np.ndarray | float, lat0: float = REFERENCE_LATITUDE
) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`project`: metres back to longitude/latitude."""
    k = EARTH_RADIUS_M * math.pi / 180.0
    lon = np.asarray(x, dtype=float) / (k * math.cos(math.radians(lat0))) + REFERENCE_LONGITUDE
    lat = np.asarray(y, dtype=float) / k + lat0
    return lon, lat


def _project_coords(coords: np.ndarray, lat0: float | None) -> np.ndarray:
    if lat0 is None:
        return coords
    x, y = project(coords[:, 0], coords[:, 1], lat0)
    return np.column_stack([x, y])


# --------------------------------------------------------------------------- building


def _parts(geom) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    raise TypeError(geom.geom_type)


def _open_ring(coords) -> list[Point]:
    """Ring vertices without the closing point and without consecutive duplicates."""
    out: list[Point] = []
    for x, y in coords:
        p = (float(x), float(y))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def _cut_ring(ring: list[Point], nodes: set[Point]) -> list[list[Point]]:
    """Cut an open ring into arcs at its nodes (a closed arc when it has none)."""
    at = [i for i, p in enumerate(ring) if p in nodes]
    if not at:
        m = min(range(len(ring)), key=ring.__getitem__)
        return [ring[m:] + ring[:m] + [ring[m]]]
    s = at[0]
    rotated = ring[s:] + ring[:s] + [ring[s]]
    cuts = [i for i, p in enumerate(rotated) if p in nodes]
    return [rotated[a : b + 1] for a, b in zip(cuts, cuts[1:], strict=False)]


def _simplify_arcs(arcs: list[list[Point]], tolerance: float) -> list[list[Point]]:
    """Topology-preserving Douglas–Peucker on all arcs at once, end points fixed."""
    lines: list[list[Point]] = []
    owner: list[int] = []
    for i, arc in enumerate(arcs):
        if arc[0] == arc[-1]:
            # closed arc: three pieces with fixed ends keep at least a triangle
            n = len(arc) - 1
            k1, k2 = max(1, n // 3), max(2, (2 * n) // 3)
            pieces = [arc[: k1 + 1], arc[k1 : k2 + 1], arc[k2:]]
        else:
            pieces = [arc]
        for piece in pieces:
            lines.append(piece)
            owner.append(i)
    simplified = shapely.simplify(MultiLineString(lines), tolerance, preserve_topology=True)
    geoms = list(getattr(simplified, "geoms", [simplified]))
    if len(geoms) != len(lines):  # never seen; stay safe and do not simplify
        return [list(a) for a in arcs]
    out: list[list[Point]] = [[] for _ in arcs]
    for i, g in zip(owner, geoms, strict=True):
        pts = [(float(x), float(y)) for x, y in g.coords]
        out[i].extend(pts if not out[i] else pts[1:])
    return out


def _quantise(arc: list[Point], x0: float, y1: float, step: float) -> list[GridPoint]:
    a = np.asarray(arc, dtype=float)
    qx = np.rint((a[:, 0] - x0) / step).astype(np.int64)
    qy = np.rint((y1 - a[:, 1]) / step).astype(np.int64)
    out: list[GridPoint] = []
    for p in zip(qx.tolist(), qy.tolist(), strict=True):
        if not out or out[-1] != p:
            out.append(p)
    if len(out) == 1:
        out.append(out[0])
    return out


def _ring_points(refs: list[int], arcs: list[list[GridPoint]]) -> list[GridPoint]:
    pts: list[GridPoint] = []
    for r in refs:
        arc = arcs[r] if r >= 0 else arcs[~r][::-1]
        pts.extend(arc if not pts else arc[1:])
    return pts


def _ring_ok(pts: list[GridPoint]) -> bool:
    """At least a triangle with a non-zero area."""
    clean = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
    if len(clean) < 4 or len(set(clean)) < 3:
        return False
    xs = np.array([p[0] for p in clean], dtype=float)
    ys = np.array([p[1] for p in clean], dtype=float)
    return bool(abs(np.dot(xs[:-1], ys[1:]) - np.dot(xs[1:], ys[:-1])) > 0)


def _grid_geometry(polys: list[list[list[int]]], arcs: list[list[GridPoint]]):
    parts = []
    for rings in polys:
        pts = [_ring_points(r, arcs) for r in rings]
        parts.append(Polygon(pts[0], pts[1:]))
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _valid(polys: list[list[list[int]]], arcs: list[list[GridPoint]]) -> bool:
    for rings in polys:
        if not all(_ring_ok(_ring_points(r, arcs)) for r in rings):
            return False
    return bool(_grid_geometry(polys, arcs).is_valid)


def _arc_users(refs: list[list[list[list[int]]]]) -> dict[int, set[int]]:
    users: dict[int, set[int]] = {}
    for f, polys in enumerate(refs):
        for rings in polys:
            for ring in rings:
                for r in ring:
                    users.setdefault(r if r >= 0 else ~r, set()).add(f)
    return users


def _undo_where_invalid(
    refs: list[list[list[list[int]]]],
    simple: list[list[GridPoint]],
    exact: list[list[GridPoint]],
) -> list[list[GridPoint]]:
    """Put back the unsimplified arcs of every municipality that is not valid on the grid.

    An arc that changes back also changes the municipality on its other side, which is
    then checked again.
    """
    users = _arc_users(refs)
    arcs = list(simple)
    todo = set(range(len(refs)))
    while todo:
        f = todo.pop()
        if _valid(refs[f], arcs):
            continue
        for rings in refs[f]:
            for ring in rings:
                for r in ring:
                    i = r if r >= 0 else ~r
                    if arcs[i] != exact[i]:
                        arcs[i] = exact[i]
                        todo |= users[i] - {f}
    return arcs


def _drop_collapsed(
    polys: list[list[list[int]]], arcs: list[list[GridPoint]]
) -> list[list[list[int]]]:
    """Leave out rings smaller than a triangle on the grid (and the holes of such a part)."""
    kept = []
    for rings in polys:
        if _ring_ok(_ring_points(rings[0], arcs)):
            kept.append([rings[0]] + [r for r in rings[1:] if _ring_ok(_ring_points(r, arcs))])
    if not kept:  # a municipality keeps its largest part, however small
        kept = [max(polys, key=lambda rings: len(_ring_points(rings[0], arcs)))[:1]]
    return kept


def _renumber(
    refs: list[list[list[list[int]]]], arcs: list[list[GridPoint]]
) -> tuple[list[list[list[list[int]]]], list[list[GridPoint]], list[list[int]]]:
    """Drop arcs that no ring uses any more, renumber the references, record the sides."""
    used = sorted(_arc_users(refs))
    renum = {old: new for new, old in enumerate(used)}
    sides = [[-1, -1] for _ in used]
    out = []
    for f, polys in enumerate(refs):
        new_polys = []
        for rings in polys:
            new_rings = []
            for ring in rings:
                new_ring = []
                for r in ring:
                    i = renum[r if r >= 0 else ~r]
                    side = 0 if r >= 0 else 1
                    if sides[i][side] == -1:
                        sides[i][side] = f
                    new_ring.append(i if r >= 0 else ~i)
                new_rings.append(new_ring)
            new_polys.append(new_rings)
        out.append(new_polys)
    return out, [arcs[i] for i in used], sides


def build_topology(
    features: Iterable[tuple[str, object]],
    regions: Mapping[str, str] | None = None,
    quantization: int = DEFAULT_QUANTIZATION,
    simplify_tolerance: float = DEFAULT_SIMPLIFY_TOLERANCE,
    *,
    names: Mapping[str, str] | None = None,
    centrumsteden: Collection[str] = (),
    reference_latitude: float | None = REFERENCE_LATITUDE,
) -> dict:
    """Build the topology of ``features`` (``(refnis, shapely Polygon/MultiPolygon)``).

    ``regions`` maps REFNIS to a region code (the referentieregio), ``names`` REFNIS to the
    municipality name, ``centrumsteden`` lists the REFNIS of the centre cities.
    Geometries are longitude/latitude; with ``reference_latitude=None`` they are taken as
    planar coordinates already (x east, y north) and not projected. ``simplify_tolerance``
    is in projected units (metres), ``quantization`` is the number of grid values along the
    longer side of the bounding box. The format is described in the module docstring.
    Raises ``ValueError`` (in Dutch) on bad input.
    """
    features = list(features)
    regions = regions or {}
    names = names or {}
    centrumsteden = set(centrumsteden)
    if not features:
        raise ValueError("Geen gemeenten opgegeven voor de kaarttopologie")
    if quantization < 2:
        raise ValueError(f"quantization moet minstens 2 zijn, niet {quantization}")
    if simplify_tolerance < 0:
        raise ValueError(f"simplify_tolerance mag niet negatief zijn ({simplify_tolerance})")

    # 1–2: project and orient; rings as open vertex lists
    ids: list[str] = []
    shapes: list[list[list[list[Point]]]] = []  # feature → polygon → ring → points
    projected: list[object] = []
    for fid, geom in features:
        fid = str(fid)
        if fid in ids:
            raise ValueError(f"Gemeente {fid} komt twee keer voor in de kaarttopologie")
        if not isinstance(geom, Polygon | MultiPolygon) or geom.is_empty:
            kind = getattr(geom, "geom_type", type(geom).__name__)
            raise ValueError(f"Gemeente {fid}: verwacht een (Multi)Polygon, niet {kind}")
        geom = shapely.transform(geom, lambda c: _project_coords(c, reference_latitude))
        polys = []
        oriented = []
        for part in _parts(geom):
            part = orient(part, sign=1.0)
            exterior = _open_ring(part.exterior.coords)
            if len(exterior) < 3:
                continue
            holes = [_open_ring(h.coords) for h in part.interiors]
            polys.append([exterior] + [h for h in holes if len(h) >= 3])
            oriented.append(part)
        if not polys:
            raise ValueError(f"Gemeente {fid}: de geometrie heeft geen oppervlakte")
        ids.append(fid)
        shapes.append(polys)
        projected.append(oriented)

    # 3: nodes and arcs
    joined: dict[Point, set[Point]] = {}
    for polys in shapes:
        for rings in polys:
            for ring in rings:
                n = len(ring)
                for i, a in enumerate(ring):
                    b = ring[(i + 1) % n]
                    joined.setdefault(a, set()).add(b)
                    joined.setdefault(b, set()).add(a)
    nodes = {p for p, nb in joined.items() if len(nb) != 2}

    raw_arcs: list[list[Point]] = []
    index: dict[tuple[Point, ...], int] = {}

    def ref(arc: list[Point]) -> int:
        key = tuple(arc)
        if key in index:
            return index[key]
        if key[::-1] in index:
            return ~index[key[::-1]]
        index[key] = len(raw_arcs)
        raw_arcs.append(arc)
        return index[key]

    refs: list[list[list[list[int]]]] = [
        [[[ref(a) for a in _cut_ring(ring, nodes)] for ring in rings] for rings in polys]
        for polys in shapes
    ]

    # 4–5: simplify, quantise
    all_pts = np.asarray([p for arc in raw_arcs for p in arc], dtype=float)
    x0, y0 = all_pts.min(axis=0)
    x1, y1 = all_pts.max(axis=0)
    extent = max(x1 - x0, y1 - y0)
    if extent <= 0:
        raise ValueError("De gemeenten hebben samen geen uitgestrektheid")
    step = extent / (quantization - 1)
    exact = [_quantise(a, x0, y1, step) for a in raw_arcs]
    if simplify_tolerance > 0:
        simple = [_quantise(a, x0, y1, step) for a in _simplify_arcs(raw_arcs, simplify_tolerance)]
    else:
        simple = list(exact)

    # 6: check every municipality on the grid; undo simplification where needed
    arcs = _undo_where_invalid(refs, simple, exact)
    refs = [_drop_collapsed(polys, arcs) for polys in refs]

    refs, arcs, sides = _renumber(refs, arcs)

    # 7: label points, on the original geometry, kept inside the grid polygon
    gemeenten = []
    for f, fid in enumerate(ids):
        largest = max(projected[f], key=lambda p: p.area)
        try:
            pt = polylabel(largest, tolerance=step)
        except Exception:  # pragma: no cover - degenerate input
            pt = largest.representative_point()
        label = (int(round((pt.x - x0) / step)), int(round((y1 - pt.y) / step)))
        grid = _grid_geometry(refs[f], arcs)
        if not grid.contains(shapely.Point(label)):
            rp = grid.representative_point()
            label = (int(round(rp.x)), int(round(rp.y)))
        gemeenten.append(
            {
                "id": fid,
                "name": names.get(fid),
                "region": regions.get(fid),
                "centrumstad": fid in centrumsteden,
                "label": list(label),
                "polygons": refs[f],
            }
        )

    width = max(max(x for x, _ in a) for a in arcs)
    height = max(max(y for _, y in a) for a in arcs)
    if reference_latitude is None:
        projection = {"name": "identity"}
    else:
        projection = {
            "name": "equirectangular",
            "lon0": REFERENCE_LONGITUDE,
            "lat0": reference_latitude,
            "radius": EARTH_RADIUS_M,
            "units": "m",
        }
    return {
        "type": FORMAT_TYPE,
        "version": FORMAT_VERSION,
        "projection": projection,
        "transform": {"scale": [float(step), -float(step)], "translate": [float(x0), float(y1)]},
        "bbox": [0, 0, int(width), int(height)],
        "arcs": [_delta(a) for a in arcs],
        "sides": sides,
        "gemeenten": gemeenten,
    }


def _delta(arc: list[GridPoint]) -> list[int]:
    out = [int(arc[0][0]), int(arc[0][1])]
    for (ax, ay), (bx, by) in zip(arc, arc[1:], strict=False):
        out += [int(bx - ax), int(by - ay)]
    return out


# --------------------------------------------------------------------------- reading


def decode_arc(flat: Sequence[int]) -> list[GridPoint]:
    """One arc ``[x0, y0, dx1, dy1, …]`` as absolute grid points (undoing the delta encoding)."""
    x = y = 0
    pts = []
    for k in range(0, len(flat), 2):
        x += flat[k]
        y += flat[k + 1]
        pts.append((x, y))
    return pts


def decode_arcs(topo: Mapping) -> list[list[GridPoint]]:
    """The arcs as lists of absolute grid points (undoing the delta encoding)."""
    return [decode_arc(flat) for flat in topo["arcs"]]


def decode_topology(topo: Mapping, *, planar: bool = False) -> dict[str, object]:
    """Rebuild every municipality as a shapely Polygon or MultiPolygon.

    By default in longitude/latitude (the inverse projection of the topology); with
    ``planar=True`` in projected metres (y north). Used to check the round trip.
    """
    arcs = decode_arcs(topo)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    proj = topo.get("projection", {})

    def convert(pts: list[GridPoint]) -> np.ndarray:
        a = np.asarray(pts, dtype=float)
        x, y = a[:, 0] * sx + tx, a[:, 1] * sy + ty
        if not planar and proj.get("name") == "equirectangular":
            x, y = unproject(x, y, proj["lat0"])
        return np.column_stack([x, y])

    out = {}
    for g in topo["gemeenten"]:
        parts = []
        for rings in g["polygons"]:
            coords = [convert(_ring_points(r, arcs)) for r in rings]
            parts.append(Polygon(coords[0], coords[1:]))
        out[g["id"]] = parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return out


def border_arcs(topo: Mapping, kind: str = "region") -> list[int]:
    """Indices of the arcs on a region border (``kind="region"``) or on the outline.

    A region border separates two municipalities with a different ``region``, or a
    municipality from the outside; the outline (``kind="outline"``) is the arcs with the
    outside on one side. kaart.js applies the same rule.
    """
    if kind not in ("region", "outline"):
        raise ValueError(f"Onbekende soort grens: {kind}")
    regions = [g.get("region") for g in topo["gemeenten"]]
    out = []
    for i, (a, b) in enumerate(topo["sides"]):
        if a < 0 or b < 0 or (kind == "region" and regions[a] != regions[b]):
            out.append(i)
    return out


def to_json(obj) -> str:
    """Compact JSON (no spaces), as the view should serve it."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def compressed_size(obj) -> dict[str, int]:
    """Bytes of the compact JSON: ``{"raw": …, "gzip": …}`` (gzip level 9)."""
    data = to_json(obj).encode("utf-8")
    return {"raw": len(data), "gzip": len(gzip.compress(data, compresslevel=9, mtime=0))}
