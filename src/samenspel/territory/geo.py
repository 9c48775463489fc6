"""Spatial computations on municipalities (pure: no Django).

Contiguity is queen contiguity: two municipalities are neighbours when their polygons touch,
even in a single point (the bundle's ``adjacency-2025.csv`` was derived that way, see its
SOURCES.md step C1). Two municipalities need explicit handling:

* **Voeren** (73109) has no Flemish neighbour: it borders only Wallonia and the Netherlands.
  A cooperation with Voeren and any other municipality can never be one contiguous block.
* **Baarle-Hertog** (13002) is a set of 26 enclaves in the Netherlands; only its part
  Zondereigen touches Flanders. Through it, it has four Flemish neighbours.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from shapely import STRtree

NO_FLEMISH_NEIGHBOUR = {
    "73109": "Voeren heeft geen Vlaamse buurgemeente: het grenst enkel aan Wallonië en Nederland",
}
ENCLAVES = {
    "13002": "Baarle-Hertog grenst enkel via Zondereigen aan Vlaanderen; de rest zijn enclaves "
    "in Nederland",
}


def adjacency_from_geometry(geoms: dict[str, object]) -> list[tuple[str, str, float]]:
    """Queen-contiguity pairs ``(a, b, shared_border_km)`` with ``a < b`` from WGS84 polygons.

    The shared border length is measured on the boundaries in an equirectangular projection
    at the pair's latitude (accurate to well under 1% at Belgian latitudes).
    """
    codes = sorted(geoms)
    tree = STRtree([geoms[c] for c in codes])
    pairs = []
    for i, code in enumerate(codes):
        for j in tree.query(geoms[code], predicate="intersects"):
            if j <= i:
                continue
            other = codes[j]
            shared = geoms[code].boundary.intersection(geoms[other].boundary)
            lat = geoms[code].centroid.y
            pairs.append((code, other, round(_length_km(shared, lat), 3)))
    return pairs


def _length_km(geom, lat: float) -> float:
    kx = 111.320 * math.cos(math.radians(lat))
    ky = 110.574
    total = 0.0
    for line in getattr(geom, "geoms", [geom]):
        coords = list(getattr(line, "coords", []))
        for (x1, y1), (x2, y2) in zip(coords, coords[1:], strict=False):
            total += math.hypot((x2 - x1) * kx, (y2 - y1) * ky)
    return total


def neighbours(pairs: Iterable[tuple[str, str, float]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a, b, _ in pairs:
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


def components(nodes: Iterable[str], adjacency: dict[str, set[str]]) -> list[list[str]]:
    """The connected parts of ``nodes`` on the adjacency, largest first, each sorted."""
    todo = set(nodes)
    parts = []
    while todo:
        start = todo.pop()
        part, stack = {start}, [start]
        while stack:
            for nb in adjacency.get(stack.pop(), ()):
                if nb in todo:
                    todo.remove(nb)
                    part.add(nb)
                    stack.append(nb)
        parts.append(sorted(part))
    parts.sort(key=lambda p: (-len(p), p))
    return parts


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km on a sphere of radius 6371.0088 km (IUGG mean radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
