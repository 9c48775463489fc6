"""A verdeelsleutel comparison as a table and as a bar chart (pure: no Django).

Shared by the Verdeelsleutel page (table, chart, XLSX download) and ``samenspel verdeelsleutel``.
"""

from __future__ import annotations

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
