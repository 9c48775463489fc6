"""Bridge between the Atlas data and the pure verdeelsleutel comparison."""

from __future__ import annotations

from datetime import date

from samenspel.atlas.services import Atlas
from samenspel.funding.analysis import Place


def place(atlas: Atlas, code: str, on: date) -> Place:
    m = atlas.municipalities[code]
    income, _ = m.figure("income_per_capita_eur", on)
    area, _ = m.figure("area_km2", on)
    return Place(
        refnis=code,
        name=m.name,
        population=atlas.population(code, on),
        income_per_capita=income,
        region=m.region,
        lon=m.centroid[0],
        lat=m.centroid[1],
        area_km2=area or 1.0,
    )


def places(atlas: Atlas, codes: list[str], on: date) -> list[Place]:
    unknown = [c for c in codes if c not in atlas.municipalities]
    if unknown:
        raise ValueError(f"Onbekende REFNIS-code(s): {', '.join(unknown)}.")
    return [place(atlas, c, on) for c in codes]


def adjacency(atlas: Atlas, codes: list[str]) -> list[tuple[str, str]]:
    chosen = set(codes)
    return sorted(
        (a, b) for a in chosen for b in atlas.adjacency.get(a, ()) if b in chosen and a < b
    )


def igs_members(atlas: Atlas, slug: str, on: date) -> list[str]:
    """The 2025 municipalities of an IGS at a date (partly covered ones included)."""
    if slug not in atlas.partnerships:
        raise ValueError(f"Onbekend IGS '{slug}'.")
    return atlas.coverage(on).partnerships[slug].territory
