"""Map colours for the IGS (pure: no Django).

Every IGS gets one fill colour on the maps. IGS that border each other must be clearly
distinct, measured as the colour difference CIEDE2000 (:func:`delta_e_2000`, Sharma, Wu &
Dalal 2005): :func:`assign_colours` maximises the smallest ΔE00 between bordering IGS and
reaches at least :data:`MIN_DIFFERENCE` (20) on the Flemish IGS (35 with ``steps=2``).
Build the graph with :func:`igs_adjacency`; ``steps=2`` also separates IGS that have a
single municipality between them.

The default palette, :data:`PALETTE`, has 12 colours, all light or mid-tone so that
dark text (#1A1A1A) on them has at least 4.5:1 contrast (WCAG 2.1 AA) and a dark 1 px
municipality border stays visible between them:

* Paul Tol's qualitative scheme *light* without its pale grey, designed for filled areas
  with dark labels and distinct for colour-blind vision — Paul Tol, "Colour Schemes",
  SRON technical note SRON/EPS/TN/09-002, issue 3.2 (2021),
  https://personal.sron.nl/~pault/#sec:qualitative ;
* extended with four colours of Okabe & Ito's colour-universal-design palette — M. Okabe
  and K. Ito, "Color Universal Design (CUD): how to make figures and presentations that
  are friendly to colorblind people" (2008), https://jfly.uni-koeln.de/color/ .

The maps draw municipalities without an IGS in light grey with a dot pattern, which is why
the palette has no grey.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "MIN_DIFFERENCE",
    "NOT_COVERED",
    "PALETTE",
    "assign_colours",
    "contrast_ratio",
    "delta_e_2000",
    "igs_adjacency",
    "min_neighbour_difference",
    "relative_luminance",
    "srgb_to_lab",
]

TOL_LIGHT = [
    "#77AADD",  # light blue
    "#EE8866",  # orange
    "#EEDD88",  # light yellow
    "#FFAABB",  # pink
    "#99DDFF",  # light cyan
    "#44BB99",  # mint
    "#BBCC33",  # pear
    "#AAAA00",  # olive
]
OKABE_ITO = [
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#009E73",  # bluish green
]
PALETTE: list[str] = TOL_LIGHT + OKABE_ITO

#: Bordering IGS differ by at least this colour difference CIEDE2000 (ΔE00). About 2 is
#: "just noticeable" side by side; 20 is a difference of hue that nobody takes for the same
#: colour on a map (light blue against sky blue is 6,6; light blue against mint is 26).
MIN_DIFFERENCE = 20.0

#: Above this ΔE00 a larger difference between neighbours is not worth fewer colours: pushing
#: the 15 referentieregio's to their largest possible difference (45) leaves only 6 of the 12
#: colours in use, at 35 they use 11 and the IGS all 12.
ENOUGH = 35.0

#: The grey of "niet gedekt" on the maps (kaart.js GEEN_KLEUR); every palette colour differs
#: from it by at least ΔE00 15 (tests/core/test_colours.py).
NOT_COVERED = "#EBEBEB"

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def igs_adjacency(
    members: Mapping[str, Iterable[str]],
    neighbours: Mapping[str, Iterable[str]],
    steps: int = 1,
) -> dict[str, set[str]]:
    """Which IGS border each other, from their member municipalities.

    ``members`` maps an IGS key to the REFNIS of its members, ``neighbours`` a REFNIS to
    the REFNIS of its neighbouring municipalities. Two IGS border each other when a member
    of one lies within ``steps`` neighbour steps of a member of the other, or when they
    share a member (after a merger a municipality can lie partly in two IGS). With
    ``steps=2`` IGS with a single municipality between them count as bordering too, so
    they get different colours as well: easier to tell apart on the map. Every IGS is a
    key of the result.
    """
    if steps < 1:
        raise ValueError(f"steps moet minstens 1 zijn, niet {steps}")
    of_municipality: dict[str, set[str]] = {}
    for igs, refnis_list in members.items():
        for refnis in refnis_list:
            of_municipality.setdefault(refnis, set()).add(igs)
    out: dict[str, set[str]] = {igs: set() for igs in members}
    for igs, refnis_list in members.items():
        reached = set(refnis_list)
        frontier = set(reached)
        for _ in range(steps):
            frontier = {n for r in frontier for n in neighbours.get(r, ())} - reached
            reached |= frontier
        touching = set().union(*(of_municipality.get(r, set()) for r in reached))
        touching.discard(igs)
        out[igs] |= touching
        for other in touching:
            out[other].add(igs)
    return out


def assign_colours(
    adjacency: Mapping[str, Iterable[str]],
    palette: Sequence[str] | None = None,
) -> dict[str, str]:
    """Give every IGS a colour so that bordering IGS are clearly distinct.

    ``adjacency`` maps an IGS key to the keys of the IGS it borders (keys that only appear
    as a neighbour are coloured too; the relation is made symmetric). "Clearly distinct" is
    measured: the colour difference CIEDE2000 (:func:`delta_e_2000`) between the colours of
    two bordering IGS. Different colours alone are not enough (light blue #77AADD and sky
    blue #56B4E9 differ by only ΔE00 6,6, and de Merode and Stuifzand got exactly those).

    The colouring maximises the smallest ΔE00 over all bordering pairs, up to
    :data:`ENOUGH` (35; beyond that the colours would pile up on a few very different ones):
    a binary search over the candidate values (the pairwise differences of the palette) runs,
    for each, a
    backtracking search (DSatur order: the IGS with the fewest colours left first, then
    largest degree, then key) for an assignment where every bordering pair differs at least
    that much. The largest value that works is kept, so the result reaches
    :data:`MIN_DIFFERENCE` whenever the palette and the graph allow it. Among the allowed
    colours an IGS takes the one that the fewest IGS two steps away have, then the one used
    least so far, then the first in the palette, so the IGS spread over the whole palette.
    The result depends only on the graph, never on dict order. Only when the palette has
    fewer colours than the graph needs does an IGS share a colour with a neighbour (greedy,
    the colour the fewest neighbours have).
    Colours are returned as upper-case ``#RRGGBB``.
    """
    colours = [c.upper() for c in (PALETTE if palette is None else palette)]
    if not colours:
        raise ValueError("Het kleurenpalet is leeg")
    for c in colours:
        if not _HEX.match(c):
            raise ValueError(f"Ongeldige kleur in het palet: {c!r} (verwacht #RRGGBB)")
    if len(set(colours)) != len(colours):
        raise ValueError("Het kleurenpalet bevat een kleur twee keer")

    graph: dict[str, set[str]] = {}
    for node, others in adjacency.items():
        graph.setdefault(node, set())
        for other in others:
            if other != node:
                graph[node].add(other)
                graph.setdefault(other, set()).add(node)

    labs = [srgb_to_lab(c) for c in colours]
    n = len(colours)
    diff = [[delta_e_2000(labs[i], labs[j]) for j in range(n)] for i in range(n)]
    candidates = sorted(
        d for d in {round(diff[i][j], 6) for i in range(n) for j in range(i + 1, n)} if d <= ENOUGH
    )
    # binary search for the largest candidate that still allows a colouring (a lower
    # threshold only allows more, so feasibility is monotone)
    best, lo, hi = None, 0, len(candidates) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        found = _colour_with_threshold(graph, colours, diff, candidates[mid])
        if found is None:
            hi = mid - 1
        else:
            best, lo = found, mid + 1
    if best is not None:
        return best
    return _greedy_sharing(graph, colours)


def _colour_with_threshold(graph, colours, diff, threshold, budget=None):
    """Backtracking search for a colouring where bordering IGS differ by ≥ ``threshold``.

    Forward checking: every uncoloured IGS keeps the set of colours still allowed next to its
    coloured neighbours, updated when a neighbour gets a colour and restored on the way back;
    an IGS left without colours ends that branch at once. Returns ``None`` when no colouring
    exists or the search takes more than ``budget`` steps (default 500 + 10 per IGS; a step
    count, not a clock, so the answer is the same on every machine)."""
    n = len(colours)
    clash = [[i == j or diff[i][j] < threshold - 1e-9 for j in range(n)] for i in range(n)]
    domains = {node: set(range(n)) for node in graph}
    out: dict[str, int] = {}
    used = [0] * n
    left = set(graph)
    limit = 500 + 10 * len(graph) if budget is None else budget
    steps = 0

    def search() -> bool:
        nonlocal steps
        steps += 1
        if steps > limit:
            return False
        if not left:
            return True
        node = min(left, key=lambda v: (len(domains[v]), -len(graph[v]), v))
        near = [out[m] for v in graph[node] for m in graph[v] if m != node and m in out]
        left.discard(node)
        for i in sorted(domains[node], key=lambda i: (near.count(i), used[i], i)):
            removed = []
            dead = False
            for m in graph[node]:
                if m in left:
                    gone = {j for j in domains[m] if clash[i][j]}
                    if gone:
                        domains[m] -= gone
                        removed.append((m, gone))
                        if not domains[m]:
                            dead = True
                            break
            if not dead:
                out[node] = i
                used[i] += 1
                if search():
                    return True
                used[i] -= 1
                del out[node]
            for m, gone in removed:
                domains[m] |= gone
            if steps > limit:
                break
        left.add(node)
        return False

    if not search():
        return None
    return {node: colours[i] for node, i in out.items()}


def _greedy_sharing(graph, colours):
    """A palette too small for the graph: greedy, sharing a colour as little as possible."""
    used = dict.fromkeys(colours, 0)
    out: dict[str, str] = {}
    for node in sorted(graph, key=lambda v: (-len(graph[v]), v)):
        taken = [out[v] for v in graph[node] if v in out]
        free = [c for c in colours if c not in taken]
        if free:
            near = [out[m] for v in graph[node] for m in graph[v] if m != node and m in out]
            choice = min(free, key=lambda c: (near.count(c), used[c], colours.index(c)))
        else:
            choice = min(colours, key=lambda c: (taken.count(c), used[c], colours.index(c)))
        out[node] = choice
        used[choice] += 1
    return out


def min_neighbour_difference(
    adjacency: Mapping[str, Iterable[str]], colours: Mapping[str, str]
) -> float:
    """The smallest ΔE00 between the colours of two bordering IGS (``inf`` without borders)."""
    return min(
        (
            delta_e_2000(srgb_to_lab(colours[a]), srgb_to_lab(colours[b]))
            for a, others in adjacency.items()
            for b in others
            if a != b
        ),
        default=math.inf,
    )


def srgb_to_lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65 white) of an sRGB colour ``#RRGGBB`` (IEC 61966-2-1, CIE 15:2004)."""
    if not _HEX.match(colour):
        raise ValueError(f"Ongeldige kleur: {colour!r} (verwacht #RRGGBB)")
    r, g, b = (_linear(colour[i : i + 2]) for i in (1, 3, 5))
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e_2000(
    lab1: tuple[float, float, float],
    lab2: tuple[float, float, float],
) -> float:
    """Colour difference CIEDE2000 between two CIE L*a*b* colours (kL = kC = kH = 1).

    Follows G. Sharma, W. Wu and E. N. Dalal, "The CIEDE2000 color-difference formula:
    implementation notes, supplementary test data, and mathematical observations", Color
    Research & Application 30(1), 21–30 (2005), equations (2) to (22), including their notes
    on the mean hue and the hue difference when a chroma is zero."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if (a1p or b1) else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if (a2p or b2) else 0.0

    dl = l2 - l1
    dc = c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        if dh > 180:
            dh -= 360
        elif dh < -180:
            dh += 360
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))

    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_mean = (h1p + h2p + 360) / 2
    else:
        h_mean = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (dhh / s_h) ** 2 + r_t * (dc / s_c) * (dhh / s_h)
    )


def _linear(hex2: str) -> float:
    """An sRGB channel (two hex digits) as linear light, 0 to 1."""
    c = int(hex2, 16) / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#RRGGBB`` (0 = black, 1 = white)."""
    if not _HEX.match(colour):
        raise ValueError(f"Ongeldige kleur: {colour!r} (verwacht #RRGGBB)")

    r, g, b = (_linear(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio between two colours, from 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
