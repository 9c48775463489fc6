"""The Monitor's charts: bars, a choropleth of a few municipalities and sparklines (pure: no
Django).

Everything is drawn as HTML with small SVGs whose geometry is in percent or in a ``viewBox``;
the text stays HTML text at the page's own size (readable on a 390 px phone). The pages'
Content Security Policy forbids inline styles, so every width and colour is an SVG attribute.

Fixed colours:

* :data:`KIND_COLOURS`: one colour per kind of row in a comparison (a partner, the IGS average,
  the referentieregio, the centrumsteden, Flanders, a neighbour, a chosen municipality); the
  same on every page. Each has a contrast of at least 3:1 against white (WCAG 1.4.11).
* :data:`CLASS_COLOURS`: the five classes of the map, light to dark (ColorBrewer "Blues",
  https://colorbrewer2.org, sequential, colour-blind safe); :data:`NO_VALUE` for an area
  without one value (not measured, or one value per former municipality).
* :data:`SHARE_COLOURS`: one colour per quantity of the balance (inhabitants, contribution,
  activities, participants, spending).

The map (:func:`area_map`) reads the Atlas's compact topology (format in
:mod:`samenspel.territory.topo`) and draws only the municipalities asked for, in a viewBox
around them: an IGS and its neighbours, a municipality and its neighbours.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from samenspel.core.numbers import format_number
from samenspel.territory.topo import decode_arc

KIND_COLOURS = {
    "partner": "#0B5CAD",  # blue
    "deel": "#4A86C5",  # lighter blue: a former municipality of a partner (before 2025)
    "igs": "#1A1A1A",  # black
    "referentieregio": "#007A5A",  # green
    "centrumsteden": "#B35900",  # orange
    "vlaanderen": "#6E6E6E",  # grey
    "buur": "#6A4C9C",  # purple
    "gekozen": "#A8327A",  # magenta
    "gemeente": "#0B5CAD",
}
CLASS_COLOURS = ("#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C")
NO_VALUE = "#D9D9D9"
SHARE_COLOURS = {
    "inwoners": "#6E6E6E",
    "bijdrage": "#8C6D1F",
    "activiteiten": "#0B5CAD",
    "deelnemers": "#007A5A",
    "uitgaven": "#A8327A",
}


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, "#4D4D4D")


# --------------------------------------------------------------------------------------------
# Bars
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the value as shown ("—" when unknown)
    x: float  # start of the bar, percent of the width
    width: float  # percent of the width
    colour: str
    kind: str
    note: str = ""


def bars(
    items: Iterable[tuple[str, float | None, str]] | Iterable[tuple[str, float | None, str, str]],
    decimals: int = 1,
    suffix: str = "",
) -> list[Bar]:
    """Horizontal bars for ``(label, value, kind[, note])`` items on one common scale.

    The scale runs from min(0, smallest) to max(0, largest), so a negative value (a correction
    in the accounts) is a bar to the left of the zero line. An unknown value gets no bar."""
    rows = [tuple(it) + ("",) * (4 - len(it)) for it in items]
    known = [float(v) for _l, v, _k, _n in rows if v is not None]
    lo = min([0.0, *known])
    hi = max([0.0, *known])
    span = hi - lo
    zero = 0.0 if span == 0 else (0 - lo) / span * 100
    out = []
    for label, value, kind, note in rows:
        if value is None:
            out.append(Bar(label, None, "—", zero, 0.0, kind_colour(kind), kind, note))
            continue
        v = float(value)
        pos = zero if span == 0 else (v - lo) / span * 100
        x, w = min(zero, pos), abs(pos - zero)
        # a mean of whole numbers keeps one decimal
        d = decimals if decimals or v.is_integer() else 1
        text = format_number(v, d) + suffix
        out.append(Bar(label, v, text, round(x, 2), round(w, 2), kind_colour(kind), kind, note))
    return out


@dataclass(frozen=True)
class ShareBar:
    key: str
    label: str
    share: float | None
    text: str
    width: float
    colour: str


def share_bars(shares: Mapping[str, float | None], labels: Mapping[str, str]) -> list[ShareBar]:
    """One bar per quantity: the partner's share of the group (0–100 % of the width)."""
    out = []
    for key, label in labels.items():
        s = shares.get(key)
        if s is None:
            out.append(ShareBar(key, label, None, "niet gekend", 0.0, SHARE_COLOURS.get(key, "")))
        else:
            text = format_number(s * 100, 1) + " %"
            width = round(max(0.0, min(1.0, s)) * 100, 2)
            out.append(ShareBar(key, label, s, text, width, SHARE_COLOURS.get(key, "#4D4D4D")))
    return out


# --------------------------------------------------------------------------------------------
# Classes of the map
# --------------------------------------------------------------------------------------------


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    exp = math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * 10**exp >= raw:
            return m * 10**exp
    return 10 ** (exp + 1)


@dataclass(frozen=True)
class MapClass:
    low: float
    high: float
    colour: str
    label: str


