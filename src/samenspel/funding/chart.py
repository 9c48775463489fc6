"""The charts of the Verdeelsleutel page: a fixed colour per method and geometry that reflows
(pure: no Django).

Every method has ONE colour, whatever else is compared (:data:`METHOD_COLOURS`, keyed by the
method's code): Shapley is the same red on every comparison. Each colour has a contrast of at
least 3:1 against white (WCAG 1.4.11, graphical objects).

The charts are drawn as HTML with one small SVG per bar or band (``width="100%"``, positions
in percent, no ``viewBox``): the text is HTML text at the page's own size, so it stays readable
on a 390 px phone instead of shrinking with the drawing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from samenspel.core.numbers import format_eur

#: A fixed colour per method code (the key codes of
#: :data:`samenspel.funding.analysis.KEY_LABELS`, the two game-theory solutions, and today's
#: contributions).
METHOD_COLOURS = {
    "inwoners": "#0B5CAD",  # blue
    "vast-plus-inwoners": "#007A5A",  # green
    "draagkracht": "#B35900",  # orange
    "profijt": "#A8327A",  # magenta
    "gelijk": "#6E6E6E",  # grey
    "mix": "#6A4C9C",  # purple
    "shapley": "#C0282D",  # red
    "nucleolus": "#1A1A1A",  # black
    "vandaag": "#8C6D1F",  # ochre: what a partner pays today
}
#: For a method code that is not listed (never expected).
OTHER_COLOUR = "#4D4D4D"


def colour_of(code: str) -> str:
    """The colour of method ``code`` (the same on every comparison)."""
    return METHOD_COLOURS.get(code, OTHER_COLOUR)


def _pct(x: float) -> str:
    """A percentage for an SVG attribute, with a dot (SVG never takes a decimal comma)."""
    return f"{max(0.0, min(100.0, x)):.2f}%"


def series_of(cmp: Any, today: Mapping[str, Any] | None = None) -> list[tuple[str, str, dict]]:
    """``(code, label, amounts per REFNIS)`` of every key, the Shapley value, the nucleolus and,
    when given, today's contributions (first)."""
    out: list[tuple[str, str, dict]] = []
    if today:
        out.append(("vandaag", "vandaag", dict(today)))
    out += [(r.spec.name, r.spec.label, r.allocation.amounts()) for r in cmp.results]
    out.append(("shapley", "Shapley-waarde", cmp.shapley.as_dict()))
    if cmp.nucleolus:
        out.append(("nucleolus", "nucleolus", cmp.nucleolus.as_dict()))
    return out


def bar_chart(
    partners: Sequence[tuple[str, str]], series: Sequence[tuple[str, str, Mapping[str, Any]]]
) -> dict:
    """Per partner (``(refnis, name)``) one bar per series, as percentages of the plot width.

    A negative amount is drawn left of the zero line (``zero``, in percent)."""
    values = [float(v) for _, _, vs in series for v in vs.values()]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    zero = -low / span * 100
    groups = []
    for refnis, name in partners:
        bars = []
        for code, label, vs in series:
            v = float(vs.get(refnis, 0))
            w = abs(v) / span * 100
            bars.append(
                {
                    "code": code,
                    "label": label,
                    "colour": colour_of(code),
                    "value": v,
                    "text": format_eur(v, 0),
                    "x": _pct(zero - w if v < 0 else zero),
                    "w": _pct(max(w, 0.3)),
                }
            )
        groups.append({"name": name, "bars": bars})
    legend = [{"code": c, "name": n, "colour": colour_of(c)} for c, n, _ in series]
    return {"groups": groups, "zero": _pct(zero), "legend": legend}


def band_chart(cmp: Any) -> dict | None:
    """Per partner its win-win band and each key's amount as a dot, in percent of the plot.

    Colours as in :func:`bar_chart` (by method code). ``None`` when the bands were not computed.
    """
    if cmp.bands is None:
        return None
    amounts = [
        [float(r.allocation.share_of(p.refnis).amount) for r in cmp.results] for p in cmp.partners
    ]
    bands = [cmp.bands.of(p.refnis) for p in cmp.partners]
    values = [v for row in amounts for v in row] + [b.low for b in bands] + [b.high for b in bands]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    # a margin so that a dot at either end is drawn whole
    margin = 2.0

    def x(v: float) -> float:
        return margin + (v - low) / span * (100 - 2 * margin)

    rows = []
    for p, band, row in zip(cmp.partners, bands, amounts, strict=True):
        rows.append(
            {
                "name": p.name,
                "x": _pct(x(band.low)),
                "w": _pct(max(x(band.high) - x(band.low), 0.5)),
                "low": band.low,
                "high": band.high,
                "points": [
                    {
                        "x": _pct(x(v)),
                        "value": v,
                        "series": r.spec.label,
                        "colour": colour_of(r.spec.name),
                        "inside": band.contains(v),
                    }
                    for r, v in zip(cmp.results, row, strict=True)
                ],
            }
        )
    legend = [{"name": r.spec.label, "colour": colour_of(r.spec.name)} for r in cmp.results]
    return {"rows": rows, "zero": _pct(x(0.0)), "legend": legend}


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of ``#rrggbb`` against white."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)
