"""Places of the Netwerk's entries on an Atlas snapshot (pure: no Django; the Atlas is
duck-typed: ``members``, ``municipalities``)."""

from __future__ import annotations

from typing import Any


def igs_regions(atlas: Any, key: str = "region_code") -> dict[str, set[str]]:
    """IGS slug → the referentieregio's of every municipality that was ever a member (an entry
    is about a cooperation, also one that has since stopped), as ``key`` of the municipality:
    ``"region_code"`` or ``"region_slug"``. Computed once per Atlas snapshot and key."""
    if atlas is None:
        return {}
    cache = getattr(atlas, "_network_igs_regions", None)
    if cache is not None and key in cache:
        return cache[key]
    out: dict[str, set[str]] = {}
    for m in atlas.members:
        muni = atlas.municipalities.get(m.refnis_2025)
        if muni is not None:
            out.setdefault(m.igs, set()).add(getattr(muni, key))
    try:
        if cache is None:
            cache = {}
            atlas._network_igs_regions = cache
        cache[key] = out
    except AttributeError:  # pragma: no cover - a read-only stand-in
        pass
    return out