def classes(values: Sequence[float], decimals: int = 0, n: int = 5) -> list[MapClass]:
    """Up to ``n`` classes of equal width with round bounds covering ``values``.

    Equal widths (not quantiles) so that a class means the same distance on the indicator's
    scale on every page; the bounds are multiples of 1, 2, 2,5 or 5 times a power of ten.
    The class of a value on a bound is the higher one (``low ≤ v < high``; the last class
    includes its upper bound)."""
    vals = [float(v) for v in values]
    if not vals:
        return []
    lo, hi = min(vals), max(vals)
    if lo == hi:
        return [MapClass(lo, hi, CLASS_COLOURS[2], format_number(lo, decimals))]
    step = _nice_step((hi - lo) / n)
    while True:
        start = math.floor(lo / step) * step
        k = max(1, math.ceil((hi - start) / step - 1e-9))
        if k <= n:
            break
        step = _nice_step(step * 1.0001)  # the next round step
    # spread the colours over the classes used (2 classes: light and dark)
    idx = [round(i * (len(CLASS_COLOURS) - 1) / (k - 1)) if k > 1 else 2 for i in range(k)]
    out = []
    for i in range(k):
        a, b = start + i * step, start + (i + 1) * step
        d = 0 if float(a).is_integer() and float(b).is_integer() else decimals
        label = f"{format_number(a, d)} tot {format_number(b, d)}"
        out.append(MapClass(a, b, CLASS_COLOURS[idx[i]], label))
    return out


def class_colour(value: float | None, cls: Sequence[MapClass]) -> str:
    if value is None or not cls:
        return NO_VALUE
    v = float(value)
    for c in cls:
        if c.low <= v < c.high:
            return c.colour
    return cls[-1].colour if v >= cls[-1].low else cls[0].colour


# --------------------------------------------------------------------------------------------
# A map of a few municipalities
# --------------------------------------------------------------------------------------------


@dataclass
class MapArea:
    refnis: str
    name: str
    d: str  # SVG path data in grid units
    fill: str
    title: str  # name and value, for the tooltip and screen readers
    emphasis: bool  # a partner (or the municipality itself): heavy outline
    label_x: float = 0.0
    label_y: float = 0.0
    no_value: bool = False


@dataclass
class AreaMap:
    view_box: str
    areas: list[MapArea]
    font_size: float
    stroke: float
    legend: list[MapClass] = field(default_factory=list)


def _ring(refs: Sequence[int], arcs: Sequence[Sequence[int]], cache: dict) -> list:
    pts: list[tuple[int, int]] = []
    for ref in refs:
        i = ref if ref >= 0 else ~ref
        if i not in cache:
            cache[i] = decode_arc(arcs[i])
        arc = cache[i] if ref >= 0 else cache[i][::-1]
        pts.extend(arc if not pts else arc[1:])
    return pts


def area_map(
    topo: Mapping,
    areas: Mapping[str, tuple[str, str, bool, bool]],
    legend: Sequence[MapClass] = (),
) -> AreaMap | None:
    """The map of ``areas``: REFNIS → (fill colour, title, emphasised, without value).

    The viewBox fits the areas drawn with a margin of 3 %; None when none of them is in the
    topology."""
    gemeenten = {g["id"]: g for g in topo.get("gemeenten", [])}
    arcs = topo.get("arcs", [])
    cache: dict = {}
    out: list[MapArea] = []
    xs: list[int] = []
    ys: list[int] = []
    for refnis, (fill, title, emphasis, no_value) in areas.items():
        g = gemeenten.get(refnis)
        if g is None:
            continue
        parts = []
        for rings in g["polygons"]:
            for refs in rings:
                pts = _ring(refs, arcs, cache)
                if len(pts) < 3:
                    continue
                xs.extend(p[0] for p in pts)
                ys.extend(p[1] for p in pts)
                parts.append(
                    "M" + " L".join(f"{p[0]} {p[1]}" for p in pts) + "Z"
                )  # fmt: skip
        label = g.get("label") or [0, 0]
        out.append(
            MapArea(
                refnis,
                g.get("name") or refnis,
                "".join(parts),
                fill,
                title,
                emphasis,
                float(label[0]),
                float(label[1]),
                no_value,
            )
        )
    if not out:
        return None
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    w, h = max(x1 - x0, 1), max(y1 - y0, 1)
    m = 0.03 * max(w, h)
    box = f"{x0 - m:.0f} {y0 - m:.0f} {w + 2 * m:.0f} {h + 2 * m:.0f}"
    # Emphasised areas are drawn last, so their heavy outline is not covered by a neighbour.
    out.sort(key=lambda a: a.emphasis)
    size = max(w, h)
    return AreaMap(box, out, round(size / 44, 1), round(size / 500, 1), list(legend))


# --------------------------------------------------------------------------------------------
# Time series
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sparkline:
    points: str  # SVG polyline points in a 100 × 30 box
    dots: tuple[tuple[float, float], ...]
    first: str
    last: str


def sparkline(
    series: Sequence[tuple[int, float]], lo: float, hi: float, years: Sequence[int]
) -> Sparkline | None:
    """A small line of ``(year, value)`` in a 100 × 30 box; all lines of one chart share the
    years (x) and the value range ``lo``–``hi`` (y), so they can be compared."""
    if not series or not years:
        return None
    y_first, y_last = min(years), max(years)
    span_x = max(y_last - y_first, 1)
    span_y = hi - lo if hi != lo else 1.0
    coords = []
    for year, value in sorted(series):
        x = (year - y_first) / span_x * 96 + 2
        y = 28 - (float(value) - lo) / span_y * 26
        coords.append((round(x, 2), round(y, 2)))
    pts = " ".join(f"{x},{y}" for x, y in coords)
    s = sorted(series)
    return Sparkline(
        pts,
        tuple(coords),
        f"{s[0][0]}: {format_number(s[0][1], 1)}",
        f"{s[-1][0]}: {format_number(s[-1][1], 1)}",
    )
