"""A verdeelsleutel comparison as a table and as a bar chart (pure: no Django).

Shared by the Verdeelsleutel page (table, chart, XLSX download) and ``samenspel verdeelsleutel``.
"""

from __future__ import annotations

from samenspel.core.numbers import format_eur
from samenspel.core.tables import Column, Table
from samenspel.funding.analysis import Comparison

CHART_COLOURS = ["#0B5CAD", "#E69F00", "#009E73", "#CC79A7", "#555555", "#9E2A2B"]


def comparison_table(cmp: Comparison) -> Table:
    columns = [
        Column("name", "gemeente"),
        Column("population", "inwoners", "int"),
        Column("pop_share", "aandeel inwoners", "percent"),
    ]
    for i, r in enumerate(cmp.results, start=1):
        columns += [
            Column(f"k{i}", f"{r.spec.label}: bedrag", "eur"),
            Column(f"k{i}_inw", f"{r.spec.label}: € per inwoner", "eur"),
            Column(f"k{i}_share", f"{r.spec.label}: aandeel", "percent"),
        ]
    columns += [
        Column("shapley", "Shapley-waarde", "eur"),
        Column("nucleolus", "nucleolus", "eur"),
        Column("alone", "alleen", "eur"),
        Column("marginal", "meerkost", "eur"),
    ]
    alone, marginal = cmp.stand_alone, cmp.marginal
    phi = cmp.shapley.as_dict()
    nu = cmp.nucleolus.as_dict() if cmp.nucleolus else {}
    rows = []
    for p in cmp.partners:
        row = {
            "name": p.name,
            "population": p.population,
            "pop_share": p.population / sum(q.population for q in cmp.partners),
            "shapley": phi[p.refnis],
            "nucleolus": nu.get(p.refnis),
            "alone": alone[p.refnis],
            "marginal": marginal[p.refnis],
        }
        for i, r in enumerate(cmp.results, start=1):
            s = r.allocation.share_of(p.refnis)
            row[f"k{i}"] = float(s.amount)
            row[f"k{i}_inw"] = float(s.per_inhabitant) if s.per_inhabitant is not None else None
            row[f"k{i}_share"] = s.share_of_total
        rows.append(row)
    return Table("vergelijking", "Bijdrage per gemeente", columns, rows)


def chart(cmp: Comparison) -> dict:
    """Grouped horizontal bars per partner: every key, the Shapley value and the nucleolus.

    Negative amounts (a partner that brings the group more subsidy than it costs) are drawn to
    the left of the zero line."""
    series = [(r.spec.label, r.allocation.amounts()) for r in cmp.results]
    series.append(("Shapley-waarde", cmp.shapley.as_dict()))
    if cmp.nucleolus:
        series.append(("nucleolus", cmp.nucleolus.as_dict()))
    values = [float(v) for _, vs in series for v in vs.values()]
    low, high = min(0.0, *values), max(0.0, *values)
    bar, gap, label_w, plot_w = 12, 12, 170, 600
    span = (high - low) or 1.0
    zero = label_w + (-low) / span * plot_w
    groups, y = [], 4
    for p in cmp.partners:
        bars = []
        for i, (name, vs) in enumerate(series):
            v = float(vs.get(p.refnis, 0))
            w = abs(v) / span * plot_w
            bars.append(
                {
                    "x": zero - w if v < 0 else zero,
                    "y": y + i * bar,
                    "w": max(w, 0.5),
                    "value": v,
                    "series": name,
                    "colour": CHART_COLOURS[i % len(CHART_COLOURS)],
                    "text_x": (zero - w - 4) if v < 0 else (zero + w + 4),
                    "anchor": "end" if v < 0 else "start",
                }
            )
        groups.append({"name": p.name, "y": y, "mid": y + len(series) * bar / 2, "bars": bars})
        y += len(series) * bar + gap
    legend = [
        {"name": n, "colour": CHART_COLOURS[i % len(CHART_COLOURS)]}
        for i, (n, _) in enumerate(series)
    ]
    return {
        "groups": groups,
        "height": y,
        "label_w": label_w,
        "zero": zero,
        "width": label_w + plot_w + 90,
        "legend": legend,
    }


def _eur0(value: float) -> str:
    return format_eur(value, 0)


