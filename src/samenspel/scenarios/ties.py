"""Existing cooperation ties between neighbouring municipalities (pure, no Django).

Path dependence ("een duidelijke succesfactor" in the research): plans that keep together
municipalities that already work together are easier to build. A *tie* is a pair of
neighbouring municipalities that are members of the same structure on the reference date.
Only neighbours count, so a province-wide structure adds a tie per shared border, not one per
pair of its hundreds of members.

The structures come from the bundle's ``samenwerking/`` directory (one member per row:
``structure_name``, ``refnis_2025``, ``valid_from``, ``valid_to``; empty dates are open, a
year or a month stands for its first day as a start and its last day as an end).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path

#: file → kind of tie, as reported per plan.
FILES = {
    "erfgoedcellen.csv": "erfgoedcel",
    "ioed.csv": "IOED",
    "igs-alle-domeinen-2023.csv": "IGS (alle domeinen)",
}


def neighbour_ties(
    groups: Iterable[Iterable[str]], kind: str, adjacency: Mapping[str, Iterable[str]], codes
) -> list[tuple[str, str, str]]:
    """Pairs of neighbours (both in ``codes``) that share a group, each pair once per kind."""
    seen: set[tuple[str, str]] = set()
    for group in groups:
        members = {c for c in group if c in codes}
        for a in members:
            for b in adjacency.get(a, ()):
                if b in members and a < b:
                    seen.add((a, b))
    return [(a, b, kind) for a, b in sorted(seen)]


def _day(text: str, end: bool) -> date | None:
    """``2021-01-01``, ``2020-05`` or ``2020`` (a month or year means its first day as a start
    and its last day as an end); empty is open."""
    text = text.strip()
    if not text:
        return None
    parts = text.split("-")
    if len(parts) == 1 and len(text) == 4:
        return date(int(text), 12, 31) if end else date(int(text), 1, 1)
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        if not end:
            return date(year, month, 1)
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date.fromisoformat(text)


def read_ties(
    directory: str | Path, on: date, adjacency: Mapping[str, Iterable[str]], codes
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The ties of every structure file present in ``directory``, and warnings (Dutch, with
    file, line and field) for rows that could not be read; a missing file is skipped."""
    ties: list[tuple[str, str, str]] = []
    warnings: list[str] = []
    for name, kind in FILES.items():
        path = Path(directory) / name
        if not path.exists():
            continue
        groups: dict[str, set[str]] = {}
        with path.open(encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    start = _day(row.get("valid_from") or "", end=False)
                    end = _day(row.get("valid_to") or "", end=True)
                except ValueError:
                    warnings.append(f"{name}, regel {line}, veld 'valid_from/valid_to': geen datum")
                    continue
                if (start and start > on) or (end and end < on):
                    continue
                structure = row.get("structure_id") or row.get("structure_name") or ""
                groups.setdefault(structure, set()).add((row.get("refnis_2025") or "").strip())
        ties += neighbour_ties(groups.values(), kind, adjacency, codes)
    return ties, warnings
