"""Map colours for the IGS (pure: no Django).

Every IGS gets one fill colour on the maps. IGS that border each other must get different
colours, so :func:`assign_colours` colours the graph of bordering IGS greedily (Welsh &
Powell 1967: largest degree first). Among the colours no neighbour uses yet it prefers one
that no IGS two steps away uses, then the one used least so far, so the 19 IGS spread over
the whole palette instead of piling up on its first colours. Ties are broken by palette
order and by IGS key, so the result depends only on the graph, never on dict order. Build
the graph with :func:`igs_adjacency`; ``steps=2`` also separates IGS that have a single
municipality between them.

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

import re
from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "PALETTE",
    "assign_colours",
    "contrast_ratio",
    "igs_adjacency",
    "relative_luminance",
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
    adjacency: Mapping[str, Iterable[str]], palette: Sequence[str] | None = None
) -> dict[str, str]:
    """Give every IGS a colour so that bordering IGS differ (greedy graph colouring).

    ``adjacency`` maps an IGS key to the keys of the IGS it borders (keys that only appear
    as a neighbour are coloured too; the relation is made symmetric). IGS are taken in
    order of decreasing degree, then by key. Each takes, among the palette colours that
    none of its already coloured neighbours has, the one that the fewest IGS two steps
    away have (so that nearby IGS differ too), then the one used least so far, then the
    first in the palette. Only when the palette is too small for the graph does an IGS share a
    colour with a neighbour: then the colour that the fewest neighbours have.
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

    used = dict.fromkeys(colours, 0)
    out: dict[str, str] = {}
    for node in sorted(graph, key=lambda n: (-len(graph[n]), n)):
        taken = [out[n] for n in graph[node] if n in out]
        free = [c for c in colours if c not in taken]
        if free:
            # neighbours of neighbours: avoid their colours too when there is a choice
            near = [out[m] for n in graph[node] for m in graph[n] if m != node and m in out]
            choice = min(free, key=lambda c: (near.count(c), used[c], colours.index(c)))
        else:
            choice = min(colours, key=lambda c: (taken.count(c), used[c], colours.index(c)))
        out[node] = choice
        used[choice] += 1
    return out


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#RRGGBB`` (0 = black, 1 = white)."""
    if not _HEX.match(colour):
        raise ValueError(f"Ongeldige kleur: {colour!r} (verwacht #RRGGBB)")

    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio between two colours, from 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