def band_sentences(cmp: Comparison) -> list[dict]:
    """Per partner a Dutch sentence: its win-win band and where each key's amount lies.

    ``[{"name": ..., "sentence": ...}]``; empty when the bands were not computed."""
    if cmp.bands is None:
        return []
    out = []
    where = (
        "win-win"
        if not cmp.bands.empty_core
        else "in de minste kern (zo dicht bij win-win als kan)"
    )
    for p in cmp.partners:
        band = cmp.bands.of(p.refnis)
        parts = []
        for r in cmp.results:
            amount = float(r.allocation.share_of(p.refnis).amount)
            label = f"'{r.spec.label}' ({_eur0(amount)})"
            if band.contains(amount):
                parts.append(f"{label} ligt erbinnen")
            elif amount < band.low:
                parts.append(f"{label} ligt {_eur0(band.low - amount)} onder de band")
            else:
                parts.append(f"{label} ligt {_eur0(amount - band.high)} boven de band")
        if abs(band.high - band.low) < 0.5:
            head = f"Voor {p.name} is alleen een bijdrage van {_eur0(band.low)} {where}"
        else:
            head = (
                f"Voor {p.name} is elke bijdrage tussen {_eur0(band.low)} en "
                f"{_eur0(band.high)} {where}"
            )
        if band.low < -0.5:
            head += f" (onder 0 € krijgt {p.name} geld)"
        out.append(
            {"name": p.name, "sentence": head + ("; " + ", ".join(parts) if parts else "") + "."}
        )
    return out


def restricted_sentences(cmp: Comparison) -> list[str]:
    """What requiring that no partner is paid changes to the nucleolus, in Dutch."""
    if cmp.restricted is None or cmp.nucleolus is None:
        return []
    nu, restricted = cmp.nucleolus.as_dict(), cmp.restricted.as_dict()
    out = [
        f"{p.name} betaalt {format_eur(restricted[p.refnis])} in plaats van "
        f"{format_eur(nu[p.refnis])}."
        for p in cmp.partners
        if abs(restricted[p.refnis] - nu[p.refnis]) >= 0.005
    ]
    return out


def band_chart(cmp: Comparison) -> dict | None:
    """SVG geometry: per partner its band as a bar, each key's amount as a dot on it.

    Colours match :func:`chart` (key ``i`` has ``CHART_COLOURS[i]``)."""
    if cmp.bands is None:
        return None
    amounts = [
        [float(r.allocation.share_of(p.refnis).amount) for r in cmp.results] for p in cmp.partners
    ]
    bands = [cmp.bands.of(p.refnis) for p in cmp.partners]
    values = [v for row in amounts for v in row] + [b.low for b in bands] + [b.high for b in bands]
    low, high = min(0.0, *values), max(values)
    label_w, plot_w, row_h = 170, 600, 26
    span = (high - low) or 1.0

    def x(v: float) -> float:
        return label_w + (v - low) / span * plot_w

    rows, y = [], 6
    for p, band, row in zip(cmp.partners, bands, amounts, strict=True):
        x1, x2 = x(band.low), x(band.high)
        rows.append(
            {
                "name": p.name,
                "y": y,
                "mid": y + row_h / 2,
                "x": x1,
                "w": max(x2 - x1, 2.0),
                "low": band.low,
                "high": band.high,
                "points": [
                    {
                        "x": x(v),
                        "value": v,
                        "series": r.spec.label,
                        "colour": CHART_COLOURS[i % len(CHART_COLOURS)],
                        "inside": band.contains(v),
                    }
                    for i, (r, v) in enumerate(zip(cmp.results, row, strict=True))
                ],
            }
        )
        y += row_h
    return {
        "rows": rows,
        "height": y + 6,
        "label_w": label_w,
        "zero": x(0.0),
        "width": label_w + plot_w + 20,
        "row_h": row_h,
        "legend": [
            {"name": r.spec.label, "colour": CHART_COLOURS[i % len(CHART_COLOURS)]}
            for i, r in enumerate(cmp.results)
        ],
    }


def band_view(cmp: Comparison) -> dict | None:
    """Everything the page shows about the win-win bands (None when they were not computed)."""
    if cmp.bands is None:
        return None
    return {
        "chart": band_chart(cmp),
        "sentences": band_sentences(cmp),
        "note": cmp.bands.note,
        "empty_core": cmp.bands.empty_core,
        "restricted": restricted_sentences(cmp),
        "has_restricted": cmp.restricted is not None,
    }
