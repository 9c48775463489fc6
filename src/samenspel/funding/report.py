"""A verdeelsleutel comparison as a table and its win-win bands in words (pure: no Django).

Shared by the Verdeelsleutel page (table, XLSX download) and ``samenspel verdeelsleutel``; the
charts are :mod:`samenspel.funding.chart`.
"""

from __future__ import annotations

from samenspel.core.numbers import format_eur
from samenspel.core.tables import Column, Table
from samenspel.funding.analysis import Comparison
from samenspel.funding.chart import band_chart


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
